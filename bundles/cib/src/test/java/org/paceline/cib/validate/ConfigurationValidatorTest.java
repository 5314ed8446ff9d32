package org.paceline.cib.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.AttributeExpression;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.Score;

class ConfigurationValidatorTest {

  /** A clean base: two nodes, fencing disabled, every agent known. */
  private static final String BASE = "node n1\nnode n2\nproperty stonith-enabled=false\n";

  private static List<String> findings(String crm) {
    return strings(ConfigurationValidator.withoutAgents().validate(CrmParser.parse(BASE + crm)));
  }

  private static List<String> strings(List<Finding> findings) {
    return findings.stream().map(Finding::toString).toList();
  }

  @Test
  void aCleanConfigurationHasNoFindings() {
    assertThat(
            findings(
                """
                primitive vip IPaddr2 params ip=10.0.0.1 op monitor interval=10s timeout=20s
                primitive web apache op monitor interval=30s
                group g vip web meta resource-stickiness=100
                location l g 100: n1
                rsc_defaults resource-stickiness=INFINITY migration-threshold=3 failure-timeout=60s
                op_defaults timeout=30s record-pending=true
                """))
        .isEmpty();
  }

  @Test
  void duplicateIdsAcrossKinds() {
    Configuration c =
        new Configuration(
            Map.of("stonith-enabled", "false"),
            List.of(),
            List.of(new Primitive("web", AgentId.ocf("heartbeat", "apache"))),
            List.of(
                LocationConstraint.withRules(
                    "l1",
                    "web",
                    List.of(Rule.of("web", Score.INFINITY, AttributeExpression.unameIs("n1"))))),
            Map.of(),
            Map.of());
    assertThat(strings(ConfigurationValidator.withoutAgents().validate(c)))
        .containsExactly(
            "ERROR: web: id 'web' is used by primitive 'web' and a rule of location 'l1'; ids must"
                + " be unique in the whole configuration");
  }

  @Test
  void danglingReferences() {
    assertThat(
            findings(
                """
                primitive a Dummy
                primitive st stonith:fence_x
                location l1 ghost 10: n1
                location l2 a 10: n9
                colocation c1 inf: a ( b c )
                order o1 Mandatory: a phantom
                location l3 /zz.*/ 10: n1
                tag t1: a nope
                fencing_topology n1: st,a n3: ghost-dev
                """))
        .containsExactly(
            "ERROR: c1: colocation 'c1' refers to 'b', which is not a resource, tag or template",
            "ERROR: c1: colocation 'c1' refers to 'c', which is not a resource, tag or template",
            "ERROR: fencing-1: fencing level 'fencing-1' names 'a', which is not a fencing device"
                + " (a stonith: primitive)",
            "ERROR: fencing-2: fencing level 'fencing-2' names device 'ghost-dev', which is not"
                + " defined",
            "ERROR: l1: location 'l1' refers to 'ghost', which is not a resource, tag or template",
            "ERROR: o1: order 'o1' refers to 'phantom', which is not a resource, tag or template",
            "ERROR: t1: tag 't1' names 'nope', which is not defined",
            "WARNING: fencing-2: fencing level 'fencing-2' targets node 'n3', which is not"
                + " configured",
            "WARNING: l2: location 'l2' names node 'n9', which is not configured",
            "WARNING: l3: location 'l3' pattern /zz.*/ matches no resource");
  }

  @Test
  void tagsAndTemplatesMayStandForResourcesInConstraints() {
    assertThat(
            findings(
                "primitive a Dummy\ntag t: a\nlocation l t 10: n1\n"
                    + "rsc_template tpl Dummy\nprimitive b @tpl\nlocation lt tpl 10: n2\n"))
        .isEmpty();
  }

  @Test
  void constraintsOnGroupMembersAndCloneChildrenAndRolesOnPlainResources() {
    assertThat(
            findings(
                """
                primitive a Dummy
                primitive b Dummy
                group g a b
                primitive d Dummy
                clone c d
                primitive s Stateful
                ms m s
                colocation c1 inf: a d
                order o1 Mandatory: m:promote c:promote
                location l1 c role=Promoted 10: n1
                location l2 m role=Promoted 10: n1
                """))
        .containsExactly(
            "WARNING: c1: colocation 'c1' refers to 'a', a member of group 'g'; constraints should"
                + " apply to the group",
            "WARNING: c1: colocation 'c1' refers to 'd', which is inside clone 'c'; constrain the"
                + " clone instead",
            "WARNING: l1: location 'l1' uses role Promoted for 'c', which is not a promotable"
                + " clone",
            "WARNING: o1: order 'o1' orders 'c:promote', but 'c' is not a promotable clone");
  }

