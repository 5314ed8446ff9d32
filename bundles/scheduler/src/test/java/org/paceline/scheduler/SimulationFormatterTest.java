package org.paceline.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paceline.cib.crm.CrmParser;

class SimulationFormatterTest {

  @Test
  void alignsSummaryColumnsAsCrmSimulate() {
    List<String> lines =
        SimulationFormatter.summaryLines(
            List.of(
                new Change("Fence (reboot)", "n2", "", "rsc1 failed there"),
                new Change("Recover", "rsc4", "node1", ""),
                new Change("Move", "rsc6", "node1 -> node2", ""),
                new Change("Stop", "ima_rscid:0", "hb1", "due to node availability")));
    assertThat(lines)
        .containsExactly(
            "  * Fence (reboot) n2 'rsc1 failed there'",
            "  * Recover    rsc4            (          node1 )",
            "  * Move       rsc6            ( node1 -> node2 )",
            "  * Stop       ima_rscid:0     (            hb1 )  due to node availability");
  }

  @Test
  void printsTheSectionsOfASimulation() {
    SchedulerInput in =
        SchedulerInput.fresh(
            CrmParser.parse("node n1\nprimitive p Dummy\nproperty fencing-enabled=false\n"));
    String text =
        SimulationFormatter.simulate(
            in, Instant.parse("2024-06-01T12:00:00Z"), SimulationFormatter.Options.DEFAULT);
    assertThat(text)
        .isEqualTo(
            """
            Current cluster status:
              * Node List:
                * Online: [ n1 ]

              * Full List of Resources:
                * p\t(ocf:heartbeat:Dummy):\t Stopped

            Transition Summary:
              * Start      p       (    n1 )

            Executing Cluster Transition:
              * Resource action: p               monitor on n1
              * Resource action: p               start on n1

            Revised Cluster Status:
              * Node List:
                * Online: [ n1 ]

              * Full List of Resources:
                * p\t(ocf:heartbeat:Dummy):\t Started n1
            """);
  }
}
