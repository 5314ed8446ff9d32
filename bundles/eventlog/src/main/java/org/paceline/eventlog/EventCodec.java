package org.paceline.eventlog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes and reads events as JSON (UTF-8), one object per event, fields always in the order {@code
 * schema, cluster, seq, time, node, type, subject, payload}. Reading ignores unknown fields (a
 * newer writer may add some) and refuses a newer major schema. Thread-safe.
 */
public final class EventCodec {

  /**
   * The schema's major version, written as the {@code schema} field. It changes only when a change
   * would break existing readers; adding event types or payload fields does not change it.
   */
  public static final int SCHEMA_VERSION = 1;

  /** Where the JSON Schema of this version is, as a class path resource of this bundle. */
  public static final String SCHEMA_RESOURCE = "/org/paceline/eventlog/event-v1.schema.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The event's JSON bytes. */
  public byte[] encode(Event event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("schema", SCHEMA_VERSION);
      g.writeStringField("cluster", event.cluster());
      g.writeNumberField("seq", event.seq());
      g.writeStringField("time", formatTime(event.time()));
      g.writeStringField("node", event.node());
      g.writeStringField("type", event.type());
      g.writeStringField("subject", event.subject());
      g.writeFieldName("payload");
      MAPPER.writeTree(g, event.payloadTree());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write event " + event.seq(), e);
    }
    return out.toByteArray();
  }

  /** The event's JSON text. */
  public String encodeToString(Event event) {
    return new String(encode(event), StandardCharsets.UTF_8);
  }

  /**
   * Reads one event.
   *
   * @throws EventFormatException if the bytes are not JSON, a required field is missing or has the
   *     wrong type, or the schema version is newer than {@link #SCHEMA_VERSION}
   */
  public Event decode(byte[] json) throws EventFormatException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new EventFormatException("an event is not valid JSON: " + e.getMessage(), e);
    }
    return fromTree(tree);
  }

  /** Reads one event from its JSON text; see {@link #decode(byte[])}. */
  public Event decode(String json) throws EventFormatException {
    return decode(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads one event from a JSON tree; see {@link #decode(byte[])}. */
  public Event fromTree(JsonNode tree) throws EventFormatException {
    if (tree == null || !tree.isObject()) {
      throw new EventFormatException("an event must be a JSON object");
    }
    JsonNode schema = tree.get("schema");
    if (schema != null && !schema.isNull()) {
      if (!schema.canConvertToInt() || !schema.isIntegralNumber() || schema.intValue() < 1) {
        throw new EventFormatException("field 'schema' must be a positive integer: " + schema);
      }
      if (schema.intValue() > SCHEMA_VERSION) {
        throw new EventFormatException(
            "event schema "
                + schema.intValue()
                + " is newer than this reader understands ("
                + SCHEMA_VERSION
                + ")");
      }
    }
    String cluster = text(tree, "cluster");
    JsonNode seqNode = tree.get("seq");
    if (seqNode == null || !seqNode.isIntegralNumber() || !seqNode.canConvertToLong()) {
      throw new EventFormatException("field 'seq' must be an integer" + found(seqNode));
    }
    Instant time = parseTime(text(tree, "time"));
    String node = text(tree, "node");
    String type = text(tree, "type");
    String subject = text(tree, "subject");
    JsonNode payload = tree.get("payload");
    if (payload == null || !payload.isObject()) {
      throw new EventFormatException("field 'payload' must be a JSON object" + found(payload));
    }
    try {
      return new Event(
          cluster, seqNode.longValue(), time, node, type, subject, (ObjectNode) payload);
    } catch (IllegalArgumentException e) {
      throw new EventFormatException("invalid event: " + e.getMessage(), e);
    }
  }

  /**
   * A draft's JSON bytes (the pending-draft journal's records): {@code schema, node, draft, time,
   * type, subject, payload}.
   */
  public byte[] encodeDraft(EventDraft draft) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("schema", SCHEMA_VERSION);
      g.writeStringField("node", draft.node());
      g.writeNumberField("draft", draft.draftId());
      g.writeStringField("time", formatTime(draft.time()));
      g.writeStringField("type", draft.type());
      g.writeStringField("subject", draft.subject());
      g.writeFieldName("payload");
      MAPPER.writeTree(g, draft.payload());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write draft " + draft.draftId(), e);
    }
    return out.toByteArray();
  }

  /**
   * Reads one draft written by {@link #encodeDraft}.
   *
   * @throws EventFormatException naming the field that is missing or wrong
   */
  public EventDraft decodeDraft(byte[] json) throws EventFormatException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new EventFormatException("a draft is not valid JSON: " + e.getMessage(), e);
    }
    return draftFromTree(tree);
  }

  /**
   * Reads one draft from its JSON tree (as {@link #encodeDraft} writes it, parsed as part of a
   * larger message).
   *
   * @throws EventFormatException naming the field that is missing or wrong
   */
  public EventDraft draftFromTree(JsonNode tree) throws EventFormatException {
    if (tree == null || !tree.isObject()) {
      throw new EventFormatException("a draft must be a JSON object");
    }
    JsonNode id = tree.get("draft");
    if (id == null || !id.isIntegralNumber() || !id.canConvertToLong()) {
      throw new EventFormatException("field 'draft' must be an integer" + found(id));
    }
    JsonNode payload = tree.get("payload");
    if (payload == null || !payload.isObject()) {
      throw new EventFormatException("field 'payload' must be a JSON object" + found(payload));
    }
    try {
      return new EventDraft(
          text(tree, "node"),
          id.longValue(),
          parseTime(text(tree, "time")),
          text(tree, "type"),
          text(tree, "subject"),
          (ObjectNode) payload);
    } catch (IllegalArgumentException e) {
      throw new EventFormatException("invalid draft: " + e.getMessage(), e);
    }
  }

  /**
   * The {@code subject} of an encoded event, found without reading the whole event (the Kafka
   * publisher's record key).
   *
   * @throws EventFormatException if the bytes are not a JSON object with a string {@code subject}
   */
  public String subjectOf(byte[] json) throws EventFormatException {
    try (JsonParser p = MAPPER.getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new EventFormatException("an event must be a JSON object");
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("subject".equals(field)) {
          if (value != JsonToken.VALUE_STRING) {
            break;
          }
          return p.getText();
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      throw new EventFormatException("an event is not valid JSON: " + e.getMessage(), e);
    }
    throw new EventFormatException("field 'subject' must be a non-empty string");
  }

  /** The event as a JSON tree (the same fields and order as {@link #encode}). */
  public ObjectNode toTree(Event event) {
    try {
      return (ObjectNode) MAPPER.readTree(encode(event));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The typed payload of an event of a known type, or empty for a type this version does not know.
   *
   * @throws EventFormatException if the payload does not fit its type's record
   */
  public Optional<EventPayload> payload(Event event) throws EventFormatException {
    Optional<EventType> type = EventType.of(event.type());
    if (type.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.treeToValue(event.payloadTree(), type.get().payloadType()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new EventFormatException(
          "the payload of event " + event.seq() + " (" + event.type() + ") is invalid: " + e, e);
    }
  }

  /**
   * The payload record as a JSON object, its fields in component order. Built by writing and
   * reading the JSON, so its numbers are the same node types a decoded event has (events compare
   * equal after a round trip).
   */
  public static ObjectNode payloadTree(EventPayload payload) {
    try {
      return (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsBytes(payload));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the payload " + payload, e);
    }
  }

  /** Whether {@code type} is a valid event type: lower-case dotted words such as node.joined. */
  public static boolean isEventType(String type) {
    return type != null && Event.isType(type);
  }

  /**
   * Reads an event's or draft's {@code time}, as {@link #decode} does.
   *
   * @throws EventFormatException naming the field if it is not an ISO-8601 time
   */
  public static Instant parseEventTime(String text) throws EventFormatException {
    return parseTime(text);
  }

  /** {@code time} as the event log writes it: ISO-8601, UTC, milliseconds. */
  public static String formatTime(Instant time) {
    long seconds = time.getEpochSecond();
    if (seconds < 0 || seconds >= LAST_FAST_SECOND) {
      return TIME.format(time);
    }
    // 1970..9999: written by hand, the formatter costs more than the rest of an event's encoding
    java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    char[] c = new char[24];
    put(c, 0, t.getYear(), 4);
    c[4] = '-';
    put(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, t.getHour(), 2);
    c[13] = ':';
    put(c, 14, t.getMinute(), 2);
    c[16] = ':';
    put(c, 17, t.getSecond(), 2);
    c[19] = '.';
    put(c, 20, time.getNano() / 1_000_000, 3);
    c[23] = 'Z';
    return new String(c);
  }

  /** 10000-01-01T00:00:00Z: from there on the year has five digits. */
  private static final long LAST_FAST_SECOND = 253_402_300_800L;

  private static void put(char[] c, int at, int value, int digits) {
    for (int i = at + digits - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static Instant parseTime(String text) throws EventFormatException {
    Instant fast = parseUtcMillis(text);
    if (fast != null) {
      return fast;
    }
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
    } catch (DateTimeException e) {
      throw new EventFormatException(
          "field 'time' must be an ISO-8601 time such as 2026-01-31T12:00:00.000Z, not '"
              + text
              + "'",
          e);
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, the form {@link #formatTime} writes, read without a {@link
   * DateTimeFormatter} (the relay reads a time per draft); null for any other form, which the
   * formatter then reads or rejects.
   */
  private static Instant parseUtcMillis(String t) {
    if (t.length() != 24
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':'
        || t.charAt(19) != '.'
        || t.charAt(23) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    int milli = digits(t, 20, 3);
    if ((year | month | day | hour | minute | second | milli) < 0) {
      return null;
    }
    try {
      return java.time.LocalDateTime.of(year, month, day, hour, minute, second, milli * 1_000_000)
          .toInstant(java.time.ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null; // out of range (month 13, ...): the formatter says so
    }
  }

  /** The decimal number in {@code t} from {@code at}, {@code n} digits, or -1. */
  private static int digits(String t, int at, int n) {
    int v = 0;
    for (int i = at; i < at + n; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static String text(JsonNode tree, String field) throws EventFormatException {
    JsonNode n = tree.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new EventFormatException("field '" + field + "' must be a non-empty string" + found(n));
    }
    return n.asText();
  }

  private static String found(JsonNode n) {
    return n == null
        ? " (missing)"
        : " (found " + n.getNodeType().name().toLowerCase(Locale.ROOT) + ")";
  }
}
