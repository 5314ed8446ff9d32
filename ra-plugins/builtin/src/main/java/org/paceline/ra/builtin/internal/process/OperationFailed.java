package org.paceline.ra.builtin.internal.process;

import java.util.Objects;
import org.paceline.api.ra.OcfResultCode;

/**
 * An operation ends early with an OCF code other than success and a one-line reason (the agent's
 * {@code ocf_exit_reason}).
 */
final class OperationFailed extends Exception {

  private static final long serialVersionUID = 1L;

  private final OcfResultCode rc;

  OperationFailed(OcfResultCode rc, String reason) {
    super(reason);
    this.rc = Objects.requireNonNull(rc, "rc");
  }

  /** The OCF code the operation answers with. */
  OcfResultCode rc() {
    return rc;
  }

  /** A configuration that is wrong wherever it runs ({@code OCF_ERR_CONFIGURED}). */
  static OperationFailed configured(String reason) {
    return new OperationFailed(OcfResultCode.ERR_CONFIGURED, reason);
  }
}
