package org.paceline.fencer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.cib.model.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fence devices this node can use and which nodes each can fence. Long-lived: it keeps what
 * agents' {@code list} actions reported, for {@link #DEFAULT_LIST_TTL} (a device whose parameters
 * change is listed afresh), and runs at most one {@code list} per device at a time.
 *
 * <p>Host checks ({@link HostCheck}): {@code static-list} and {@code none} answer at once; {@code
 * dynamic-list} asks the agent for {@code list} (timeout {@code pcmk_list_timeout}, else the
 * fencing timeout) and looks for the node's mapped port, or else its name, ignoring case; when the
 * {@code list} fails the fencer falls back to a {@code status} check; {@code status} asks the agent
 * for the node's status (timeout {@code pcmk_status_timeout}): on (0) or off (2) means the device
 * controls the node.
 */
public final class DeviceRegistry {

  /** How long what a device listed is trusted. */
  public static final Duration DEFAULT_LIST_TTL = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

  private final FenceAgentLookup agents;
  private final AgentInvoker invoker;
  private final Clock clock;
  private final Duration listTtl;
  private final Object lock = new Object();
  private final Map<ListKey, Listed> listed = new HashMap<>();
  private final Map<ListKey, CompletableFuture<FenceResult>> listing = new HashMap<>();
  private final DeviceGates gates = new DeviceGates();

  /** What identifies a device's list: a device with other parameters is another device. */
  private record ListKey(String id, String agentName, Map<String, String> params) {}

  private record Listed(List<String> ports, Instant at) {}

  /**
   * @param agents finds each device's agent
   * @param executor runs agent requests (bounded; its owner shuts it down)
   * @param timer fires timeouts
   * @param clock the time
   * @param listTtl how long a device's {@code list} result is reused
   */
  public DeviceRegistry(
      FenceAgentLookup agents,
      Executor executor,
      FencingTimer timer,
      Clock clock,
      Duration listTtl) {
    this(agents, new AgentInvoker(executor, timer, clock), clock, listTtl);
  }

  DeviceRegistry(FenceAgentLookup agents, AgentInvoker invoker, Clock clock, Duration listTtl) {
    this.agents = Objects.requireNonNull(agents, "agents");
    this.invoker = invoker;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listTtl = Objects.requireNonNull(listTtl, "listTtl");
  }

  /**
   * Runs {@code request} on the device's agent within the device's {@code pcmk_action_limit}. Never
   * fails: an agent that cannot be run gives a failed result.
   */
  CompletableFuture<FenceResult> execute(FenceDevice device, FenceRequest request) {
    int limit = device.settings() == null ? 1 : device.settings().actionLimit();
    return gates
        .run(device.id(), limit, () -> invoker.invoke(device.agent(), request))
        .exceptionally(e -> failed("agent call failed: " + e));
  }

  /** Requests waiting for room on {@code device}. */
  int waiting(String device) {
    return gates.waiting(device);
  }

  /** The devices of {@code config} with this node's agents (see {@link Devices#from}). */
  public Devices devices(Configuration config) {
    return Devices.from(config, agents);
  }

  /**
   * Whether {@code device} can fence {@code target}. Never fails: a device that cannot be asked is
   * not capable, with the reason.
   *
   * @param fencingTimeout the cluster's fencing timeout (the default for the agent queries)
   * @param budget the most time the check may take
   */
  public CompletableFuture<HostCheckResult> canFence(
      FenceDevice device, String target, Duration fencingTimeout, Duration budget) {
    String port = device.portFor(target);
    if (device.problem() != null) {
      return done(false, HostCheck.NONE, port, device.problem());
    }
    if (device.agent() == null) {
      return done(
          false,
          device.hostCheck(),
          port,
          "fence agent " + device.agentName() + " is not installed");
    }
    HostCheck check = device.hostCheck();
    return switch (check) {
      case NONE -> done(true, check, port, "pcmk_host_check is none");
      case STATIC_LIST ->
          device.settings().listed(target)
              ? done(true, check, port, target + " is in pcmk_host_list or pcmk_host_map")
              : done(false, check, port, target + " is not in pcmk_host_list or pcmk_host_map");
      case DYNAMIC_LIST -> dynamic(device, target, port, fencingTimeout, budget);
      case STATUS -> status(device, target, port, fencingTimeout, budget, "");
    };
  }

