package org.paceline.fencing.process;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.fencing.FenceResult.Outcome;
import org.paceline.ra.script.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@value #NAME}: fences a node that runs on this host by killing its process tree (see {@link
 * ProcessFenceMetadata} for what each action does). Exit codes follow fence-agents: 0 success (for
 * status: on), 2 for status: off, 1 failure.
 */
public class ProcessFenceAgent implements FenceAgent {

  /** The agent's name; configured as {@code stonith:fence_paceline_process}. */
  public static final String NAME = "fence_paceline_process";

  private static final Logger LOG = LoggerFactory.getLogger(ProcessFenceAgent.class);

  private final String localNode;
  private final TreeKiller killer;
  private final Function<Path, MarkedProcesses> markers;

  /**
   * An agent that runs in the node {@code localNode} (which it refuses to fence; {@code null} if
   * unknown) and sends signals with {@code runner}.
   */
  public ProcessFenceAgent(String localNode, CommandRunner runner) {
    this(localNode, new TreeKiller(runner));
  }

  ProcessFenceAgent(String localNode, TreeKiller killer) {
    this(localNode, killer, MarkedProcesses::of);
  }

  ProcessFenceAgent(String localNode, TreeKiller killer, Function<Path, MarkedProcesses> markers) {
    this.localNode = localNode == null || localNode.isBlank() ? null : localNode.strip();
    this.killer = Objects.requireNonNull(killer, "killer");
    this.markers = Objects.requireNonNull(markers, "markers");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AgentMetadata metadata() {
    return ProcessFenceMetadata.METADATA;
  }

  @Override
  public FenceResult execute(FenceRequest request) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    Instant started = Instant.now();
    Instant deadline = started.plus(request.timeout());
    PidFileMap pidFiles;
    try {
      checkParameters(request.parameters());
      pidFiles = PidFileMap.fromParameters(request.parameters());
    } catch (IllegalArgumentException e) {
      return result(Outcome.FAILED, 1, device(request) + e.getMessage(), List.of(), started);
    }
    FenceResult result =
        switch (request.action()) {
          case MONITOR ->
              result(Outcome.SUCCESS, 0, device(request) + "configuration ok", List.of(), started);
          case LIST -> {
            List<String> nodes = pidFiles.knownNodes();
            yield result(
                Outcome.SUCCESS, 0, device(request) + nodes.size() + " node(s)", nodes, started);
          }
          case ON ->
              result(
                  Outcome.FAILED,
                  1,
                  device(request)
                      + NAME
                      + " cannot start node "
                      + request.target()
                      + "; start it with 'paceline node start'",
                  List.of(),
                  started);
          case STATUS -> status(request, pidFiles, started);
          case OFF, REBOOT -> off(request, pidFiles, started, deadline);
        };
    if ((request.action() == FenceAction.OFF || request.action() == FenceAction.REBOOT)
        && result.outcome() == Outcome.SUCCESS) {
      try {
        pidFileOf(request, pidFiles).ifPresent(ProcessFenceAgent::forgetRuntimeState);
      } catch (IllegalArgumentException e) {
        // reported by off() already
      }
    }
    if (request.action() == FenceAction.OFF || request.action() == FenceAction.REBOOT) {
      LOG.info(
          "device {}: {} {} of {} -> {} ({})",
          request.deviceId(),
          NAME,
          request.action(),
          request.target(),
          result.outcome(),
          result.message());
    }
    return result;
  }

  /**
   * A fenced node lost its /run as a rebooted machine would: its agents' state directory ({@code
   * <state>/agents} beside {@code <state>/run/paceline.pid}) is marked as from another boot, so the
   * node empties it when it starts again and no probe finds a service "running" because of a state
   * file (e.g. a Dummy's) from before the fencing.
   */
  static void forgetRuntimeState(Path pidFile) {
    Path run = pidFile.toAbsolutePath().getParent();
    if (run == null || run.getFileName() == null || !run.getFileName().toString().equals("run")) {
      return;
    }
    Path agents = run.resolveSibling("agents");
    if (!java.nio.file.Files.isDirectory(agents)) {
      return;
    }
    try {
      java.nio.file.Files.writeString(
          agents.resolve(".boot_id"), "fenced-" + System.currentTimeMillis() + "\n");
    } catch (java.io.IOException e) {
      LOG.warn("could not mark {} as from before the fencing: {}", agents, e.toString());
    }
  }

