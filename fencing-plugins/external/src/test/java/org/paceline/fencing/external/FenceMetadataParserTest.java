package org.paceline.fencing.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.paceline.api.agent.ParameterSpec;

class FenceMetadataParserTest {

  private static final String XML =
      """
      <?xml version="1.0" ?>
      <resource-agent name="fence_multi" shortdesc="Fence agent for many things" >
      <symlink name="fence_other" shortdesc="Fence agent for the other thing"/>
      <longdesc>Talks to a power switch
        over the network.</longdesc>
      <vendor-url>http://www.example.com</vendor-url>
      <parameters>
        <parameter name="action" unique="0" required="1">
          <getopt mixed="-o, --action=[action]" />
          <content type="string" default="reboot"  />
          <shortdesc lang="en">Fencing action</shortdesc>
        </parameter>
        <parameter name="ip" unique="0" required="1" obsoletes="ipaddr">
          <content type="string"  />
          <shortdesc lang="en">IP address or hostname of fencing device</shortdesc>
        </parameter>
        <parameter name="ipaddr" unique="0" required="1" deprecated="1">
          <content type="string"  />
          <shortdesc lang="en">IP address or hostname of fencing device</shortdesc>
        </parameter>
        <parameter name="plug" unique="0" required="1" obsoletes="port">
          <content type="string"  />
          <shortdesc lang="en">Physical plug number</shortdesc>
        </parameter>
        <parameter name="port" unique="0" required="1" deprecated="1">
          <content type="string"  />
          <shortdesc lang="en">Physical plug number</shortdesc>
        </parameter>
        <parameter name="username" unique="1" required="1">
          <content type="string"  />
          <shortdesc lang="de">Benutzer</shortdesc>
          <shortdesc lang="en">Login name</shortdesc>
        </parameter>
        <parameter name="power_wait" unique="0" required="0">
          <content type="second" default="0"  />
          <shortdesc lang="en">Wait X seconds after issuing ON/OFF</shortdesc>
        </parameter>
        <parameter name="ssl" unique="0" required="0">
          <content type="boolean"  />
          <shortdesc lang="en">Use SSL</shortdesc>
        </parameter>
      </parameters>
      <actions>
        <action name="on" on_target="1" automatic="1"/>
        <action name="off" />
        <action name="status" />
        <action name="list" />
        <action name="monitor" />
        <action name="metadata" />
      </actions>
      </resource-agent>
      """;

  @Test
  void readsFenceAgentsMetadata() throws Exception {
    FenceMetadata md = FenceMetadataParser.parse(XML, "fence_multi");
    assertThat(md.agent().name()).isEqualTo("fence_multi");
    assertThat(md.agent().version()).isEmpty();
    assertThat(md.agent().shortDescription()).isEqualTo("Fence agent for many things");
    assertThat(md.agent().longDescription())
        .isEqualTo("Talks to a power switch\n  over the network.");
    assertThat(md.agent().parameters())
        .extracting(ParameterSpec::name)
        .containsExactly("action", "ip", "ipaddr", "plug", "port", "username", "power_wait", "ssl");
    assertThat(md.agent().actions())
        .extracting(a -> a.name())
        .containsExactly("on", "off", "status", "list", "monitor", "metadata");
    assertThat(md.automaticUnfencing()).isTrue();
    assertThat(md.unfenceOnTarget()).isTrue();
    assertThat(md.defaultHostArgument()).isEqualTo("plug");
    assertThat(md.supports("list")).isTrue();
    assertThat(md.supports("reboot")).isFalse();

    ParameterSpec username = md.agent().parameter("username").orElseThrow();
    assertThat(username.required()).isTrue();
    assertThat(username.unique()).isTrue();
    assertThat(username.shortDescription()).isEqualTo("Login name");
    assertThat(md.agent().parameter("power_wait").orElseThrow().type()).isEqualTo("string");
    assertThat(md.agent().parameter("power_wait").orElseThrow().defaultValue()).isEqualTo("0");
    assertThat(md.agent().parameter("ssl").orElseThrow().type()).isEqualTo("boolean");
  }

