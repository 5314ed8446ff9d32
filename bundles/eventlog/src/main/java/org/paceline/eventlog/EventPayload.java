package org.paceline.eventlog;

import java.util.List;
import java.util.Objects;

/**
 * The payload of each known event type, as a record whose components are the payload's JSON fields
 * in order. {@link #type()} and {@link #subject()} give the event's {@code type} and {@code
 * subject}. Nullable components are written as JSON {@code null}, never left out.
 */
public sealed interface EventPayload {

  /** The event type this payload belongs to. */
  EventType type();

  /** What the event is about, see {@link Subjects}. */
  String subject();

  /**
   * A node joined the membership.
   *
   * @param node the node's name
   * @param nodeId its ring node id
   */
  record NodeJoined(String node, int nodeId) implements EventPayload {
    public NodeJoined {
      Objects.requireNonNull(node, "node");
    }

    @Override
    public EventType type() {
      return EventType.NODE_JOINED;
    }

    @Override
    public String subject() {
      return Subjects.node(node);
    }
  }

  /**
   * A node left the membership cleanly: it announced its shutdown.
   *
   * @param node the node's name
   * @param nodeId its ring node id
   */
  record NodeLeft(String node, int nodeId) implements EventPayload {
    public NodeLeft {
      Objects.requireNonNull(node, "node");
    }

    @Override
    public EventType type() {
      return EventType.NODE_LEFT;
    }

    @Override
    public String subject() {
      return Subjects.node(node);
    }
  }

  /**
   * A node dropped out of the membership without leaving: it failed or is on the other side of a
   * partition. It is unclean until fenced or back.
   *
   * @param node the node's name
   * @param nodeId its ring node id
   */
  record NodeLost(String node, int nodeId) implements EventPayload {
    public NodeLost {
      Objects.requireNonNull(node, "node");
    }

    @Override
    public EventType type() {
      return EventType.NODE_LOST;
    }

    @Override
    public String subject() {
      return Subjects.node(node);
    }
  }

  /**
   * The partition's quorum state after a membership change.
   *
   * @param quorate whether the partition has quorum
   * @param votes the votes present in the partition
   * @param expectedVotes the expected votes
   * @param quorum the votes needed for quorum
   * @param members the names of the partition's members, sorted
   */
  record QuorumChanged(
      boolean quorate, int votes, int expectedVotes, int quorum, List<String> members)
      implements EventPayload {
    public QuorumChanged {
      members = List.copyOf(members);
    }

    @Override
    public EventType type() {
      return EventType.QUORUM_CHANGED;
    }

    @Override
    public String subject() {
      return Subjects.CLUSTER;
    }
  }

  /**
   * Another node became the designated controller.
   *
   * @param dc the new DC's name, null when the partition has none
   * @param previous the previous DC's name, null when there was none
   */
  record DcChanged(String dc, String previous) implements EventPayload {
    @Override
    public EventType type() {
      return EventType.DC_CHANGED;
    }

    @Override
    public String subject() {
      return Subjects.CLUSTER;
    }
  }

  /**
   * The CIB changed.
   *
   * @param version the CIB version after the change, {@code admin_epoch.epoch.num_updates}
   * @param previousVersion the version before
   * @param configuration whether the configuration changed (false: only the status)
   * @param summary a one-line description of the change, e.g. {@code apply crm: primitive web ...}
   * @param added ids of configuration objects the change added
   * @param removed ids of configuration objects the change removed
   * @param modified ids of configuration objects the change modified
   */
  record CibChanged(
      String version,
      String previousVersion,
      boolean configuration,
      String summary,
      List<String> added,
      List<String> removed,
      List<String> modified)
      implements EventPayload {
    public CibChanged {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(summary, "summary");
      added = List.copyOf(added);
      removed = List.copyOf(removed);
      modified = List.copyOf(modified);
    }

    @Override
    public EventType type() {
      return EventType.CIB_CHANGED;
    }

    @Override
    public String subject() {
      return Subjects.CIB;
    }
  }

  /**
   * The DC started executing a transition graph.
   *
   * @param transition the transition's number
   * @param cibVersion the CIB version the graph was computed from
   * @param actions how many actions the graph holds
   * @param reason what triggered it, e.g. {@code cib.changed 0.8.0} or {@code node.lost n3}
   */
  record TransitionStarted(long transition, String cibVersion, int actions, String reason)
      implements EventPayload {
    @Override
    public EventType type() {
      return EventType.TRANSITION_STARTED;
    }

    @Override
    public String subject() {
      return Subjects.transition(transition);
    }
  }

