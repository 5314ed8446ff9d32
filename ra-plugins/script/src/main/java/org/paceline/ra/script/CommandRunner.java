package org.paceline.ra.script;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.paceline.ra.script.CommandResult.Outcome;
import org.paceline.ra.script.Executables.NotRunnableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link CommandSpec commands} as child processes, each in a new session and process group of
 * its own ({@code setsid} execs the program in place, so the child's pid is its process group id).
 *
 * <p>{@link #run} blocks until the child exits, its deadline passes, or the calling thread is
 * interrupted. On deadline or interrupt the whole process group (and any descendant that left it)
 * gets SIGTERM, then SIGKILL once the grace period has passed or at once if nothing is left; the
 * run then returns {@link Outcome#TIMED_OUT} or throws {@link CommandInterruptedException}. A child
 * that exits normally is never signalled: daemons it started in the background keep running (an
 * agent's start action relies on that).
 *
 * <p>Every child gets the node's {@linkplain NodeMarker marker} ({@value NodeMarker#VARIABLE}) on
 * top of its spec's environment, so that fencing finds the processes an agent leaves running.
 *
 * <p>Output is read by two threads per run into bounded buffers. When the child has exited but a
 * background process it left still holds its stdout or stderr open, the run waits at most {@value
 * #DRAIN_MILLIS} ms for the end of output and then returns what it has.
 *
 * <p>Thread-safe; one runner serves any number of concurrent runs.
 */
public final class CommandRunner {

  /** How long the process group gets between SIGTERM and SIGKILL by default. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(2);

  /** How long to wait for the end of output after the child exited. */
  static final long DRAIN_MILLIS = 500;

  private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
  private static final AtomicLong RUNS = new AtomicLong();
  private static final long REAP_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Duration killGrace;
  private final Map<String, String> marker;
  private final Path setsid;
  private final ProcessGroups groups;

  /** A runner with the {@linkplain #DEFAULT_KILL_GRACE default grace period}. */
  public CommandRunner() {
    this(DEFAULT_KILL_GRACE);
  }

  /**
   * A runner that waits {@code killGrace} between SIGTERM and SIGKILL and marks its children with
   * this JVM's {@linkplain NodeMarker#ofThisProcess() node marker}.
   *
   * @throws IllegalStateException if {@code setsid} (util-linux) or {@code kill} is not installed
   */
  public CommandRunner(Duration killGrace) {
    this(killGrace, NodeMarker.ofThisProcess());
  }

  /**
   * A runner that waits {@code killGrace} between SIGTERM and SIGKILL and marks its children with
   * the {@linkplain NodeMarker node marker} found in {@code nodeEnvironment} (nothing else of it is
   * passed on).
   *
   * @throws IllegalStateException if {@code setsid} (util-linux) or {@code kill} is not installed
   */
  public CommandRunner(Duration killGrace, Map<String, String> nodeEnvironment) {
    Objects.requireNonNull(killGrace, "killGrace");
    Objects.requireNonNull(nodeEnvironment, "nodeEnvironment");
    if (killGrace.isNegative()) {
      throw new IllegalArgumentException("kill grace must not be negative, got " + killGrace);
    }
    this.killGrace = killGrace;
    this.marker = NodeMarker.of(nodeEnvironment);
    this.setsid = Executables.findTool("setsid", "/usr/bin/setsid", "/bin/setsid");
    this.groups = new ProcessGroups(Executables.findTool("kill", "/usr/bin/kill", "/bin/kill"));
  }

  /** The grace period between SIGTERM and SIGKILL. */
  public Duration killGrace() {
    return killGrace;
  }

  /**
   * The node marker every child gets: {@value NodeMarker#VARIABLE} and its value, or an empty map.
   */
  public Map<String, String> marker() {
    return marker;
  }

  /** Runs {@code spec}, allowing it {@code timeout}. */
  public CommandResult run(CommandSpec spec, Duration timeout) throws CommandInterruptedException {
    return run(spec, Instant.now().plus(timeout));
  }

  /**
   * Runs {@code spec} until it exits or {@code deadline} passes.
   *
   * @return the result; a command that cannot be started gives {@link Outcome#NOT_STARTED} with the
   *     reason in {@link CommandResult#detail()}
   * @throws CommandInterruptedException if the calling thread is interrupted (before the start or
   *     while the command runs); the command's process group has been killed by then
   */
  public CommandResult run(CommandSpec spec, Instant deadline) throws CommandInterruptedException {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(deadline, "deadline");
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    if (Thread.interrupted()) {
      throw new CommandInterruptedException(
          notStarted(
              Outcome.INTERRUPTED,
              "interrupted before " + spec.program() + " started",
              started,
              t0));
    }
    Path program;
    try {
      program = Executables.resolve(spec);
    } catch (NotRunnableException e) {
      return notStarted(Outcome.NOT_STARTED, e.getMessage(), started, t0);
    }
    long deadlineNanos = t0 + nanosUntil(started, deadline);
    if (deadlineNanos - System.nanoTime() <= 0) {
      return notStarted(
          Outcome.TIMED_OUT, "deadline passed before " + program + " was started", started, t0);
    }
    List<String> command = new ArrayList<>(spec.argv().size() + 2);
    command.add(setsid.toString());
    command.add("--");
    command.add(program.toString());
    command.addAll(spec.argv().subList(1, spec.argv().size()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(spec.workingDir().toFile());
    pb.environment().clear();
    pb.environment().putAll(spec.environment());
    pb.environment().putAll(marker);
    pb.redirectInput(
        spec.stdin() == null
            ? ProcessBuilder.Redirect.from(new File("/dev/null"))
            : ProcessBuilder.Redirect.PIPE);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return notStarted(
          Outcome.NOT_STARTED, "cannot start " + program + ": " + e.getMessage(), started, t0);
    }
    return new Run(spec, program, process, started, t0).await(deadlineNanos);
  }

  private static long nanosUntil(Instant from, Instant deadline) {
    try {
      return Duration.between(from, deadline).toNanos();
    } catch (ArithmeticException e) { // more than ~292 years away (or ago)
      return deadline.isAfter(from) ? Long.MAX_VALUE / 4 : Long.MIN_VALUE / 4;
    }
  }

  private static CommandResult notStarted(
      Outcome outcome, String detail, Instant started, long t0) {
    return new CommandResult(outcome, -1, -1, "", "", false, false, detail, started, since(t0));
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** One running command and the threads that serve it. */
  private final class Run {
    private final CommandSpec spec;
    private final Path program;
    private final Process process;
    private final Instant started;
    private final long t0;
    private final OutputTail out;
    private final OutputTail err;
    private final Thread outReader;
    private final Thread errReader;

    Run(CommandSpec spec, Path program, Process process, Instant started, long t0) {
      this.spec = spec;
      this.program = program;
      this.process = process;
      this.started = started;
      this.t0 = t0;
      this.out = new OutputTail(spec.outputLimit());
      this.err = new OutputTail(spec.outputLimit());
      long run = RUNS.incrementAndGet();
      this.outReader = reader(process.getInputStream(), out, "script-stdout-" + run);
      this.errReader = reader(process.getErrorStream(), err, "script-stderr-" + run);
      if (spec.stdin() != null) {
        startDaemon("script-stdin-" + run, () -> writeStdin(process.getOutputStream()));
      }
      LOG.debug("started {} as pid {}", program, process.pid());
    }

    CommandResult await(long deadlineNanos) throws CommandInterruptedException {
      Outcome outcome = Outcome.EXITED;
      try {
        long left = deadlineNanos - System.nanoTime();
        if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
          outcome = Outcome.TIMED_OUT;
        }
      } catch (InterruptedException e) {
        outcome = Outcome.INTERRUPTED;
      }
      String detail;
      if (outcome == Outcome.EXITED) {
        detail = program + " exited with status " + process.exitValue();
      } else {
        String why =
            outcome == Outcome.TIMED_OUT
                ? "timed out after " + millis(since(t0))
                : "interrupted after " + millis(since(t0));
        detail = program + " " + why + "; " + terminate();
      }
      drainOutput();
      int exit = process.isAlive() ? -1 : process.exitValue();
      CommandResult result =
          new CommandResult(
              outcome,
              process.pid(),
              exit,
              out.text(),
              err.text(),
              out.truncated(),
              err.truncated(),
              detail,
              started,
              since(t0));
      if (outcome == Outcome.INTERRUPTED) {
        Thread.interrupted(); // the exception carries the interrupt now
        throw new CommandInterruptedException(result);
      }
      return result;
    }

    /** SIGTERM to the group, the grace period, SIGKILL; returns what was done, in words. */
    private String terminate() {
      long pgid = process.pid();
      List<ProcessHandle> strays = descendantsOutsideGroup(pgid);
      groups.signalGroup(pgid, "TERM");
      strays.forEach(ProcessHandle::destroy);
      long graceEnd = System.nanoTime() + killGrace.toNanos();
      Uninterruptibly.awaitExit(process, graceEnd);
      while (anythingLeft(pgid, strays) && System.nanoTime() - graceEnd < 0) {
        Uninterruptibly.pause(POLL_NANOS, graceEnd);
      }
      StringBuilder done = new StringBuilder("sent SIGTERM to process group ").append(pgid);
      if (anythingLeft(pgid, strays)) {
        if (process.isAlive()) {
          strays.addAll(descendantsOutsideGroup(pgid));
        }
        groups.signalGroup(pgid, "KILL");
        strays.forEach(ProcessHandle::destroyForcibly);
        done.append(", SIGKILL after ").append(millis(killGrace)).append(" grace");
      }
      Uninterruptibly.awaitExit(process, System.nanoTime() + REAP_NANOS);
      if (process.isAlive()) {
        LOG.warn("{} (pid {}) survived SIGKILL for 5 s (uninterruptible sleep?)", program, pgid);
        done.append("; the process did not die after SIGKILL");
      }
      return done.toString();
    }

    private boolean anythingLeft(long pgid, List<ProcessHandle> strays) {
      return process.isAlive()
          || !ProcessGroups.liveMembers(pgid).isEmpty()
          || strays.stream().anyMatch(h -> ProcessGroups.isLive(h.pid()));
    }

    /** Descendants that moved to another process group (or session) and a group kill misses. */
    private List<ProcessHandle> descendantsOutsideGroup(long pgid) {
      List<ProcessHandle> strays = new ArrayList<>();
      process
          .descendants()
          .forEach(
              h -> {
                if (ProcessGroups.pgidOf(h.pid()).orElse(pgid) != pgid) {
                  strays.add(h);
                }
              });
      return strays;
    }

    private void drainOutput() {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
      Uninterruptibly.join(outReader, end);
      Uninterruptibly.join(errReader, end);
      if (outReader.isAlive() || errReader.isAlive()) {
        LOG.debug(
            "{} (pid {}) exited but a background process still holds its output open; output"
                + " after the exit is ignored",
            program,
            process.pid());
      }
    }

    private void writeStdin(OutputStream stdin) {
      try (OutputStream os = stdin) {
        os.write(spec.stdin().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        LOG.debug("{} did not read all of its standard input: {}", program, e.toString());
      }
    }
  }

  private static Thread reader(InputStream in, OutputTail tail, String name) {
    return startDaemon(
        name,
        () -> {
          try (InputStream stream = in) {
            tail.pump(stream);
          } catch (IOException e) {
            LOG.debug("{}: output stream closed: {}", name, e.toString());
          }
        });
  }

  private static Thread startDaemon(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static String millis(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