  @Test
  void whatTheClusterSuppliesAndDeprecatedPairsAreNotRequired() throws Exception {
    FenceMetadata md = FenceMetadataParser.parse(XML, "fence_multi");
    for (String name : new String[] {"action", "plug", "port", "ip", "ipaddr"}) {
      assertThat(md.agent().parameter(name).orElseThrow().required()).as(name).isFalse();
    }
    assertThat(md.agent().parameter("action").orElseThrow().longDescription())
        .contains("Supplied by the cluster");
    assertThat(md.agent().parameter("ipaddr").orElseThrow().shortDescription())
        .isEqualTo("IP address or hostname of fencing device (deprecated, use ip)");
    assertThat(md.agent().parameter("ip").orElseThrow().longDescription())
        .isEqualTo("Required unless its deprecated name ipaddr is set.");
  }

  @Test
  void aSymlinkNameGetsItsOwnDescription() throws Exception {
    FenceMetadata md = FenceMetadataParser.parse(XML, "fence_other");
    assertThat(md.agent().name()).isEqualTo("fence_other");
    assertThat(md.agent().shortDescription()).isEqualTo("Fence agent for the other thing");
  }

  @Test
  void withoutPlugTheTargetGoesAsPort() throws Exception {
    FenceMetadata md =
        FenceMetadataParser.parse(
            "<resource-agent name='x'><shortdesc>Old style</shortdesc>"
                + "<parameters><parameter name='port'/></parameters></resource-agent>",
            "fence_x");
    assertThat(md.defaultHostArgument()).isEqualTo("port");
    assertThat(md.agent().shortDescription()).isEqualTo("Old style");
    assertThat(md.automaticUnfencing()).isFalse();
    assertThat(md.agent().parameter("port").orElseThrow().type()).isEqualTo("string");
  }

  @Test
  void badMetadataIsAClearError() {
    assertThatThrownBy(() -> FenceMetadataParser.parse("", "fence_x"))
        .isInstanceOf(FenceMetadataException.class)
        .hasMessage("the agent printed no meta-data");
    assertThatThrownBy(() -> FenceMetadataParser.parse("usage: fence_x NODE", "fence_x"))
        .hasMessageStartingWith("meta-data is not well-formed XML at line 1");
    assertThatThrownBy(() -> FenceMetadataParser.parse("<resource-agent>", "fence_x"))
        .hasMessageStartingWith("meta-data is not well-formed XML");
    assertThatThrownBy(() -> FenceMetadataParser.parse("<html><body/></html>", "fence_x"))
        .hasMessage("meta-data root element is <html>, expected <resource-agent>");
    assertThatThrownBy(
            () ->
                FenceMetadataParser.parse(
                    "<resource-agent><parameters><parameter/></parameters></resource-agent>",
                    "fence_x"))
        .hasMessage("a <parameter> in the meta-data has no name");
    assertThatThrownBy(
            () ->
                FenceMetadataParser.parse(
                    "<resource-agent><actions><action/></actions></resource-agent>", "fence_x"))
        .hasMessage("an <action> in the meta-data has no name");
    assertThatThrownBy(
            () ->
                FenceMetadataParser.parse(
                    "<a>" + "<b>".repeat(40) + "</b>".repeat(40) + "</a>", "fence_x"))
        .hasMessageContaining("nests deeper than");
  }

  @Test
  void entitiesAreRefused() {
    String internal =
        "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY boom 'BOOM'>]>"
            + "<resource-agent shortdesc='&boom;'/>";
    assertThatThrownBy(() -> FenceMetadataParser.parse(internal, "fence_x"))
        .isInstanceOf(FenceMetadataException.class);
    String external =
        "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
            + "<resource-agent><longdesc>&x;</longdesc></resource-agent>";
    assertThatThrownBy(() -> FenceMetadataParser.parse(external, "fence_x"))
        .isInstanceOf(FenceMetadataException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:"));
  }
}
