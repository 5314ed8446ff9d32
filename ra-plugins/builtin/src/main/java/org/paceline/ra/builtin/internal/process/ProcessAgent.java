package org.paceline.ra.builtin.internal.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.ra.builtin.internal.process.ProcessTable.Leader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ocf:paceline:Process}: supervises any command as a daemon. Start runs the command through
 * {@code setsid} (never through a shell), so it leads its own session, has no terminal, reads
 * {@code /dev/null} and appends its output to log files; it is not tied to the node's JVM or to
 * this bundle and keeps running when either stops. Everything the agent knows about the process is
 * in its pid file (pid and start instant), so any instance of the agent, before or after a bundle
 * update or a node restart, monitors and stops the same process. Stop sends SIGTERM to the whole
 * session, waits {@code stop_grace}, then SIGKILLs whatever is left.
 *
 * <p>The agent keeps no mutable state; one instance serves every resource.
 */
public class ProcessAgent implements ResourceAgent {

  /** The agent's identity. */
  public static final AgentId ID = AgentId.ocf("paceline", "Process");

  private static final Logger LOG = LoggerFactory.getLogger(ProcessAgent.class);

  /** Without checks, a start succeeds once the command has run this long. */
  static final Duration START_SETTLE = Duration.ofMillis(200);

  /** Operations answer this long before their deadline, so the answer is not lost to it. */
  static final Duration ANSWER_MARGIN = Duration.ofMillis(200);

  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration CHECK_RETRY = Duration.ofMillis(200);
  private static final Duration MAX_KILL_RESERVE = Duration.ofSeconds(2);
  private static final List<Path> SETSID =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private final Map<String, String> nodeEnvironment;

  /** An agent whose processes inherit from the node's own environment. */
  public ProcessAgent() {
    this(System.getenv());
  }

  /** An agent whose processes inherit from {@code nodeEnvironment} (see {@code env}). */
  ProcessAgent(Map<String, String> nodeEnvironment) {
    this.nodeEnvironment = Map.copyOf(nodeEnvironment);
  }

  @Override
  public AgentId id() {
    return ID;
  }

  @Override
  public AgentMetadata metadata() {
    return ProcessMetadata.METADATA;
  }

  @Override
  public OperationResult execute(OperationRequest request, OperationContext context)
      throws InterruptedException {
    Instant started = Instant.now();
    Outcome o;
    try {
      o =
          switch (request.action()) {
            case START -> start(request, context);
            case STOP -> stop(request, context);
            case MONITOR -> monitor(request, context);
            case VALIDATE_ALL -> validate(request, context);
            case META_DATA -> new Outcome(OcfResultCode.OK, "", "");
            default ->
                throw new OperationFailed(
                    OcfResultCode.ERR_UNIMPLEMENTED,
                    request.action() + " is not an action of " + ID);
          };
    } catch (OperationFailed f) {
      o = new Outcome(f.rc(), f.getMessage(), "");
    }
    return new OperationResult(
        ExecutionStatus.DONE,
        o.rc(),
        o.reason(),
        o.output(),
        started,
        Duration.between(started, Instant.now()));
  }

  /** What an operation answers: code, exit reason, and a line for the operation's output. */
  private record Outcome(OcfResultCode rc, String reason, String output) {
    static Outcome ok(String output) {
      return new Outcome(OcfResultCode.OK, "", output);
    }
  }

  // ---------------------------------------------------------------- validate-all

  private Outcome validate(OperationRequest request, OperationContext context)
      throws OperationFailed {
    ProcessSettings s = ProcessSettings.parse(request, context, nodeEnvironment);
    Path program = checkInstalled(s);
    return Outcome.ok("command " + program + " is executable");
  }

  /**
   * Checks that the command can run on this node: the working directory exists ({@code
   * OCF_ERR_ARGS} otherwise) and the program and {@code setsid} are executables ({@code
   * OCF_ERR_INSTALLED}). Returns the program's path.
   */
  private static Path checkInstalled(ProcessSettings s) throws OperationFailed {
    if (!Files.isDirectory(s.workdir())) {
      throw new OperationFailed(
          OcfResultCode.ERR_ARGS,
          "workdir "
              + s.workdir()
              + (Files.exists(s.workdir()) ? " is not a directory" : " does not exist"));
    }
    setsid();
    return Executables.resolve(s.command().get(0), s.workdir(), s.environment().get("PATH"));
  }

