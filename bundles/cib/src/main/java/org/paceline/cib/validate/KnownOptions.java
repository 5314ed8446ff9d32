package org.paceline.cib.validate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster options (crm_config properties), resource meta-attributes and operation attributes
 * Pacemaker 2.1 knows, with their value types; Pacemaker 3's fencing-* names included.
 */
final class KnownOptions {

  /** Cluster options and their types. */
  static final Map<String, ValueType> CLUSTER = new LinkedHashMap<>();

  /** Deprecated cluster options and what replaces them. */
  static final Map<String, String> DEPRECATED = new LinkedHashMap<>();

  /** Resource meta-attributes whose values can be checked (others are accepted as they are). */
  static final Map<String, ValueType> RESOURCE_META = new LinkedHashMap<>();

  /** Operation attributes (and op_defaults) whose values can be checked. */
  static final Map<String, ValueType> OPERATION = new LinkedHashMap<>();

  static {
    ValueType b = ValueType.BOOLEAN;
    ValueType d = ValueType.DURATION;
    ValueType i = ValueType.INTEGER;
    ValueType s = ValueType.STRING;
    for (String n :
        new String[] {
          "enable-acl",
          "enable-startup-probes",
          "have-watchdog",
          "maintenance-mode",
          "start-failure-is-fatal",
          "startup-fencing",
          "stonith-enabled",
          "fencing-enabled",
          "stop-all-resources",
          "stop-orphan-actions",
          "stop-orphan-resources",
          "symmetric-cluster",
          "shutdown-lock",
          "concurrent-fencing"
        }) {
      CLUSTER.put(n, b);
    }
    for (String n :
        new String[] {
          "cluster-delay",
          "cluster-recheck-interval",
          "dc-deadtime",
          "election-timeout",
          "join-finalization-timeout",
          "join-integration-timeout",
          "node-pending-timeout",
          "priority-fencing-delay",
          "shutdown-escalation",
          "shutdown-lock-limit",
          "stonith-timeout",
          "fencing-timeout",
          "transition-delay"
        }) {
      CLUSTER.put(n, d);
    }
    // -1 means "compute from the watchdog timeout", so an integer or a time.
    CLUSTER.put("stonith-watchdog-timeout", s);
    CLUSTER.put("fencing-watchdog-timeout", s);
    for (String n :
        new String[] {
          "batch-limit",
          "cluster-ipc-limit",
          "migration-limit",
          "node-action-limit",
          "pe-error-series-max",
          "pe-input-series-max",
          "pe-warn-series-max",
          "stonith-max-attempts"
        }) {
      CLUSTER.put(n, i);
    }
    for (String n :
        new String[] {
          "node-health-base", "node-health-green", "node-health-yellow", "node-health-red"
        }) {
      CLUSTER.put(n, ValueType.SCORE);
    }
    CLUSTER.put(
        "no-quorum-policy",
        ValueType.oneOf("stop", "freeze", "ignore", "demote", "suicide", "fence"));
    CLUSTER.put(
        "placement-strategy", ValueType.oneOf("default", "utilization", "minimal", "balanced"));
    CLUSTER.put("stonith-action", ValueType.oneOf("reboot", "off", "poweroff"));
    CLUSTER.put("fencing-action", ValueType.oneOf("reboot", "off", "poweroff"));
    CLUSTER.put(
        "node-health-strategy",
        ValueType.oneOf("none", "migrate-on-red", "only-green", "progressive", "custom"));
    CLUSTER.put("fence-reaction", ValueType.oneOf("stop", "panic"));
    CLUSTER.put("load-threshold", ValueType.PERCENTAGE);
    for (String n :
        new String[] {"cluster-name", "dc-version", "cluster-infrastructure", "last-lrm-refresh"}) {
      CLUSTER.put(n, s);
    }

    DEPRECATED.put("default-resource-stickiness", "rsc_defaults resource-stickiness");
    DEPRECATED.put("is-managed-default", "rsc_defaults is-managed");
    DEPRECATED.put("default-action-timeout", "op_defaults timeout");
    DEPRECATED.put("crmd-transition-delay", "transition-delay");
    DEPRECATED.put("crmd-integration-timeout", "join-integration-timeout");
    DEPRECATED.put("crmd-finalization-timeout", "join-finalization-timeout");
    DEPRECATED.put("expected-quorum-votes", "the quorum section of corosync.conf");
    DEPRECATED.put("remove-after-stop", "nothing (it is unsafe and will be removed)");

    RESOURCE_META.put("priority", ValueType.SCORE);
    RESOURCE_META.put("target-role", ValueType.ROLE);
    RESOURCE_META.put("is-managed", b);
    RESOURCE_META.put("maintenance", b);
    RESOURCE_META.put("resource-stickiness", ValueType.SCORE);
    RESOURCE_META.put("migration-threshold", ValueType.SCORE);
    RESOURCE_META.put("failure-timeout", d);
    RESOURCE_META.put("allow-migrate", b);
    RESOURCE_META.put("allow-unhealthy-nodes", b);
    RESOURCE_META.put("critical", b);
    RESOURCE_META.put("requires", ValueType.oneOf("nothing", "quorum", "fencing", "unfencing"));
    RESOURCE_META.put(
        "multiple-active", ValueType.oneOf("block", "stop_only", "stop_start", "stop_unexpected"));

    OPERATION.put("timeout", d);
    OPERATION.put("interval", d);
    OPERATION.put("start-delay", d);
    OPERATION.put("record-pending", b);
    OPERATION.put("enabled", b);
    OPERATION.put("role", ValueType.ROLE);
    OPERATION.put(
        "on-fail",
        ValueType.oneOf(
            "ignore",
            "block",
            "demote",
            "stop",
            "restart",
            "standby",
            "fence",
            "restart-container"));
    OPERATION.put("requires", ValueType.oneOf("nothing", "quorum", "fencing", "unfencing"));
  }

  private KnownOptions() {}
}
