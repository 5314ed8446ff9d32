package org.paceline.cib.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.model.AttributeExpression;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.ClusterOptions;
import org.paceline.cib.model.ColocationConstraint;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.DateExpression;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.OrderConstraint;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.ResourceAction;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.RuleContext;
import org.paceline.cib.model.Score;
import org.paceline.cib.model.Versions;

class CibXmlTest {

  @Test
  void fullSampleReadsIntoTheModel() throws Exception {
    Cib cib = Samples.read(Samples.FULL);
    Configuration c = cib.configuration();
    assertThat(cib.versions()).isEqualTo(new Versions(1, 42, 7));
    assertThat(cib.haveQuorum()).isTrue();
    assertThat(cib.dcUuid()).contains("1");
    assertThat(cib.executionDate()).contains(Instant.ofEpochSecond(1_700_000_000));
    // Pacemaker 2 names arrive as Pacemaker 3 names; pacemaker-2.10 is raised to the default.
    assertThat(c.properties()).containsEntry("fencing-enabled", "false");
    assertThat(c.properties()).doesNotContainKey("stonith-enabled");
    assertThat(cib.validateWith()).isEmpty();
    ClusterOptions options = c.clusterOptions();
    assertThat(options.fencingEnabled()).isFalse();
    assertThat(options.noQuorumPolicy()).isEqualTo(ClusterOptions.NoQuorumPolicy.FREEZE);
    assertThat(options.clusterRecheckInterval()).isEqualTo(Duration.ofMinutes(5));
    // <master> is a promotable clone with Pacemaker 2 meta names and roles.
    Clone ms = (Clone) c.resource("ms-db").orElseThrow();
    assertThat(ms.promotable()).isTrue();
    assertThat(ms.meta()).containsEntry("promoted-max", "1").doesNotContainKey("master-max");
    assertThat(ms.targetRole()).contains(Role.PROMOTED);
    assertThat(ms.meta()).containsEntry("target-role", "Promoted");
    Primitive db = c.primitive("db").orElseThrow();
    assertThat(db.operations())
        .extracting(Operation::role)
        .containsExactly(Role.PROMOTED, Role.UNPROMOTED);
    // Templates are resolved: the template's params and ops, the primitive's own on top.
    Primitive vip = c.primitive("vip").orElseThrow();
    assertThat(vip.template()).isEqualTo("web-template");
    assertThat(vip.agent()).isEqualTo(AgentId.parse("ocf:heartbeat:IPaddr2"));
    assertThat(vip.params())
        .containsEntry("ip", "192.168.1.10")
        .containsEntry("cidr_netmask", "24");
    assertThat(vip.operations())
        .extracting(o -> o.name() + "/" + o.interval().toSeconds())
        .containsExactly("monitor/10", "start/0", "monitor/30");
    // Fencing devices, groups with params, op params and extras.
    assertThat(c.primitive("fence-a").orElseThrow().fencingDevice()).isTrue();
    Group web = (Group) c.resource("web").orElseThrow();
    assertThat(web.params()).containsEntry("shared", "yes");
    assertThat(c.effectiveParams("fs"))
        .containsEntry("shared", "yes")
        .containsEntry("options", "rw,noatime & more");
    Operation fsMonitor = c.primitive("fs").orElseThrow().operations().get(0);
    assertThat(fsMonitor.params()).containsEntry("OCF_CHECK_LEVEL", "20");
    assertThat(fsMonitor.extra()).containsEntry("start-delay", "5s");
    assertThat(fsMonitor.onFail()).isEqualTo(Operation.OnFail.RESTART);
    // Nodes: type, attributes, utilization.
    Node alpha = c.node("alpha").orElseThrow();
    assertThat(alpha.type()).isEqualTo(Node.Type.MEMBER);
    assertThat(alpha.utilization()).containsEntry("cpu", "8");
    assertThat(alpha.standby()).isFalse();
    // Constraints.
    LocationConstraint rule = (LocationConstraint) c.constraint("loc-db-rule").orElseThrow();
    assertThat(rule.role()).isEqualTo(Role.PROMOTED);
    Rule r = rule.rules().get(0);
    assertThat(r.booleanOp()).isEqualTo(Rule.BooleanOp.OR);
    assertThat(((AttributeExpression) r.expressions().get(1)).type())
        .isEqualTo(AttributeExpression.Type.INTEGER);
    DateExpression range = (DateExpression) ((Rule) r.expressions().get(2)).expressions().get(0);
    assertThat(range.duration().months()).isEqualTo(6);
    LocationConstraint pattern = (LocationConstraint) c.constraint("loc-pattern").orElseThrow();
    assertThat(pattern.rscPattern()).isEqualTo("^fence-");
    assertThat(pattern.discovery()).isEqualTo(LocationConstraint.Discovery.NEVER);
    assertThat(pattern.rules().get(0).scoreAttribute()).isEqualTo("weight");
    ColocationConstraint sets = (ColocationConstraint) c.constraint("col-set").orElseThrow();
    assertThat(sets.rsc()).isNull();
    assertThat(sets.resourceSets()).hasSize(2);
    assertThat(sets.resourceSets().get(0).sequential()).isFalse();
    assertThat(sets.resourceSets().get(0).role()).isEqualTo(Role.UNPROMOTED);
    OrderConstraint self = (OrderConstraint) c.constraint("ord-self").orElseThrow();
    assertThat(self.firstAction()).isEqualTo(ResourceAction.DEMOTE);
    assertThat(self.symmetrical()).isFalse();
    OrderConstraint serialize = (OrderConstraint) c.constraint("ord-set").orElseThrow();
    assertThat(serialize.kind()).isEqualTo(OrderConstraint.Kind.SERIALIZE);
    assertThat(serialize.symmetrical()).isFalse();
    assertThat(serialize.resourceSets().get(0).action()).isEqualTo(ResourceAction.STOP);
    assertThat(serialize.resourceSets().get(0).requireAll()).isFalse();
    OrderConstraint legacy = (OrderConstraint) c.constraint("ord-legacy").orElseThrow();
    assertThat(legacy.kind()).isEqualTo(OrderConstraint.Kind.OPTIONAL);
    // Fencing topology and tags.
    assertThat(c.fencingTopology()).hasSize(4);
    assertThat(c.fencingTopology().get(1).devices()).containsExactly("fence-a", "fence-b");
    assertThat(c.fencingTopology().get(2).targetPattern()).isEqualTo("^b.*");
    assertThat(c.fencingTopology().get(3).targetValue()).isEqualTo("west");
    assertThat(c.tag("frontend").orElseThrow().references()).containsExactly("vip", "web");
  }

