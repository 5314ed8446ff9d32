package org.paceline.fencer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.fencing.FenceResult.Outcome;

/**
 * An in-process fence agent whose answers the test scripts per action: succeed, fail, hang until
 * interrupted, report a target off, list ports. Records every request.
 */
final class TestAgent implements FenceAgent {

  /** One answer. */
  @FunctionalInterface
  interface Behaviour {
    FenceResult answer(FenceRequest request) throws InterruptedException;
  }

  static Behaviour succeed() {
    return r -> result(Outcome.SUCCESS, 0, "ok");
  }

  static Behaviour fail(String message) {
    return r -> result(Outcome.FAILED, 1, message);
  }

  static Behaviour off() {
    return r -> result(Outcome.TARGET_OFF, 2, "off");
  }

  /** Lists {@code ports} for list; succeeds for anything else. */
  static Behaviour lists(String... ports) {
    return r -> new FenceResult(Outcome.SUCCESS, 0, "", "", Arrays.asList(ports), Duration.ZERO);
  }

  static FenceResult result(Outcome o, int rc, String message) {
    return new FenceResult(o, rc, message, "", List.of(), Duration.ZERO);
  }

  private final String name;
  private final List<String> actions;
  private final Map<FenceAction, Deque<Behaviour>> scripts = new EnumMap<>(FenceAction.class);
  private final Map<FenceAction, Behaviour> defaults = new EnumMap<>(FenceAction.class);
  private final List<FenceRequest> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger interrupted = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);

  /** An agent declaring {@code actions} (none: all supported); every action succeeds by default. */
  TestAgent(String name, String... actions) {
    this.name = name;
    this.actions = List.of(actions);
  }

  /** Answers {@code action} with {@code b} from now on. */
  TestAgent always(FenceAction action, Behaviour b) {
    synchronized (scripts) {
      defaults.put(action, b);
    }
    return this;
  }

  /** Answers the next requests for {@code action} with {@code bs} in turn, then the default. */
  TestAgent then(FenceAction action, Behaviour... bs) {
    synchronized (scripts) {
      scripts.computeIfAbsent(action, a -> new ArrayDeque<>()).addAll(Arrays.asList(bs));
    }
    return this;
  }

  /** Blocks until interrupted (or released by {@link #release()}). */
  Behaviour hang() {
    return r -> {
      try {
        if (!release.await(60, TimeUnit.SECONDS)) {
          return result(Outcome.FAILED, 1, "test hang was never interrupted");
        }
        return result(Outcome.SUCCESS, 0, "released");
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      }
    };
  }

  void release() {
    release.countDown();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public AgentMetadata metadata() {
    return new AgentMetadata(
        name,
        "1.0",
        "test agent",
        "",
        List.of(),
        actions.stream().map(a -> ActionSpec.of(a, Duration.ofSeconds(20))).toList());
  }

  @Override
  public FenceResult execute(FenceRequest request) throws InterruptedException {
    calls.add(request);
    Behaviour b;
    synchronized (scripts) {
      Deque<Behaviour> q = scripts.get(request.action());
      b = q != null && !q.isEmpty() ? q.poll() : defaults.getOrDefault(request.action(), succeed());
    }
    return b.answer(request);
  }

  List<FenceRequest> calls() {
    return List.copyOf(calls);
  }

  long calls(FenceAction action) {
    return calls.stream().filter(r -> r.action() == action).count();
  }

  int interrupted() {
    return interrupted.get();
  }
}