  /**
   * A transition graph ended.
   *
   * @param transition the transition's number
   * @param result {@code complete}, {@code aborted} (a new event made the DC start over) or {@code
   *     failed}
   * @param completed actions that completed
   * @param failed actions that failed
   * @param durationMs how long the transition ran
   */
  record TransitionCompleted(
      long transition, String result, int completed, int failed, long durationMs)
      implements EventPayload {
    public TransitionCompleted {
      Objects.requireNonNull(result, "result");
    }

    @Override
    public EventType type() {
      return EventType.TRANSITION_COMPLETED;
    }

    @Override
    public String subject() {
      return Subjects.transition(transition);
    }
  }

  /**
   * A resource operation returned (whatever its result).
   *
   * @param resource the resource id (a clone instance as {@code id:n})
   * @param node where it ran
   * @param agent the agent, {@code class:provider:type}
   * @param operation {@code start}, {@code stop}, {@code monitor}, {@code promote}, ...
   * @param intervalMs the operation's interval, 0 for one-shot operations
   * @param rc the OCF return code
   * @param rcText the return code's name, e.g. {@code OCF_NOT_RUNNING}
   * @param durationMs how long the operation ran
   */
  record ResourceOpCompleted(
      String resource,
      String node,
      String agent,
      String operation,
      long intervalMs,
      int rc,
      String rcText,
      long durationMs)
      implements EventPayload {
    public ResourceOpCompleted {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(operation, "operation");
    }

    @Override
    public EventType type() {
      return EventType.RESOURCE_OP_COMPLETED;
    }

    @Override
    public String subject() {
      return Subjects.resource(resource);
    }
  }

  /**
   * A resource operation did not give the expected result.
   *
   * @param resource the resource id
   * @param node where it ran
   * @param operation the operation
   * @param intervalMs the operation's interval
   * @param rc the OCF return code
   * @param rcText the return code's name
   * @param failCount the resource's fail count on that node after this failure
   * @param reason the agent's message or {@code timeout}
   */
  record ResourceFailed(
      String resource,
      String node,
      String operation,
      long intervalMs,
      int rc,
      String rcText,
      int failCount,
      String reason)
      implements EventPayload {
    public ResourceFailed {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(operation, "operation");
    }

    @Override
    public EventType type() {
      return EventType.RESOURCE_FAILED;
    }

    @Override
    public String subject() {
      return Subjects.resource(resource);
    }
  }

  /**
   * A resource stopped on one node and started on another.
   *
   * @param resource the resource id
   * @param from the node it ran on
   * @param to the node it runs on now
   * @param reason why, e.g. {@code node.lost n1}, {@code operator move}, {@code failure}
   */
  record ResourceMoved(String resource, String from, String to, String reason)
      implements EventPayload {
    public ResourceMoved {
      Objects.requireNonNull(resource, "resource");
    }

    @Override
    public EventType type() {
      return EventType.RESOURCE_MOVED;
    }

    @Override
    public String subject() {
      return Subjects.resource(resource);
    }
  }

  /**
   * Fencing of a node was requested.
   *
   * @param target the node to fence
   * @param action {@code reboot}, {@code off} or {@code on}
   * @param requester the node or operator that asked
   * @param reason why, e.g. {@code node.lost}, {@code stop failed}, {@code operator}
   */
  record FencingRequested(String target, String action, String requester, String reason)
      implements EventPayload {
    public FencingRequested {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(action, "action");
    }

    @Override
    public EventType type() {
      return EventType.FENCING_REQUESTED;
    }

    @Override
    public String subject() {
      return Subjects.node(target);
    }
  }

  /**
   * A fencing request ended.
   *
   * @param target the fenced node
   * @param action {@code reboot}, {@code off} or {@code on}
   * @param success whether the node was fenced
   * @param device the device that did it (or tried last), null if none was tried
   * @param executioner the node that ran the device, null if none
   * @param error why it failed, null on success
   */
  record FencingCompleted(
      String target,
      String action,
      boolean success,
      String device,
      String executioner,
      String error)
      implements EventPayload {
    public FencingCompleted {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(action, "action");
    }

    @Override
    public EventType type() {
      return EventType.FENCING_COMPLETED;
    }

    @Override
    public String subject() {
      return Subjects.node(target);
    }
  }

  /**
   * An operator acted on the cluster.
   *
   * @param who the authenticated user and where from, e.g. {@code admin@127.0.0.1}
   * @param what the command, e.g. {@code resource move web n2}
   * @param target the subject acted on ({@code resource/web}, {@code node/n2}), null for the
   *     cluster
   * @param success whether the action was accepted
   * @param error why it was refused, null on success
   */
  record OperatorAction(String who, String what, String target, boolean success, String error)
      implements EventPayload {
    public OperatorAction {
      Objects.requireNonNull(who, "who");
      Objects.requireNonNull(what, "what");
    }

    @Override
    public EventType type() {
      return EventType.OPERATOR_ACTION;
    }

    @Override
    public String subject() {
      return target == null ? Subjects.CLUSTER : target;
    }
  }
}
