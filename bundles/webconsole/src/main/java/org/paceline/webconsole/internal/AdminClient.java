package org.paceline.webconsole.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Calls this node's own admin API ({@code /api/v1/...} on the same Felix HTTP service as the Web
 * Console) with the cluster credential. The Cluster page gets its data and runs its actions through
 * it, so the page shows exactly what {@code paceline status} shows and an action from the page is
 * checked exactly as the same command from the CLI.
 */
public final class AdminClient {

  /** What the admin API answered: its HTTP status and body (JSON). */
  public record Reply(int status, String body) {}

  /** Answers larger than this are cut off (a status of a big cluster is some 100 KB). */
  static final int MAX_BODY = 4 * 1024 * 1024;

  private final URI base;
  private final String authorization;
  private final Duration connectTimeout;
  private final SSLContext tls;

  /**
   * A client for the admin API at {@code base} (e.g. {@code http://127.0.0.1:7480/}).
   *
   * @param authorization the {@code Authorization} header value to send
   */
  public AdminClient(URI base, String authorization, Duration connectTimeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.authorization = Objects.requireNonNull(authorization, "authorization");
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.tls = null;
  }

  private AdminClient(URI base, String authorization, Duration connectTimeout, SSLContext tls) {
    this.base = base;
    this.authorization = authorization;
    this.connectTimeout = connectTimeout;
    this.tls = tls;
  }

  /** This client over HTTPS, trusting what {@code context} trusts (the node's own certificate). */
  public AdminClient trusting(SSLContext context) {
    return new AdminClient(base, authorization, connectTimeout, context);
  }

  /** {@code base} with the {@code https} scheme. */
  public static URI httpsOf(URI base) {
    return URI.create("https" + base.toString().substring(base.getScheme().length()));
  }

  /**
   * A TLS context that trusts the certificates of the node's own PKCS#12 keystore (the admin API's
   * key, as {@code paceline cluster init --tls} writes it).
   *
   * @throws IOException naming the file that cannot be read
   */
  public static SSLContext trustOf(Path keystore, Path passwordFile) throws IOException {
    try {
      char[] password =
          Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        ks.load(in, password);
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int n = 0;
      for (String alias : java.util.Collections.list(ks.aliases())) {
        java.security.cert.Certificate[] chain = ks.getCertificateChain(alias);
        if (chain == null && ks.getCertificate(alias) != null) {
          chain = new java.security.cert.Certificate[] {ks.getCertificate(alias)};
        }
        if (chain != null) {
          for (java.security.cert.Certificate c : chain) {
            trust.setCertificateEntry("c" + n++, c);
          }
        }
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot use the admin API's TLS keystore " + keystore + ": " + e, e);
    }
  }

  /**
   * The admin API's base URL on an HTTP service bound to {@code host} (the {@code
   * org.apache.felix.http.host} property; a wildcard address is reached on loopback) at {@code
   * port}.
   *
   * @throws IllegalArgumentException if the port is missing or not a port number
   */
  public static URI baseUri(String host, String port) {
    int p;
    try {
      p = Integer.parseInt(port == null ? "" : port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the HTTP port (org.osgi.service.http.port) is '" + port + "', not a number", e);
    }
    if (p <= 0 || p > 65535) {
      throw new IllegalArgumentException("the HTTP port " + p + " is not a TCP port");
    }
    String h = host == null || host.isBlank() ? "127.0.0.1" : host.trim();
    if (h.equals("0.0.0.0")) {
      h = "127.0.0.1";
    } else if (h.equals("::") || h.equals("[::]")) {
      h = "[::1]";
    } else if (h.contains(":") && !h.startsWith("[")) {
      h = "[" + h + "]";
    }
    return URI.create("http://" + h + ":" + p + "/");
  }

  /** The URL this client calls. */
  public URI base() {
    return base;
  }

  /**
   * {@code GET /api/v1/<path>} ({@code path} may carry a query), waiting at most {@code timeout}
   * for the answer.
   *
   * @throws IOException if the admin API cannot be reached or does not answer in time
   */
  public Reply get(String path, Duration timeout) throws IOException {
    return call("GET", path, null, timeout);
  }

  /**
   * {@code POST /api/v1/<path>} with a JSON body, waiting at most {@code timeout} for the answer.
   *
   * @throws IOException if the admin API cannot be reached or does not answer in time
   */
  public Reply post(String path, String json, Duration timeout) throws IOException {
    return call("POST", path, json, timeout);
  }

  private Reply call(String method, String path, String json, Duration timeout) throws IOException {
    URI uri = base.resolve("api/v1/" + path);
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    if (tls != null && c instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls.getSocketFactory());
    }
    try {
      c.setRequestMethod(method);
      c.setConnectTimeout((int) connectTimeout.toMillis());
      c.setReadTimeout((int) timeout.toMillis());
      c.setUseCaches(false);
      c.setInstanceFollowRedirects(false);
      c.setRequestProperty("Authorization", authorization);
      c.setRequestProperty("Accept", "application/json");
      if (json != null) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(bytes.length);
        c.setRequestProperty("Content-Type", "application/json; charset=utf-8");
        try (OutputStream out = c.getOutputStream()) {
          out.write(bytes);
        }
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      String body = "";
      if (in != null) {
        try (in) {
          byte[] read = in.readNBytes(MAX_BODY + 1);
          if (read.length > MAX_BODY) {
            throw new IOException(
                method + " " + uri + ": answer larger than " + MAX_BODY + " bytes");
          }
          body = new String(read, StandardCharsets.UTF_8);
        }
      }
      return new Reply(status, body);
    } finally {
      c.disconnect();
    }
  }
}
