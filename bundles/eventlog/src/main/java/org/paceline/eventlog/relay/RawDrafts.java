package org.paceline.eventlog.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.EventFormatException;
import org.paceline.eventlog.EventNumbering;

/**
 * The relay's hot path without JSON trees: reads a {@code drafts} message with a streaming parser
 * (each draft's fields, its payload only as a span of the message's bytes) and writes each numbered
 * event's bytes from those parts, byte for byte what {@link EventCodec#encode} writes for the same
 * event. Delivering drafts on every node and journaling the events is the event log's main cost per
 * event; building and copying a tree per draft and serializing it again cost more than the rest.
 */
final class RawDrafts {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();

  private RawDrafts() {}

  /** One draft of a message: its fields, and where its payload object is in {@code source}. */
  record Draft(
      String node,
      long draftId,
      String time,
      String type,
      String subject,
      byte[] source,
      int payloadFrom,
      int payloadTo)
      implements EventNumbering.DraftKey {}

  /**
   * If {@code message} is a {@code drafts} message ({@code {"t":"drafts","drafts":[...]}}, "t"
   * first), its drafts; null if it is another kind of message.
   *
   * @throws EventFormatException naming what is wrong with a drafts message or one of its drafts
   */
  static List<Draft> parse(byte[] message) throws EventFormatException {
    try (JsonParser p = FACTORY.createParser(message)) {
      if (p.nextToken() != JsonToken.START_OBJECT
          || p.nextToken() != JsonToken.FIELD_NAME
          || !"t".equals(p.currentName())
          || p.nextToken() != JsonToken.VALUE_STRING
          || !"drafts".equals(p.getText())) {
        return null;
      }
      List<Draft> out = null;
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (!"drafts".equals(field)) {
          p.skipChildren();
          continue;
        }
        if (v != JsonToken.START_ARRAY) {
          throw new EventFormatException("field 'drafts' must be an array");
        }
        out = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          if (e != JsonToken.START_OBJECT) {
            throw new EventFormatException("a draft must be a JSON object");
          }
          out.add(draft(p, message));
        }
      }
      if (out == null) {
        throw new EventFormatException("a drafts message without field 'drafts'");
      }
      return out;
    } catch (EventFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new EventFormatException("a drafts message is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Reads the draft object whose START_OBJECT {@code p} is at. */
  private static Draft draft(JsonParser p, byte[] message) throws IOException {
    String node = null;
    long id = -1;
    String time = null;
    String type = null;
    String subject = null;
    int from = -1;
    int to = -1;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      switch (field) {
        case "node" -> node = text(p, v, field);
        case "time" -> time = text(p, v, field);
        case "type" -> type = text(p, v, field);
        case "subject" -> subject = text(p, v, field);
        case "draft" -> {
          if (v != JsonToken.VALUE_NUMBER_INT) {
            throw new EventFormatException("field 'draft' must be an integer");
          }
          id = p.getLongValue();
        }
        case "payload" -> {
          if (v != JsonToken.START_OBJECT) {
            throw new EventFormatException("field 'payload' must be a JSON object");
          }
          from = (int) p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          to = (int) p.currentTokenLocation().getByteOffset() + 1;
        }
        default -> p.skipChildren();
      }
    }
    if (id < 1) {
      throw new EventFormatException("field 'draft' must be an integer >= 1");
    }
    require(node, "node");
    require(time, "time");
    require(type, "type");
    require(subject, "subject");
    if (from < 0 || to > message.length || message[from] != '{' || message[to - 1] != '}') {
      throw new EventFormatException("field 'payload' must be a JSON object");
    }
    if (!EventCodec.isEventType(type)) {
      throw new EventFormatException(
          "invalid draft: type must be lower-case dotted words such as node.joined, not '"
              + type
              + "'");
    }
    // the canonical form of the time (UTC, milliseconds), as encode() writes it
    String canonical = EventCodec.formatTime(EventCodec.parseEventTime(time));
    return new Draft(node, id, canonical, type, subject, message, from, to);
  }

  private static String text(JsonParser p, JsonToken v, String field) throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      throw new EventFormatException("field '" + field + "' must be a string");
    }
    return p.getText();
  }

  private static void require(String value, String field) throws EventFormatException {
    if (value == null || value.isBlank()) {
      throw new EventFormatException("field '" + field + "' must be a non-empty string");
    }
  }

  /**
   * The JSON bytes of {@code d} numbered {@code seq} in the cluster whose name {@link #quoted} gave
   * {@code cluster}: what {@link EventCodec#encode} writes for that event.
   */
  static byte[] event(Draft d, byte[] cluster, long seq) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(160 + d.payloadTo() - d.payloadFrom() + cluster.length);
    ascii(out, "{\"schema\":" + EventCodec.SCHEMA_VERSION + ",\"cluster\":");
    out.write(cluster, 0, cluster.length);
    ascii(out, ",\"seq\":" + seq + ",\"time\":");
    string(out, d.time());
    ascii(out, ",\"node\":");
    string(out, d.node());
    ascii(out, ",\"type\":");
    string(out, d.type());
    ascii(out, ",\"subject\":");
    string(out, d.subject());
    ascii(out, ",\"payload\":");
    out.write(d.source(), d.payloadFrom(), d.payloadTo() - d.payloadFrom());
    out.write('}');
    return out.toByteArray();
  }

  /** {@code s} as a JSON string (quotes included), escaped as the codec's generator escapes. */
  static byte[] quoted(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 2);
    string(out, s);
    return out.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, String s) {
    out.write('"');
    byte[] b = QUOTE.quoteAsUTF8(s);
    out.write(b, 0, b.length);
    out.write('"');
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    out.write(b, 0, b.length);
  }
}
