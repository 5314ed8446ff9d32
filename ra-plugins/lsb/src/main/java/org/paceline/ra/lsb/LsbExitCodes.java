package org.paceline.ra.lsb;

import org.paceline.api.ra.OcfResultCode;

/**
 * LSB exit statuses as OCF codes, the way Pacemaker reads init scripts.
 *
 * <p>{@code status} (what a monitor or probe runs) has codes of its own:
 *
 * <ul>
 *   <li>0 running: {@link OcfResultCode#OK}
 *   <li>1 dead, pid file remains; 2 dead, lock file remains; 3 not running: {@link
 *       OcfResultCode#NOT_RUNNING}
 *   <li>4 status unknown: {@link OcfResultCode#ERR_GENERIC}
 *   <li>150 not installed, 151 insufficient privileges (Pacemaker's use of the application range):
 *       {@link OcfResultCode#ERR_INSTALLED}, {@link OcfResultCode#ERR_PERM}
 *   <li>anything else: {@link OcfResultCode#ERR_GENERIC}
 * </ul>
 *
 * <p>Every other action (start, stop, restart, ...) shares codes 0..7 with OCF: 0 success, 1
 * generic error, 2 invalid arguments, 3 unimplemented, 4 insufficient privileges, 5 not installed,
 * 6 not configured, 7 not running. Any other status is {@link OcfResultCode#ERR_GENERIC}. A stop
 * answering 7 (not running) has achieved what stop asks for and is {@link OcfResultCode#OK}: LSB
 * requires 0 there, and Paceline forgives scripts that say "already stopped" with 7.
 */
public final class LsbExitCodes {

  private LsbExitCodes() {}

  /**
   * The OCF code of exit status {@code status} of LSB action {@code lsbAction}, with a short
   * explanation for the codes that need one (empty otherwise).
   */
  public record Mapped(OcfResultCode rc, String explanation) {}

  /** Maps {@code status} returned by {@code lsbAction} ({@code status}, {@code start}, ...). */
  public static Mapped map(String lsbAction, int status) {
    if ("status".equals(lsbAction)) {
      return switch (status) {
        case 0 -> new Mapped(OcfResultCode.OK, "");
        case 1 -> new Mapped(OcfResultCode.NOT_RUNNING, "status 1: dead, but its pid file exists");
        case 2 -> new Mapped(OcfResultCode.NOT_RUNNING, "status 2: dead, but its lock file exists");
        case 3 -> new Mapped(OcfResultCode.NOT_RUNNING, "");
        case 4 -> new Mapped(OcfResultCode.ERR_GENERIC, "status 4: status unknown");
        case 150 -> new Mapped(OcfResultCode.ERR_INSTALLED, "status 150: not installed");
        case 151 -> new Mapped(OcfResultCode.ERR_PERM, "status 151: insufficient privileges");
        default ->
            new Mapped(
                OcfResultCode.ERR_GENERIC,
                "status exited with " + status + ", which LSB does not define for status");
      };
    }
    if (status >= 0 && status <= 7) {
      if (status == 7 && "stop".equals(lsbAction)) {
        return new Mapped(OcfResultCode.OK, "");
      }
      OcfResultCode rc = OcfResultCode.fromCode(status).orElseThrow();
      return new Mapped(rc, "");
    }
    return new Mapped(
        OcfResultCode.ERR_GENERIC, lsbAction + " exited with status " + status + " (an error)");
  }
}
