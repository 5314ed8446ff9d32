package org.paceline.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Membership;
import org.paceline.cib.model.NodeStatus;

class WhatIfTest {

  private static final SchedulerInput IN =
      SchedulerInput.fresh(
          CrmParser.parse("node n1\nnode n2\nprimitive p Dummy\nproperty fencing-enabled=false\n"));

  @Test
  void changesNodeStates() {
    assertThat(WhatIf.nodeDown(IN, "n1").nodeStatus("n1").orElseThrow().membership())
        .isEqualTo(Membership.OFFLINE);
    assertThat(WhatIf.nodeFail(IN, "n1").nodeStatus("n1").orElseThrow().membership())
        .isEqualTo(Membership.UNCLEAN);
    SchedulerInput back = WhatIf.nodeUp(WhatIf.nodeDown(IN, "n2"), "n2");
    assertThat(back.nodeStatus("n2").orElseThrow().online()).isTrue();
  }

  @Test
  void recordsResultsAndCountsFailures() {
    SchedulerInput in = WhatIf.opResult(IN, "p_start_0@n1=0", 1000);
    in = WhatIf.opResult(in, "p_monitor_10000@n1=7", 1010);
    NodeStatus n1 = in.nodeStatus("n1").orElseThrow();
    assertThat(n1.history("p").orElseThrow().operations()).hasSize(2);
    assertThat(n1.failCount("p", "monitor", 10000).value()).isEqualTo(1);
    Schedule s = Scheduler.schedule(in, Instant.ofEpochSecond(1100));
    assertThat(s.changes()).extracting(Change::verb).containsExactly("Recover");
  }

  @Test
  void rejectsBadWhatIfs() {
    assertThatThrownBy(() -> WhatIf.nodeDown(IN, "n9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no node 'n9' is configured");
    assertThatThrownBy(() -> WhatIf.opResult(IN, "p_start_0", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected RSC_TASK_INTERVAL@NODE=RC");
    assertThatThrownBy(() -> WhatIf.opResult(IN, "p_start_x@n1=0", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad interval in 'p_start_x'");
    assertThatThrownBy(() -> WhatIf.opResult(IN, "q_start_0@n1=0", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no resource 'q' is configured");
    assertThatThrownBy(() -> WhatIf.opResult(IN, "p_start_0@n1=x", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad result code in 'p_start_0@n1=x'");
  }
}