  private FenceResult status(FenceRequest request, PidFileMap pidFiles, Instant started) {
    Optional<Path> file;
    try {
      file = pidFileOf(request, pidFiles);
    } catch (IllegalArgumentException e) {
      return result(Outcome.FAILED, 1, device(request) + e.getMessage(), List.of(), started);
    }
    if (file.isEmpty()) {
      return unknownNode(request, started);
    }
    NodePidFile.State state = NodePidFile.read(file.get());
    if (state instanceof NodePidFile.Running running) {
      return result(
          Outcome.SUCCESS,
          0,
          device(request) + "node " + request.target() + " is on (pid " + running.pid() + ")",
          List.of(),
          started);
    }
    if (state instanceof NodePidFile.NotRunning off) {
      Set<Long> left = markedBy(file.get()).scan(ProcTable.liveProcesses()).pids();
      return result(
          Outcome.TARGET_OFF,
          2,
          device(request)
              + "node "
              + request.target()
              + " is off: "
              + off.why()
              + (left.isEmpty()
                  ? ""
                  : "; "
                      + left.size()
                      + " process(es) it started still run ("
                      + new TreeSet<>(left)
                      + "), off kills them"),
          List.of(),
          started);
    }
    return result(
        Outcome.FAILED,
        1,
        device(request) + ((NodePidFile.Unknown) state).why(),
        List.of(),
        started);
  }

  private FenceResult off(
      FenceRequest request, PidFileMap pidFiles, Instant started, Instant deadline)
      throws InterruptedException {
    String node = request.target();
    if (node.equals(localNode)) {
      return result(
          Outcome.FAILED,
          1,
          device(request) + "refusing to fence node " + node + " from itself",
          List.of(),
          started);
    }
    Optional<Path> file;
    try {
      file = pidFileOf(request, pidFiles);
    } catch (IllegalArgumentException e) {
      return result(Outcome.FAILED, 1, device(request) + e.getMessage(), List.of(), started);
    }
    if (file.isEmpty()) {
      return unknownNode(request, started);
    }
    NodePidFile.State state = NodePidFile.read(file.get());
    if (state instanceof NodePidFile.Unknown unknown) {
      return result(Outcome.FAILED, 1, device(request) + unknown.why(), List.of(), started);
    }
    MarkedProcesses marked = markedBy(file.get());
    if (state instanceof NodePidFile.NotRunning off) {
      return leftovers(request, off, marked, started, deadline);
    }
    NodePidFile.Running running = (NodePidFile.Running) state;
    TreeKiller.Result killed;
    try {
      killed = killer.kill(running.pid(), running.sessionLeader(), marked, deadline);
    } catch (TreeKiller.RefusedException e) {
      return result(Outcome.FAILED, 1, device(request) + e.getMessage(), List.of(), started);
    }
    String tail =
        request.action() == FenceAction.REBOOT
            ? "; it stays down (this device cannot start a node)"
            : "";
    if (!killed.gone()) {
      return result(
          Outcome.TIMEOUT,
          1,
          device(request)
              + "node "
              + node
              + ": processes "
              + new TreeSet<>(killed.survivors())
              + " of pid "
              + running.pid()
              + "'s tree survived SIGKILL until the timeout",
          List.of(),
          started);
    }
    return result(
        Outcome.SUCCESS,
        0,
        device(request)
            + "node "
            + node
            + " killed: pid "
            + running.pid()
            + " and its tree, "
            + killed.members().size()
            + " process(es)"
            + (killed.byMarker().isEmpty()
                ? ""
                : " (" + killed.byMarker().size() + " carrying its marker)")
            + ", are gone"
            + tail,
        List.of(),
        started);
  }

