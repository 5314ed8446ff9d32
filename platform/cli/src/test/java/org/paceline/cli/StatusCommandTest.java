package org.paceline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

  private static String render(String json) throws Exception {
    JsonNode resources = new ObjectMapper().readTree(json);
    StringWriter out = new StringWriter();
    StatusCommand.printResources(resources, new PrintWriter(out, true));
    return out.toString();
  }

  @Test
  void groupsAndClonesAreNestedAsCrmMonShowsThem() throws Exception {
    String text =
        render(
            "["
                + "{\"id\":\"fence\",\"agent\":\"stonith:fence_paceline_process\",\"role\":\"Started\","
                + "\"node\":\"n1\",\"parent\":null,\"parentType\":null,\"managed\":true},"
                + "{\"id\":\"ip\",\"agent\":\"ocf:heartbeat:Dummy\",\"role\":\"Started\","
                + "\"node\":\"n2\",\"parent\":\"g\",\"parentType\":\"group\",\"managed\":true},"
                + "{\"id\":\"web\",\"agent\":\"ocf:paceline:Process\",\"role\":\"Stopped\","
                + "\"node\":null,\"parent\":\"g\",\"parentType\":\"group\",\"managed\":false},"
                + "{\"id\":\"db:0\",\"agent\":\"ocf:pacemaker:Stateful\",\"role\":\"Promoted\","
                + "\"node\":\"n1\",\"parent\":\"db-clone\",\"parentType\":\"promotable\"},"
                + "{\"id\":\"db:1\",\"agent\":\"ocf:pacemaker:Stateful\",\"role\":\"Unpromoted\","
                + "\"node\":\"n2\",\"parent\":\"db-clone\",\"parentType\":\"promotable\"},"
                + "{\"id\":\"db:2\",\"agent\":\"ocf:pacemaker:Stateful\",\"role\":\"Unpromoted\","
                + "\"node\":\"n3\",\"parent\":\"db-clone\",\"parentType\":\"promotable\"}"
                + "]");
    assertThat(text)
        .contains("  * fence\t(stonith:fence_paceline_process):\t Started n1")
        .contains("  * Resource Group: g:\n    * ip\t(ocf:heartbeat:Dummy):\t Started n2")
        .contains("    * web\t(ocf:paceline:Process):\t Stopped (unmanaged)")
        .contains("  * Clone Set: db-clone [db] (promotable):")
        .contains("    * Promoted: [ n1 ]")
        .contains("    * Unpromoted: [ n2 n3 ]");
  }

  @Test
  void resultCodesHaveTheirPacemakerNames() {
    assertThat(StatusCommand.ocfName(7)).isEqualTo("not running");
    assertThat(StatusCommand.ocfName(42)).isEqualTo("unknown");
    assertThat(StatusCommand.primitiveOf("db:12")).isEqualTo("db");
    assertThat(StatusCommand.primitiveOf("a:b")).isEqualTo("a:b");
  }

  @Test
  void watchFramesOverwriteInPlaceAndClearOnlyOnce() {
    String first = StatusCommand.frame("a\nbb\n", true);
    String later = StatusCommand.frame("a\n", false);

    assertThat(first).isEqualTo("\u001b[?25l\u001b[2J\u001b[Ha\u001b[K\nbb\u001b[K\n\u001b[J");
    assertThat(later).isEqualTo("\u001b[Ha\u001b[K\n\u001b[J");
    assertThat(later).doesNotContain("\u001b[2J", "\u001b[3J");
  }

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void theEventLogLineShowsTheLagWhenKafkaIsConfigured() throws Exception {
    assertThat(
            StatusCommand.eventLog(
                json(
                    "{\"firstSeq\":1,\"lastSeq\":523,\"kafka\":\"paceline.alpha.events\","
                        + "\"publisher\":\"RETRYING\",\"lastCommittedSeq\":520,\"lag\":3,"
                        + "\"lastError\":\"broker down\"}")))
        .contains(
            "journal 1..523, Kafka topic paceline.alpha.events: retrying, lag 3 events"
                + " (committed up to 520); last error: broker down");
    assertThat(
            StatusCommand.eventLog(
                json(
                    "{\"firstSeq\":1,\"lastSeq\":9,\"kafka\":\"t\",\"publisher\":null,"
                        + "\"lastCommittedSeq\":-1,\"lag\":0,\"lastError\":null}")))
        .contains("journal 1..9, Kafka topic t: published by the DC (see its status for the lag)");
    assertThat(
            StatusCommand.eventLog(
                json(
                    "{\"firstSeq\":0,\"lastSeq\":0,\"kafka\":null,\"publisher\":null,"
                        + "\"lag\":0,\"lastError\":null}")))
        .isEmpty();
    assertThat(StatusCommand.eventLog(json("null"))).isEmpty();
  }
}