  @Test
  void conditionalSetsApplyWhenTheirRuleMatches() throws Exception {
    Configuration c = Samples.read(Samples.FULL).configuration();
    assertThat(c.conditionalSets())
        .extracting(ConditionalSet::id)
        .containsExactly("weekend-options", "business-hours", "monitor-defaults");
    // 2024-03-02 is a Saturday; 2024-03-04 10:00 UTC a Monday in business hours.
    Instant saturday = Instant.parse("2024-03-02T12:00:00Z");
    Instant monday = Instant.parse("2024-03-04T10:00:00Z");
    assertThat(c.clusterOptions(RuleContext.at(saturday)).maintenanceMode()).isTrue();
    assertThat(c.clusterOptions(RuleContext.at(monday)).maintenanceMode()).isFalse();
    AgentId ip = AgentId.parse("ocf:heartbeat:IPaddr2");
    AgentId dummy = AgentId.parse("ocf:pacemaker:Dummy");
    assertThat(c.effectiveRscDefaults(RuleContext.at(monday).withAgent(ip)))
        .containsEntry("resource-stickiness", "INFINITY")
        .containsEntry("migration-threshold", "3");
    assertThat(c.effectiveRscDefaults(RuleContext.at(monday).withAgent(dummy)))
        .containsEntry("resource-stickiness", "100");
    assertThat(c.effectiveRscDefaults(RuleContext.at(saturday).withAgent(ip)))
        .containsEntry("resource-stickiness", "100");
    assertThat(
            c.effectiveOpDefaults(
                RuleContext.at(monday).withOperation("monitor", Duration.ofSeconds(10))))
        .containsEntry("timeout", "40s");
    assertThat(c.effectiveOpDefaults(RuleContext.at(monday).withOperation("start", Duration.ZERO)))
        .containsEntry("timeout", "20s");
  }