  /**
   * Off for a node whose own process is gone: kills what it left running (found by its marker), if
   * anything; a node with nothing left is off already.
   */
  private FenceResult leftovers(
      FenceRequest request,
      NodePidFile.NotRunning off,
      MarkedProcesses marked,
      Instant started,
      Instant deadline)
      throws InterruptedException {
    String node = request.target();
    MarkedProcesses.Scan scan = marked.scan(ProcTable.liveProcesses());
    if (scan.pids().isEmpty()) {
      return result(
          Outcome.SUCCESS,
          0,
          device(request)
              + "node "
              + node
              + " is already off: "
              + off.why()
              + unreadable(scan.unreadable()),
          List.of(),
          started);
    }
    TreeKiller.Result killed;
    try {
      killed = killer.killMarked(marked, deadline);
    } catch (TreeKiller.RefusedException e) {
      return result(Outcome.FAILED, 1, device(request) + e.getMessage(), List.of(), started);
    }
    if (!killed.gone()) {
      return result(
          Outcome.TIMEOUT,
          1,
          device(request)
              + "node "
              + node
              + " is off ("
              + off.why()
              + ") but processes "
              + new TreeSet<>(killed.survivors())
              + " it left running survived SIGKILL until the timeout",
          List.of(),
          started);
    }
    return result(
        Outcome.SUCCESS,
        0,
        device(request)
            + "node "
            + node
            + " was off ("
            + off.why()
            + "); killed the "
            + killed.members().size()
            + " process(es) it left running "
            + new TreeSet<>(killed.members())
            + ", found by "
            + marked
            + (request.action() == FenceAction.REBOOT
                ? "; it stays down (this device cannot start a node)"
                : ""),
        List.of(),
        started);
  }

  private static String unreadable(int count) {
    return count == 0
        ? ""
        : " (the environment of "
            + count
            + " process(es) could not be read: run the fencing node as root to find every"
            + " process of a node)";
  }

  private MarkedProcesses markedBy(Path pidFile) {
    return markers.apply(pidFile);
  }

  /** The pid file of the request's port (from pcmk_host_map) or else of the target node. */
  private static Optional<Path> pidFileOf(FenceRequest request, PidFileMap pidFiles) {
    String key = request.port() != null ? request.port() : request.target();
    return pidFiles.pidFileOf(key);
  }

  private static FenceResult unknownNode(FenceRequest request, Instant started) {
    String key = request.port() != null ? request.port() : request.target();
    return result(
        Outcome.FAILED,
        1,
        device(request)
            + "no pid file for node "
            + key
            + " ("
            + PidFileMap.PIDFILES
            + " does not name it and there is no "
            + PidFileMap.PATTERN
            + ")",
        List.of(),
        started);
  }

  /**
   * Only this agent's parameters and the cluster's ({@code pcmk_*}, {@code CRM_meta_*}, {@code
   * #...}) are accepted, so that a misspelt one is an error rather than ignored.
   */
  private static void checkParameters(Map<String, String> params) {
    for (String key : new TreeSet<>(params.keySet())) {
      boolean known =
          key.equals(PidFileMap.PATTERN)
              || key.equals(PidFileMap.PIDFILES)
              || key.startsWith("pcmk_")
              || key.startsWith("CRM_meta_")
              || key.startsWith("#");
      if (!known) {
        throw new IllegalArgumentException(
            "unknown parameter '"
                + key.replaceAll("\\p{Cntrl}", "?")
                + "' (known: "
                + PidFileMap.PATTERN
                + ", "
                + PidFileMap.PIDFILES
                + ")");
      }
    }
  }

  private static String device(FenceRequest request) {
    return "device " + request.deviceId() + ": ";
  }

  private static FenceResult result(
      Outcome outcome, int exitCode, String message, List<String> ports, Instant started) {
    return new FenceResult(
        outcome, exitCode, message, "", ports, Duration.between(started, Instant.now()));
  }

  @Override
  public String toString() {
    return "stonith:" + NAME + (localNode == null ? "" : " on node " + localNode);
  }
}