  private static Path setsid() throws OperationFailed {
    for (Path p : SETSID) {
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    throw new OperationFailed(
        OcfResultCode.ERR_INSTALLED,
        "setsid not found at " + SETSID + ": install util-linux to run ocf:paceline:Process");
  }

  // ---------------------------------------------------------------- start

  private Outcome start(OperationRequest request, OperationContext context)
      throws OperationFailed, InterruptedException {
    ProcessSettings s = ProcessSettings.parse(request, context, nodeEnvironment);
    checkInstalled(s);
    Path setsid = setsid();
    Instant answerBy = context.deadline().minus(ANSWER_MARGIN);
    Optional<PidFile> old = PidFile.read(s.pidFile());
    if (old.isPresent()) {
      if (ProcessTable.leader(old.get()) == Leader.ALIVE) {
        Optional<Integer> exit = awaitReady(request, s, old.get(), null, answerBy);
        if (exit.isPresent()) {
          throw new OperationFailed(
              OcfResultCode.ERR_GENERIC,
              "pid " + old.get().pid() + " was running but exited while start waited for it");
        }
        return Outcome.ok("already running as pid " + old.get().pid());
      }
      String leftovers = terminate(old.get(), s.stopGrace(), answerBy);
      LOG.info("{}: stale pid file {}: {}", request.resourceId(), s.pidFile(), leftovers);
      deletePidFile(s.pidFile());
    }
    long errOffset = prepareFiles(s);
    List<String> argv = new ArrayList<>();
    argv.add(setsid.toString());
    argv.addAll(s.command());
    ProcessBuilder pb = new ProcessBuilder(argv).directory(s.workdir().toFile());
    pb.environment().clear();
    pb.environment().putAll(s.environment());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(s.stdout().toFile()));
    if (s.stderr().equals(s.stdout())) {
      pb.redirectErrorStream(true);
    } else {
      pb.redirectError(ProcessBuilder.Redirect.appendTo(s.stderr().toFile()));
    }
    String commandLine = CommandWords.join(s.command());
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new OperationFailed(
          OcfResultCode.ERR_GENERIC, "cannot start " + commandLine + ": " + e.getMessage());
    }
    long pid = process.pid();
    Optional<Instant> startInstant = process.info().startInstant();
    if (startInstant.isEmpty()) {
      if (process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        throw exited(process.exitValue(), s, errOffset);
      }
      process.destroyForcibly();
      throw new OperationFailed(
          OcfResultCode.ERR_GENERIC, "cannot read the start time of pid " + pid + "; killed it");
    }
    PidFile pidFile = new PidFile(pid, startInstant.get(), commandLine);
    try {
      pidFile.write(s.pidFile());
    } catch (IOException e) {
      process.destroyForcibly();
      throw new OperationFailed(
          OcfResultCode.ERR_GENERIC,
          "cannot write pid file " + s.pidFile() + " (" + e + "); killed pid " + pid);
    }
    LOG.info(
        "{}: started {} as pid {}, output to {}",
        request.resourceId(),
        commandLine,
        pid,
        s.stdout());
    Optional<Integer> exit = awaitReady(request, s, pidFile, process, answerBy);
    if (exit.isPresent()) {
      throw exited(exit.get(), s, errOffset);
    }
    return Outcome.ok("started " + commandLine + " as pid " + pid);
  }

  /** Creates the folders of the pid and log files; returns the size of the stderr log. */
  private static long prepareFiles(ProcessSettings s) throws OperationFailed {
    for (Path f : List.of(s.pidFile(), s.stdout(), s.stderr())) {
      Path dir = f.toAbsolutePath().getParent();
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new OperationFailed(
            OcfResultCode.ERR_GENERIC, "cannot create directory " + dir + " for " + f + ": " + e);
      }
      if (Files.isDirectory(f)) {
        throw new OperationFailed(OcfResultCode.ERR_ARGS, f + " is a directory, not a file");
      }
    }
    try {
      return Files.exists(s.stderr()) ? Files.size(s.stderr()) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Waits until the process leads its own session and, when checks are configured, they pass (or,
   * without checks, until it has run {@link #START_SETTLE}). {@code process} is the JVM's handle
   * when this agent has just started it, else {@code null}. Returns empty when the process is
   * ready, or its exit status (-1 when unknown) when it exited meanwhile.
   *
   * @throws OperationFailed when it runs but is not ready by {@code answerBy}
   */
  private static Optional<Integer> awaitReady(
      OperationRequest request,
      ProcessSettings s,
      PidFile pidFile,
      Process process,
      Instant answerBy)
      throws OperationFailed, InterruptedException {
    long pid = pidFile.pid();
    Instant settled = Instant.now().plus(START_SETTLE);
    String lastFailure = "";
    while (true) {
      Duration wait = s.checks().none() ? POLL : CHECK_RETRY;
      Duration left = Duration.between(Instant.now(), answerBy);
      wait = left.isNegative() ? Duration.ZERO : (left.compareTo(wait) < 0 ? left : wait);
      if (process != null) {
        if (process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          return Optional.of(process.exitValue());
        }
      } else {
        Thread.sleep(wait.toMillis());
        if (ProcessTable.leader(pidFile) != Leader.ALIVE) {
          return Optional.of(-1);
        }
      }
      boolean leads = ProcessTable.stat(pid).map(st -> st.session() == pid).orElse(false);
      if (leads) {
        if (s.checks().none()) {
          if (!Instant.now().isBefore(settled)) {
            return Optional.empty();
          }
        } else {
          Optional<String> failure = HealthChecks.failure(s.checks(), answerBy);
          if (failure.isEmpty()) {
            return Optional.empty();
          }
          lastFailure = failure.get();
          LOG.debug("{}: pid {} not ready yet: {}", request.resourceId(), pid, lastFailure);
        }
      }
      if (!Instant.now().isBefore(answerBy)) {
        throw new OperationFailed(
            OcfResultCode.ERR_GENERIC,
            "pid "
                + pid
                + " runs but was not ready before the start timeout"
                + (lastFailure.isEmpty() ? "" : ": " + lastFailure));
      }
    }
  }

  private static OperationFailed exited(int status, ProcessSettings s, long errOffset) {
    String tail = lastLine(s.stderr(), errOffset);
    return new OperationFailed(
        OcfResultCode.ERR_GENERIC,
        (status < 0 ? "the command exited" : "the command exited with status " + status)
            + " right after start (it must stay in the foreground)"
            + (tail.isEmpty() ? "" : "; stderr: " + tail));
  }

  /** The last non-blank line written to {@code file} after {@code offset}, shortened. */
  static String lastLine(Path file, long offset) {
    try (InputStream in = Files.newInputStream(file)) {
      long size = Files.size(file);
      if (offset >= size) {
        return "";
      }
      long from = Math.max(offset, size - 4096);
      in.skipNBytes(Math.max(0, from));
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String[] lines = text.split("\n");
      for (int i = lines.length - 1; i >= 0; i--) {
        String l = lines[i].strip();
        if (!l.isEmpty()) {
          return l.length() > 300 ? l.substring(0, 300) + "..." : l;
        }
      }
    } catch (IOException e) {
      return "";
    }
    return "";
  }

  // ---------------------------------------------------------------- monitor

  private Outcome monitor(OperationRequest request, OperationContext context)
      throws OperationFailed {
    Path path = ProcessSettings.pidFile(request, context);
    Optional<PidFile> pf = PidFile.read(path);
    if (pf.isEmpty()) {
      return new Outcome(OcfResultCode.NOT_RUNNING, "", "no pid file " + path);
    }
    PidFile p = pf.get();
    Leader leader = ProcessTable.leader(p);
    if (leader == Leader.GONE) {
      List<Long> left = ProcessTable.sessionMembers(p.pid());
      throw new OperationFailed(
          OcfResultCode.ERR_GENERIC,
          "pid "
              + p.pid()
              + " ("
              + p.command()
              + ") is no longer running: it exited or was killed outside the cluster"
              + (left.isEmpty() ? "" : "; " + left.size() + " process(es) of its session remain"));
    }
    if (leader == Leader.REUSED) {
      throw new OperationFailed(
          OcfResultCode.ERR_GENERIC,
          "pid "
              + p.pid()
              + " ("
              + p.command()
              + ") is no longer running: the pid now belongs to another process");
    }
    ProcessSettings.Checks checks = ProcessSettings.checks(request.parameters());
    Optional<String> failure =
        HealthChecks.failure(checks, context.deadline().minus(ANSWER_MARGIN));
    if (failure.isPresent()) {
      throw new OperationFailed(
          OcfResultCode.ERR_GENERIC, "pid " + p.pid() + " runs but " + failure.get());
    }
    return Outcome.ok("pid " + p.pid() + " runs");
  }

  // ---------------------------------------------------------------- stop

  private Outcome stop(OperationRequest request, OperationContext context)
      throws OperationFailed, InterruptedException {
    Path path = ProcessSettings.pidFile(request, context);
    Duration grace = ProcessSettings.stopGrace(request.parameters());
    Optional<PidFile> pf = PidFile.read(path);
    if (pf.isEmpty()) {
      return Outcome.ok("not running (no pid file " + path + ")");
    }
    String how = terminate(pf.get(), grace, context.deadline().minus(ANSWER_MARGIN));
    deletePidFile(path);
    LOG.info("{}: {}", request.resourceId(), how);
    return Outcome.ok(how);
  }

  private static void deletePidFile(Path path) throws OperationFailed {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new OperationFailed(
          OcfResultCode.ERR_GENERIC, "cannot remove pid file " + path + ": " + e);
    }
  }

  /**
   * Ends the session of {@code pidFile}'s process: SIGTERM to every member, up to {@code grace}
   * (but keeping time before {@code answerBy} for the rest), then SIGKILL until none is left.
   * Returns what happened, in words. Interrupted, it SIGKILLs what is left and rethrows.
   */
  static String terminate(PidFile pidFile, Duration grace, Instant answerBy)
      throws OperationFailed, InterruptedException {
    long pid = pidFile.pid();
    if (ProcessTable.leader(pidFile) == Leader.REUSED) {
      // the kernel does not reuse a pid while a session or group of that id has members
      return "pid " + pid + " was not running (its pid now belongs to another process)";
    }
    Set<Long> left = members(pidFile);
    if (left.isEmpty()) {
      return "pid " + pid + " was not running";
    }
    Instant begin = Instant.now();
    Duration budget = Duration.between(begin, answerBy);
    Duration reserve = budget.dividedBy(4);
    reserve = reserve.compareTo(MAX_KILL_RESERVE) > 0 ? MAX_KILL_RESERVE : reserve;
    Instant graceEnd = begin.plus(grace);
    if (graceEnd.isAfter(answerBy.minus(reserve))) {
      graceEnd = answerBy.minus(reserve);
    }
    Set<Long> termed = new LinkedHashSet<>();
    try {
      while (!left.isEmpty() && Instant.now().isBefore(graceEnd)) {
        for (long m : left) {
          if (termed.add(m)) {
            ProcessTable.signal(m, false);
          }
        }
        sleepUntil(graceEnd);
        left = members(pidFile);
      }
      if (left.isEmpty()) {
        return "stopped pid " + pid + " with SIGTERM";
      }
      Duration waited = Duration.between(begin, Instant.now());
      while (!left.isEmpty()) {
        for (long m : left) {
          ProcessTable.signal(m, true);
        }
        if (!Instant.now().isBefore(answerBy)) {
          throw new OperationFailed(
              OcfResultCode.ERR_GENERIC,
              "processes " + left + " of pid " + pid + "'s session still run after SIGKILL");
        }
        sleepUntil(answerBy);
        left = members(pidFile);
      }
      return "stopped pid "
          + pid
          + ": SIGTERM, then SIGKILL after "
          + waited.toMillis()
          + " ms ("
          + termed.size()
          + " process(es))";
    } catch (InterruptedException e) {
      for (long m : members(pidFile)) {
        ProcessTable.signal(m, true);
      }
      throw e;
    }
  }

  /** The live processes of the pid file's session, with the leader while it is the same one. */
  private static Set<Long> members(PidFile pidFile) {
    Set<Long> m = new LinkedHashSet<>();
    if (ProcessTable.leader(pidFile) == Leader.ALIVE) {
      m.add(pidFile.pid()); // also before it has called setsid()
    }
    m.addAll(ProcessTable.sessionMembers(pidFile.pid()));
    return m;
  }

  private static void sleepUntil(Instant limit) throws InterruptedException {
    long ms = Math.min(POLL.toMillis(), Duration.between(Instant.now(), limit).toMillis());
    Thread.sleep(Math.max(1, ms));
  }
}
