package org.paceline.cib.service;

import java.util.List;
import java.util.Objects;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.JoinState;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.ResourceHistory;

/**
 * One change to the CIB. A node proposes it, the ring delivers it to every replica in the same
 * order, and every replica applies it with the same deterministic rules, so all replicas end in the
 * same state. Configuration changes raise the epoch and need quorum; status changes raise
 * num_updates and always flow.
 */
public sealed interface CibChange {

  /** Whether this change edits the configuration (and so needs a quorate partition). */
  boolean editsConfiguration();

  /** A one-line description for logs and events, e.g. {@code apply crm: primitive web ...}. */
  String describe();

  /** Replaces the whole configuration ({@code configure load replace}, {@code import-xml}). */
  record ReplaceConfiguration(Configuration configuration) implements CibChange {
    public ReplaceConfiguration {
      Objects.requireNonNull(configuration, "configuration");
    }

    @Override
    public boolean editsConfiguration() {
      return true;
    }

    @Override
    public String describe() {
      return "replace configuration ("
          + configuration.allResources().size()
          + " resources, "
          + configuration.constraints().size()
          + " constraints)";
    }
  }

  /**
   * Applies crm-syntax statements to the configuration: each object is added, or replaces the
   * object with the same id when {@code replace} is set (otherwise an existing id is an error).
   * {@code property}, {@code rsc_defaults} and {@code op_defaults} statements merge.
   */
  record ApplyCrm(String statements, boolean replace) implements CibChange {
    public ApplyCrm {
      Objects.requireNonNull(statements, "statements");
    }

    @Override
    public boolean editsConfiguration() {
      return true;
    }

    @Override
    public String describe() {
      String first = statements.strip().lines().findFirst().orElse("");
      return "apply crm" + (replace ? " (replace)" : "") + ": " + first;
    }
  }

  /**
   * Deletes objects by id. A resource that constraints still reference is refused unless {@code
   * force} is set, which deletes those constraints too.
   */
  record DeleteObjects(List<String> ids, boolean force) implements CibChange {
    public DeleteObjects {
      ids = List.copyOf(ids);
      if (ids.isEmpty()) {
        throw new IllegalArgumentException("delete needs at least one id");
      }
    }

    @Override
    public boolean editsConfiguration() {
      return true;
    }

    @Override
    public String describe() {
      return "delete " + String.join(" ", ids) + (force ? " (force)" : "");
    }
  }

  /**
   * Sets (or with a null value removes) a permanent node attribute in the configuration, such as
   * {@code standby} or {@code maintenance}.
   */
  record SetNodeAttribute(String node, String name, String value) implements CibChange {
    public SetNodeAttribute {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public boolean editsConfiguration() {
      return true;
    }

    @Override
    public String describe() {
      return value == null
          ? "delete node attribute " + node + " " + name
          : "set node attribute " + node + " " + name + "=" + value;
    }
  }

  /**
   * Sets (or with a null value removes) a meta-attribute of a resource, such as {@code target-role}
   * ({@code resource start|stop}) or {@code is-managed}, as {@code crm_resource --meta} does.
   */
  record SetResourceMeta(String resource, String name, String value) implements CibChange {
    public SetResourceMeta {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public boolean editsConfiguration() {
      return true;
    }

    @Override
    public String describe() {
      return value == null
          ? "delete meta " + resource + " " + name
          : "set meta " + resource + " " + name + "=" + value;
    }
  }

