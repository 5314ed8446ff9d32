package org.paceline.eventlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An event before it has its cluster-wide number: what the origin node proposes to the replicated
 * state machine, which numbers it ({@link EventNumbering}). {@code draftId} increases per origin
 * node (across restarts), so a draft proposed twice (after a partition, or when the proposer could
 * not tell whether its proposal was delivered) is numbered once.
 *
 * @param node the origin node
 * @param draftId the origin's own counter, from 1
 * @param time when the event happened, truncated to milliseconds
 * @param type the event type's wire name
 * @param subject what the event is about
 * @param payload the type's fields
 */
public record EventDraft(
    String node, long draftId, Instant time, String type, String subject, ObjectNode payload)
    implements EventNumbering.DraftKey {

  public EventDraft {
    Event.requireText(node, "node");
    if (draftId < 1) {
      throw new IllegalArgumentException("draftId must be >= 1, not " + draftId);
    }
    time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
    Event.requireText(type, "type");
    if (!Event.isType(type)) {
      // checked here, not only when numbered: a draft the relay cannot number would be proposed
      // again and again
      throw new IllegalArgumentException(
          "type must be lower-case dotted words such as node.joined, not '" + type + "'");
    }
    Event.requireText(subject, "subject");
    payload = Objects.requireNonNull(payload, "payload").deepCopy();
  }

  /** A draft of a known event type. */
  public static EventDraft of(String node, long draftId, Instant time, EventPayload payload) {
    return new EventDraft(
        node,
        draftId,
        time,
        payload.type().wireName(),
        payload.subject(),
        EventCodec.payloadTree(payload));
  }

  /** A copy of the payload. */
  @Override
  public ObjectNode payload() {
    return payload.deepCopy();
  }

  /** The event this draft becomes as number {@code seq} of {@code cluster}. */
  public Event number(String cluster, long seq) {
    return new Event(cluster, seq, time, node, type, subject, payload);
  }
}
