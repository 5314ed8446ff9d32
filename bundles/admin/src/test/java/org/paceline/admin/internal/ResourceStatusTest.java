package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.ExecStatus;
import org.paceline.cib.model.JoinState;
import org.paceline.cib.model.Membership;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.ResourceHistory;
import org.paceline.cib.model.Status;

class ResourceStatusTest {

  private static OperationRecord op(String name, long interval, int rc, long call, int expected) {
    return new OperationRecord(
        name,
        interval,
        rc,
        ExecStatus.DONE,
        call,
        1_700_000_000L,
        5,
        null,
        null,
        null,
        "3:7:" + expected + ":n1-abc",
        null,
        null,
        rc == expected ? null : "it broke",
        null,
        0,
        0,
        Map.of());
  }

  private static Cib cib() {
    var config =
        CrmParser.parse(
            "primitive ip ocf:heartbeat:Dummy\n"
                + "primitive web ocf:heartbeat:Dummy\n"
                + "group g ip web\n"
                + "primitive db ocf:pacemaker:Stateful\n"
                + "clone db-clone db meta promotable=true\n"
                + "primitive idle ocf:heartbeat:Dummy\n");
    AgentId dummy = AgentId.parse("ocf:heartbeat:Dummy");
    AgentId stateful = AgentId.parse("ocf:pacemaker:Stateful");
    NodeStatus n1 =
        new NodeStatus(
            "n1",
            Membership.ONLINE,
            JoinState.MEMBER,
            Map.of(
                "fail-count-ip#monitor_10000", "1", "last-failure-ip#monitor_10000", "1700000100"),
            List.of(
                new ResourceHistory("ip", List.of(op("start", 0, 0, 1, 0)), dummy),
                new ResourceHistory(
                    "web", List.of(op("start", 0, 0, 2, 0), op("monitor", 10_000, 7, 3, 0)), dummy),
                new ResourceHistory(
                    "db:0",
                    List.of(op("start", 0, 0, 4, 0), op("promote", 0, 0, 5, 0)),
                    stateful)));
    NodeStatus n2 =
        new NodeStatus(
            "n2",
            Membership.ONLINE,
            JoinState.MEMBER,
            Map.of(),
            List.of(
                new ResourceHistory("db:1", List.of(op("start", 0, 0, 6, 0)), stateful),
                new ResourceHistory("ip", List.of(op("monitor", 0, 7, 7, 7)), dummy)));
    return Cib.EMPTY.withConfiguration(config).withStatus(new Status(List.of(n1, n2)));
  }

  @Test
  void everyActiveInstanceAndEveryStoppedPrimitiveIsListed() {
    ArrayNode out = new ObjectMapper().createArrayNode();
    ResourceStatus.resources(cib(), out);
    assertThat(out.toString())
        .contains(
            "{\"id\":\"ip\",\"agent\":\"ocf:heartbeat:Dummy\",\"role\":\"Started\",\"node\":\"n1\",\"parent\":\"g\"")
        .contains(
            "\"id\":\"web\",\"agent\":\"ocf:heartbeat:Dummy\",\"role\":\"Failed\",\"node\":\"n1\"")
        .contains(
            "\"id\":\"db:0\",\"agent\":\"ocf:pacemaker:Stateful\",\"role\":\"Promoted\",\"node\":\"n1\",\"parent\":\"db-clone\"")
        .contains(
            "\"id\":\"db:1\",\"agent\":\"ocf:pacemaker:Stateful\",\"role\":\"Unpromoted\",\"node\":\"n2\"")
        .contains(
            "\"id\":\"idle\",\"agent\":\"ocf:heartbeat:Dummy\",\"role\":\"Stopped\",\"node\":null,\"parent\":null");
    for (JsonNode r : out) {
      if (r.path("parent").asText().equals("db-clone")) {
        assertThat(r.path("parentType").asText()).isEqualTo("promotable");
      }
    }
  }

  @Test
  void failedActionsAreResultsOtherThanTheExpectedOne() {
    ArrayNode out = new ObjectMapper().createArrayNode();
    ResourceStatus.failedActions(cib(), out);
    assertThat(out).hasSize(2);
    // A recorded failure that has recovered since stays listed until cleanup.
    assertThat(out.get(0).path("resource").asText()).isEqualTo("ip");
    assertThat(out.get(0).path("intervalMs").asLong()).isEqualTo(10_000);
    assertThat(out.get(0).path("recovered").asBoolean()).isTrue();
    assertThat(out.get(0).path("failCount").asText()).isEqualTo("1");
    assertThat(out.get(1).path("resource").asText()).isEqualTo("web");
    assertThat(out.get(1).path("operation").asText()).isEqualTo("monitor");
    assertThat(out.get(1).path("rc").asInt()).isEqualTo(7);
    assertThat(out.get(1).path("exitReason").asText()).isEqualTo("it broke");
    assertThat(ResourceStatus.expectedRc("1:2:8:x")).isEqualTo(8);
    assertThat(ResourceStatus.expectedRc(null)).isEqualTo(-1);
    assertThat(ResourceStatus.expectedRc("garbage")).isEqualTo(-1);
  }
}
