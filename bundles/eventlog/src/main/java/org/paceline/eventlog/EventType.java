package org.paceline.eventlog;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The event types this version of the schema defines, each with its wire name and the record its
 * payload maps to. An {@link Event} keeps its type as a string, so a reader also carries types that
 * a newer writer added; {@link #of(String)} tells the known ones apart.
 */
public enum EventType {
  /** A node joined the membership. */
  NODE_JOINED("node.joined", EventPayload.NodeJoined.class),
  /** A node left the membership cleanly (it shut down). */
  NODE_LEFT("node.left", EventPayload.NodeLeft.class),
  /** A node dropped out of the membership without leaving (failure or partition). */
  NODE_LOST("node.lost", EventPayload.NodeLost.class),
  /** The partition gained or lost quorum, or its votes changed. */
  QUORUM_CHANGED("quorum.changed", EventPayload.QuorumChanged.class),
  /** Another node became the designated controller. */
  DC_CHANGED("dc.changed", EventPayload.DcChanged.class),
  /** The CIB changed (configuration or status), with a summary of the change. */
  CIB_CHANGED("cib.changed", EventPayload.CibChanged.class),
  /** The DC started executing a transition graph. */
  TRANSITION_STARTED("transition.started", EventPayload.TransitionStarted.class),
  /** A transition graph finished, was aborted, or failed. */
  TRANSITION_COMPLETED("transition.completed", EventPayload.TransitionCompleted.class),
  /** A resource operation (start, stop, monitor, ...) returned. */
  RESOURCE_OP_COMPLETED("resource.op.completed", EventPayload.ResourceOpCompleted.class),
  /** A resource operation failed: the result was not the expected one. */
  RESOURCE_FAILED("resource.failed", EventPayload.ResourceFailed.class),
  /** A resource now runs on another node. */
  RESOURCE_MOVED("resource.moved", EventPayload.ResourceMoved.class),
  /** Fencing of a node was requested. */
  FENCING_REQUESTED("fencing.requested", EventPayload.FencingRequested.class),
  /** A fencing request finished, successfully or not. */
  FENCING_COMPLETED("fencing.completed", EventPayload.FencingCompleted.class),
  /** An operator did something through the CLI, the admin API or the web console. */
  OPERATOR_ACTION("operator.action", EventPayload.OperatorAction.class);

  private static final Map<String, EventType> BY_NAME =
      Stream.of(values())
          .collect(Collectors.toUnmodifiableMap(t -> t.wireName, Function.identity()));

  private final String wireName;
  private final Class<? extends EventPayload> payloadType;

  EventType(String wireName, Class<? extends EventPayload> payloadType) {
    this.wireName = wireName;
    this.payloadType = payloadType;
  }

  /** The {@code type} field's value, e.g. {@code node.joined}. */
  public String wireName() {
    return wireName;
  }

  /** The record this type's payload maps to. */
  public Class<? extends EventPayload> payloadType() {
    return payloadType;
  }

  /** The known type named {@code wireName}, or empty for a type this version does not know. */
  public static Optional<EventType> of(String wireName) {
    return Optional.ofNullable(BY_NAME.get(wireName));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
