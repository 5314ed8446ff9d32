package org.paceline.cib.model;

/**
 * The execution status of a recorded operation ({@code op-status}), Pacemaker 2.1's {@code
 * PCMK_EXEC_*} codes. Only {@link #DONE} means the agent ran to completion and its {@code rc} is
 * meaningful.
 */
public enum ExecStatus {
  PENDING(-1),
  DONE(0),
  CANCELLED(1),
  TIMEOUT(2),
  NOT_SUPPORTED(3),
  ERROR(4),
  ERROR_HARD(5),
  ERROR_FATAL(6),
  NOT_INSTALLED(7),
  NOT_CONNECTED(8),
  INVALID(9),
  NO_FENCE_DEVICE(10),
  NO_SECRETS(11);

  private final int code;

  ExecStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /**
   * The status with this {@code op-status} code.
   *
   * @throws IllegalArgumentException for an unknown code
   */
  public static ExecStatus of(int code) {
    for (ExecStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown op-status " + code + ": expected -1 to 11");
  }
}
