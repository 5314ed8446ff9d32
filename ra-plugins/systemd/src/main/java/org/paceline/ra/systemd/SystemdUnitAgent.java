package org.paceline.ra.systemd;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
import org.paceline.ra.systemd.StateTable.Outcome;
import org.paceline.ra.systemd.Systemctl.SystemctlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code systemd:<unit>}: runs one systemd unit as a cluster resource, the way Pacemaker does.
 *
 * <ul>
 *   <li>start: installs the {@link ClusterDropIn}, runs {@code systemctl start} (which waits for
 *       the start job) and then polls the unit's state until it is running, has failed, or the
 *       operation's deadline passes ({@link StateTable} says what each state means).
 *   <li>stop: {@code systemctl stop}, then polls until the unit is stopped; removes the drop-in. A
 *       unit systemd does not know is already stopped (0), so a vanished unit file never turns a
 *       stop into a failure.
 *   <li>monitor: the unit's {@code ActiveState}; running 0, stopped or failed 7 with the state as
 *       the reason; a unit in transition is polled until it settles.
 *   <li>meta-data: 0; validate-all: 0 if systemd knows the unit; anything else: unimplemented (3).
 * </ul>
 *
 * A unit systemd does not know gives {@link ExecutionStatus#NOT_INSTALLED} (5), and so does every
 * operation on a node where systemd is not PID 1, with the reason.
 */
public final class SystemdUnitAgent implements ResourceAgent {

  /** Longest time a {@link #warnings()} call may wait for systemctl. */
  static final Duration WARNING_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(SystemdUnitAgent.class);

  private final UnitName unit;
  private final AgentId id;
  private final AgentMetadata metadata;
  private final SystemdHost host;
  private final Systemctl systemctl;
  private final ClusterDropIn dropIn;
  private final BootEnablement boot;
  private final Duration pollInterval;

  /**
   * An agent for {@code unit}.
   *
   * @param description the unit file's {@code Description=}, may be empty
   * @param pollInterval how long to wait between two looks at a unit in transition
   */
  public SystemdUnitAgent(
      UnitName unit,
      String description,
      SystemdHost host,
      Systemctl systemctl,
      Duration pollInterval) {
    this.unit = unit;
    this.id = new AgentId(SystemdAgentClass.STANDARD, null, unit.agentType());
    this.metadata = SystemdMetadata.of(unit, description);
    this.host = host;
    this.systemctl = systemctl;
    this.dropIn = new ClusterDropIn(host.runDir());
    this.boot = new BootEnablement(host.configDir());
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
    }
    this.pollInterval = pollInterval;
  }

  /** The unit this agent runs. */
  public UnitName unit() {
    return unit;
  }

  @Override
  public AgentId id() {
    return id;
  }

  @Override
  public AgentMetadata metadata() {
    return metadata;
  }

  @Override
  public List<String> warnings() {
    Optional<String> isEnabled = Optional.empty();
    if (host.unavailableReason().isEmpty()) {
      try {
        isEnabled = systemctl.isEnabled(unit, Instant.now().plus(WARNING_TIMEOUT));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.warn(
            "systemctl is-enabled {} failed, reading the links instead: {}", unit, e.toString());
      }
    }
    return boot.warning(unit, isEnabled).stream().toList();
  }

  @Override
  public OperationResult execute(OperationRequest request, OperationContext context)
      throws InterruptedException {
    Op op = new Op(request.action(), context.deadline(), Instant.now());
    Optional<String> unavailable = host.unavailableReason();
    if (unavailable.isPresent()) {
      return op.notInstalled(unavailable.get());
    }
    try {
      return switch (request.action()) {
        case START -> start(op);
        case STOP -> stop(op);
        case MONITOR -> monitor(op);
        case META_DATA -> op.done(OcfResultCode.OK, "");
        case VALIDATE_ALL ->
            systemctl.show(unit, op.deadline).exists()
                ? op.done(OcfResultCode.OK, "")
                : op.notInstalled(notFound());
        default ->
            op.done(
                OcfResultCode.ERR_UNIMPLEMENTED,
                "systemd units support start, stop and monitor, not " + request.action());
      };
    } catch (SystemctlException e) {
      return e.timedOut()
          ? op.timeout(e.getMessage(), null)
          : op.end(ExecutionStatus.ERROR, OcfResultCode.ERR_GENERIC, e.getMessage(), "");
    }
  }

  private OperationResult start(Op op) throws InterruptedException, SystemctlException {
    UnitStatus before = systemctl.show(unit, op.deadline);
    if (!before.exists()) {
      return op.notInstalled(notFound());
    }
    if ("masked".equals(before.loadState())) {
      return op.done(
          OcfResultCode.ERR_INSTALLED,
          "systemd unit " + unit + " is masked on this node (systemctl unmask " + unit + ")");
    }
    if (!before.loaded()) {
      return op.done(
          OcfResultCode.ERR_INSTALLED,
          "systemd cannot load unit " + unit + " (LoadState=" + before.loadState() + ")");
    }
    installDropIn(op);
    CommandResult job = systemctl.start(unit, op.deadline);
    if (job.timedOut()) {
      return op.timeout("systemctl start " + unit + " did not finish by the deadline", job);
    }
    if (!job.succeeded()) {
      UnitStatus after = systemctl.show(unit, op.deadline);
      return op.done(
          OcfResultCode.ERR_GENERIC,
          "systemctl start "
              + unit
              + " failed ("
              + job.detail()
              + Systemctl.lastLine(job)
              + "); "
              + after.describe(),
          job);
    }
    return settle(op, job);
  }

  private OperationResult stop(Op op) throws InterruptedException, SystemctlException {
    UnitStatus before = systemctl.show(unit, op.deadline);
    if (!before.exists()) {
      removeDropIn(op);
      return op.done(OcfResultCode.OK, "systemd unit " + unit + " not found: nothing to stop");
    }
    CommandResult job = systemctl.stop(unit, op.deadline);
    if (job.timedOut()) {
      return op.timeout("systemctl stop " + unit + " did not finish by the deadline", job);
    }
    if (!job.succeeded()) {
      UnitStatus after = systemctl.show(unit, op.deadline);
      if (StateTable.outcome(AgentAction.STOP, after.activeState()) != Outcome.DONE) {
        return op.done(
            OcfResultCode.ERR_GENERIC,
            "systemctl stop "
                + unit
                + " failed ("
                + job.detail()
                + Systemctl.lastLine(job)
                + "); "
                + after.describe(),
            job);
      }
    }
    OperationResult result = settle(op, job);
    if (result.is(OcfResultCode.OK)) {
      removeDropIn(op);
    }
    return result;
  }

  private OperationResult monitor(Op op) throws InterruptedException, SystemctlException {
    return settle(op, null);
  }

  /** Polls the unit's state until {@link StateTable} says the action is over, or the deadline. */
  private OperationResult settle(Op op, CommandResult job)
      throws InterruptedException, SystemctlException {
    while (true) {
      UnitStatus status = systemctl.show(unit, op.deadline);
      if (!status.exists() && op.action != AgentAction.STOP) {
        return op.notInstalled(notFound());
      }
      Outcome outcome = StateTable.outcome(op.action, status.activeState());
      switch (outcome) {
        case DONE:
          return op.done(OcfResultCode.OK, "", job);
        case NOT_RUNNING:
          return op.done(
              OcfResultCode.NOT_RUNNING,
              "systemd:" + unit.agentType() + " is not running (" + status.describe() + ")",
              job);
        case FAILED:
          return op.done(
              OcfResultCode.ERR_GENERIC,
              "systemd:" + unit.agentType() + " did not start (" + status.describe() + ")",
              job);
        case WAIT:
        default:
          Duration left = Duration.between(Instant.now(), op.deadline);
          if (left.compareTo(pollInterval) <= 0) {
            return op.timeout(
                "systemd:"
                    + unit.agentType()
                    + " still "
                    + status.describe()
                    + " at the "
                    + op.action
                    + " deadline",
                job);
          }
          TimeUnit.NANOSECONDS.sleep(pollInterval.toNanos());
      }
    }
  }

  private void installDropIn(Op op) throws InterruptedException {
    try {
      if (dropIn.install(unit)) {
        reload(op);
      }
    } catch (IOException e) {
      LOG.warn("cannot write the cluster drop-in {}: {}", dropIn.path(unit), e.toString());
    }
  }

  private void removeDropIn(Op op) throws InterruptedException {
    try {
      if (dropIn.remove(unit)) {
        reload(op);
      }
    } catch (IOException e) {
      LOG.warn("cannot remove the cluster drop-in {}: {}", dropIn.path(unit), e.toString());
    }
  }

  private void reload(Op op) throws InterruptedException {
    CommandResult r = systemctl.daemonReload(op.deadline);
    if (!r.succeeded()) {
      LOG.warn(
          "systemctl daemon-reload after changing {} failed: {}{}",
          dropIn.path(unit),
          r.detail(),
          Systemctl.lastLine(r));
    }
  }

  private String notFound() {
    return "systemd unit " + unit + " not found on this node";
  }

  /** One running operation: its action, deadline and start time, and how to end it. */
  private record Op(AgentAction action, Instant deadline, Instant started) {

    OperationResult done(OcfResultCode rc, String reason) {
      return end(ExecutionStatus.DONE, rc, reason, "");
    }

    OperationResult done(OcfResultCode rc, String reason, CommandResult job) {
      return end(ExecutionStatus.DONE, rc, reason, output(job));
    }

    OperationResult notInstalled(String reason) {
      return end(ExecutionStatus.NOT_INSTALLED, OcfResultCode.ERR_INSTALLED, reason, "");
    }

    OperationResult timeout(String reason, CommandResult job) {
      return end(ExecutionStatus.TIMEOUT, OcfResultCode.ERR_GENERIC, reason, output(job));
    }

    OperationResult end(ExecutionStatus status, OcfResultCode rc, String reason, String output) {
      return new OperationResult(
          status, rc, reason, output, started, Duration.between(started, Instant.now()));
    }

    private static String output(CommandResult job) {
      if (job == null) {
        return "";
      }
      String out = job.stdout().strip();
      String err = job.stderr().strip();
      return out.isEmpty() ? err : err.isEmpty() ? out : out + "\n" + err;
    }
  }
}