  @Test
  void statusSectionKeepsEveryRecordedAttribute() throws Exception {
    Cib cib = Samples.read(Samples.FULL);
    var alpha = cib.status().node("alpha").orElseThrow();
    assertThat(alpha.online()).isTrue();
    assertThat(alpha.id()).isEqualTo("1");
    assertThat(alpha.extra())
        .containsEntry("crm-debug-origin", "do_update_resource")
        .containsEntry("shutdown", "0");
    assertThat(alpha.transientAttributes()).containsEntry("master-db", "10");
    var promote = alpha.history("db").orElseThrow().operations().get(0);
    assertThat(promote.id()).isEqualTo("db_last_0");
    assertThat(promote.operationKey()).isEqualTo("db_promote_0");
    assertThat(promote.transitionKey()).isEqualTo("5:1:0:6e9c1b3a");
    assertThat(promote.transitionMagic()).isEqualTo("0:0;5:1:0:6e9c1b3a");
    assertThat(promote.exitReason()).isEmpty();
    assertThat(promote.onNode()).isEqualTo("alpha");
    assertThat(promote.lastRun()).isEqualTo(1_700_000_000L);
    assertThat(promote.execTimeMs()).isEqualTo(120);
    assertThat(promote.queueTimeMs()).isEqualTo(3);
    assertThat(promote.opDigest()).isEqualTo("abc123");
    assertThat(promote.extra()).containsEntry("crm_feature_set", "3.1.0");
    assertThat(alpha.resourceState("db").role()).isEqualTo(Role.PROMOTED);
    // The anonymous clone instance ping:0 is history of primitive ping.
    assertThat(alpha.instanceHistories("ping"))
        .extracting(h -> h.resource())
        .containsExactly("ping:0");
    assertThat(alpha.instanceHistories("ping").get(0).primitive()).isEqualTo("ping");
    assertThat(alpha.instanceFailCount("ping")).isEqualTo(new Score(2));
    var pending = alpha.history("fence-a").orElseThrow().operations().get(0);
    assertThat(pending.callId()).isEqualTo(-1);
    assertThat(pending.rc()).isEqualTo(193);
    // Pacemaker 2.1.7+ writes join times instead of true/online.
    assertThat(cib.status().node("beta").orElseThrow().online()).isTrue();
    assertThat(cib.status().node("gamma").orElseThrow().membership())
        .isEqualTo(org.paceline.cib.model.Membership.UNCLEAN);
  }

  @Test
  void exportReadsBackEqualAndIsCanonical() throws Exception {
    Cib cib = Samples.read(Samples.FULL);
    byte[] xml = CibXml.toBytes(cib);
    Cib again = CibXml.read(new ByteArrayInputStream(xml));
    assertThat(again).isEqualTo(cib);
    assertThat(CibXml.toBytes(again)).isEqualTo(xml);
    String text = new String(xml, StandardCharsets.UTF_8);
    // Pacemaker 3 spellings.
    assertThat(text)
        .contains("name=\"fencing-enabled\"", "role=\"Promoted\"", "<clone id=\"ms-db\">")
        .contains("validate-with=\"pacemaker-3.7\" admin_epoch=\"1\" epoch=\"42\"")
        .doesNotContain("stonith-enabled", "Master", "Slave", "<master");
  }

