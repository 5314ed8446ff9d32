package org.paceline.ra.lsb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.ra.script.CommandResult;
import org.paceline.ra.script.CommandRunner;
import org.paceline.ra.script.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An init script as the agent {@code lsb:<name>}: start and stop run the script with that argument,
 * monitor (and probes) run {@code status}; exit statuses are read with {@link LsbExitCodes}. Init
 * scripts take no parameters: the script runs with the {@linkplain CommandSpec#baseEnvironment()
 * base environment} and the node's marker only, whatever the request carries.
 *
 * <p>The meta-data is built from the script's {@code INIT INFO} block, with the actions and default
 * timeouts Pacemaker gives LSB agents.
 */
public final class LsbAgent implements ResourceAgent {

  private static final Logger LOG = LoggerFactory.getLogger(LsbAgent.class);
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private final AgentId id;
  private final Path script;
  private final Path rcRoot;
  private final CommandRunner runner;

  /** The agent for init script {@code script}; boot links are looked for under {@code rcRoot}. */
  public LsbAgent(Path script, Path rcRoot, CommandRunner runner) {
    this.script = Objects.requireNonNull(script, "script");
    this.rcRoot = Objects.requireNonNull(rcRoot, "rcRoot");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.id = new AgentId("lsb", null, script.getFileName().toString());
  }

  @Override
  public AgentId id() {
    return id;
  }

  /** The init script. */
  public Path script() {
    return script;
  }

  @Override
  public AgentMetadata metadata() {
    LsbHeader header = LsbHeader.read(script);
    String shortDesc = header.get("Short-Description");
    return new AgentMetadata(
        id.type(),
        "",
        shortDesc.isEmpty() ? "init script " + script : shortDesc,
        header.get("Description"),
        List.of(),
        List.of(
            ActionSpec.of("meta-data", Duration.ofSeconds(5)),
            ActionSpec.of("start", DEFAULT_TIMEOUT),
            ActionSpec.of("stop", DEFAULT_TIMEOUT),
            ActionSpec.of("status", DEFAULT_TIMEOUT),
            ActionSpec.of("restart", DEFAULT_TIMEOUT),
            ActionSpec.of("force-reload", DEFAULT_TIMEOUT),
            new ActionSpec("monitor", DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, 0, null)));
  }

  /** A warning when the script is also started at boot by the init system. */
  @Override
  public List<String> warnings() {
    List<Path> links = BootLinks.startLinks(rcRoot, id.type(), script);
    if (links.isEmpty()) {
      return List.of();
    }
    return List.of(
        id
            + " is also enabled to start at boot ("
            + String.join(", ", links.stream().map(Path::toString).toList())
            + "); the init system and the cluster would both start it. Disable it at boot, e.g."
            + " 'update-rc.d "
            + id.type()
            + " disable' or 'systemctl disable "
            + id.type()
            + "'");
  }

  @Override
  public OperationResult execute(OperationRequest request, OperationContext context)
      throws InterruptedException {
    Instant started = Instant.now();
    String lsbAction =
        switch (request.action()) {
          case START -> "start";
          case STOP -> "stop";
          case MONITOR -> "status";
          default -> null;
        };
    if (request.action() == AgentAction.META_DATA) {
      return OperationResult.done(OcfResultCode.OK, "", started, Duration.ZERO);
    }
    if (lsbAction == null) {
      return OperationResult.done(
          OcfResultCode.ERR_UNIMPLEMENTED,
          "LSB init scripts do not support " + request.action(),
          started,
          Duration.ZERO);
    }
    if (!Files.exists(script)) {
      return new OperationResult(
          ExecutionStatus.NOT_INSTALLED,
          OcfResultCode.ERR_INSTALLED,
          "init script " + script + " no longer exists",
          "",
          started,
          Duration.ZERO);
    }
    CommandResult r = runner.run(CommandSpec.of(script.toString(), lsbAction), context.deadline());
    OperationResult result = toResult(lsbAction, r);
    LOG.debug(
        "node {}: {} {} {} -> {} {}",
        context.nodeName(),
        id,
        request.resourceId(),
        lsbAction,
        result.status(),
        result.rc());
    return result;
  }

  static OperationResult toResult(String lsbAction, CommandResult r) {
    return switch (r.outcome()) {
      case EXITED -> {
        LsbExitCodes.Mapped m = LsbExitCodes.map(lsbAction, r.exitCode());
        yield new OperationResult(
            ExecutionStatus.DONE,
            m.rc(),
            m.explanation(),
            r.combinedOutput(),
            r.started(),
            r.runTime());
      }
      case TIMED_OUT ->
          new OperationResult(
              ExecutionStatus.TIMEOUT,
              OcfResultCode.ERR_GENERIC,
              lsbAction + ": " + r.detail(),
              r.combinedOutput(),
              r.started(),
              r.runTime());
      case NOT_STARTED, INTERRUPTED ->
          new OperationResult(
              ExecutionStatus.ERROR,
              OcfResultCode.ERR_GENERIC,
              lsbAction + ": " + r.detail(),
              r.combinedOutput(),
              r.started(),
              r.runTime());
    };
  }

  @Override
  public String toString() {
    return id + " (" + script + ")";
  }
}
