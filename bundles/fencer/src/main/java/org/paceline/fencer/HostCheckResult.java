package org.paceline.fencer;

import java.util.Objects;

/**
 * Whether a device can fence a node, and how the fencer found out.
 *
 * @param capable whether the device can fence the node
 * @param check the host check used
 * @param port the port to pass for the node ({@code pcmk_host_map}), or {@code null} for its name
 * @param reason a short explanation, e.g. {@code n3 is not in pcmk_host_list}
 */
public record HostCheckResult(boolean capable, HostCheck check, String port, String reason) {

  public HostCheckResult {
    Objects.requireNonNull(check, "check");
    reason = reason == null ? "" : reason;
  }
}
