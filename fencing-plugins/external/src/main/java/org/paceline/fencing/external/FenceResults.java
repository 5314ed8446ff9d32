package org.paceline.fencing.external;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.fencing.FenceResult.Outcome;
import org.paceline.ra.script.CommandResult;

/**
 * Turns how a fence agent ended into a {@link FenceResult}, with fence-agents' exit codes: 0 is
 * success (for status: the target is on), 2 for status means the target is off, anything else is a
 * failure. For {@code list}, each line of standard output names a port, before the first comma
 * ({@code port,alias}) or else as its first word.
 */
public final class FenceResults {

  /** The longest one-line message kept. */
  static final int MESSAGE_LIMIT = 300;

  private FenceResults() {}

  /**
   * The result of running {@code agent} for {@code action} (sent to the agent as {@code
   * agentAction}).
   */
  public static FenceResult from(
      CommandResult r, String agent, FenceAction action, String agentAction) {
    String what = agent + " " + agentAction;
    String output = r.combinedOutput();
    return switch (r.outcome()) {
      case NOT_STARTED ->
          new FenceResult(Outcome.FAILED, -1, cut(r.detail()), output, List.of(), r.runTime());
      case TIMED_OUT ->
          new FenceResult(
              Outcome.TIMEOUT, r.exitCode(), cut(r.detail()), output, List.of(), r.runTime());
      case INTERRUPTED ->
          new FenceResult(
              Outcome.FAILED, r.exitCode(), cut(r.detail()), output, List.of(), r.runTime());
      case EXITED -> exited(r, what, action, output);
    };
  }

  private static FenceResult exited(
      CommandResult r, String what, FenceAction action, String output) {
    int rc = r.exitCode();
    Duration took = r.runTime();
    if (rc == 0) {
      List<String> ports = action == FenceAction.LIST ? ports(r.stdout()) : List.of();
      String msg =
          action == FenceAction.STATUS
              ? what + ": the target is on"
              : action == FenceAction.LIST
                  ? what + ": " + ports.size() + " port(s)"
                  : what + ": ok";
      return new FenceResult(Outcome.SUCCESS, 0, msg, output, ports, took);
    }
    if (rc == 2 && action == FenceAction.STATUS) {
      return new FenceResult(
          Outcome.TARGET_OFF, 2, what + ": the target is off", output, List.of(), took);
    }
    String reason = reason(r);
    String msg =
        r.signal().isPresent()
            ? what + " was killed by signal " + r.signal().getAsInt()
            : what + " failed with exit status " + rc;
    return new FenceResult(
        Outcome.FAILED,
        rc,
        cut(reason.isEmpty() ? msg : msg + ": " + reason),
        output,
        List.of(),
        took);
  }

  /** The ports a {@code list} printed, in order, without duplicates. */
  static List<String> ports(String stdout) {
    Set<String> ports = new LinkedHashSet<>();
    for (String raw : stdout.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int comma = line.indexOf(',');
      String port = comma >= 0 ? line.substring(0, comma).strip() : line.split("\\s+")[0];
      if (!port.isEmpty()) {
        ports.add(port);
      }
    }
    return new ArrayList<>(ports);
  }

  /**
   * Why the agent failed, from what it printed: the last line that says {@code Failed:} (from there
   * on), else the last line mentioning {@code ERROR}, else the last non-empty line of standard
   * error, else of standard output.
   */
  static String reason(CommandResult r) {
    List<String> err = lines(r.stderr());
    for (int i = err.size() - 1; i >= 0; i--) {
      int at = err.get(i).indexOf("Failed:");
      if (at >= 0) {
        return err.get(i).substring(at).strip();
      }
    }
    for (int i = err.size() - 1; i >= 0; i--) {
      String line = err.get(i);
      int at = line.indexOf("ERROR");
      if (at >= 0) {
        String rest = line.substring(at + "ERROR".length()).replaceFirst("^[:\\s]*(root:)?", "");
        return rest.strip();
      }
    }
    if (!err.isEmpty()) {
      return err.get(err.size() - 1);
    }
    List<String> out = lines(r.stdout());
    return out.isEmpty() ? "" : out.get(out.size() - 1);
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    for (String l : text.split("\n")) {
      if (!l.isBlank()) {
        lines.add(l.strip());
      }
    }
    return lines;
  }

  static String cut(String text) {
    String one = text.replaceAll("\\s+", " ").strip();
    return one.length() > MESSAGE_LIMIT ? one.substring(0, MESSAGE_LIMIT - 3) + "..." : one;
  }
}
