package org.paceline.fencing.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceRequest;

class AgentInputTest {

  private static FenceRequest req(
      FenceAction action, String target, String port, Map<String, String> params) {
    return new FenceRequest("dev", action, target, port, params, Duration.ofSeconds(5));
  }

  @Test
  void actionFirstThenParametersInNameOrderThenTheTarget() {
    AgentInput in =
        AgentInput.of(
            req(
                FenceAction.OFF,
                "n1",
                null,
                Map.of(
                    "username", "admin",
                    "ip", "10.0.0.1",
                    "action", "on",
                    "pcmk_host_list", "n1 n2",
                    "pcmk_delay_max", "5s",
                    "CRM_meta_timeout", "20000",
                    "#digest", "x")),
            "plug");
    assertThat(in.agentAction()).isEqualTo("off");
    assertThat(in.stdin())
        .isEqualTo("action=off\nip=10.0.0.1\nusername=admin\nplug=n1\nnodename=n1\n");
    assertThat(in.keys()).containsExactly("action", "ip", "username", "plug", "nodename");
  }

  @Test
  void theMappedPortWinsOverTheNodeName() {
    AgentInput in = AgentInput.of(req(FenceAction.REBOOT, "n1", "4", Map.of()), "port");
    assertThat(in.stdin()).isEqualTo("action=reboot\nport=4\nnodename=n1\n");
  }

  @Test
  void hostArgumentCanBeRenamedOrSwitchedOff() {
    assertThat(
            AgentInput.of(
                    req(FenceAction.STATUS, "n1", null, Map.of("pcmk_host_argument", "vm")), "plug")
                .stdin())
        .isEqualTo("action=status\nvm=n1\nnodename=n1\n");
    assertThat(
            AgentInput.of(
                    req(FenceAction.ON, "n1", null, Map.of("pcmk_host_argument", "none")), "plug")
                .stdin())
        .isEqualTo("action=on\nnodename=n1\n");
    assertThatThrownBy(
            () ->
                AgentInput.of(
                    req(FenceAction.ON, "n1", null, Map.of("pcmk_host_argument", "a b")), "plug"))
        .hasMessage("parameter pcmk_host_argument must name a parameter or be none");
  }

  @Test
  void aConfiguredPortIsKeptUnlessDynamic() {
    assertThat(
            AgentInput.of(req(FenceAction.OFF, "n1", "9", Map.of("plug", "vm-7")), "plug").stdin())
        .isEqualTo("action=off\nplug=vm-7\nnodename=n1\n");
    assertThat(
            AgentInput.of(req(FenceAction.OFF, "n1", null, Map.of("plug", "dynamic")), "plug")
                .stdin())
        .isEqualTo("action=off\nplug=n1\nnodename=n1\n");
    assertThat(
            AgentInput.of(req(FenceAction.LIST, null, null, Map.of("plug", "dynamic")), "plug")
                .stdin())
        .isEqualTo("action=list\n");
  }

  @Test
  void aConfiguredNodenameIsKept() {
    assertThat(
            AgentInput.of(req(FenceAction.OFF, "n1", null, Map.of("nodename", "host1")), "plug")
                .stdin())
        .isEqualTo("action=off\nnodename=host1\nplug=n1\n");
    assertThat(
            AgentInput.of(
                    req(FenceAction.OFF, "n1", null, Map.of("pcmk_host_argument", "nodename")),
                    "plug")
                .stdin())
        .isEqualTo("action=off\nnodename=n1\n");
  }

  @Test
  void deviceActionsCarryNoTarget() {
    assertThat(
            AgentInput.of(req(FenceAction.MONITOR, null, null, Map.of("ip", "h")), "plug").stdin())
        .isEqualTo("action=monitor\nip=h\n");
  }

  @Test
  void anActionCanBeRenamed() {
    AgentInput in =
        AgentInput.of(
            req(FenceAction.REBOOT, "n1", null, Map.of("pcmk_reboot_action", "off")), "plug");
    assertThat(in.agentAction()).isEqualTo("off");
    assertThat(in.stdin()).startsWith("action=off\n");
    assertThatThrownBy(
            () ->
                AgentInput.of(
                    req(FenceAction.OFF, "n1", null, Map.of("pcmk_off_action", "off\nx=1")),
                    "plug"))
        .hasMessage("parameter pcmk_off_action must be a plain action name");
  }

  @Test
  void unsafeNamesAndValuesAreRefusedWithoutShowingValues() {
    assertThatThrownBy(
            () ->
                AgentInput.of(
                    req(FenceAction.OFF, "n1", null, Map.of("password", "x\raction=on")), "plug"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the value of parameter password contains a line break or NUL character");
    assertThatThrownBy(
            () -> AgentInput.of(req(FenceAction.OFF, "n1", null, Map.of("a=b", "1")), "plug"))
        .hasMessage(
            "parameter name 'a=b' cannot be passed to a fence agent (letters, digits, _ . - only)");
    assertThatThrownBy(() -> AgentInput.of(req(FenceAction.OFF, "n\n1", null, Map.of()), "plug"))
        .hasMessage("the value of parameter plug contains a line break or NUL character");
  }
}
