package org.paceline.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.ResourceAgent;

class AgentRegistryTest {

  static final AgentId DUMMY = AgentId.ocf("paceline", "Dummy");
  static final AgentId NGINX = AgentId.parse("systemd:nginx");

  final AgentRegistry registry = new AgentRegistry();

  static Map<String, Object> props(long serviceId, Object agent, Integer ranking) {
    Map<String, Object> p = new HashMap<>();
    p.put(AgentRegistry.SERVICE_ID, serviceId);
    if (agent != null) {
      p.put(ResourceAgent.AGENT_PROPERTY, agent);
    }
    if (ranking != null) {
      p.put(AgentRegistry.SERVICE_RANKING, ranking);
    }
    return p;
  }

  @Test
  void findsAnAgentByItsServiceProperty() {
    TestAgent dummy = TestAgent.answering(DUMMY, OcfResultCode.OK);

    assertThat(registry.add(dummy, props(1, "ocf:paceline:Dummy", null))).contains(DUMMY);

    assertThat(registry.find(DUMMY)).containsSame(dummy);
    assertThat(registry.find(NGINX)).isEmpty();
  }

  @Test
  void aSystemdUnitIsFoundWithOrWithoutItsServiceSuffix() {
    TestAgent nginx = TestAgent.answering(NGINX, OcfResultCode.OK);
    registry.add(nginx, props(1, "systemd:nginx", null));

    assertThat(registry.find(AgentId.parse("systemd:nginx.service"))).containsSame(nginx);
    assertThat(registry.find(NGINX)).containsSame(nginx);
    assertThat(registry.find(AgentId.parse("systemd:nginx.socket"))).isEmpty();
  }

  @Test
  void theHighestRankingWinsAndAmongEqualRankingsTheNewest() {
    TestAgent low = TestAgent.answering(DUMMY, OcfResultCode.OK);
    TestAgent high = TestAgent.answering(DUMMY, OcfResultCode.OK);
    TestAgent newer = TestAgent.answering(DUMMY, OcfResultCode.OK);

    registry.add(high, props(1, "ocf:paceline:Dummy", 10));
    registry.add(low, props(2, "ocf:paceline:Dummy", null));
    assertThat(registry.find(DUMMY)).containsSame(high);

    registry.add(newer, props(3, "ocf:paceline:Dummy", 10));
    assertThat(registry.find(DUMMY)).containsSame(newer);
    assertThat(registry.registration(DUMMY).orElseThrow().serviceId()).isEqualTo(3);

    registry.remove(3);
    assertThat(registry.find(DUMMY)).containsSame(high);
    registry.remove(props(1, "ocf:paceline:Dummy", 10));
    assertThat(registry.find(DUMMY)).containsSame(low);
    registry.remove(2);
    assertThat(registry.find(DUMMY)).isEmpty();
  }

  @Test
  void anUpdatedServiceMovesToItsNewId() {
    TestAgent agent = TestAgent.answering(DUMMY, OcfResultCode.OK);
    registry.add(agent, props(1, "ocf:paceline:Dummy", null));

    registry.add(agent, props(1, "systemd:nginx", null));

    assertThat(registry.find(DUMMY)).isEmpty();
    assertThat(registry.find(NGINX)).containsSame(agent);
  }

  @Test
  void servicesWithoutAValidAgentPropertyAreIgnored() {
    TestAgent agent = TestAgent.answering(DUMMY, OcfResultCode.OK);

    assertThat(registry.add(agent, props(1, null, null))).isEmpty();
    assertThat(registry.add(agent, props(2, "ocf:Dummy", null))).isEmpty();
    assertThat(registry.add(agent, Map.of(ResourceAgent.AGENT_PROPERTY, "ocf:paceline:Dummy")))
        .isEmpty();

    assertThat(registry.list()).isEmpty();
  }

  @Test
  void theServicePropertyDecidesEvenWhenTheAgentSaysOtherwise() {
    TestAgent agent = TestAgent.answering(NGINX, OcfResultCode.OK);

    registry.add(agent, props(1, "ocf:paceline:Dummy", null));

    assertThat(registry.find(DUMMY)).containsSame(agent);
  }

  @Test
  void listsEachAgentOnceSorted() {
    registry.add(TestAgent.answering(NGINX, OcfResultCode.OK), props(1, "systemd:nginx", null));
    registry.add(TestAgent.answering(DUMMY, OcfResultCode.OK), props(2, "ocf:paceline:Dummy", 1));
    registry.add(TestAgent.answering(DUMMY, OcfResultCode.OK), props(3, "ocf:paceline:Dummy", 2));

    assertThat(registry.list()).containsExactly(DUMMY, NGINX);
  }
}