  @Test
  void operationChecks() {
    assertThat(
            findings(
                """
                primitive db ocf:linbit:drbd \\
                    op monitor interval=10s role=Promoted \\
                    op monitor interval=10s role=Unpromoted \\
                    op start interval=0 role=Promoted op start interval=0 \\
                    op stop interval=20s \\
                    op monitor interval=30s start-delay=soon
                op_defaults timeout=abc interval=-5 record-pending=perhaps
                """))
        .containsExactly(
            "ERROR: db: primitive 'db' has 2 'monitor' operations with interval 10s (for"
                + " Promoted, Unpromoted); operations with the same name need different"
                + " intervals, even for different roles",
            "ERROR: db: primitive 'db' has 2 'start' operations with interval 0s (for Promoted,"
                + " any role); operations with the same name need different intervals, even for"
                + " different roles",
            "ERROR: db: primitive 'db' operation 'monitor' interval 30s: start-delay 'soon' is not"
                + " a time (a number of seconds, or with a unit: 500ms, 10s, 5min, 1h)",
            "ERROR: op_defaults: op_defaults interval '-5' is not a time (a number of seconds, or"
                + " with a unit: 500ms, 10s, 5min, 1h)",
            "ERROR: op_defaults: op_defaults record-pending 'perhaps' is not a boolean (true or"
                + " false)",
            "ERROR: op_defaults: op_defaults timeout 'abc' is not a time (a number of seconds, or"
                + " with a unit: 500ms, 10s, 5min, 1h)",
            "WARNING: db: primitive 'db' operation 'stop' has interval 20s; only monitor"
                + " operations recur");
  }

  @Test
  void scoresAndMetaValues() {
    assertThat(
            findings(
                """
                primitive a Dummy meta resource-stickiness=lots target-role=Running
                primitive b Dummy meta is-managed=maybe failure-timeout=later priority=high
                primitive d Dummy meta target-role=#default priority=1.0
                colocation c0 0: a b
                rsc_defaults migration-threshold=often
                """))
        .containsExactly(
            "ERROR: a: primitive 'a' meta-attribute resource-stickiness 'lots' is not a score (an"
                + " integer, INFINITY or -INFINITY)",
            "ERROR: a: primitive 'a' meta-attribute target-role 'Running' is not a role (Stopped,"
                + " Started, Unpromoted or Promoted)",
            "ERROR: b: primitive 'b' meta-attribute failure-timeout 'later' is not a time (a"
                + " number of seconds, or with a unit: 500ms, 10s, 5min, 1h)",
            "ERROR: b: primitive 'b' meta-attribute is-managed 'maybe' is not a boolean (true or"
                + " false)",
            "ERROR: b: primitive 'b' meta-attribute priority 'high' is not a score (an integer,"
                + " INFINITY or -INFINITY)",
            "ERROR: rsc_defaults: rsc_defaults meta-attribute migration-threshold 'often' is not"
                + " a score (an integer, INFINITY or -INFINITY)",
            "WARNING: c0: colocation 'c0' has score 0, which has no effect",
            "WARNING: d: primitive 'd' meta-attribute target-role '#default' is Pacemaker 1's way"
                + " of leaving it unset; remove it");
  }

  @Test
  void clusterProperties() {
    assertThat(
            findings(
                """
                property no-quorum-policy=panic stonith-timout=60s cluster-recheck-interval=15min \\
                    default-resource-stickiness=100 batch-limit=ten my-own-flag=1
                """))
        .containsExactly(
            "ERROR: batch-limit: cluster property 'batch-limit' value 'ten' is not an integer",
            "ERROR: no-quorum-policy: cluster property 'no-quorum-policy' value 'panic' is not one"
                + " of stop, freeze, ignore, demote, suicide, fence",
            "WARNING: default-resource-stickiness: cluster property 'default-resource-stickiness'"
                + " is deprecated; use rsc_defaults resource-stickiness",
            "WARNING: my-own-flag: unknown cluster property 'my-own-flag'",
            "WARNING: stonith-timout: unknown cluster property 'stonith-timout'; did you mean"
                + " 'stonith-timeout'?");
  }

