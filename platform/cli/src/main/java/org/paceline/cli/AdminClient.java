package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLHandshakeException;
import org.paceline.api.config.NodeConfiguration;

/** Talks to a running node's admin API with the node's credential. */
final class AdminClient {

  private final NodeConfiguration config;
  private final Path cacert;
  private HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  AdminClient(NodeConfiguration config) {
    this(config, null);
  }

  /**
   * A client that, for an {@code https} admin API, trusts the certificates in {@code cacert} (null:
   * the node's {@value AdminTrust#TRUST_FILE}, else the JDK's trust store).
   */
  AdminClient(NodeConfiguration config, Path cacert) {
    this.config = config;
    this.cacert = cacert;
  }

  /** The HTTP client, built on first use (TLS trust only when the node speaks HTTPS). */
  private synchronized HttpClient client(String base) {
    if (http == null) {
      HttpClient.Builder b =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(3));
      if (base.startsWith("https:")) {
        b.sslContext(AdminTrust.context(AdminTrust.choose(cacert, config.configDir())));
      }
      http = b.build();
    }
    return http;
  }

  /** The name of the node this client talks to. */
  String nodeName() {
    return config.node().name();
  }

  /** The base URL the running node wrote, e.g. {@code http://127.0.0.1:7480/}. */
  String baseUrl() {
    try {
      return Files.readString(config.node().adminUrlFile()).trim();
    } catch (NoSuchFileException e) {
      throw new CliException(
          ExitCodes.FAILED,
          "node "
              + config.node().name()
              + " is not running (no "
              + config.node().adminUrlFile()
              + "); start it with: paceline node start --config "
              + config.configDir());
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.FAILED, "cannot read " + config.node().adminUrlFile() + ": " + e, e);
    }
  }

  /** How long a request may take unless the command says otherwise. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** GETs {@code /api/v1/<path>} and returns the JSON body of a 200 answer. */
  JsonNode get(String path) {
    HttpResponse<String> resp = send(path);
    JsonNode body = parse(resp);
    if (resp.statusCode() != 200) {
      String msg = body.path("error").asText("HTTP " + resp.statusCode());
      throw new CliException(resp.statusCode() == 404 ? ExitCodes.USAGE : ExitCodes.FAILED, msg);
    }
    return body;
  }

  /**
   * GETs {@code /api/v1/<path>?<query>} ({@code query} already URL-encoded), waiting at most {@code
   * timeout}, and returns the JSON body of a 200 answer. 400 and 404 are usage errors (exit status
   * 2), anything else a failure.
   */
  JsonNode get(String path, String query, Duration timeout) {
    HttpResponse<String> resp =
        send(path, query, HttpRequest.BodyPublishers.noBody(), "GET", timeout);
    JsonNode body = parse(resp);
    if (resp.statusCode() != 200) {
      String msg = body.path("error").asText("HTTP " + resp.statusCode());
      int code = resp.statusCode();
      throw new CliException(code == 400 || code == 404 ? ExitCodes.USAGE : ExitCodes.FAILED, msg);
    }
    return body;
  }

  /** POSTs a JSON body to {@code /api/v1/<path>} and returns the JSON body of a 200 answer. */
  JsonNode post(String path, JsonNode requestBody) {
    return post(path, requestBody, REQUEST_TIMEOUT);
  }

  /**
   * POSTs a JSON body to {@code /api/v1/<path>}, waiting at most {@code timeout} for the answer,
   * and returns the JSON body of a 200 answer. 400 and 404 are usage errors (exit status 2).
   */
  JsonNode post(String path, JsonNode requestBody, Duration timeout) {
    HttpResponse<String> resp =
        send(path, HttpRequest.BodyPublishers.ofString(requestBody.toString()), "POST", timeout);
    JsonNode body = parse(resp);
    if (resp.statusCode() != 200) {
      String msg = body.path("error").asText("HTTP " + resp.statusCode());
      int code = resp.statusCode();
      throw new CliException(code == 400 || code == 404 ? ExitCodes.USAGE : ExitCodes.FAILED, msg);
    }
    return body;
  }

  /** Whether the node answers its health check now. */
  boolean healthy() {
    try {
      return send("health", HttpRequest.BodyPublishers.noBody(), "GET", Duration.ofSeconds(10))
              .statusCode()
          == 200;
    } catch (CliException e) {
      return false;
    }
  }

  private HttpResponse<String> send(String path) {
    return send(path, HttpRequest.BodyPublishers.noBody(), "GET", REQUEST_TIMEOUT);
  }

  private HttpResponse<String> send(
      String path, HttpRequest.BodyPublisher bodyPublisher, String method, Duration timeout) {
    return send(path, null, bodyPublisher, method, timeout);
  }

  private HttpResponse<String> send(
      String path,
      String query,
      HttpRequest.BodyPublisher bodyPublisher,
      String method,
      Duration timeout) {
    String base = baseUrl();
    String credential;
    try {
      credential = Files.readString(config.node().admin().credentialFile()).strip();
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.FAILED,
          "cannot read the admin credential " + config.node().admin().credentialFile() + ": " + e,
          e);
    }
    URI uri =
        URI.create(base)
            .resolve(
                "api/v1/"
                    + encodePath(path)
                    + (query == null || query.isEmpty() ? "" : "?" + query));
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(credential.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .method(method, bodyPublisher)
            .build();
    HttpResponse<String> resp;
    try {
      resp = client(base).send(req, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliException(
          ExitCodes.FAILED,
          "cannot reach node "
              + config.node().name()
              + "'s admin API at "
              + base
              + ": connection refused (is the node running?)",
          e);
    } catch (HttpTimeoutException e) {
      throw new CliException(
          ExitCodes.FAILED,
          "node "
              + config.node().name()
              + "'s admin API at "
              + base
              + " did not answer within "
              + timeout.toSeconds()
              + " s",
          e);
    } catch (SSLHandshakeException e) {
      Path trust = AdminTrust.choose(cacert, config.configDir());
      throw new CliException(
          ExitCodes.FAILED,
          "node "
              + config.node().name()
              + "'s admin API at "
              + base
              + " failed the TLS handshake ("
              + e.getMessage()
              + "); "
              + (trust == null
                  ? "pass --cacert FILE with its certificate (cluster init --tls writes "
                      + AdminTrust.TRUST_FILE
                      + " into each node's folder)"
                  : "the certificates in " + trust + " do not match it"),
          e);
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "admin API at " + base + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted", e);
    }
    if (resp.statusCode() == 401) {
      throw new CliException(
          ExitCodes.FAILED,
          "node "
              + config.node().name()
              + " refused the credential in "
              + config.node().admin().credentialFile());
    }
    return resp;
  }

  private JsonNode parse(HttpResponse<String> resp) {
    try {
      return json.readTree(resp.body());
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.FAILED,
          "admin API answered HTTP " + resp.statusCode() + " with something that is not JSON",
          e);
    }
  }

  private static String encodePath(String path) {
    StringBuilder sb = new StringBuilder();
    for (String seg : path.split("/", -1)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(
          URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":"));
    }
    return sb.toString();
  }
}
