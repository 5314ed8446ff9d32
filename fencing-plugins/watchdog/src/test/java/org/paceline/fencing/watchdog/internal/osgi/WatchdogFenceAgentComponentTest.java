package org.paceline.fencing.watchdog.internal.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Status;
import org.paceline.cib.model.Versions;
import org.paceline.fencing.watchdog.PartitionView;

class WatchdogFenceAgentComponentTest {

  private static FenceRequest request(FenceAction action, String target) {
    return request(action, target, Duration.ofSeconds(30));
  }

  private static FenceRequest request(FenceAction action, String target, Duration timeout) {
    return new FenceRequest("wd", action, target, null, Map.of(), timeout);
  }

  @Test
  void theTimeoutComesFromTheCibAndThePartitionFromQuorum() {
    Fakes.Quorum quorum = new Fakes.Quorum();
    Fakes.Replica cib = new Fakes.Replica();
    cib.cib.set(
        new Cib(
            CrmParser.parse("property stonith-watchdog-timeout=40s"),
            Status.EMPTY,
            Versions.INITIAL));
    WatchdogFenceAgentComponent agent = new WatchdogFenceAgentComponent(Fakes.node(), quorum, cib);

    assertThat(agent.name()).isEqualTo("fence_watchdog");
    assertThat(agent.execute(request(FenceAction.MONITOR, null)).message())
        .contains("watchdog timeout 40s (cluster property stonith-watchdog-timeout)");
    assertThat(agent.execute(request(FenceAction.LIST, null)).ports()).containsExactly("n2", "n3");
    assertThat(agent.execute(request(FenceAction.STATUS, "n3")).outcome())
        .isEqualTo(FenceResult.Outcome.SUCCESS);

    quorum.set(Fakes.state(true, 1, 2));
    FenceResult tooShort = agent.execute(request(FenceAction.OFF, "n3"));
    assertThat(tooShort.outcome()).isEqualTo(FenceResult.Outcome.FAILED);
    assertThat(tooShort.message())
        .contains("fencing timeout 30s is not longer than the watchdog timeout 40s");
    FenceResult member = agent.execute(request(FenceAction.OFF, "n2", Duration.ofSeconds(60)));
    assertThat(member.message()).contains("node n2 is in this node's quorate partition [n1, n2]");
  }

  @Test
  void nodeIdsBecomeNames() {
    PartitionView view = Partitions.view(Fakes.node().cluster().nodes(), Fakes.state(false, 1, 9));
    assertThat(view.quorate()).isFalse();
    assertThat(view.members()).containsExactlyInAnyOrder("n1", "#9");
    assertThat(view.contains("n2")).isFalse();
    assertThat(List.copyOf(view.members())).hasSize(2);
  }
}
