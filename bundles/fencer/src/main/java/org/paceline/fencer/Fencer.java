package org.paceline.fencer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.cib.model.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fencer of one node, as a plain library: plans and carries out fencing operations with the
 * devices of a configuration ({@link FencingPlan}, {@link DeviceRegistry}) and records each in the
 * {@link FencingHistory}, pending at the start and done or failed at the end.
 *
 * <p>Timing: each device action has its own timeout ({@code pcmk_<action>_timeout}, else the
 * cluster's {@code fencing-timeout}, default 60s) that its retries share; the whole operation has
 * the request's timeout, or else 1.2 times the sum of what the plan's steps may take. Device delays
 * ({@code pcmk_delay_base}, {@code pcmk_delay_max}) count against the operation's timeout, not the
 * device action's.
 *
 * <p>Threads: planning and agent calls run on the injected executor (bounded, owned by the caller);
 * timeouts and delays on the injected timer; time comes from the injected clock and random delays
 * from the injected generator, so tests control all four.
 */
public final class Fencer implements FencerService {

  private static final Logger LOG = LoggerFactory.getLogger(Fencer.class);

  private final String localNode;
  private final DeviceRegistry registry;
  private final Executor executor;
  private final FencingTimer timer;
  private final Clock clock;
  private final RandomGenerator random;
  private final FencingHistory history;
  private final Supplier<String> ids;
  private final Map<String, CompletableFuture<FencingOutcome>> inFlight = new HashMap<>();
  private final List<FencingRun> runs = new ArrayList<>();
  private boolean stopped;

  private Fencer(Builder b) {
    this.localNode = b.localNode;
    this.executor = Objects.requireNonNull(b.executor, "executor");
    this.timer = Objects.requireNonNull(b.timer, "timer");
    this.clock = b.clock;
    this.random = b.random;
    this.history = b.history;
    this.ids = b.ids != null ? b.ids : () -> localNode + "-" + UUID.randomUUID();
    this.registry = new DeviceRegistry(b.agents, executor, timer, clock, b.listTtl);
  }

  /** A builder for the fencer of {@code localNode}, finding agents with {@code agents}. */
  public static Builder builder(String localNode, FenceAgentLookup agents) {
    return new Builder(localNode, agents);
  }

  /** Builds a {@link Fencer}; the executor and the timer are required. */
  public static final class Builder {
    private final String localNode;
    private final FenceAgentLookup agents;
    private Executor executor;
    private FencingTimer timer;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = RandomGenerator.getDefault();
    private FencingHistory history = new FencingHistory();
    private Duration listTtl = DeviceRegistry.DEFAULT_LIST_TTL;
    private Supplier<String> ids;

    private Builder(String localNode, FenceAgentLookup agents) {
      if (localNode == null || localNode.isBlank()) {
        throw new IllegalArgumentException("the fencer needs its node's name");
      }
      this.localNode = localNode;
      this.agents = Objects.requireNonNull(agents, "agents");
    }

    /** Runs planning and agent requests (bounded; the caller shuts it down). */
    public Builder executor(Executor e) {
      this.executor = e;
      return this;
    }

    /** Fires timeouts and delays. */
    public Builder timer(FencingTimer t) {
      this.timer = t;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Draws the random part of device delays. */
    public Builder random(RandomGenerator r) {
      this.random = Objects.requireNonNull(r, "random");
      return this;
    }

    public Builder history(FencingHistory h) {
      this.history = Objects.requireNonNull(h, "history");
      return this;
    }

    /** How long a device's {@code list} result is reused. */
    public Builder listTtl(Duration ttl) {
      this.listTtl = Objects.requireNonNull(ttl, "listTtl");
      return this;
    }

    /** Makes operation ids (default: node name and a random UUID). */
    public Builder ids(Supplier<String> s) {
      this.ids = Objects.requireNonNull(s, "ids");
      return this;
    }

    public Fencer build() {
      return new Fencer(this);
    }
  }

  /** The node this fencer runs on. */
  public String localNode() {
    return localNode;
  }

  /** The devices and their host checks. */
  public DeviceRegistry registry() {
    return registry;
  }

  @Override
  public FencingHistory history() {
    return history;
  }

  @Override
  public FencingPlan plan(Configuration config, String target, FenceAction action) {
    return FencingPlan.build(config, registry.devices(config), target, action);
  }

  @Override
  public CompletableFuture<FenceResult> monitor(String deviceId, Configuration config) {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(config, "config");
    CompletableFuture<FenceResult> out = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              Devices devices = registry.devices(config);
              FenceDevice d = devices.device(deviceId).orElse(null);
              String problem =
                  d == null
                      ? "no fence device '" + deviceId + "' is configured"
                      : d.problem() != null ? d.problem() : null;
              if (problem != null) {
                out.complete(result(FenceResult.Outcome.FAILED, problem));
              } else if (d.agent() == null) {
                out.complete(
                    result(
                        FenceResult.Outcome.NOT_INSTALLED,
                        "fence agent " + d.agentName() + " is not installed on this node"));
              } else {
                Duration timeout = d.timeout(FenceAction.MONITOR, devices.fencingTimeout());
                registry
                    .execute(
                        d,
                        new FenceRequest(
                            d.id(), FenceAction.MONITOR, null, null, d.params(), timeout))
                    .whenComplete((r, e) -> out.complete(r));
              }
            } catch (RuntimeException e) {
              out.complete(
                  result(FenceResult.Outcome.FAILED, "cannot check the device: " + e.getMessage()));
            }
          });
    } catch (RejectedExecutionException e) {
      out.complete(
          result(FenceResult.Outcome.FAILED, "the fencer is busy or stopping: " + e.getMessage()));
    }
    return out;
  }

  private static FenceResult result(FenceResult.Outcome outcome, String message) {
    return new FenceResult(
        outcome,
        outcome == FenceResult.Outcome.NOT_INSTALLED ? 5 : 1,
        message,
        "",
        List.of(),
        Duration.ZERO);
  }

  @Override
  public CompletableFuture<FencingOutcome> fence(FencingRequest request, Configuration config) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(config, "config");
    String key = request.target().toLowerCase(Locale.ROOT) + "/" + request.action();
    String id;
    Instant started = clock.instant();
    CompletableFuture<FencingOutcome> out = new CompletableFuture<>();
    synchronized (inFlight) {
      CompletableFuture<FencingOutcome> running = inFlight.get(key);
      if (running != null) {
        LOG.info(
            "node {}: {} of {} requested by {} on {} joins the operation in progress",
            localNode,
            request.action(),
            request.target(),
            request.client(),
            request.requester());
        return running.copy();
      }
      id = ids.get();
      if (stopped) {
        return CompletableFuture.completedFuture(
            failed(id, request, started, "the fencer is stopped", null));
      }
      inFlight.put(key, out);
    }
    history.record(FencingRecord.pending(id, request, localNode, started));
    out.whenComplete(
        (o, e) -> {
          synchronized (inFlight) {
            inFlight.remove(key, out);
          }
          history.record(o.toRecord());
        });
    try {
      executor.execute(() -> begin(id, request, config, started, out));
    } catch (RejectedExecutionException e) {
      out.complete(
          failed(id, request, started, "the fencer is busy or stopping: " + e.getMessage(), null));
    }
    return out.copy();
  }

  private void begin(
      String id,
      FencingRequest request,
      Configuration config,
      Instant started,
      CompletableFuture<FencingOutcome> out) {
    FencingRun run;
    try {
      Devices devices = registry.devices(config);
      devices.warnings().forEach(w -> LOG.warn("node {}: {}", localNode, w));
      FencingPlan plan = FencingPlan.build(config, devices, request.target(), request.action());
      Duration timeout =
          request.timeout() != null
              ? request.timeout()
              : FencingRun.defaultTimeout(plan, devices, request);
      run =
          new FencingRun(
              id, localNode, request, plan, devices, registry, timer, clock, random, started,
              timeout);
    } catch (RuntimeException e) {
      LOG.error(
          "node {}: cannot plan fencing of {}: {}", localNode, request.target(), e.toString());
      out.complete(failed(id, request, started, "cannot plan fencing: " + e.getMessage(), null));
      return;
    }
    synchronized (inFlight) {
      if (stopped) {
        out.complete(failed(id, request, started, "the fencer is stopped", null));
        return;
      }
      runs.add(run);
    }
    run.result()
        .whenComplete(
            (o, e) -> {
              synchronized (inFlight) {
                runs.remove(run);
              }
              out.complete(o);
            });
    run.start();
  }

  private FencingOutcome failed(
      String id, FencingRequest request, Instant started, String why, FencingPlan plan) {
    return new FencingOutcome(
        id,
        request.target(),
        request.action(),
        request.requester(),
        request.client(),
        localNode,
        false,
        0,
        List.of(),
        why,
        started,
        clock.instant(),
        List.of(),
        plan);
  }

  /**
   * Stops taking requests and ends every operation in progress as failed. Agent calls already
   * running are left to the executor's owner to interrupt.
   */
  public void stop() {
    List<FencingRun> running;
    synchronized (inFlight) {
      stopped = true;
      running = new ArrayList<>(runs);
    }
    running.forEach(r -> r.abort("the fencer stopped"));
  }
}
