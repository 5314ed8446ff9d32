package org.paceline.cib.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTest {

  static ResourceHistory started(String rsc) {
    return new ResourceHistory(
        rsc,
        List.of(
            OperationRecord.done("start", 0, 0, 1), OperationRecord.done("monitor", 10_000, 0, 2)));
  }

  final NodeStatus alpha =
      new NodeStatus(
          "alpha",
          Membership.ONLINE,
          JoinState.MEMBER,
          Map.of(
              "pingd", "100",
              "fail-count-db#monitor_10000", "2",
              "fail-count-db#start_0", "1",
              "last-failure-db#monitor_10000", "1700000000",
              "last-failure-db#start_0", "1700000500",
              "fail-count-web#start_0", "INFINITY",
              "fail-count-web#monitor_10000", "3"),
          List.of(started("db"), started("web")));

  final NodeStatus beta =
      new NodeStatus(
          "beta",
          Membership.ONLINE,
          JoinState.MEMBER,
          Map.of(),
          List.of(
              new ResourceHistory("db", List.of(OperationRecord.done("monitor", 0, 7, 1))),
              new ResourceHistory(
                  "web",
                  List.of(
                      OperationRecord.done("start", 0, 0, 1),
                      OperationRecord.done("promote", 0, 0, 2)))));

  @Test
  void failCountsPerOperationAndSummed() {
    assertThat(alpha.failCount("db", "monitor", 10_000)).isEqualTo(new Score(2));
    assertThat(alpha.failCount("db", "stop", 0)).isEqualTo(Score.ZERO);
    assertThat(alpha.failCount("db")).isEqualTo(new Score(3));
    assertThat(alpha.failCount("web")).isEqualTo(Score.INFINITY);
    assertThat(alpha.failCount("d")).isEqualTo(Score.ZERO);
    assertThat(beta.failCount("db")).isEqualTo(Score.ZERO);
    assertThat(NodeStatus.failCountAttribute("db", "monitor", 10_000))
        .isEqualTo("fail-count-db#monitor_10000");
  }

  @Test
  void lastFailures() {
    assertThat(alpha.lastFailure("db")).hasValue(1_700_000_500L);
    assertThat(alpha.lastFailure("db", "monitor", 10_000)).hasValue(1_700_000_000L);
    assertThat(alpha.lastFailure("web")).isEmpty();
    assertThat(NodeStatus.lastFailureAttribute("db", "start", 0))
        .isEqualTo("last-failure-db#start_0");
  }

  @Test
  void resourceStatesAcrossNodes() {
    Status s = new Status(List.of(alpha, beta));
    assertThat(s.node("beta")).contains(beta);
    assertThat(s.node("gamma")).isEmpty();
    assertThat(s.resourceStates("web"))
        .containsEntry("alpha", new ResourceState(Role.STARTED, false))
        .containsEntry("beta", new ResourceState(Role.PROMOTED, false));
    assertThat(s.activeOn("db")).containsExactly("alpha");
    assertThat(s.activeOn("web")).containsExactly("alpha", "beta");
    assertThat(beta.resourceState("nothing")).isEqualTo(ResourceState.STOPPED);
    assertThat(alpha.online()).isTrue();
  }

  @Test
  void nodeStatusValidation() {
    assertThatThrownBy(() -> new NodeStatus("a", Membership.ONLINE, JoinState.PENDING))
        .hasMessage("status of node 'a' is online but its join state is PENDING, not MEMBER");
    assertThatThrownBy(() -> new NodeStatus("a", null, null))
        .hasMessage("status of node 'a' membership is missing");
    assertThatThrownBy(
            () ->
                new NodeStatus(
                    "a",
                    Membership.MEMBER,
                    JoinState.PENDING,
                    Map.of("fail-count-db#start_0", "many"),
                    null))
        .hasMessageContaining("bad score 'many'");
    assertThatThrownBy(
            () ->
                new NodeStatus(
                    "a",
                    Membership.OFFLINE,
                    null,
                    Map.of("last-failure-db#start_0", "yesterday"),
                    null))
        .hasMessageContaining("last-failure-db#start_0 'yesterday' is not epoch seconds");
    assertThatThrownBy(
            () ->
                new NodeStatus(
                    "a", Membership.UNCLEAN, null, null, List.of(started("db"), started("db"))))
        .hasMessage("duplicate status of node 'a' resource id 'db'");
    assertThat(new NodeStatus("a", Membership.OFFLINE, null).join()).isEqualTo(JoinState.DOWN);
  }

  @Test
  void statusRejectsDuplicateNodes() {
    assertThatThrownBy(() -> new Status(List.of(alpha, alpha)))
        .hasMessage("duplicate node status id 'alpha'");
  }
}
