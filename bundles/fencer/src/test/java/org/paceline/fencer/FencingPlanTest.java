package org.paceline.fencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.paceline.api.fencing.FenceAction;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Configuration;
import org.paceline.fencer.FencingPlan.Kind;
import org.paceline.fencer.FencingPlan.Step;

class FencingPlanTest {

  private static final FenceAgentLookup AGENTS =
      FenceAgentLookup.of(
          List.of(
              new TestAgent("fence_full"),
              new TestAgent("fence_offonly", "off", "status", "list", "monitor")));

  private static final String DEVICES =
      "node n1 attributes rack=r1\n"
          + "node n2 attributes rack=r2\n"
          + "node n3 attributes rack=r1\n"
          + "node db10\n"
          + "primitive ipmi1 stonith:fence_full params pcmk_host_list=n1\n"
          + "primitive ipmi2 stonith:fence_full params pcmk_host_list=n2\n"
          + "primitive pdu stonith:fence_full\n"
          + "primitive pdu2 stonith:fence_offonly\n"
          + "primitive sbd stonith:fence_offonly meta priority=5\n";

  private static FencingPlan plan(String crm, String target, FenceAction action) {
    Configuration c = CrmParser.parse(crm);
    return FencingPlan.build(c, Devices.from(c, AGENTS), target, action);
  }

  private static List<List<String>> devicesPerLevel(FencingPlan p) {
    return p.levels().stream().map(FencingPlan.Level::devices).toList();
  }

  @Test
  void topologyByNodeNameInIndexOrder() {
    FencingPlan p =
        plan(DEVICES + "fencing_topology n1: ipmi1 pdu,pdu2 n2: ipmi2\n", "n1", FenceAction.OFF);
    assertThat(p.kind()).isEqualTo(Kind.TOPOLOGY);
    assertThat(p.topologyTarget()).isEqualTo("node n1");
    assertThat(devicesPerLevel(p)).containsExactly(List.of("ipmi1"), List.of("pdu", "pdu2"));
    assertThat(p.levels()).extracting(FencingPlan.Level::index).containsExactly(1, 2);
    assertThat(p.levels().get(1).steps())
        .containsExactly(
            new Step("pdu", FenceAction.OFF, true), new Step("pdu2", FenceAction.OFF, true));
  }

  @Test
  void nameMatchBeatsPatternAndAttribute() {
    String topo = DEVICES + "fencing_topology pattern:n. pdu attr:rack=r1 pdu2 n3: ipmi1,ipmi2\n";
    assertThat(plan(topo, "n3", FenceAction.REBOOT).topologyTarget()).isEqualTo("node n3");
    assertThat(plan(topo, "n1", FenceAction.REBOOT).topologyTarget()).isEqualTo("pattern n.");
  }

  @Test
  void patternAndAttributeInConfigurationOrder() {
    String attrFirst = DEVICES + "fencing_topology attr:rack=r1 pdu2 pattern:^n.$ pdu\n";
    assertThat(plan(attrFirst, "n1", FenceAction.OFF).topologyTarget())
        .isEqualTo("attribute rack=r1");
    assertThat(plan(attrFirst, "n2", FenceAction.OFF).topologyTarget()).isEqualTo("pattern ^n.$");
    // db10 matches neither: no topology, every capable device in turn
    assertThat(plan(attrFirst, "db10", FenceAction.OFF).kind()).isEqualTo(Kind.DEVICES);
  }

  @Test
  void patternIsSearchedNotAnchored() {
    String topo = DEVICES + "fencing_topology pattern:b1 pdu\n";
    assertThat(plan(topo, "db10", FenceAction.OFF).topologyTarget()).isEqualTo("pattern b1");
    String anchored = DEVICES + "fencing_topology pattern:^b1 pdu\n";
    assertThat(plan(anchored, "db10", FenceAction.OFF).kind()).isEqualTo(Kind.DEVICES);
  }

