package org.paceline.scheduler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One action of the transition graph: a resource operation on a node, a pseudo-action marking a
 * point in the graph (a group or clone started, a stop implied by fencing), fencing a node, or a
 * node shutdown. Only required, runnable actions are in the graph.
 *
 * @param id the action's number within the schedule (orderings refer to it)
 * @param key Pacemaker's operation key, e.g. {@code rsc1_start_0}, {@code grp_running_0}, {@code
 *     rsc1_monitor_10000}; for node actions the task
 * @param task {@code start}, {@code stop}, {@code monitor}, {@code promote}, {@code demote}, {@code
 *     running}, {@code stopped}, {@code promoted}, {@code demoted}, {@code stonith} or {@code
 *     do_shutdown}
 * @param resource the resource (instance) id, e.g. {@code db:1}; null for node actions
 * @param historyId the id the result is recorded under in the node's history: the name of the
 *     resource's existing history on the node (for an anonymous clone instance possibly the
 *     primitive id without instance number), else the resource id; null for pseudo and node actions
 * @param agent the resource's agent ({@code class:provider:type}), null for node actions
 * @param node the node the action runs on (the node to fence for fencing); null for pseudo-actions
 * @param intervalMs the interval of a recurring monitor; 0 for one-time actions and probes
 * @param pseudo whether the action is a pseudo-action (nothing is executed)
 * @param expectedRc the OCF result the action should give: 0, 7 (a probe of an inactive resource)
 *     or 8 (a monitor of a promoted resource)
 * @param fenceAction for fencing: {@code reboot} or {@code off}; null otherwise
 * @param notification for a clone notification ({@code task} {@code notify}): what the agent is
 *     told, as Pacemaker passes it in {@code OCF_RESKEY_CRM_meta_*} variables ({@code notify_type}
 *     pre or post, {@code notify_operation}, {@code notify_start_resource}, {@code
 *     notify_start_uname}, ... space-separated lists); empty otherwise
 */
public record ScheduledAction(
    int id,
    String key,
    String task,
    String resource,
    String historyId,
    String agent,
    String node,
    long intervalMs,
    boolean pseudo,
    int expectedRc,
    String fenceAction,
    Map<String, String> notification) {

  /** Validates and copies. */
  public ScheduledAction {
    notification =
        notification == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(notification));
  }

  /** Whether this is a probe (a one-time monitor). */
  public boolean probe() {
    return "monitor".equals(task) && intervalMs == 0;
  }

  /** Whether this fences a node. */
  public boolean fencing() {
    return "stonith".equals(task);
  }
}
