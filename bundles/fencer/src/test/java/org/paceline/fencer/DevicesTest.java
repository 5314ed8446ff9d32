package org.paceline.fencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paceline.api.fencing.FenceAction;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Configuration;

class DevicesTest {

  private static final FenceAgentLookup AGENTS =
      FenceAgentLookup.of(
          List.of(
              new TestAgent("fence_full"),
              new TestAgent("fence_nolist", "off", "on", "reboot", "status", "monitor"),
              new TestAgent("fence_bare", "off", "monitor")));

  private static Devices devices(String crm) {
    return Devices.from(CrmParser.parse(crm), AGENTS);
  }

  @Test
  void splitsAgentAndFencerParameters() {
    Devices d =
        devices(
            "primitive ipmi stonith:fence_full params ip=10.0.0.1 password=secret"
                + " pcmk_host_list=n1 pcmk_reboot_timeout=90s pcmk_host_argument=plug\n"
                + "primitive web ocf:heartbeat:Dummy\n");
    assertThat(d.devices()).hasSize(1);
    FenceDevice ipmi = d.device("ipmi").orElseThrow();
    assertThat(ipmi.agentName()).isEqualTo("fence_full");
    assertThat(ipmi.agentParams()).containsOnlyKeys("ip", "password");
    assertThat(ipmi.fencerParams())
        .containsOnlyKeys("pcmk_host_list", "pcmk_reboot_timeout", "pcmk_host_argument");
    assertThat(ipmi.params()).hasSize(5);
    assertThat(ipmi.usable()).isTrue();
    assertThat(ipmi.toString()).doesNotContain("secret");
    assertThat(ipmi.timeout(FenceAction.REBOOT, Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(ipmi.timeout(FenceAction.OFF, Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(ipmi.retries(FenceAction.REBOOT)).isEqualTo(2);
    assertThat(d.fencingTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void fencingTimeoutComesFromEitherPropertyName() {
    Configuration c =
        CrmParser.parse("property stonith-timeout=30s\nprimitive f stonith:fence_full\n");
    assertThat(Devices.from(c, AGENTS).fencingTimeout()).isEqualTo(Duration.ofSeconds(30));
    Configuration bad = CrmParser.parse("property fencing-timeout=soon\n");
    assertThatThrownBy(() -> Devices.from(bad, AGENTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fencing-timeout");
  }

  @Test
  void hostCheckDefaultsFollowPacemaker() {
    Devices d =
        devices(
            "primitive listed stonith:fence_full params pcmk_host_list=n1\n"
                + "primitive mapped stonith:fence_nolist params pcmk_host_map=n1:1\n"
                + "primitive dynamic stonith:fence_full\n"
                + "primitive bystatus stonith:fence_nolist\n"
                + "primitive nothing stonith:fence_bare\n"
                + "primitive forced stonith:fence_full params pcmk_host_list=n1"
                + " pcmk_host_check=dynamic-list\n");
    assertThat(d.device("listed").orElseThrow().hostCheck()).isEqualTo(HostCheck.STATIC_LIST);
    assertThat(d.device("mapped").orElseThrow().hostCheck()).isEqualTo(HostCheck.STATIC_LIST);
    assertThat(d.device("dynamic").orElseThrow().hostCheck()).isEqualTo(HostCheck.DYNAMIC_LIST);
    assertThat(d.device("bystatus").orElseThrow().hostCheck()).isEqualTo(HostCheck.STATUS);
    assertThat(d.device("nothing").orElseThrow().hostCheck()).isEqualTo(HostCheck.NONE);
    assertThat(d.device("forced").orElseThrow().hostCheck()).isEqualTo(HostCheck.DYNAMIC_LIST);
  }

  @Test
  void hostListAndMapMatchNamesIgnoringCase() {
    FenceDevice f =
        devices(
                "primitive f stonith:fence_full params pcmk_host_list=\"n1, n2;n3\""
                    + " pcmk_host_map=\"N4:plug4;n5=5\"\n")
            .device("f")
            .orElseThrow();
    DeviceSettings s = f.settings();
    assertThat(s.hostList()).containsExactly("n1", "n2", "n3");
    assertThat(s.listed("N2")).isTrue();
    assertThat(s.listed("n4")).isTrue();
    assertThat(s.listed("n6")).isFalse();
    assertThat(f.portFor("n4")).isEqualTo("plug4");
    assertThat(f.portFor("n5")).isEqualTo("5");
    assertThat(f.portFor("n1")).isNull();
  }

  @Test
  void delaysPerNodeOrForAll() {
    Devices d =
        devices(
            "primitive a stonith:fence_full params pcmk_delay_base=2s pcmk_delay_max=10s\n"
                + "primitive b stonith:fence_full params pcmk_delay_base=\"n1:0s;n2:5s\"\n");
    DeviceSettings a = d.device("a").orElseThrow().settings();
    assertThat(a.delayBase("n9")).isEqualTo(Duration.ofSeconds(2));
    assertThat(a.longestDelay("n9")).isEqualTo(Duration.ofSeconds(10));
    DeviceSettings b = d.device("b").orElseThrow().settings();
    assertThat(b.delayBase("N2")).isEqualTo(Duration.ofSeconds(5));
    assertThat(b.delayBase("n1")).isEqualTo(Duration.ZERO);
    assertThat(b.delayBase("n3")).isEqualTo(Duration.ZERO);
    assertThat(b.longestDelay("n2")).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void malformedParametersMakeOnlyThatDeviceUnusable() {
    Devices d =
        devices(
            "primitive bad1 stonith:fence_full params pcmk_host_check=sometimes\n"
                + "primitive bad2 stonith:fence_full params pcmk_off_retries=-1\n"
                + "primitive bad3 stonith:fence_full params pcmk_reboot_timeout=later\n"
                + "primitive bad4 stonith:fence_full params pcmk_host_map=n1\n"
                + "primitive bad5 stonith:fence_full params pcmk_reboot_timeout=0\n"
                + "primitive bad6 stonith:fence_full meta priority=high\n"
                + "primitive good stonith:fence_full\n");
    assertThat(d.device("bad1").orElseThrow().problem())
        .contains("bad1")
        .contains("pcmk_host_check 'sometimes'");
    assertThat(d.device("bad2").orElseThrow().problem()).contains("pcmk_off_retries");
    assertThat(d.device("bad3").orElseThrow().problem()).contains("pcmk_reboot_timeout 'later'");
    assertThat(d.device("bad4").orElseThrow().problem()).contains("pcmk_host_map").contains("n1");
    assertThat(d.device("bad5").orElseThrow().problem()).contains("pcmk_reboot_timeout");
    assertThat(d.device("bad6").orElseThrow().problem()).contains("priority 'high'");
    assertThat(d.devices())
        .filteredOn(FenceDevice::usable)
        .extracting(FenceDevice::id)
        .containsExactly("good");
  }

  @Test
  void missingAgentAndDisabledDeviceAreNotUsable() {
    Devices d =
        devices(
            "primitive gone stonith:fence_missing\n"
                + "primitive off stonith:fence_full meta target-role=Stopped\n");
    assertThat(d.device("gone").orElseThrow().installedAgent()).isEmpty();
    assertThat(d.device("gone").orElseThrow().usable()).isFalse();
    assertThat(d.device("off").orElseThrow().enabled()).isFalse();
    assertThat(d.byPriority()).extracting(FenceDevice::id).containsExactly("gone");
  }

  @Test
  void priorityOrdersDevicesThenConfigurationOrder() {
    Devices d =
        devices(
            "primitive a stonith:fence_full\n"
                + "primitive b stonith:fence_full meta priority=10\n"
                + "primitive c stonith:fence_full\n"
                + "primitive d stonith:fence_full params priority=5\n"
                + "rsc_defaults priority=1\n");
    assertThat(d.byPriority()).extracting(FenceDevice::id).containsExactly("b", "a", "c", "d");
  }

  @Test
  void unknownFencerParametersAreWarnedAbout() {
    Devices d = devices("primitive a stonith:fence_full params pcmk_host_lst=n1\n");
    assertThat(d.warnings()).singleElement().asString().contains("pcmk_host_lst").contains("'a'");
    assertThat(d.device("a").orElseThrow().usable()).isTrue();
  }

  @Test
  void agentWithBrokenMetadataSupportsEverything() {
    org.paceline.api.fencing.FenceAgent broken =
        new org.paceline.api.fencing.FenceAgent() {
          @Override
          public String name() {
            return "fence_broken";
          }

          @Override
          public org.paceline.api.agent.AgentMetadata metadata() {
            throw new IllegalStateException("no meta-data");
          }

          @Override
          public org.paceline.api.fencing.FenceResult execute(
              org.paceline.api.fencing.FenceRequest request) {
            throw new UnsupportedOperationException();
          }
        };
    Devices d =
        Devices.from(
            CrmParser.parse("primitive a stonith:fence_broken\n"),
            FenceAgentLookup.of(List.of(broken)));
    assertThat(d.device("a").orElseThrow().supports(FenceAction.LIST)).isTrue();
    assertThat(d.device("a").orElseThrow().hostCheck()).isEqualTo(HostCheck.DYNAMIC_LIST);
  }
}