  @Test
  void fencingEnabledWithoutAFencingDevice() {
    ConfigurationValidator v = ConfigurationValidator.withoutAgents();
    assertThat(strings(v.validate(CrmParser.parse("primitive a Dummy"))))
        .containsExactly(
            "WARNING: stonith-enabled: stonith-enabled is true (the default) but no fencing device"
                + " (a stonith: primitive) is configured: resources will not start; configure a"
                + " fencing device or set stonith-enabled=false");
    assertThat(
            strings(v.validate(CrmParser.parse("primitive a Dummy\nproperty stonith-enabled=yes"))))
        .containsExactly(
            "WARNING: stonith-enabled: stonith-enabled is true but no fencing device (a stonith:"
                + " primitive) is configured: resources will not start; configure a fencing device"
                + " or set stonith-enabled=false");
    assertThat(v.validate(CrmParser.parse("primitive st stonith:fence_ipmilan"))).isEmpty();
    assertThat(v.validate(CrmParser.parse("primitive a Dummy\nproperty stonith-enabled=false")))
        .isEmpty();
  }

  @Test
  void unknownAgentsAndAgentWarnings() {
    AgentId nginx = new AgentId("systemd", null, "nginx");
    ConfigurationValidator v =
        ConfigurationValidator.withAgents(
            Set.of(nginx, AgentId.ocf("heartbeat", "IPaddr2")),
            Map.of(nginx, List.of("nginx is enabled at boot; disable it with systemctl")));
    List<Finding> f =
        v.validate(
            CrmParser.parse(
                BASE
                    + "primitive web systemd:nginx\nprimitive web2 systemd:nginx\n"
                    + "primitive vip IPaddr2\nprimitive x ocf:acme:Frobnicator\n"
                    + "rsc_template t lsb:gone\n"));
    assertThat(strings(f))
        .containsExactly(
            "WARNING: t: agent 'lsb:gone' is not available on any node",
            "WARNING: web: agent 'systemd:nginx': nginx is enabled at boot; disable it with"
                + " systemctl",
            "WARNING: web2: agent 'systemd:nginx': nginx is enabled at boot; disable it with"
                + " systemctl",
            "WARNING: x: agent 'ocf:acme:Frobnicator' is not available on any node");
    ConfigurationValidator byPredicate =
        new ConfigurationValidator(a -> a.standard().equals("ocf"), null);
    assertThat(strings(byPredicate.validate(CrmParser.parse(BASE + "primitive w systemd:nginx"))))
        .containsExactly("WARNING: w: agent 'systemd:nginx' is not available on any node");
  }

  @Test
  void nodeFlags() {
    assertThat(findings("node n3 attributes standby=sometimes\n"))
        .containsExactly(
            "ERROR: n3: node 'n3' standby 'sometimes' is not a boolean (true or false)");
  }

  @Test
  void scriptProblemsAreErrorsWithPositions() {
    ConfigurationValidator v = ConfigurationValidator.withoutAgents();
    List<Finding> f =
        v.validate(
            CrmParser.parseScript(
                """
                primitive a Dummy
                primitive b Dummy
                group g1 a b
                group g2 b
                clone c1 a
                clone c2 missing
                group g3 g1
                clone c3 c1
                """));
    assertThat(strings(f))
        .containsExactly(
            "ERROR: c1: line 5, column 10: 'a' (in clone 'c1') is already in group 'g1' at line 3,"
                + " column 1; a resource can be in only one group or clone",
            "ERROR: c2: line 6, column 10: clone 'c2' clones 'missing', which is not a primitive"
                + " or group",
            "ERROR: c3: line 8, column 10: clone 'c3' cannot clone the clone 'c1'",
            "ERROR: g2: line 4, column 10: 'b' (in group 'g2') is already in group 'g1' at line 3,"
                + " column 1; a resource can be in only one group or clone",
            "ERROR: g3: line 7, column 10: group 'g3' member 'g1' is a group; groups contain only"
                + " primitives");
    assertThat(v.validate(CrmParser.parseScript(BASE + "primitive a Dummy\n"))).isEmpty();
  }

  @Test
  void findingsAreSortedErrorsFirst() {
    List<Finding> f =
        List.of(
            Finding.warning("a", "w"),
            Finding.error("z", "e2"),
            Finding.error("b", "e1"),
            Finding.warning("a", "v"));
    assertThat(f.stream().sorted().map(Finding::toString))
        .containsExactly("ERROR: b: e1", "ERROR: z: e2", "WARNING: a: v", "WARNING: a: w");
  }
}
