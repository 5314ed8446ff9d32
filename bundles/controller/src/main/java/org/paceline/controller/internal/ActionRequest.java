package org.paceline.controller.internal;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One resource operation the DC asks a node to run, as it travels through the ring.
 *
 * @param transitionKey {@code ACTION:TRANSITION:EXPECTED_RC:DC_INCARNATION}, Pacemaker's
 *     transition-key: the node records it with the result so the DC can match the two
 * @param node the node that runs it
 * @param resource the id the result is recorded under (the history id, e.g. {@code db:1})
 * @param agent {@code class:provider:type}
 * @param task {@code start}, {@code stop}, {@code monitor}, {@code promote}, {@code demote} or
 *     {@code notify}
 * @param intervalMs the interval of a recurring monitor, 0 otherwise
 * @param timeoutMs the operation's timeout
 * @param expectedRc the result the DC expects
 * @param params the resource's instance attributes
 * @param meta meta attributes passed to the agent ({@code OCF_RESKEY_CRM_meta_*})
 */
record ActionRequest(
    String transitionKey,
    String node,
    String resource,
    String agent,
    String task,
    long intervalMs,
    long timeoutMs,
    int expectedRc,
    Map<String, String> params,
    Map<String, String> meta)
    implements ControllerMessage {

  /**
   * Meta attribute of a request for a resource no longer configured: the node runs it with the
   * parameters and meta attributes it last ran the resource with.
   */
  static final String ORPHAN_META = "paceline-orphan";

  ActionRequest {
    Objects.requireNonNull(transitionKey, "transitionKey");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(task, "task");
    if (intervalMs < 0 || timeoutMs <= 0) {
      throw new IllegalArgumentException(
          "bad interval "
              + intervalMs
              + " or timeout "
              + timeoutMs
              + " for "
              + describeOf(resource, task, intervalMs));
    }
    params = Map.copyOf(new TreeMap<>(params));
    meta = Map.copyOf(new TreeMap<>(meta));
  }

  /** Whether it is a probe: a one-time monitor. */
  boolean probe() {
    return "monitor".equals(task) && intervalMs == 0;
  }

  /** Whether it is a recurring monitor. */
  boolean recurring() {
    return intervalMs > 0;
  }

  /** Pacemaker's operation key, e.g. {@code web_monitor_10000}. */
  String operationKey() {
    return describeOf(resource, task, intervalMs);
  }

  private static String describeOf(String resource, String task, long intervalMs) {
    return resource + "_" + task + "_" + intervalMs;
  }
}
