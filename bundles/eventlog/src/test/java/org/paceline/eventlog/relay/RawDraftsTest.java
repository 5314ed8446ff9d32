package org.paceline.eventlog.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.EventDraft;
import org.paceline.eventlog.EventFormatException;
import org.paceline.eventlog.EventPayload;
import org.paceline.eventlog.Samples;

class RawDraftsTest {

  private final EventCodec codec = new EventCodec();

  private static byte[] message(List<byte[]> drafts) {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.writeBytes("{\"t\":\"drafts\",\"drafts\":[".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < drafts.size(); i++) {
      if (i > 0) {
        m.write(',');
      }
      m.writeBytes(drafts.get(i));
    }
    m.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
    return m.toByteArray();
  }

  private List<EventDraft> samples() {
    List<EventDraft> drafts = new ArrayList<>();
    long id = 1;
    for (EventPayload p : Samples.payloads()) {
      drafts.add(EventDraft.of("n2", id++, Samples.TIME.plusMillis(id), p));
    }
    ObjectNode odd = JsonNodeFactory.instance.objectNode();
    odd.put("quote\"and\\slash/", "tab\there\nnewline \u0001 ctrl, é ü 漢字 \uD83D\uDE00");
    odd.put("big", Long.MAX_VALUE).put("ratio", 0.5f).put("d", 1e-7).putNull("none");
    odd.putObject("nested").putArray("list").add(1).add("x").addObject().put("deep", true);
    drafts.add(
        new EventDraft("nœud-\"3\"", id++, Samples.TIME, "custom.odd_type", "rsc:é\"x\"", odd));
    return drafts;
  }

  @Test
  void eventsAreWrittenByteForByteAsTheCodecWritesThem() throws Exception {
    List<EventDraft> drafts = samples();
    List<byte[]> encoded = new ArrayList<>();
    for (EventDraft d : drafts) {
      encoded.add(codec.encodeDraft(d));
    }
    List<RawDrafts.Draft> raw = RawDrafts.parse(message(encoded));
    assertThat(raw).hasSize(drafts.size());
    for (String cluster : List.of("alpha", "clüster \"q\"")) {
      byte[] quoted = RawDrafts.quoted(cluster);
      for (int i = 0; i < drafts.size(); i++) {
        long seq = 1_000_000_007L + i;
        byte[] expected = codec.encode(drafts.get(i).number(cluster, seq));
        byte[] actual = RawDrafts.event(raw.get(i), quoted, seq);
        assertThat(new String(actual, StandardCharsets.UTF_8))
            .as("draft %d in %s", i, cluster)
            .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(codec.decode(actual)).isEqualTo(codec.decode(expected));
      }
    }
    assertThat(raw.get(0).node()).isEqualTo("n2");
    assertThat(raw.get(0).draftId()).isEqualTo(1);
  }

  @Test
  void aTimeInAnotherFormIsWrittenInTheCanonicalOne() throws Exception {
    byte[] d =
        ("{\"node\":\"n1\",\"draft\":4,\"time\":\"2026-01-31T13:00:00.5+01:00\",\"type\":\"a.b\","
                + "\"subject\":\"s\",\"extra\":[1,{\"x\":2}],\"payload\":{\"k\": [1, 2]}}")
            .getBytes(StandardCharsets.UTF_8);
    RawDrafts.Draft raw = RawDrafts.parse(message(List.of(d))).get(0);
    String event =
        new String(RawDrafts.event(raw, RawDrafts.quoted("c"), 9), StandardCharsets.UTF_8);
    assertThat(event)
        .isEqualTo(
            "{\"schema\":1,\"cluster\":\"c\",\"seq\":9,\"time\":\"2026-01-31T12:00:00.500Z\","
                + "\"node\":\"n1\",\"type\":\"a.b\",\"subject\":\"s\",\"payload\":{\"k\": [1, 2]}}");
    assertThat(codec.decode(event).payload().path("k").get(1).asInt()).isEqualTo(2);
  }

  @Test
  void otherMessagesAreNotDrafts() throws Exception {
    for (String m :
        List.of(
            "{\"t\":\"state\",\"lastSeq\":1}",
            "{\"lastSeq\":1,\"t\":\"drafts\"}",
            "[1,2]",
            "{\"t\":1}",
            "{}")) {
      assertThat(RawDrafts.parse(m.getBytes(StandardCharsets.UTF_8))).as(m).isNull();
    }
  }

  @Test
  void badDraftsAreErrorsNamingWhatIsWrong() {
    String ok =
        "\"node\":\"n1\",\"draft\":1,\"time\":\"2026-01-31T12:00:00.000Z\",\"type\":\"a.b\","
            + "\"subject\":\"s\"";
    List<List<String>> cases =
        List.of(
            List.of("{\"t\":\"drafts\",\"drafts\":[{" + ok + ",\"payload\":{}}", "not valid JSON"),
            List.of("{\"t\":\"drafts\",\"drafts\":{}}", "must be an array"),
            List.of("{\"t\":\"drafts\"}", "without field 'drafts'"),
            List.of("{\"t\":\"drafts\",\"drafts\":[7]}", "must be a JSON object"),
            List.of("{\"t\":\"drafts\",\"drafts\":[{" + ok + "}]}", "'payload'"),
            List.of("{\"t\":\"drafts\",\"drafts\":[{" + ok + ",\"payload\":[1]}]}", "'payload'"),
            List.of(
                "{\"t\":\"drafts\",\"drafts\":[{"
                    + ok.replace("\"draft\":1", "\"draft\":0")
                    + ",\"payload\":{}}]}",
                "'draft'"),
            List.of(
                "{\"t\":\"drafts\",\"drafts\":[{"
                    + ok.replace("\"draft\":1", "\"draft\":\"1\"")
                    + ",\"payload\":{}}]}",
                "'draft'"),
            List.of(
                "{\"t\":\"drafts\",\"drafts\":[{"
                    + ok.replace("a.b", "Single")
                    + ",\"payload\":{}}]}",
                "type must be lower-case dotted words"),
            List.of(
                "{\"t\":\"drafts\",\"drafts\":[{"
                    + ok.replace("2026-01-31T12:00:00.000Z", "yesterday")
                    + ",\"payload\":{}}]}",
                "field 'time'"),
            List.of(
                "{\"t\":\"drafts\",\"drafts\":[{"
                    + ok.replace("\"subject\":\"s\"", "\"subject\":\" \"")
                    + ",\"payload\":{}}]}",
                "'subject'"),
            List.of(
                "{\"t\":\"drafts\",\"drafts\":[{"
                    + ok.replace("\"node\":\"n1\",", "")
                    + ",\"payload\":{}}]}",
                "'node'"));
    for (List<String> c : cases) {
      assertThatThrownBy(() -> RawDrafts.parse(c.get(0).getBytes(StandardCharsets.UTF_8)))
          .as(c.get(0))
          .isInstanceOf(EventFormatException.class)
          .hasMessageContaining(c.get(1));
    }
  }
}