  @Test
  void pacemaker21DialectWritesTheOlderOptionNames() throws Exception {
    Cib cib = Samples.read(Samples.FULL);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CibXml.write(cib, out, Dialect.PACEMAKER_2_1);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("name=\"stonith-enabled\" value=\"false\"")
        .doesNotContain("fencing-enabled");
    assertThat(CibXml.read(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(cib);
  }

  @Test
  void equalModelsWithDifferentMapOrderWriteTheSameBytes() throws Exception {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    AgentId dummy = AgentId.parse("ocf:pacemaker:Dummy");
    Cib one = cibWith(new Primitive("p", dummy, ab, Map.of(), Map.of(), List.of()));
    Cib two = cibWith(new Primitive("p", dummy, ba, Map.of(), Map.of(), List.of()));
    assertThat(one).isEqualTo(two);
    assertThat(CibXml.toBytes(one)).isEqualTo(CibXml.toBytes(two));
  }

  private static Cib cibWith(Primitive p) {
    return new Cib(
        new Configuration(
            Map.of("fencing-enabled", "false"),
            List.of(new Node("1", "alpha")),
            List.of(p),
            List.of(),
            Map.of(),
            Map.of()),
        null,
        new Versions(0, 3, 1));
  }

  @Test
  void programmaticModelRoundTrips() throws Exception {
    AgentId dummy = AgentId.parse("ocf:pacemaker:Dummy");
    Primitive p =
        new Primitive(
            "p",
            dummy,
            Map.of("text", "tab\there \"quoted\" <b> & new\nline ü 😀"),
            Map.of("target-role", "Started"),
            Map.of("cpu", "2"),
            List.of(
                new Operation(
                    "monitor",
                    Duration.ofMillis(1500),
                    Duration.ofSeconds(20),
                    Role.UNPROMOTED,
                    Operation.OnFail.BLOCK,
                    false,
                    Map.of("record-pending", "true"),
                    Map.of("OCF_CHECK_LEVEL", "10"))));
    Cib cib = cibWith(p);
    Cib again = CibXml.read(new ByteArrayInputStream(CibXml.toBytes(cib)));
    // The export adds the default schema; everything else is the same.
    assertThat(again.configuration()).isEqualTo(cib.configuration());
    assertThat(again.status()).isEqualTo(cib.status());
    assertThat(again.versions()).isEqualTo(cib.versions());
    assertThat(again.attributes()).isEmpty();
    assertThat(again).isEqualTo(cib);
  }

  @Test
  void aValueXmlCannotCarryFailsTheExport() {
    AgentId dummy = AgentId.parse("ocf:pacemaker:Dummy");
    Cib cib =
        cibWith(new Primitive("p", dummy, Map.of("bell", "\u0007"), Map.of(), Map.of(), List.of()));
    assertThatThrownBy(() -> CibXml.toBytes(cib))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+0007");
  }

  @Test
  void configurationAloneRoundTrips() throws Exception {
    Configuration c = Samples.read(Samples.FULL).configuration();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CibXml.writeConfiguration(c, out);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("<configuration>");
    Configuration again =
        CibXml.readConfiguration(new ByteArrayInputStream(out.toByteArray()), XmlLimits.DEFAULT);
    assertThat(again).isEqualTo(c);
  }

  @Test
  void readsAndWritesFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cib.xml");
    Files.writeString(file, Samples.FULL);
    Cib cib = CibXml.read(file, XmlLimits.DEFAULT);
    Path out = dir.resolve("out.xml");
    try (var os = Files.newOutputStream(out)) {
      CibXml.write(cib, os);
    }
    assertThat(CibXml.read(out, XmlLimits.DEFAULT)).isEqualTo(cib);
  }

  @Test
  void deadDuplicateValuesAreDroppedWithAWarningAsPacemakerDoes() throws Exception {
    List<String> warnings = new ArrayList<>();
    Cib cib =
        Samples.read(
            Samples.cib(
                """
                <crm_config>
                  <cluster_property_set id="first">
                    <nvpair id="n1" name="no-quorum-policy" value="stop"/>
                    <nvpair id="n2" name="no-quorum-policy" value="ignore"/>
                  </cluster_property_set>
                  <cluster_property_set id="second">
                    <nvpair id="n3" name="no-quorum-policy" value="freeze"/>
                  </cluster_property_set>
                  <cluster_property_set id="later-rule">
                    <rule id="r"><date_expression id="d" operation="gt" start="2020-01-01"/></rule>
                    <nvpair id="n4" name="no-quorum-policy" value="demote"/>
                  </cluster_property_set>
                </crm_config>
                <nodes/><resources/><constraints/>"""),
            warnings);
    assertThat(cib.configuration().properties()).containsEntry("no-quorum-policy", "stop");
    assertThat(cib.configuration().conditionalSets()).isEmpty();
    assertThat(warnings).hasSize(3);
    assertThat(warnings)
        .anySatisfy(w -> assertThat(w).startsWith("line 6, column").contains("'ignore' is dropped"))
        .anySatisfy(w -> assertThat(w).contains("'second'", "no effect"))
        .anySatisfy(w -> assertThat(w).contains("'later-rule'", "never applies"));
  }

  @Test
  void orderOfPrecedenceFollowsScores() throws Exception {
    Cib cib =
        Samples.read(
            Samples.cib(
                """
                <rsc_defaults>
                  <meta_attributes id="low" score="1">
                    <nvpair id="n1" name="resource-stickiness" value="1"/>
                  </meta_attributes>
                  <meta_attributes id="high" score="5">
                    <rule id="r"><date_expression id="d" operation="gt" start="2020-01-01"/></rule>
                    <nvpair id="n2" name="resource-stickiness" value="5"/>
                  </meta_attributes>
                  <meta_attributes id="negative" score="-3">
                    <rule id="r2"><date_expression id="d2" operation="lt" end="2020-01-01"/></rule>
                    <nvpair id="n3" name="migration-threshold" value="9"/>
                  </meta_attributes>
                </rsc_defaults>
                <nodes/><resources/><constraints/>"""));
    Configuration c = cib.configuration();
    assertThat(c.conditionalSets())
        .extracting(ConditionalSet::id)
        .containsExactly("high", "negative");
    assertThat(c.effectiveRscDefaults(RuleContext.at(Instant.parse("2024-01-01T00:00:00Z"))))
        .containsEntry("resource-stickiness", "5")
        .doesNotContainKey("migration-threshold");
    assertThat(c.effectiveRscDefaults(RuleContext.at(Instant.parse("2019-01-01T00:00:00Z"))))
        .containsEntry("resource-stickiness", "1")
        .containsEntry("migration-threshold", "9");
    // The rule-less set is written after the lowest-scored conditional set.
    String xml = new String(CibXml.toBytes(cib), StandardCharsets.UTF_8);
    assertThat(xml).contains("<meta_attributes id=\"rsc-options\" score=\"-3\">");
    assertThat(CibXml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(cib);
  }

  @Test
  void scoresOfRulesThatCannotHaveOneAreDropped() throws Exception {
    List<String> warnings = new ArrayList<>();
    Cib cib =
        Samples.read(
            Samples.cib(
                """
                <crm_config/><nodes/><resources/>
                <constraints>
                  <rsc_location id="l" rsc="r">
                    <rule id="top" score="50">
                      <rule id="inner-filler" score="0">
                        <expression id="e1" attribute="a" operation="defined"/>
                      </rule>
                      <rule id="inner-scored" score="7">
                        <expression id="e2" attribute="b" operation="defined"/>
                      </rule>
                    </rule>
                  </rsc_location>
                </constraints>"""),
            warnings);
    Rule top = ((LocationConstraint) cib.configuration().constraints().get(0)).rules().get(0);
    assertThat(top.score()).isEqualTo(Score.of(50));
    assertThat(top.expressions()).allSatisfy(e -> assertThat(((Rule) e).score()).isNull());
    assertThat(warnings).singleElement().asString().contains("inner-scored", "no effect");
    // Written back with the filler score the pacemaker-3.x schemas require.
    String xml = new String(CibXml.toBytes(cib), StandardCharsets.UTF_8);
    assertThat(xml).contains("<rule id=\"inner-scored\" score=\"0\">");
    assertThat(CibXml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(cib);
  }

  @Test
  void emptyStatusAndMissingVersionsDefault() throws Exception {
    Cib cib = Samples.read(Samples.cib("<crm_config/><nodes/><resources/><constraints/>"));
    assertThat(cib.versions()).isEqualTo(new Versions(0, 1, 0));
    assertThat(cib.status().nodes()).isEmpty();
    assertThat(cib.configuration()).isEqualTo(Configuration.EMPTY);
  }

  @Test
  void newerSchemasAreKept() throws Exception {
    Cib cib =
        Samples.read(
            "<cib validate-with=\"pacemaker-4.0\"><configuration><crm_config/><nodes/>"
                + "<resources/><constraints/></configuration></cib>");
    assertThat(cib.validateWith()).contains("pacemaker-4.0");
    assertThat(new String(CibXml.toBytes(cib), StandardCharsets.UTF_8))
        .startsWith("<cib validate-with=\"pacemaker-4.0\"");
  }
}
