package org.paceline.fencing.watchdog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.fencing.FenceResult.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@value #NAME}: "fences" a node that has been cut off from the quorate partition by waiting the
 * watchdog timeout, by the end of which the node has halted itself ({@link SelfFencer}) if it still
 * had resources running. See {@link WatchdogFenceMetadata} for what each action does.
 *
 * <p>The device never reports success early: it refuses a target that is in this partition, a
 * request from a partition without quorum, and a fencing timeout that would end before the wait; it
 * fails if the target comes back into this partition or this partition loses quorum during the
 * wait, and if the wait is interrupted.
 */
public class WatchdogFenceAgent implements FenceAgent {

  /** The agent's name; configured as {@code stonith:fence_watchdog}. */
  public static final String NAME = "fence_watchdog";

  /** How often the wait looks at the partition again. */
  static final Duration CHECK_EVERY = Duration.ofMillis(100);

  private static final Logger LOG = LoggerFactory.getLogger(WatchdogFenceAgent.class);

  /** Where the wait gets its time from; tests replace it. */
  interface Waiting {
    /** A monotonic time in nanoseconds. */
    long nanoTime();

    /** Waits {@code d} (or returns early only by throwing). */
    void pause(Duration d) throws InterruptedException;
  }

  private static final Waiting REAL_TIME =
      new Waiting() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void pause(Duration d) throws InterruptedException {
          TimeUnit.NANOSECONDS.sleep(d.toNanos());
        }
      };

  private final String localNode;
  private final List<String> clusterNodes;
  private final Supplier<Optional<String>> timeoutProperty;
  private final Supplier<PartitionView> partition;
  private final Waiting waiting;

  /**
   * An agent running in node {@code localNode}.
   *
   * @param clusterNodes the nodes of the cluster's nodelist, for {@code list}
   * @param timeoutProperty the cluster property {@value WatchdogTimeouts#PROPERTY} as text, empty
   *     when unset (see {@link WatchdogTimeouts#property})
   * @param partition this node's partition now
   */
  public WatchdogFenceAgent(
      String localNode,
      List<String> clusterNodes,
      Supplier<Optional<String>> timeoutProperty,
      Supplier<PartitionView> partition) {
    this(localNode, clusterNodes, timeoutProperty, partition, REAL_TIME);
  }

  WatchdogFenceAgent(
      String localNode,
      List<String> clusterNodes,
      Supplier<Optional<String>> timeoutProperty,
      Supplier<PartitionView> partition,
      Waiting waiting) {
    this.localNode = Objects.requireNonNull(localNode, "localNode");
    this.clusterNodes = List.copyOf(clusterNodes);
    this.timeoutProperty = Objects.requireNonNull(timeoutProperty, "timeoutProperty");
    this.partition = Objects.requireNonNull(partition, "partition");
    this.waiting = Objects.requireNonNull(waiting, "waiting");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AgentMetadata metadata() {
    return WatchdogFenceMetadata.METADATA;
  }

  @Override
  public FenceResult execute(FenceRequest request) {
    Objects.requireNonNull(request, "request");
    long started = waiting.nanoTime();
    try {
      checkParameters(request.parameters());
    } catch (IllegalArgumentException e) {
      return failed(request, e.getMessage(), started);
    }
    FenceResult result =
        switch (request.action()) {
          case MONITOR -> monitor(request, started);
          case LIST ->
              result(
                  Outcome.SUCCESS,
                  0,
                  device(request) + "every other node of the nodelist",
                  clusterNodes.stream().filter(n -> !n.equals(localNode)).toList(),
                  started);
          case ON ->
              failed(
                  request,
                  NAME + " cannot power a node on; start it with 'paceline node start'",
                  started);
          case STATUS -> status(request, started);
          case OFF, REBOOT -> off(request, started);
        };
    if (request.action() == FenceAction.OFF || request.action() == FenceAction.REBOOT) {
      LOG.info(
          "node {}: device {}: {} {} of {} -> {} ({})",
          localNode,
          request.deviceId(),
          NAME,
          request.action(),
          request.target(),
          result.outcome(),
          result.message());
    }
    return result;
  }

  /** The watchdog timeout a request waits, and where it came from. */
  record Timeout(Duration value, String source) {}

  /**
   * The timeout for a device with {@code params}: see {@link WatchdogTimeouts#forDevice}.
   *
   * @throws IllegalArgumentException naming what is malformed, zero or unreadable
   */
  Timeout timeout(Map<String, String> params) {
    String own = params.get(WatchdogTimeouts.PARAMETER);
    if (own != null && !own.isBlank()) {
      return new Timeout(
          WatchdogTimeouts.forDevice(params, Optional.empty()),
          "parameter " + WatchdogTimeouts.PARAMETER);
    }
    Optional<String> property;
    try {
      property = Objects.requireNonNull(timeoutProperty.get(), "no answer");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read the cluster property "
              + WatchdogTimeouts.PROPERTY
              + " ("
              + e.getMessage()
              + ") and the device sets no "
              + WatchdogTimeouts.PARAMETER,
          e);
    }
    Duration d = WatchdogTimeouts.forDevice(params, property);
    return new Timeout(
        d,
        property.isPresent()
            ? "cluster property " + WatchdogTimeouts.PROPERTY
            : "default, neither "
                + WatchdogTimeouts.PARAMETER
                + " nor the cluster property is set");
  }

  private FenceResult monitor(FenceRequest request, long started) {
    try {
      Timeout t = timeout(request.parameters());
      return result(
          Outcome.SUCCESS,
          0,
          device(request) + "watchdog timeout " + text(t.value()) + " (" + t.source() + ")",
          List.of(),
          started);
    } catch (IllegalArgumentException e) {
      return failed(request, e.getMessage(), started);
    }
  }

  private FenceResult status(FenceRequest request, long started) {
    String node = request.target();
    if (node.equals(localNode)) {
      return result(
          Outcome.SUCCESS,
          0,
          device(request) + "node " + node + " is on (this node)",
          List.of(),
          started);
    }
    PartitionView view;
    try {
      view = partitionNow();
    } catch (IllegalStateException e) {
      return failed(request, e.getMessage(), started);
    }
    if (view.contains(node)) {
      return result(
          Outcome.SUCCESS,
          0,
          device(request) + "node " + node + " is on (in this node's " + view + ")",
          List.of(),
          started);
    }
    return failed(
        request,
        "the state of node "
            + node
            + " is unknown: it is not in this node's "
            + view
            + " (a node cut off from quorum halts itself if it still runs resources)",
        started);
  }

  private FenceResult off(FenceRequest request, long started) {
    String node = request.target();
    if (node.equals(localNode)) {
      return failed(
          request,
          "refusing to fence node "
              + node
              + " from itself: waiting here proves nothing (a node halts itself when it loses"
              + " quorum with resources running)",
          started);
    }
    Timeout timeout;
    PartitionView view;
    try {
      timeout = timeout(request.parameters());
      view = partitionNow();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return failed(request, e.getMessage(), started);
    }
    if (request.timeout().compareTo(timeout.value()) <= 0) {
      return failed(
          request,
          "the fencing timeout "
              + text(request.timeout())
              + " is not longer than the watchdog timeout "
              + text(timeout.value())
              + " ("
              + timeout.source()
              + "): raise fencing-timeout (stonith-timeout) or pcmk_"
              + request.action()
              + "_timeout above it",
          started);
    }
    if (!view.quorate()) {
      return failed(
          request,
          "this node's "
              + view
              + " has no quorum: node "
              + node
              + " may be in the quorate partition, where it does not halt itself",
          started);
    }
    if (view.contains(node)) {
      return failed(
          request,
          "node "
              + node
              + " is in this node's "
              + view
              + ": it keeps quorum and will not halt itself; "
              + NAME
              + " only fences nodes cut off from the quorate partition",
          started);
    }
    LOG.info(
        "node {}: device {}: waiting the watchdog timeout {} ({}) for node {} to have halted"
            + " itself",
        localNode,
        request.deviceId(),
        text(timeout.value()),
        timeout.source(),
        node);
    long deadline = started + timeout.value().toNanos();
    try {
      for (long left = deadline - waiting.nanoTime();
          left > 0;
          left = deadline - waiting.nanoTime()) {
        waiting.pause(Duration.ofNanos(Math.min(left, CHECK_EVERY.toNanos())));
        PartitionView now = partitionNow();
        if (!now.quorate()) {
          return failed(
              request,
              "this node's partition lost quorum after "
                  + text(since(started))
                  + " of the "
                  + text(timeout.value())
                  + " wait for node "
                  + node
                  + ": not confirmed",
              started);
        }
        if (now.contains(node)) {
          return failed(
              request,
              "node "
                  + node
                  + " came back into this partition after "
                  + text(since(started))
                  + " of the "
                  + text(timeout.value())
                  + " wait: it has not halted itself",
              started);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(
          request,
          "interrupted after "
              + text(since(started))
              + " of the "
              + text(timeout.value())
              + " wait for node "
              + node
              + ": not confirmed",
          started);
    } catch (IllegalStateException e) {
      return failed(request, e.getMessage(), started);
    }
    return result(
        Outcome.SUCCESS,
        0,
        device(request)
            + "node "
            + node
            + " stayed out of this quorate partition for the watchdog timeout "
            + text(timeout.value())
            + " ("
            + timeout.source()
            + "): it has halted itself if it still had resources running",
        List.of(),
        started);
  }

  private PartitionView partitionNow() {
    PartitionView view;
    try {
      view = partition.get();
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot tell this node's partition: " + e, e);
    }
    if (view == null) {
      throw new IllegalStateException("cannot tell this node's partition: no quorum state yet");
    }
    return view;
  }

  /**
   * Only {@value WatchdogTimeouts#PARAMETER} and the cluster's own parameters ({@code pcmk_*},
   * {@code CRM_meta_*}, {@code #...}, {@code priority}) are accepted: a misspelt timeout must not
   * fall back silently to another value.
   */
  private static void checkParameters(Map<String, String> params) {
    for (String key : new TreeSet<>(params.keySet())) {
      boolean known =
          key.equals(WatchdogTimeouts.PARAMETER)
              || key.equals("priority")
              || key.startsWith("pcmk_")
              || key.startsWith("CRM_meta_")
              || key.startsWith("#");
      if (!known) {
        throw new IllegalArgumentException(
            "unknown parameter '"
                + key.replaceAll("\\p{Cntrl}", "?")
                + "' (known: "
                + WatchdogTimeouts.PARAMETER
                + ")");
      }
    }
  }

  private Duration since(long started) {
    return Duration.ofNanos(Math.max(0, waiting.nanoTime() - started));
  }

  private static String text(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  private static String device(FenceRequest request) {
    return "device " + request.deviceId() + ": ";
  }

  private FenceResult failed(FenceRequest request, String message, long started) {
    return result(Outcome.FAILED, 1, device(request) + message, List.of(), started);
  }

  private FenceResult result(
      Outcome outcome, int exitCode, String message, List<String> ports, long started) {
    return new FenceResult(outcome, exitCode, message, "", ports, since(started));
  }

  @Override
  public String toString() {
    return "stonith:" + NAME + " on node " + localNode;
  }
}
