package org.paceline.cib.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.JoinState;
import org.paceline.cib.model.Membership;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.ResourceHistory;
import org.paceline.cib.model.ResourceState;
import org.paceline.cib.model.Role;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibChangeException;

class ModelChangeApplierTest {

  private final ModelChangeApplier applier = new ModelChangeApplier();

  private Cib base() {
    return Cib.EMPTY.withConfiguration(
        CrmParser.parse(
            "primitive web ocf:heartbeat:Dummy\n"
                + "primitive ip ocf:heartbeat:IPaddr2 params ip=10.0.0.1\n"
                + "colocation web-with-ip inf: web ip\n"));
  }

  @Test
  void crmStatementsAddAndReplaceObjects() throws Exception {
    Cib after = applier.apply(base(), new CibChange.ApplyCrm("primitive db Dummy", false));
    assertThat(after.configuration().resource("db")).isPresent();
    assertThatThrownBy(
            () -> applier.apply(after, new CibChange.ApplyCrm("primitive db Dummy", false)))
        .isInstanceOf(CibChangeException.class)
        .hasMessageContaining("db");
    Cib replaced =
        applier.apply(
            after, new CibChange.ApplyCrm("primitive db Dummy params state=/tmp/x", true));
    assertThat(replaced.configuration().primitive("db").orElseThrow().params())
        .containsEntry("state", "/tmp/x");
  }

  @Test
  void syntaxErrorsNameLineAndColumn() {
    assertThatThrownBy(
            () ->
                applier.apply(
                    base(), new CibChange.ApplyCrm("primitive\nlocation l web foo: n1", false)))
        .isInstanceOf(CibChangeException.class)
        .hasMessageContaining("line ");
  }

  @Test
  void deletingAReferencedResourceNeedsForce() throws Exception {
    assertThatThrownBy(
            () -> applier.apply(base(), new CibChange.DeleteObjects(List.of("ip"), false)))
        .isInstanceOf(CibChangeException.class)
        .hasMessageContaining("web-with-ip");
    Cib after = applier.apply(base(), new CibChange.DeleteObjects(List.of("ip"), true));
    assertThat(after.configuration().resource("ip")).isEmpty();
    assertThat(after.configuration().constraint("web-with-ip")).isEmpty();
  }

  @Test
  void aChangeThatChangesNothingReturnsTheSameCib() throws Exception {
    Cib cib = base();
    assertThat(applier.apply(cib, new CibChange.ReplaceConfiguration(cib.configuration())))
        .isSameAs(cib);
    assertThat(applier.apply(cib, new CibChange.SetNodeAttribute("n1", "standby", null)))
        .isSameAs(cib);
    assertThat(applier.apply(cib, new CibChange.ClearHistory("web", null))).isSameAs(cib);
  }

