package org.paceline.ra.systemd;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.ra.script.CommandResult;
import org.paceline.ra.script.CommandRunner;
import org.paceline.ra.script.CommandSpec;

/**
 * Runs {@code systemctl} as a child process: argument vector only, a fixed small environment
 * ({@code LC_ALL=C} so the output can be parsed), no pager, never a password prompt, and the unit
 * name after {@code --} so it can never be taken for an option. Every call has a deadline.
 */
public final class Systemctl {

  /** Thrown when systemctl does not give an answer that can be used. */
  public static final class SystemctlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    SystemctlException(String message, boolean timedOut) {
      super(message);
      this.timedOut = timedOut;
    }

    /** Whether systemctl was killed at the deadline rather than failing. */
    public boolean timedOut() {
      return timedOut;
    }
  }

  private final Path executable;
  private final CommandRunner runner;
  private final Map<String, String> environment;

  /** A systemctl at {@code executable}, run by {@code runner}. */
  public Systemctl(Path executable, CommandRunner runner) {
    this.executable = executable;
    this.runner = runner;
    Map<String, String> env = new LinkedHashMap<>(CommandSpec.baseEnvironment());
    env.put("LC_ALL", "C");
    env.put("LANG", "C");
    env.put("SYSTEMD_COLORS", "0");
    env.put("SYSTEMD_PAGER", "");
    String bus = System.getenv("DBUS_SYSTEM_BUS_ADDRESS");
    if (bus != null && !bus.isEmpty()) {
      env.put("DBUS_SYSTEM_BUS_ADDRESS", bus);
    }
    this.environment = Map.copyOf(env);
  }

  /** The executable this runs. */
  public Path executable() {
    return executable;
  }

  /**
   * {@code systemctl <verb> [options] -- <unit>}.
   *
   * @throws InterruptedException if the calling thread is interrupted (the child is killed)
   */
  public CommandResult run(Instant deadline, String verb, List<String> options, UnitName unit)
      throws InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(executable.toString());
    argv.add("--no-pager");
    argv.add("--no-ask-password");
    argv.add(verb);
    argv.addAll(options);
    if (unit != null) {
      argv.add("--");
      argv.add(unit.unit());
    }
    return runner.run(CommandSpec.of(argv).withEnvironment(environment), deadline);
  }

  /** {@code systemctl start <unit>}: enqueues the start job and waits for it to finish. */
  public CommandResult start(UnitName unit, Instant deadline) throws InterruptedException {
    return run(deadline, "start", List.of(), unit);
  }

  /** {@code systemctl stop <unit>}: enqueues the stop job and waits for it to finish. */
  public CommandResult stop(UnitName unit, Instant deadline) throws InterruptedException {
    return run(deadline, "stop", List.of(), unit);
  }

  /** {@code systemctl daemon-reload}. */
  public CommandResult daemonReload(Instant deadline) throws InterruptedException {
    return run(deadline, "daemon-reload", List.of(), null);
  }

  /**
   * The unit's load and active state ({@code systemctl show}).
   *
   * @throws SystemctlException naming what went wrong when systemctl fails or prints something else
   */
  public UnitStatus show(UnitName unit, Instant deadline)
      throws InterruptedException, SystemctlException {
    CommandResult r =
        run(
            deadline,
            "show",
            List.of("--property=" + String.join(",", UnitStatus.PROPERTIES)),
            unit);
    if (!r.succeeded()) {
      throw new SystemctlException(
          "systemctl show " + unit + " failed: " + r.detail() + lastLine(r), r.timedOut());
    }
    try {
      return UnitStatus.parse(r.stdout());
    } catch (IllegalArgumentException e) {
      throw new SystemctlException(
          "cannot read the state of " + unit + ": " + e.getMessage(), false);
    }
  }

  /**
   * What {@code systemctl is-enabled <unit>} prints ({@code enabled}, {@code disabled}, {@code
   * static}, ...), or empty when it gives no answer (unknown unit, no systemd).
   */
  public Optional<String> isEnabled(UnitName unit, Instant deadline) throws InterruptedException {
    CommandResult r = run(deadline, "is-enabled", List.of(), unit);
    String state = r.exited() ? r.stdout().strip() : "";
    return state.isEmpty() || state.contains("\n") ? Optional.empty() : Optional.of(state);
  }

  /** {@code ": <last line of stderr or stdout>"}, or empty. */
  static String lastLine(CommandResult r) {
    String text = r.stderr().isBlank() ? r.stdout() : r.stderr();
    String[] lines = text.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.isEmpty() ? "" : ": " + last;
  }
}
