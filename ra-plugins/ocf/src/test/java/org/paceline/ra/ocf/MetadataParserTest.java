package org.paceline.ra.ocf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.agent.ParameterSpec;

class MetadataParserTest {

  private static final String FULL =
      """
      <?xml version="1.0"?>
      <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
      <resource-agent name="Web" version="2.3.1">
      <version>1.1</version>
      <longdesc lang="de">Ein Webserver</longdesc>
      <longdesc lang="en">
      Runs a web server &amp; checks it answers &lt;200&gt;.
      </longdesc>
      <shortdesc lang="en">Web
        server</shortdesc>
      <parameters>
      <parameter name="port" required="1" unique="1">
      <longdesc lang="en">The port</longdesc>
      <shortdesc lang="en">Port</shortdesc>
      <content type="integer" default="80"/>
      </parameter>
      <parameter name="mode" unique-group="m">
      <shortdesc lang="en">Mode</shortdesc>
      <content type="select" default="fast"><option value="fast"/><option value="slow"/></content>
      </parameter>
      <parameter name="bare"/>
      </parameters>
      <actions>
      <action name="start" timeout="20s"/>
      <action name="stop" timeout="2m"/>
      <action name="monitor" timeout="30" interval="10s" depth="0"/>
      <action name="monitor" timeout="30s" interval="11s" depth="10" role="Master"/>
      <action name="monitor" timeout="30s" interval="12s" role="Slave"/>
      <action name="promote" timeout="500ms"/>
      <action name="demote" timeout="1h"/>
      <action name="notify" timeout="soon"/>
      <action name="meta-data"/>
      </actions>
      </resource-agent>
      """;

  @Test
  void readsEverythingTheOcfStandardDefines() throws Exception {
    AgentMetadata md = MetadataParser.parse(FULL, "fallback");
    assertThat(md.name()).isEqualTo("Web");
    assertThat(md.version()).isEqualTo("2.3.1");
    assertThat(md.shortDescription()).isEqualTo("Web server");
    assertThat(md.longDescription()).isEqualTo("Runs a web server & checks it answers <200>.");
    assertThat(md.parameters())
        .containsExactly(
            new ParameterSpec("port", "integer", "80", true, true, "Port", "The port"),
            new ParameterSpec("mode", "select", "fast", false, false, "Mode", ""),
            new ParameterSpec("bare", "string", null, false, false, "", ""));
    assertThat(md.actions())
        .containsExactly(
            ActionSpec.of("start", Duration.ofSeconds(20)),
            ActionSpec.of("stop", Duration.ofMinutes(2)),
            new ActionSpec("monitor", Duration.ofSeconds(30), Duration.ofSeconds(10), 0, null),
            new ActionSpec(
                "monitor", Duration.ofSeconds(30), Duration.ofSeconds(11), 10, "Promoted"),
            new ActionSpec(
                "monitor", Duration.ofSeconds(30), Duration.ofSeconds(12), 0, "Unpromoted"),
            ActionSpec.of("promote", Duration.ofMillis(500)),
            ActionSpec.of("demote", Duration.ofHours(1)),
            ActionSpec.of("notify", null),
            ActionSpec.of("meta-data", null));
  }

  @Test
  void missingNameAndVersionFallBack() throws Exception {
    AgentMetadata md = MetadataParser.parse("<resource-agent><actions/></resource-agent>", "Dummy");
    assertThat(md.name()).isEqualTo("Dummy");
    assertThat(md.version()).isEmpty();
    assertThat(md.parameters()).isEmpty();
    assertThat(md.actions()).isEmpty();
  }

  @Test
  void garbageIsAnErrorNamingTheProblem() {
    assertThatThrownBy(() -> MetadataParser.parse("", "x"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("no meta-data");
    assertThatThrownBy(() -> MetadataParser.parse("usage: foo {start|stop}", "x"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("not well-formed XML at line 1");
    assertThatThrownBy(() -> MetadataParser.parse("<resource-agent><parameters>", "x"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("not well-formed");
    assertThatThrownBy(() -> MetadataParser.parse("<html><body/></html>", "x"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("root element is <html>");
    assertThatThrownBy(
            () ->
                MetadataParser.parse(
                    "<resource-agent><parameters><parameter/></parameters></resource-agent>", "x"))
        .hasMessageContaining("<parameter> in the meta-data has no name");
    assertThatThrownBy(
            () ->
                MetadataParser.parse(
                    "<resource-agent><actions><action/></actions></resource-agent>", "x"))
        .hasMessageContaining("<action> in the meta-data has no name");
  }

  @Test
  void externalEntitiesAreNeverRead(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "TOP-SECRET");
    String xxe =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent [<!ENTITY s SYSTEM \""
            + secret.toUri()
            + "\">]>\n<resource-agent name=\"x\"><shortdesc>&s;</shortdesc></resource-agent>";
    assertThatThrownBy(() -> MetadataParser.parse(xxe, "x"))
        .isInstanceOf(MetadataException.class)
        .hasMessageNotContaining("TOP-SECRET");

    String parameterEntity =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent [<!ENTITY % p SYSTEM \""
            + secret.toUri()
            + "\"> %p;]>\n<resource-agent name=\"x\"/>";
    try {
      AgentMetadata md = MetadataParser.parse(parameterEntity, "x");
      assertThat(md.toString()).doesNotContain("TOP-SECRET");
    } catch (MetadataException e) {
      assertThat(e).hasMessageNotContaining("TOP-SECRET");
    }
  }

  @Test
  void entityExpansionBombsAreRefused() {
    StringBuilder bomb =
        new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent [\n")
            .append("<!ENTITY a0 \"lol\">\n");
    for (int i = 1; i < 10; i++) {
      bomb.append("<!ENTITY a")
          .append(i)
          .append(" \"")
          .append(("&a" + (i - 1) + ";").repeat(10))
          .append("\">\n");
    }
    bomb.append("]>\n<resource-agent name=\"x\"><shortdesc>&a9;</shortdesc></resource-agent>");
    assertThatThrownBy(() -> MetadataParser.parse(bomb.toString(), "x"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("a9");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "<resource-agent>" + "<x>".repeat(100) + "</x>".repeat(100) + "</resource-agent>";
    assertThatThrownBy(() -> MetadataParser.parse(deep, "x"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("deeper than");
  }

  @Test
  void timesFollowPacemakerUnits() {
    assertThat(MetadataParser.time("20")).isEqualTo(Duration.ofSeconds(20));
    assertThat(MetadataParser.time(" 20s ")).isEqualTo(Duration.ofSeconds(20));
    assertThat(MetadataParser.time("20sec")).isEqualTo(Duration.ofSeconds(20));
    assertThat(MetadataParser.time("1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(MetadataParser.time("1500msec")).isEqualTo(Duration.ofMillis(1500));
    assertThat(MetadataParser.time("3min")).isEqualTo(Duration.ofMinutes(3));
    assertThat(MetadataParser.time("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(MetadataParser.time("2hr")).isEqualTo(Duration.ofHours(2));
    assertThat(MetadataParser.time("10us")).isEqualTo(Duration.ofNanos(10_000));
    assertThat(MetadataParser.time("")).isNull();
    assertThat(MetadataParser.time(null)).isNull();
    assertThat(MetadataParser.time("-5s")).isNull();
    assertThat(MetadataParser.time("5 days")).isNull();
  }
}