  @Test
  void resourceMetaReachesNestedResourcesAndNamesUnknownOnes() throws Exception {
    Cib cib =
        applier.apply(
            base(), new CibChange.ApplyCrm("group g web ip\nprimitive s Dummy\nclone c s", false));
    Cib stopped = applier.apply(cib, new CibChange.SetResourceMeta("ip", "target-role", "Stopped"));
    assertThat(stopped.configuration().resource("ip").orElseThrow().meta())
        .containsEntry("target-role", "Stopped");
    Cib cloned = applier.apply(stopped, new CibChange.SetResourceMeta("s", "is-managed", "false"));
    assertThat(cloned.configuration().resource("s").orElseThrow().meta())
        .containsEntry("is-managed", "false");
    assertThat(applier.apply(cloned, new CibChange.SetResourceMeta("s", "is-managed", "false")))
        .isSameAs(cloned);
    Cib back = applier.apply(cloned, new CibChange.SetResourceMeta("ip", "target-role", null));
    assertThat(back.configuration().resource("ip").orElseThrow().meta()).isEmpty();
    assertThatThrownBy(
            () ->
                applier.apply(
                    back, new CibChange.SetResourceMeta("nope", "target-role", "Started")))
        .isInstanceOf(CibChangeException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void nodeAttributesCreateTheNodeWhenNeeded() throws Exception {
    Cib after = applier.apply(base(), new CibChange.SetNodeAttribute("n1", "standby", "on"));
    assertThat(after.configuration().node("n1").orElseThrow().attributes())
        .containsEntry("standby", "on");
    Cib back = applier.apply(after, new CibChange.SetNodeAttribute("n1", "standby", null));
    assertThat(back.configuration().node("n1").orElseThrow().attributes()).isEmpty();
  }

  @Test
  void operationResultsDriveTheDerivedStateAndCleanupForgetsThem() throws Exception {
    Cib cib = base();
    cib =
        applier.apply(
            cib,
            new CibChange.RecordOperation(
                "n1", "web", "ocf:heartbeat:Dummy", OperationRecord.done("start", 0, 0, 2)));
    assertThat(cib.status().node("n1").orElseThrow().resourceState("web"))
        .isEqualTo(new ResourceState(Role.STARTED, false));
    cib =
        applier.apply(
            cib,
            new CibChange.RecordOperation(
                "n1", "web", "ocf:heartbeat:Dummy", OperationRecord.done("stop", 0, 0, 3)));
    assertThat(cib.status().node("n1").orElseThrow().resourceState("web"))
        .isEqualTo(ResourceState.STOPPED);
    cib =
        applier.apply(
            cib, new CibChange.SetTransientAttribute("n1", "fail-count-web#monitor_10000", "3"));
    assertThat(cib.status().node("n1").orElseThrow().failCount("web").value()).isEqualTo(3);
    cib = applier.apply(cib, new CibChange.ClearHistory("web", null));
    assertThat(cib.status().node("n1").orElseThrow().resources()).isEmpty();
    assertThat(cib.status().node("n1").orElseThrow().transientAttributes()).isEmpty();
  }

  @Test
  void aCountedFailureRecordsTheResultAndRaisesTheFailCountInOneChange() throws Exception {
    Cib cib = base();
    OperationRecord failed = OperationRecord.done("monitor", 10_000, 7, 5);
    CibChange.RecordOperation change =
        new CibChange.RecordOperation("n1", "web", "ocf:heartbeat:Dummy", failed, true);
    cib = applier.apply(cib, change);
    cib = applier.apply(cib, change);
    NodeStatus n1 = cib.status().node("n1").orElseThrow();
    assertThat(n1.failCount("web", "monitor", 10_000).value()).isEqualTo(2);
    assertThat(n1.lastFailure("web", "monitor", 10_000)).hasValue(failed.lastRcChange());
    assertThat(n1.history("web").orElseThrow().operations()).hasSize(1);
    Cib plain =
        applier.apply(
            base(), new CibChange.RecordOperation("n1", "web", "ocf:heartbeat:Dummy", failed));
    assertThat(plain.status().node("n1").orElseThrow().transientAttributes()).isEmpty();

    // start-failure-is-fatal (default true): one failed start is INFINITY; false: counted.
    OperationRecord start = OperationRecord.done("start", 0, 1, 6);
    Cib fatal =
        applier.apply(
            base(), new CibChange.RecordOperation("n1", "web", "ocf:heartbeat:Dummy", start, true));
    assertThat(fatal.status().node("n1").orElseThrow().failCount("web").isInfinity()).isTrue();
    Cib lenient =
        applier.apply(
            base(), new CibChange.ApplyCrm("property start-failure-is-fatal=false", false));
    lenient =
        applier.apply(
            lenient,
            new CibChange.RecordOperation("n1", "web", "ocf:heartbeat:Dummy", start, true));
    assertThat(lenient.status().node("n1").orElseThrow().failCount("web").value()).isEqualTo(1);
  }

  @Test
  void nodeStatesFollowTheRingAndFencingClearsTheNode() throws Exception {
    Cib cib =
        applier.apply(
            base(), new CibChange.SetNodeState("n1", "1", true, true, JoinState.MEMBER, "member"));
    cib =
        applier.apply(
            cib,
            new CibChange.RecordOperation(
                "n1", "web", "ocf:heartbeat:Dummy", OperationRecord.done("start", 0, 0, 2)));
    cib = applier.apply(cib, new CibChange.SetTransientAttribute("n1", "master-db", "5"));
    assertThat(cib.status().node("n1").orElseThrow().membership()).isEqualTo(Membership.ONLINE);
    assertThat(cib.status().node("n1").orElseThrow().id()).isEqualTo("1");

    // Lost from the ring while expected up: unclean, history kept, transient attributes gone.
    Cib lost =
        applier.apply(
            cib, new CibChange.SetNodeState("n1", null, false, false, JoinState.DOWN, "member"));
    NodeStatus n1 = lost.status().node("n1").orElseThrow();
    assertThat(n1.membership()).isEqualTo(Membership.UNCLEAN);
    assertThat(n1.resources()).hasSize(1);
    assertThat(n1.transientAttributes()).isEmpty();
    assertThat(n1.id()).isEqualTo("1");

    Cib fenced = applier.apply(lost, new CibChange.NodeFenced("n1"));
    n1 = fenced.status().node("n1").orElseThrow();
    assertThat(n1.membership()).isEqualTo(Membership.OFFLINE);
    assertThat(n1.resources()).isEmpty();
    assertThat(n1.expected()).isEqualTo("down");

    // The same state again is no change at all.
    CibChange.SetNodeState again =
        new CibChange.SetNodeState("n1", "1", true, true, JoinState.MEMBER, "member");
    Cib up = applier.apply(fenced, again);
    assertThat(applier.apply(up, again)).isSameAs(up);
  }

  @Test
  void aNodeReplacesItsOwnHistory() throws Exception {
    Cib cib =
        applier.apply(
            base(),
            new CibChange.RecordOperation(
                "n2", "web", "ocf:heartbeat:Dummy", OperationRecord.done("start", 0, 0, 2)));
    ResourceHistory ip =
        new ResourceHistory(
            "ip",
            List.of(OperationRecord.done("monitor", 0, 0, 1)),
            AgentId.parse("ocf:heartbeat:IPaddr2"));
    Cib after = applier.apply(cib, new CibChange.ReplaceNodeHistory("n2", List.of(ip)));
    assertThat(after.status().node("n2").orElseThrow().resources()).containsExactly(ip);
    assertThat(applier.apply(after, new CibChange.ReplaceNodeHistory("n2", List.of(ip))))
        .isSameAs(after);
  }
}
