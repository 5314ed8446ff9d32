package org.paceline.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventCodecTest {

  private final EventCodec codec = new EventCodec();

  @Test
  void everyKnownPayloadSurvivesTheRoundTrip() throws Exception {
    long seq = 1;
    for (EventPayload p : Samples.payloads()) {
      Event e = Event.of("alpha", seq++, Samples.TIME, "n1", p);
      Event back = codec.decode(codec.encode(e));
      assertThat(back).isEqualTo(e);
      assertThat(back.type()).isEqualTo(p.type().wireName());
      assertThat(back.subject()).isEqualTo(p.subject());
      assertThat(codec.payload(back)).contains(p);
    }
  }

  @Test
  void writesTheFieldsInAStableOrder() {
    Event e = Event.of("alpha", 7, Samples.TIME, "n1", new EventPayload.NodeJoined("n2", 2));
    assertThat(codec.encodeToString(e))
        .isEqualTo(
            "{\"schema\":1,\"cluster\":\"alpha\",\"seq\":7,\"time\":\"2026-01-31T12:00:00.123Z\","
                + "\"node\":\"n1\",\"type\":\"node.joined\",\"subject\":\"node/n2\","
                + "\"payload\":{\"node\":\"n2\",\"nodeId\":2}}");
  }

  @Test
  void timeIsUtcWithMillisecondsAlways() throws Exception {
    EventPayload p = new EventPayload.DcChanged("n1", null);
    Event fine = Event.of("alpha", 1, Instant.parse("2026-03-01T00:00:00.999999Z"), "n1", p);
    String json = codec.encodeToString(fine);
    assertThat(json).contains("\"time\":\"2026-03-01T00:00:00.999Z\"");
    assertThat(codec.decode(json).time()).isEqualTo(Instant.parse("2026-03-01T00:00:00.999Z"));
    Event whole = Event.of("alpha", 1, Instant.parse("2026-03-01T00:00:00Z"), "n1", p);
    assertThat(codec.encodeToString(whole)).contains("\"time\":\"2026-03-01T00:00:00.000Z\"");
    // An offset other than Z is read too, as the same instant.
    String shifted = json.replace("2026-03-01T00:00:00.999Z", "2026-03-01T02:00:00.999+02:00");
    assertThat(codec.decode(shifted).time()).isEqualTo(fine.time());
  }

  @Test
  void nullPayloadFieldsAreWrittenNotLeftOut() {
    Event e = Event.of("alpha", 1, Samples.TIME, "n1", new EventPayload.DcChanged("n2", null));
    assertThat(codec.encodeToString(e)).contains("\"payload\":{\"dc\":\"n2\",\"previous\":null}");
  }

  @Test
  void unknownTypesAndFieldsFromANewerWriterAreKept() throws Exception {
    String json =
        "{\"schema\":1,\"cluster\":\"alpha\",\"seq\":3,\"time\":\"2026-01-31T12:00:00.123Z\","
            + "\"node\":\"n1\",\"type\":\"ticket.granted\",\"subject\":\"ticket/t1\","
            + "\"payload\":{\"ticket\":\"t1\"},\"region\":\"eu\"}";
    Event e = codec.decode(json);
    assertThat(e.type()).isEqualTo("ticket.granted");
    assertThat(e.payload().get("ticket").asText()).isEqualTo("t1");
    assertThat(codec.payload(e)).isEmpty();
    // A known type with an extra payload field still maps to its record.
    String joined =
        json.replace("ticket.granted", "node.joined")
            .replace("{\"ticket\":\"t1\"}", "{\"node\":\"n4\",\"nodeId\":4,\"site\":\"b\"}");
    assertThat(codec.payload(codec.decode(joined))).contains(new EventPayload.NodeJoined("n4", 4));
  }

  @Test
  void aMissingSchemaFieldMeansVersionOne() throws Exception {
    String json =
        "{\"cluster\":\"alpha\",\"seq\":3,\"time\":\"2026-01-31T12:00:00.123Z\",\"node\":\"n1\","
            + "\"type\":\"node.lost\",\"subject\":\"node/n3\",\"payload\":{}}";
    assertThat(codec.decode(json).seq()).isEqualTo(3);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json at all|not valid JSON",
        "[1,2]|must be a JSON object",
        "{\"schema\":2,\"cluster\":\"a\"}|schema 2 is newer",
        "{\"schema\":\"x\",\"cluster\":\"a\"}|field 'schema'",
        "{\"seq\":1}|field 'cluster' must be a non-empty string (missing)",
        "{\"cluster\":\"a\",\"seq\":\"1\"}|field 'seq' must be an integer (found string)",
        "{\"cluster\":\"a\",\"seq\":0,\"time\":\"2026-01-31T12:00:00Z\",\"node\":\"n\",\"type\":\"a.b\","
            + "\"subject\":\"s\",\"payload\":{}}|seq must be >= 1",
        "{\"cluster\":\"a\",\"seq\":1,\"time\":\"yesterday\"}|field 'time' must be an ISO-8601 time",
        "{\"cluster\":\"a\",\"seq\":1,\"time\":\"2026-01-31T12:00:00Z\",\"node\":\"n\",\"type\":\"Bad\","
            + "\"subject\":\"s\",\"payload\":{}}|type must be lower-case dotted words",
        "{\"cluster\":\"a\",\"seq\":1,\"time\":\"2026-01-31T12:00:00Z\",\"node\":\"n\",\"type\":\"a.b\","
            + "\"subject\":\"s\",\"payload\":[]}|field 'payload' must be a JSON object (found array)",
      })
  void badInputIsRefusedNamingTheProblem(String json, String message) {
    assertThatThrownBy(() -> codec.decode(json))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aPayloadThatDoesNotFitItsTypeIsReported() throws Exception {
    String json =
        "{\"cluster\":\"a\",\"seq\":1,\"time\":\"2026-01-31T12:00:00Z\",\"node\":\"n\","
            + "\"type\":\"node.joined\",\"subject\":\"node/x\",\"payload\":{\"nodeId\":\"many\"}}";
    Event e = codec.decode(json);
    assertThatThrownBy(() -> codec.payload(e))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("node.joined");
  }

  @Test
  void subjectIsFoundWithoutReadingTheWholeEvent() throws Exception {
    Event e = Samples.event("alpha", 12);
    assertThat(codec.subjectOf(codec.encode(e))).isEqualTo("resource/r5");
    assertThatThrownBy(
            () ->
                codec.subjectOf(
                    "{\"payload\":{\"subject\":\"x\"}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("subject");
    assertThatThrownBy(() -> codec.subjectOf("{\"subj".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EventFormatException.class);
  }

  @Test
  void theEventsPayloadCannotBeChangedFromOutside() {
    ObjectNode payload = JsonNodeFactory.instance.objectNode().put("a", 1);
    Event e = new Event("alpha", 1, Samples.TIME, "n1", "x.y", "cluster", payload);
    payload.put("a", 2);
    e.payload().put("a", 3);
    assertThat(e.payload().get("a").asInt()).isEqualTo(1);
  }

  @Test
  void badFieldsAreRefusedWhenBuildingAnEvent() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    assertThatThrownBy(() -> new Event(" ", 1, Samples.TIME, "n", "a.b", "s", p))
        .hasMessageContaining("cluster");
    assertThatThrownBy(() -> new Event("c", 1, Samples.TIME, "n", "single", "s", p))
        .hasMessageContaining("type");
    assertThatThrownBy(() -> new Event("c", 1, Samples.TIME, "n", "a.b", "", p))
        .hasMessageContaining("subject");
  }

  @ParameterizedTest
  @CsvSource({
    "2026-01-31T12:00:00.123Z",
    "1999-12-31T23:59:59.999Z",
    "2028-02-29T00:00:00.000Z",
    "2026-01-31T12:00:00Z",
    "2026-01-31T13:00:00.123+01:00",
    "2026-01-31T12:00:00.123456Z"
  })
  void draftTimesReadTheSameWithOrWithoutTheFastPath(String time) throws Exception {
    String json =
        "{\"schema\":1,\"node\":\"n1\",\"draft\":1,\"time\":\""
            + time
            + "\",\"type\":\"a.b\",\"subject\":\"s\",\"payload\":{}}";
    EventDraft d = codec.decodeDraft(json.getBytes(StandardCharsets.UTF_8));
    assertThat(d.time())
        .isEqualTo(
            java.time.OffsetDateTime.parse(time)
                .toInstant()
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  @ParameterizedTest
  @CsvSource({"2026-13-01T12:00:00.123Z", "2026-02-30T12:00:00.123Z", "2026-01-31T12:00:0x.123Z"})
  void aDraftTimeOutOfRangeIsAnErrorNamingTheField(String time) {
    String json =
        "{\"schema\":1,\"node\":\"n1\",\"draft\":1,\"time\":\""
            + time
            + "\",\"type\":\"a.b\",\"subject\":\"s\",\"payload\":{}}";
    assertThatThrownBy(() -> codec.decodeDraft(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("field 'time'")
        .hasMessageContaining(time);
  }

  @Test
  void timesAreWrittenAsTheFormatterWritesThem() {
    java.time.format.DateTimeFormatter f =
        java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    java.util.Random r = new java.util.Random(42);
    java.util.List<Instant> times =
        new java.util.ArrayList<>(
            java.util.List.of(
                Instant.EPOCH,
                Instant.parse("2026-01-31T12:00:00.123Z"),
                Instant.parse("2028-02-29T23:59:59.999999Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.5Z")));
    for (int i = 0; i < 10_000; i++) {
      times.add(Instant.ofEpochSecond(r.nextLong(253_402_300_800L), r.nextInt(1_000_000_000)));
    }
    for (Instant t : times) {
      assertThat(EventCodec.formatTime(t)).as("%s", t).isEqualTo(f.format(t));
    }
  }

  @Test
  void eventTypesAreCheckedAsTheirPatternSays() {
    java.util.regex.Pattern type =
        java.util.regex.Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    for (String t :
        java.util.List.of(
            "node.joined",
            "resource.op.completed",
            "a.b",
            "a1_.b_2",
            "a",
            "a.",
            ".a",
            "a..b",
            "A.b",
            "a.B",
            "1a.b",
            "a.1b",
            "a.b-c",
            "a.b.",
            "a_.__")) {
      assertThat(Event.isType(t)).as(t).isEqualTo(type.matcher(t).matches());
    }
  }

  @Test
  void aDraftOfAnInvalidTypeCannotBeMadeNorRead() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    assertThatThrownBy(() -> new EventDraft("n1", 1, Samples.TIME, "Single", "s", p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower-case dotted words");
    String json =
        "{\"schema\":1,\"node\":\"n1\",\"draft\":1,\"time\":\"2026-01-31T12:00:00.000Z\","
            + "\"type\":\"Single\",\"subject\":\"s\",\"payload\":{}}";
    assertThatThrownBy(() -> codec.decodeDraft(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("invalid draft")
        .hasMessageContaining("'Single'");
  }
}
