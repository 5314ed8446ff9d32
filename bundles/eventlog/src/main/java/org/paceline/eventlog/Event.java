package org.paceline.eventlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One cluster event: what happened ({@code type}, {@code subject}, {@code payload}), where ({@code
 * node}, the origin), when ({@code time}, UTC, millisecond precision) and its place in the
 * cluster-wide order ({@code seq}: gap-free and increasing, assigned by the replicated state
 * machine). See {@code docs/events.md} for the schema.
 *
 * <p>Immutable: the payload is copied in and out. {@link EventCodec} writes and reads the JSON
 * form.
 *
 * @param cluster the cluster's name
 * @param seq the cluster-wide sequence number, from 1
 * @param time when the event happened, truncated to milliseconds
 * @param node the node where it happened
 * @param type the event type's wire name, see {@link EventType}; unknown types are kept as they are
 * @param subject what the event is about, see {@link Subjects}; the Kafka record key
 * @param payload the type's fields, a JSON object
 */
public record Event(
    String cluster,
    long seq,
    Instant time,
    String node,
    String type,
    String subject,
    ObjectNode payload) {

  public Event {
    requireText(cluster, "cluster");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1, not " + seq);
    }
    time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
    requireText(node, "node");
    requireText(type, "type");
    if (!isType(type)) {
      throw new IllegalArgumentException(
          "type must be lower-case dotted words such as node.joined, not '" + type + "'");
    }
    requireText(subject, "subject");
    payload = Objects.requireNonNull(payload, "payload").deepCopy();
  }

  /** An event of a known type: {@code type} and {@code subject} come from the payload. */
  public static Event of(
      String cluster, long seq, Instant time, String node, EventPayload payload) {
    return new Event(
        cluster,
        seq,
        time,
        node,
        payload.type().wireName(),
        payload.subject(),
        EventCodec.payloadTree(payload));
  }

  /** A copy of the payload. */
  @Override
  public ObjectNode payload() {
    return payload.deepCopy();
  }

  /** The payload without copying, for the codec, which only reads it. */
  ObjectNode payloadTree() {
    return payload;
  }

  /** This event with another sequence number. */
  public Event withSeq(long newSeq) {
    return new Event(cluster, newSeq, time, node, type, subject, payload);
  }

  /**
   * Whether {@code t} is lower-case dotted words: {@code [a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+}
   * (checked by hand: the relay checks a type per event).
   */
  static boolean isType(String t) {
    int words = 0;
    boolean wordStart = true;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (wordStart) {
        if (c < 'a' || c > 'z') {
          return false;
        }
        wordStart = false;
        words++;
      } else if (c == '.') {
        wordStart = true;
      } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return !wordStart && words >= 2;
  }

  static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
