package org.paceline.cib.service;

import java.util.List;
import java.util.Objects;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.OperationRecord;

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
   * kept). Fail counts are transient attributes the controller sets with {@link
   * SetTransientAttribute}.
   *
   * @param agent the resource's agent, {@code class:provider:type}
   */
  record RecordOperation(String node, String resource, String agent, OperationRecord record)
      implements CibChange {
    public RecordOperation {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(record, "record");
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
          + record.rc();
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
}
