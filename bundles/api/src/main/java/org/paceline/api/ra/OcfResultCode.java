package org.paceline.api.ra;

import java.util.Optional;

/** OCF 1.1 return codes, with their standard names and the failure class of each. */
public enum OcfResultCode {
  OK(0, "OCF_SUCCESS", "ok", FailureSeverity.NONE),
  ERR_GENERIC(1, "OCF_ERR_GENERIC", "error", FailureSeverity.SOFT),
  ERR_ARGS(2, "OCF_ERR_ARGS", "invalid parameter", FailureSeverity.HARD),
  ERR_UNIMPLEMENTED(3, "OCF_ERR_UNIMPLEMENTED", "unimplemented feature", FailureSeverity.HARD),
  ERR_PERM(4, "OCF_ERR_PERM", "insufficient privileges", FailureSeverity.HARD),
  ERR_INSTALLED(5, "OCF_ERR_INSTALLED", "not installed", FailureSeverity.HARD),
  ERR_CONFIGURED(6, "OCF_ERR_CONFIGURED", "not configured", FailureSeverity.FATAL),
  NOT_RUNNING(7, "OCF_NOT_RUNNING", "not running", FailureSeverity.SOFT),
  RUNNING_PROMOTED(8, "OCF_RUNNING_PROMOTED", "promoted", FailureSeverity.SOFT),
  FAILED_PROMOTED(9, "OCF_FAILED_PROMOTED", "promoted (failed)", FailureSeverity.SOFT),
  DEGRADED(190, "OCF_DEGRADED", "degraded", FailureSeverity.NONE),
  DEGRADED_PROMOTED(191, "OCF_DEGRADED_PROMOTED", "promoted (degraded)", FailureSeverity.NONE);

  private final int code;
  private final String ocfName;
  private final String description;
  private final FailureSeverity severity;

  OcfResultCode(int code, String ocfName, String description, FailureSeverity severity) {
    this.code = code;
    this.ocfName = ocfName;
    this.description = description;
    this.severity = severity;
  }

  /** The numeric exit code. */
  public int code() {
    return code;
  }

  /** The standard's name, e.g. {@code OCF_NOT_RUNNING}. */
  public String ocfName() {
    return ocfName;
  }

  /** A short human description, as {@code crm_mon} shows it. */
  public String description() {
    return description;
  }

  /**
   * The failure class of this code when it is not the expected result (7 after a start, for
   * example, is a soft error; 7 from a probe is simply the answer).
   */
  public FailureSeverity severity() {
    return severity;
  }

  /** The code for exit status {@code code}, if the standard defines it. */
  public static Optional<OcfResultCode> fromCode(int code) {
    for (OcfResultCode c : values()) {
      if (c.code == code) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return ocfName + "(" + code + ")";
  }
}
