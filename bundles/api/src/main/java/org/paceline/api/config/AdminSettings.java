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
 */
public record AdminSettings(String bind, int port, Path credentialFile) {

  public AdminSettings {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(credentialFile, "credentialFile");
  }
}