  @Test
  void attributeNeedsTheConfiguredNode() {
    String topo = DEVICES + "fencing_topology attr:rack=r2 pdu\n";
    assertThat(plan(topo, "n2", FenceAction.OFF).kind()).isEqualTo(Kind.TOPOLOGY);
    assertThat(plan(topo, "n1", FenceAction.OFF).kind()).isEqualTo(Kind.DEVICES);
    assertThat(plan(topo, "unknown", FenceAction.OFF).kind()).isEqualTo(Kind.DEVICES);
  }

  @Test
  void withoutTopologyEveryCapableDeviceByPriority() {
    FencingPlan p = plan(DEVICES, "n2", FenceAction.OFF);
    assertThat(p.kind()).isEqualTo(Kind.DEVICES);
    // sbd first (priority 5); ipmi1 is left out (static list without n2)
    assertThat(devicesPerLevel(p))
        .containsExactly(List.of("sbd"), List.of("ipmi2"), List.of("pdu"), List.of("pdu2"));
    assertThat(p.levels()).extracting(FencingPlan.Level::index).containsExactly(1, 2, 3, 4);
  }

  @Test
  void noDeviceGivesAnEmptyPlan() {
    FencingPlan p =
        plan(
            "node n1\nprimitive a stonith:fence_full params pcmk_host_list=n2\n",
            "n1",
            FenceAction.REBOOT);
    assertThat(p.isEmpty()).isTrue();
    assertThat(p.describe()).contains("no device can fence it");
  }

  @Test
  void rebootBecomesOffWhereTheAgentCannotReboot() {
    FencingPlan p = plan(DEVICES + "fencing_topology n1: pdu2 pdu\n", "n1", FenceAction.REBOOT);
    assertThat(p.levels().get(0).steps()).containsExactly(new Step("pdu2", FenceAction.OFF, true));
    assertThat(p.levels().get(1).steps())
        .containsExactly(new Step("pdu", FenceAction.REBOOT, true));
  }

  @Test
  void multiDeviceLevelRebootsAsAllOffThenAllOn() {
    FencingPlan p =
        plan(DEVICES + "fencing_topology n1: pdu,ipmi1,pdu2\n", "n1", FenceAction.REBOOT);
    assertThat(p.levels().get(0).steps())
        .containsExactly(
            new Step("pdu", FenceAction.OFF, true),
            new Step("ipmi1", FenceAction.OFF, true),
            new Step("pdu2", FenceAction.OFF, true),
            new Step("pdu", FenceAction.ON, false),
            new Step("ipmi1", FenceAction.ON, false));
    assertThat(p.describe()).contains("pdu/on(optional)");
  }

  @Test
  void topologyNamingAnUnknownDeviceKeepsTheStep() {
    FencingPlan p = plan(DEVICES + "fencing_topology n1: nosuch pdu\n", "n1", FenceAction.OFF);
    assertThat(devicesPerLevel(p)).containsExactly(List.of("nosuch"), List.of("pdu"));
  }

  @Test
  void onlyRebootOffAndOnCanBePlanned() {
    assertThatThrownBy(() -> plan(DEVICES, "n1", FenceAction.STATUS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'status'");
  }

  @Test
  void deterministic() {
    String crm = DEVICES + "fencing_topology attr:rack=r1 pdu2 pattern:n pdu n2: ipmi2\n";
    for (String target : List.of("n1", "n2", "n3", "db10")) {
      FencingPlan first = plan(crm, target, FenceAction.REBOOT);
      for (int i = 0; i < 5; i++) {
        assertThat(plan(crm, target, FenceAction.REBOOT)).isEqualTo(first);
      }
    }
  }

  @Test
  void describeNamesLevelsAndDevices() {
    FencingPlan p = plan(DEVICES + "fencing_topology n1: ipmi1 pdu\n", "n1", FenceAction.OFF);
    assertThat(p.describe())
        .isEqualTo(
            "off of n1 by topology (node n1)\n"
                + "  level 1 (fencing-1): ipmi1/off\n"
                + "  level 2 (fencing-2): pdu/off");
  }
}
