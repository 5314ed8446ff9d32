package org.paceline.api.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the node's admin API listens and how it authenticates callers.
 *
 * @param bind the address to bind (loopback by default)
 * @param port the TCP port; 0 picks a free one at start (the node writes the URL it chose to {@code
 *     <state_dir>/run/admin.url})
 * @param credentialFile the file holding {@code user:password}, mode 0600
 * @param tlsKeystore a PKCS#12 keystore with the API's TLS key and certificate, or null to serve
 *     plain HTTP
 * @param tlsPasswordFile the file holding the keystore's password (with {@code tlsKeystore})
 */
public record AdminSettings(
    String bind, int port, Path credentialFile, Path tlsKeystore, Path tlsPasswordFile) {

  public AdminSettings {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(credentialFile, "credentialFile");
    if ((tlsKeystore == null) != (tlsPasswordFile == null)) {
      throw new IllegalArgumentException(
          "a TLS keystore needs its password file, and a password file its keystore");
    }
  }

  /** Plain HTTP settings. */
  public AdminSettings(String bind, int port, Path credentialFile) {
    this(bind, port, credentialFile, null, null);
  }

  /** Whether the API serves HTTPS. */
  public boolean tls() {
    return tlsKeystore != null;
  }
}