  private static CompletableFuture<HostCheckResult> done(
      boolean capable, HostCheck check, String port, String reason) {
    return CompletableFuture.completedFuture(new HostCheckResult(capable, check, port, reason));
  }

  private CompletableFuture<HostCheckResult> dynamic(
      FenceDevice device, String target, String port, Duration fencingTimeout, Duration budget) {
    String wanted = port != null ? port : target;
    return list(device, fencingTimeout, budget)
        .thenCompose(
            r -> {
              if (!r.succeeded()) {
                String why = "list failed (" + oneLine(r) + "), checked status instead";
                return status(device, target, port, fencingTimeout, budget, why);
              }
              boolean found = r.ports().stream().anyMatch(p -> p.equalsIgnoreCase(wanted));
              return done(
                  found,
                  HostCheck.DYNAMIC_LIST,
                  port,
                  found
                      ? wanted + " is in the device's list"
                      : wanted + " is not in the device's list " + r.ports());
            });
  }

  /** What the device lists: cached, or asked of the agent (one request at a time per device). */
  CompletableFuture<FenceResult> list(
      FenceDevice device, Duration fencingTimeout, Duration budget) {
    ListKey key = new ListKey(device.id(), device.agentName(), device.params());
    Instant now = clock.instant();
    CompletableFuture<FenceResult> mine;
    synchronized (lock) {
      listed.values().removeIf(l -> l.at().plus(listTtl).isBefore(now));
      Listed cached = listed.get(key);
      if (cached != null) {
        return CompletableFuture.completedFuture(
            new FenceResult(
                FenceResult.Outcome.SUCCESS, 0, "cached", "", cached.ports(), Duration.ZERO));
      }
      CompletableFuture<FenceResult> running = listing.get(key);
      if (running != null) {
        return running;
      }
      mine = new CompletableFuture<>();
      listing.put(key, mine);
    }
    Duration timeout = Durations.min(device.timeout(FenceAction.LIST, fencingTimeout), budget);
    request(device, FenceAction.LIST, null, null, timeout)
        .whenComplete(
            (r, e) -> {
              FenceResult result = r != null ? r : failed("list failed: " + e);
              synchronized (lock) {
                listing.remove(key);
                if (result.succeeded()) {
                  listed.put(key, new Listed(result.ports(), clock.instant()));
                }
              }
              if (!result.succeeded()) {
                LOG.warn("fence device {}: list failed: {}", device.id(), oneLine(result));
              }
              mine.complete(result);
            });
    return mine;
  }

  private CompletableFuture<HostCheckResult> status(
      FenceDevice device,
      String target,
      String port,
      Duration fencingTimeout,
      Duration budget,
      String before) {
    Duration timeout = Durations.min(device.timeout(FenceAction.STATUS, fencingTimeout), budget);
    String prefix = before.isEmpty() ? "" : before + ": ";
    return request(device, FenceAction.STATUS, target, port, timeout)
        .thenApply(
            r -> {
              boolean capable = r.succeeded();
              String what =
                  capable
                      ? "status reports "
                          + target
                          + (r.outcome() == FenceResult.Outcome.TARGET_OFF ? " off" : " on")
                      : "status of " + target + " failed (" + oneLine(r) + ")";
              return new HostCheckResult(capable, HostCheck.STATUS, port, prefix + what);
            });
  }

  private CompletableFuture<FenceResult> request(
      FenceDevice device, FenceAction action, String target, String port, Duration timeout) {
    if (timeout.isZero() || timeout.isNegative()) {
      return CompletableFuture.completedFuture(failed("no time left for " + action));
    }
    return execute(
        device, new FenceRequest(device.id(), action, target, port, device.params(), timeout));
  }

  private static FenceResult failed(String message) {
    return new FenceResult(FenceResult.Outcome.FAILED, 1, message, "", List.of(), Duration.ZERO);
  }

  /** Forgets every device's list. */
  public void clearCache() {
    synchronized (lock) {
      listed.clear();
    }
  }

  /** The result's message, or the last line of its output, as one line. */
  static String oneLine(FenceResult r) {
    String text = r.message();
    if (text.isBlank()) {
      String[] lines = r.output().strip().split("\\R");
      text = lines[lines.length - 1];
    }
    text = text.strip().replaceAll("\\p{Cntrl}", " ");
    if (text.isEmpty()) {
      text = r.outcome().toString().toLowerCase(java.util.Locale.ROOT) + ", exit " + r.exitCode();
    }
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
