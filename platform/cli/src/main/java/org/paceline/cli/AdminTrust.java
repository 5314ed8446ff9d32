package org.paceline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which certificates the CLI trusts when a node's admin API speaks HTTPS: the PEM file given with
 * {@code --cacert}, else the node's {@value #TRUST_FILE} (written by {@code paceline cluster init
 * --tls}), else the JDK's default trust store.
 */
final class AdminTrust {

  /** The trust file in a node's configuration folder. */
  static final String TRUST_FILE = "admin-ca.pem";

  private AdminTrust() {}

  /** The trust file to use for a node configured in {@code configDir}, if any. */
  static Path choose(Path cacert, Path configDir) {
    if (cacert != null) {
      return cacert;
    }
    Path own = configDir.resolve(TRUST_FILE);
    return Files.isRegularFile(own) ? own : null;
  }

  /**
   * A TLS context that trusts exactly the certificates in {@code pem} (one or more {@code BEGIN
   * CERTIFICATE} blocks); {@code null} gives the JDK's default.
   *
   * @throws CliException naming the file if it is missing or holds no certificate
   */
  static SSLContext context(Path pem) {
    try {
      if (pem == null) {
        return SSLContext.getDefault();
      }
      Collection<? extends Certificate> certs;
      try (InputStream in = Files.newInputStream(pem)) {
        certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (certs.isEmpty()) {
        throw new CliException(
            ExitCodes.USAGE, pem + " holds no certificate (expected PEM 'BEGIN CERTIFICATE')");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        store.setCertificateEntry("paceline-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCodes.USAGE, "trust file " + pem + " does not exist", e);
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot read trust file " + pem + ": " + e, e);
    } catch (GeneralSecurityException e) {
      throw new CliException(
          ExitCodes.USAGE, pem + " is not a PEM certificate file: " + e.getMessage(), e);
    }
  }
}
