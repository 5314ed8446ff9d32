package org.paceline.ra.ocf;

import java.util.Optional;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationResult;
import org.paceline.ra.script.CommandResult;

/**
 * Turns how an agent process ended into an {@link OperationResult}.
 *
 * <ul>
 *   <li>exit status 0..9, 190, 191: {@link ExecutionStatus#DONE} with that {@link OcfResultCode}
 *   <li>any other exit status, including death by a signal (128 + N): {@link
 *       ExecutionStatus#ERROR}, {@link OcfResultCode#ERR_GENERIC}, the reason naming the status
 *   <li>deadline passed (agent killed): {@link ExecutionStatus#TIMEOUT}, {@link
 *       OcfResultCode#ERR_GENERIC}
 *   <li>could not be started: {@link ExecutionStatus#ERROR}, {@link OcfResultCode#ERR_GENERIC}
 * </ul>
 *
 * The exit reason is the text after the last {@code ocf-exit-reason:} line the agent printed on
 * stderr.
 */
final class OcfResults {

  /** What agents print before their exit reason (ocf-shellfuncs' default cookie). */
  static final String EXIT_REASON_PREFIX = "ocf-exit-reason:";

  /** Longest exit reason kept. */
  static final int MAX_REASON = 256;

  private OcfResults() {}

  static OperationResult fromCommand(CommandResult r, String action) {
    String reason = exitReason(r.stderr()).orElse("");
    return switch (r.outcome()) {
      case EXITED -> {
        Optional<OcfResultCode> rc = OcfResultCode.fromCode(r.exitCode());
        if (rc.isPresent()) {
          yield result(ExecutionStatus.DONE, rc.get(), reason, r);
        }
        String ours = action + ": " + describeBadStatus(r);
        yield result(
            ExecutionStatus.ERROR,
            OcfResultCode.ERR_GENERIC,
            reason.isEmpty() ? ours : ours + "; agent said: " + reason,
            r);
      }
      case TIMED_OUT ->
          result(ExecutionStatus.TIMEOUT, OcfResultCode.ERR_GENERIC, action + ": " + r.detail(), r);
      case NOT_STARTED, INTERRUPTED ->
          result(ExecutionStatus.ERROR, OcfResultCode.ERR_GENERIC, action + ": " + r.detail(), r);
    };
  }

  private static String describeBadStatus(CommandResult r) {
    int code = r.exitCode();
    if (r.signal().isPresent()) {
      return "agent ended with status "
          + code
          + " (killed by signal "
          + r.signal().getAsInt()
          + "?), which is not an OCF return code";
    }
    return "agent exited with status " + code + ", which is not an OCF return code";
  }

  private static OperationResult result(
      ExecutionStatus status, OcfResultCode rc, String reason, CommandResult r) {
    return new OperationResult(status, rc, reason, r.combinedOutput(), r.started(), r.runTime());
  }

  /** The last exit reason in {@code stderr}, if the agent gave one. */
  static Optional<String> exitReason(String stderr) {
    String found = null;
    for (String line : stderr.split("\n")) {
      String l = line.strip();
      if (l.startsWith(EXIT_REASON_PREFIX)) {
        found = l.substring(EXIT_REASON_PREFIX.length()).strip();
      }
    }
    if (found == null || found.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(found.length() > MAX_REASON ? found.substring(0, MAX_REASON) : found);
  }
}
