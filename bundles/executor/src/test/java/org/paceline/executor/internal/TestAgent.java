package org.paceline.executor.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.api.ra.ResourceAgent;

/**
 * An in-process agent whose behaviour the test gives, and which records how it was called: how many
 * calls, how many at once (overall and per resource), in which order.
 */
final class TestAgent implements ResourceAgent {

  /** What the agent does for one call. */
  @FunctionalInterface
  interface Behaviour {
    OperationResult run(OperationRequest request, OperationContext context)
        throws InterruptedException;
  }

  static final AgentMetadata METADATA =
      new AgentMetadata("Test", "1.0", "an agent for tests", "", List.of(), List.of());

  private final AgentId id;
  private final Behaviour behaviour;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger inside = new AtomicInteger();
  final AtomicInteger maxInside = new AtomicInteger();
  final Map<String, AtomicInteger> insidePerResource = new ConcurrentHashMap<>();
  final AtomicInteger maxInsidePerResource = new AtomicInteger();

  /** "resource action" of each call, in the order the calls began. */
  final List<String> order = new CopyOnWriteArrayList<>();

  final List<OperationContext> contexts = new CopyOnWriteArrayList<>();

  TestAgent(AgentId id, Behaviour behaviour) {
    this.id = id;
    this.behaviour = behaviour;
  }

  /** An agent that answers {@code rc} at once. */
  static TestAgent answering(AgentId id, OcfResultCode rc) {
    return new TestAgent(id, (r, c) -> done(rc, ""));
  }

  static OperationResult done(OcfResultCode rc, String reason) {
    return OperationResult.done(rc, reason, Instant.now(), Duration.ZERO);
  }

  @Override
  public AgentId id() {
    return id;
  }

  @Override
  public AgentMetadata metadata() {
    return METADATA;
  }

  @Override
  public OperationResult execute(OperationRequest request, OperationContext context)
      throws InterruptedException {
    calls.incrementAndGet();
    order.add(request.resourceId() + " " + request.action().ocfName());
    contexts.add(context);
    maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
    AtomicInteger mine =
        insidePerResource.computeIfAbsent(request.resourceId(), r -> new AtomicInteger());
    maxInsidePerResource.accumulateAndGet(mine.incrementAndGet(), Math::max);
    try {
      return behaviour.run(request, context);
    } finally {
      mine.decrementAndGet();
      inside.decrementAndGet();
    }
  }
}
