package org.paceline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster init --tls} and the CLI's trust: the key it writes serves real HTTPS (the JDK's
 * server standing in for the node's Jetty), and the CLI talks to it through the node's {@code
 * admin-ca.pem} or {@code --cacert}, and refuses a server it does not trust with a clear error.
 */
class AdminTlsTest {

  @TempDir static Path shared;

  /** Two clusters made with --tls: their keys and certificates differ. */
  private static Path tlsNode;

  private static Path otherTlsNode;

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private HttpsServer server;
  private Path node;

  @BeforeAll
  static void makeKeys() {
    PrintWriter sink = new PrintWriter(new StringWriter());
    assertThat(
            Paceline.commandLine(sink, sink)
                .execute(
                    "cluster",
                    "init",
                    "--tls",
                    "--name",
                    "alpha",
                    "--dir",
                    shared.resolve("a").toString(),
                    "n1=127.0.0.1",
                    "n2=127.0.0.2"))
        .isZero();
    assertThat(
            Paceline.commandLine(sink, sink)
                .execute(
                    "cluster",
                    "init",
                    "--tls",
                    "--name",
                    "beta",
                    "--dir",
                    shared.resolve("b").toString(),
                    "n1=127.0.0.1"))
        .isZero();
    tlsNode = shared.resolve("a/n1");
    otherTlsNode = shared.resolve("b/n1");
  }

  /** A node folder without TLS settings (what the CLI can load today) served over HTTPS. */
  @BeforeEach
  void httpsNode() throws Exception {
    assertThat(run("cluster", "init", "--name", "alpha", "--dir", tmp.toString(), "n1=127.0.0.1"))
        .isZero();
    node = tmp.resolve("n1");
    KeyStore store = KeyStore.getInstance("PKCS12");
    char[] password = Files.readString(tlsNode.resolve(AdminTls.PASSWORD)).strip().toCharArray();
    try (InputStream in = Files.newInputStream(tlsNode.resolve(AdminTls.KEYSTORE))) {
      store.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/api/v1/status", this::status);
    server.start();
    Path url = node.resolve("state/run/admin.url");
    Files.createDirectories(url.getParent());
    Files.writeString(url, "https://127.0.0.1:" + server.getAddress().getPort() + "/\n");
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void status(HttpExchange ex) throws IOException {
    byte[] body =
        ("{\"cluster\":\"alpha\",\"node\":\"n1\",\"dc\":null,\"quorate\":false,"
                + "\"nodes\":[],\"resources\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private int run(String... args) {
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    int code = Paceline.commandLine(o, e).execute(args);
    o.flush();
    e.flush();
    return code;
  }

  private int status(String... extra) {
    List<String> args = new ArrayList<>(List.of("status", "--config", node.toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void initWritesThePrivateKeyStoreItsPasswordAndTheCertificate() throws Exception {
    for (Path n : List.of(tlsNode, shared.resolve("a/n2"))) {
      for (String f : List.of(AdminTls.KEYSTORE, AdminTls.PASSWORD)) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(n.resolve(f))))
            .as(f)
            .isEqualTo("rw-------");
      }
      assertThat(Files.readString(n.resolve("paceline.conf")))
          .contains("    tls_keystore: admin-tls.p12\n")
          .contains("    tls_keystore_password_file: admin-tls.pass\n");
    }
    assertThat(Files.readAllBytes(shared.resolve("a/n2").resolve(AdminTrust.TRUST_FILE)))
        .isEqualTo(Files.readAllBytes(tlsNode.resolve(AdminTrust.TRUST_FILE)));
    X509Certificate cert;
    try (InputStream in = Files.newInputStream(tlsNode.resolve(AdminTrust.TRUST_FILE))) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    List<String> names = new ArrayList<>();
    cert.getSubjectAlternativeNames().forEach(san -> names.add(String.valueOf(san.get(1))));
    assertThat(names).contains("localhost", "127.0.0.1", "127.0.0.2", "n1", "n2");
    assertThat(cert.getSubjectX500Principal().getName()).contains("cluster alpha");
    assertThat(Files.readString(node.resolve("paceline.conf"))).doesNotContain("tls_");
  }

  @Test
  void theNodesCertificateFileIsTrusted() throws IOException {
    Files.copy(tlsNode.resolve(AdminTrust.TRUST_FILE), node.resolve(AdminTrust.TRUST_FILE));

    assertThat(status()).as(err.toString()).isZero();

    assertThat(out.toString()).contains("Cluster: alpha");
  }

  @Test
  void cacertNamesTheCertificateToTrust() {
    assertThat(status("--cacert", tlsNode.resolve(AdminTrust.TRUST_FILE).toString()))
        .as(err.toString())
        .isZero();
  }

  @Test
  void anUntrustedServerIsAClearFailure() throws IOException {
    assertThat(status()).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString())
        .contains("failed the TLS handshake", "pass --cacert FILE", "admin-ca.pem");

    err.getBuffer().setLength(0);
    Path other = otherTlsNode.resolve(AdminTrust.TRUST_FILE);
    assertThat(status("--cacert", other.toString())).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("failed the TLS handshake", other + " do not match it");
  }

  @Test
  void aBadTrustFileIsAUsageError() throws IOException {
    assertThat(status("--cacert", tmp.resolve("nope.pem").toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("trust file " + tmp.resolve("nope.pem") + " does not exist");

    err.getBuffer().setLength(0);
    Path junk = Files.writeString(tmp.resolve("junk.pem"), "not a certificate\n");
    assertThat(status("--cacert", junk.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains(junk.toString());
  }
}