  /**
   * Records the result of one operation in {@code node}'s status: it replaces the entry with the
   * same operation and interval in the resource's history (the last result of each operation is
   * kept). With {@code countFailure} the same change also adds one to the operation's fail count
   * ({@code fail-count-RSC#OP_INTERVAL}, saturating at INFINITY; a failed start with {@code
   * start-failure-is-fatal}, the default, sets it to INFINITY) and sets its {@code
   * last-failure-RSC#OP_INTERVAL} to the record's {@code last-rc-change}: one change, so no replica
   * ever sees the failed result without its count.
   *
   * @param agent the resource's agent, {@code class:provider:type}
   * @param countFailure whether the result is a failure that counts against the resource
   */
  record RecordOperation(
      String node, String resource, String agent, OperationRecord record, boolean countFailure)
      implements CibChange {
    public RecordOperation {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(record, "record");
    }

    /** A result that is not a failure to count. */
    public RecordOperation(String node, String resource, String agent, OperationRecord record) {
      this(node, resource, agent, record, false);
    }

    @Override
    public boolean editsConfiguration() {
      return false;
    }

    @Override
    public String describe() {
      return "record "
          + resource
          + "_"
          + record.operation()
          + "_"
          + record.intervalMs()
          + " on "
          + node
          + " rc="
          + record.rc()
          + (countFailure ? " (failure)" : "");
    }
  }

  /** Sets (or with a null value removes) a transient node attribute in the status. */
  record SetTransientAttribute(String node, String name, String value) implements CibChange {
    public SetTransientAttribute {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public boolean editsConfiguration() {
      return false;
    }

    @Override
    public String describe() {
      return value == null
          ? "delete transient attribute " + node + " " + name
          : "set transient attribute " + node + " " + name + "=" + value;
    }
  }

  /**
   * Forgets a resource's operation history and fail counts ({@code resource cleanup}), on one node
   * or, with a null node, on all nodes.
   */
  record ClearHistory(String resource, String node) implements CibChange {
    public ClearHistory {
      Objects.requireNonNull(resource, "resource");
    }

    @Override
    public boolean editsConfiguration() {
      return false;
    }

    @Override
    public String describe() {
      return "cleanup " + resource + (node == null ? "" : " on " + node);
    }
  }

  /**
   * Sets a node's membership in the status ({@code node_state}): whether it is in the ring ({@code
   * in_ccm}), whether its controller is up ({@code crmd}), its join state and the state the DC
   * expects it in ({@code member} or {@code down}). The DC writes it for every node on every view
   * change. A node that leaves the ring loses its transient attributes, as Pacemaker's do; its
   * resource history stays until it is fenced or comes back and reports its own.
   *
   * @param id the node id, or null to keep the one recorded
   */
  record SetNodeState(
      String node, String id, boolean inCcm, boolean crmdOnline, JoinState join, String expected)
      implements CibChange {
    public SetNodeState {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(join, "join");
      if (!"member".equals(expected) && !"down".equals(expected)) {
        throw new IllegalArgumentException("expected must be member or down, got " + expected);
      }
    }

    @Override
    public boolean editsConfiguration() {
      return false;
    }

    @Override
    public String describe() {
      return "node "
          + node
          + " in_ccm="
          + inCcm
          + " crmd="
          + (crmdOnline ? "online" : "offline")
          + " join="
          + join.name().toLowerCase(java.util.Locale.ROOT)
          + " expected="
          + expected;
    }
  }

  /**
   * Records that a node was fenced: it is cleanly down (out of the ring, controller offline,
   * expected down), and its resource history and transient attributes are gone, since nothing runs
   * there any more.
   */
  record NodeFenced(String node) implements CibChange {
    public NodeFenced {
      Objects.requireNonNull(node, "node");
    }

    @Override
    public boolean editsConfiguration() {
      return false;
    }

    @Override
    public String describe() {
      return "node " + node + " fenced";
    }
  }

  /**
   * Replaces a node's whole resource history with what the node itself reports: a node that
   * (re)joins tells the partition what its executor last did with each resource, so the status
   * reflects the node and not whatever a merged partition last believed of it.
   */
  record ReplaceNodeHistory(String node, List<ResourceHistory> resources) implements CibChange {
    public ReplaceNodeHistory {
      Objects.requireNonNull(node, "node");
      resources = List.copyOf(resources);
    }

    @Override
    public boolean editsConfiguration() {
      return false;
    }

    @Override
    public String describe() {
      return "history of " + node + " (" + resources.size() + " resources)";
    }
  }
}
