package org.paceline.cib.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.model.AttributeExpression;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.ColocationConstraint;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.DateExpression;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.OperationExpression;
import org.paceline.cib.model.OrderConstraint;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.ResourceAction;
import org.paceline.cib.model.ResourceExpression;
import org.paceline.cib.model.ResourceSet;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.Score;
import org.paceline.cib.model.Tag;

class CrmRoundTripTest {

  /** The seed's web service: a VIP, an NFS mount and apache in a group. */
  static final String WEB_SERVICE =
      """
      node 1: alpha
      node 2: beta
      # the web service
      primitive vip ocf:heartbeat:IPaddr2 \\
          params ip=192.168.122.100 cidr_netmask=24 \\
          op monitor interval=10s timeout=20s
      primitive www-data ocf:heartbeat:Filesystem \\
          params device="nfs-server:/export" directory=/srv/www fstype=nfs \\
          op start timeout=60s op stop timeout=60s \\
          op monitor interval=20s timeout=40s
      primitive web ocf:heartbeat:apache \\
          params configfile=/etc/apache2/apache2.conf \\
          op monitor interval=30s timeout=30s
      group web-group vip www-data web
      location prefer-alpha web-group 100: alpha
      colocation web-with-data inf: web www-data
      order data-before-web Mandatory: www-data web
      property stonith-enabled=false no-quorum-policy=ignore
      rsc_defaults resource-stickiness=100
      """;

  /** DRBD replicating the NFS export, promotable, with the file system on the promoted side. */
  static final String DRBD_NFS =
      """
      node alpha
      node beta
      primitive drbd-nfs ocf:linbit:drbd \\
          params drbd_resource=nfs \\
          op monitor interval=29s role=Promoted \\
          op monitor interval=31s role=Unpromoted
      ms ms-drbd-nfs drbd-nfs \\
          meta master-max=1 master-node-max=1 clone-max=2 clone-node-max=1 notify=true
      primitive nfs-fs Filesystem \\
          params device=/dev/drbd0 directory=/srv/nfs fstype=ext4
      primitive nfs-export ocf:heartbeat:exportfs \\
          params clientspec=192.168.122.0/24 directory=/srv/nfs fsid=1 \\
              options=rw,no_root_squash
      primitive nfs-ip IPaddr2 params ip=192.168.122.200 cidr_netmask=24
      group nfs-group nfs-fs nfs-export nfs-ip
      colocation nfs-on-drbd INFINITY: nfs-group ms-drbd-nfs:Promoted
      order drbd-before-nfs Mandatory: ms-drbd-nfs:promote nfs-group:start
      location nfs-rule ms-drbd-nfs \\
          rule $role=Promoted 50: #uname eq alpha or #uname eq beta
      property stonith-enabled=false
      """;

  @Test
  void webServiceParsesToTheExpectedModel() {
    Configuration c = CrmParser.parse(WEB_SERVICE);
    assertThat(c.nodes())
        .extracting(n -> n.id() + "=" + n.uname())
        .containsExactly("1=alpha", "2=beta");
    assertThat(c.resources()).hasSize(1);
    Group g = (Group) c.resources().get(0);
    assertThat(g.memberIds()).containsExactly("vip", "www-data", "web");
    Primitive vip = c.primitive("vip").orElseThrow();
    assertThat(vip.agent()).isEqualTo(AgentId.ocf("heartbeat", "IPaddr2"));
    assertThat(vip.params())
        .containsEntry("ip", "192.168.122.100")
        .containsEntry("cidr_netmask", "24");
    assertThat(vip.operations())
        .containsExactly(Operation.of("monitor", Duration.ofSeconds(10), Duration.ofSeconds(20)));
    Primitive data = c.primitive("www-data").orElseThrow();
    assertThat(data.params()).containsEntry("device", "nfs-server:/export");
    assertThat(data.operations()).hasSize(3);
    assertThat(c.constraints())
        .containsExactly(
            LocationConstraint.onNode("prefer-alpha", "web-group", Score.of(100), "alpha"),
            new ColocationConstraint("web-with-data", Score.INFINITY, "web", "www-data"),
            OrderConstraint.mandatory("data-before-web", "www-data", "web"));
    assertThat(c.properties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("stonith-enabled", "false", "no-quorum-policy", "ignore"));
    assertThat(c.rscDefaults()).containsExactly(Map.entry("resource-stickiness", "100"));
    assertRoundTrip(c);
  }

  @Test
  void drbdNfsParsesToTheExpectedModel() {
    Configuration c = CrmParser.parse(DRBD_NFS);
    assertThat(c.resources()).extracting(r -> r.id()).containsExactly("ms-drbd-nfs", "nfs-group");
    Clone ms = (Clone) c.resources().get(0);
    assertThat(ms.promotable()).isTrue();
    assertThat(ms.meta())
        .containsEntry("promoted-max", "1")
        .containsEntry("promoted-node-max", "1")
        .doesNotContainKey("master-max");
    Primitive drbd = (Primitive) ms.child();
    assertThat(drbd.operations())
        .extracting(Operation::role)
        .containsExactly(Role.PROMOTED, Role.UNPROMOTED);
    assertThat(c.primitive("nfs-fs").orElseThrow().agent().toString())
        .isEqualTo("ocf:heartbeat:Filesystem");
    assertThat(c.constraints().get(0))
        .isEqualTo(
            new ColocationConstraint(
                "nfs-on-drbd", Score.INFINITY, "nfs-group", "ms-drbd-nfs", null, Role.PROMOTED));
    assertThat(c.constraints().get(1))
        .isEqualTo(
            new OrderConstraint(
                "drbd-before-nfs",
                OrderConstraint.Kind.MANDATORY,
                "ms-drbd-nfs",
                "nfs-group",
                ResourceAction.PROMOTE,
                ResourceAction.START,
                true));
    LocationConstraint rule = (LocationConstraint) c.constraints().get(2);
    assertThat(rule.rules())
        .containsExactly(
            new Rule(
                "nfs-rule-rule",
                Score.of(50),
                null,
                Rule.BooleanOp.OR,
                Role.PROMOTED,
                List.of(
                    AttributeExpression.unameIs("alpha"), AttributeExpression.unameIs("beta"))));
    assertRoundTrip(c);
  }

  @Test
  void webServicePrintsCanonically() {
    assertThat(CrmPrinter.print(CrmParser.parse(WEB_SERVICE)))
        .isEqualTo(
            """
            node 1: alpha
            node 2: beta
            primitive vip ocf:heartbeat:IPaddr2 \\
                params cidr_netmask=24 ip=192.168.122.100 \\
                op monitor interval=10s timeout=20s
            primitive www-data ocf:heartbeat:Filesystem \\
                params device=nfs-server:/export directory=/srv/www fstype=nfs \\
                op start interval=0s timeout=60s \\
                op stop interval=0s timeout=60s \\
                op monitor interval=20s timeout=40s
            primitive web ocf:heartbeat:apache \\
                params configfile=/etc/apache2/apache2.conf \\
                op monitor interval=30s timeout=30s
            group web-group vip www-data web
            location prefer-alpha web-group 100: alpha
            colocation web-with-data INFINITY: web www-data
            order data-before-web Mandatory: www-data web
            property no-quorum-policy=ignore \\
                stonith-enabled=false
            rsc_defaults resource-stickiness=100
            """);
  }

  @Test
  void drbdMsIsPrintedAsAPromotableClone() {
    String printed = CrmPrinter.print(CrmParser.parse(DRBD_NFS));
    assertThat(printed)
        .contains(
            "clone ms-drbd-nfs drbd-nfs \\\n    meta clone-max=2 clone-node-max=1 notify=true"
                + " promotable=true promoted-max=1 promoted-node-max=1\n")
        .doesNotContain("ms ms-drbd-nfs")
        .contains("order drbd-before-nfs Mandatory: ms-drbd-nfs:promote nfs-group:start\n");
  }

  /** In the style of crmsh's own documentation and regression tests. */
  static final String CRMSH_STYLE =
      """
      node node1 \\
          attributes mem=16G
      node node2 utilization cpu=4
      primitive st stonith:ssh \\
          params hostlist='node1 node2' \\
          meta target-role="Started" \\
          op start requires=nothing timeout=60s \\
          op monitor interval=60m timeout=60s
      primitive d1 ocf:pacemaker:Dummy \\
          op monitor interval=60m \\
          op monitor interval=120m OCF_CHECK_LEVEL=10
      monitor d1 60s:30s
      primitive d2 ocf:heartbeat:Delay \\
          params mondelay=60 \\
          op start timeout=60s \\
          op stop timeout=60s
      monitor d2:Started 60s:30s
      group g1 d1 d2
      primitive d3 ocf:pacemaker:Dummy
      clone c d3 \\
          meta clone-max=1
      primitive s5 ocf:pacemaker:Stateful
      master m5 s5
      primitive s6 ocf:pacemaker:Stateful
      ms m6 s6
      location l1 g1 100: node1
      location l2 c \\
          rule $id=l2-rule1 100: #uname eq node1
      location l3 m5 \\
          rule inf: #uname eq node1 and pingd gt 0
      location l4 m5 \\
          rule -inf: not_defined pingd or pingd lte 0
      location l5 m5 \\
          rule -inf: not_defined pingd or pingd number:lte 0 \\
          rule #uname eq node1 and pingd gt 0 \\
          rule date lt "2009-05-26" and \\
              date in start="2009-05-26" end="2009-07-26" and \\
              date in start="2009-05-26" years="2009" and \\
              date spec years="2009" hours="09-17"
      location no-probe d3 resource-discovery=never -inf: node1
      collocation c1 inf: m6 m5
      collocation c2 inf: m5:Master d1:Started
      order o1 Mandatory: m5 m6
      order o2 Optional: d1:start m5:promote
      order o3 Serialize: m5 m6
      order o4 inf: m5 m6
      colocation c3 inf: d1 ( d2 d3 )
      order o5 Mandatory: d1 [ d2 d3 ] m5:promote
      fencing_topology st
      property stonith-enabled=true
      property $id=cpset2 maintenance-mode=true
      rsc_defaults failure-timeout=10m
      op_defaults record-pending=true
      tag t1: m5 m6
      """;

  @Test
  void crmshStyleConfigurationParsesAndRoundTrips() {
    Configuration c = CrmParser.parse(CRMSH_STYLE);
    Primitive st = c.primitive("st").orElseThrow();
    assertThat(st.params()).containsEntry("hostlist", "node1 node2");
    assertThat(st.operations().get(0).extra()).containsEntry("requires", "nothing");
    Primitive d1 = c.primitive("d1").orElseThrow();
    assertThat(d1.operations()).hasSize(3);
    assertThat(d1.operations().get(1).params()).containsEntry("OCF_CHECK_LEVEL", "10");
    assertThat(d1.operations().get(2))
        .isEqualTo(Operation.of("monitor", Duration.ofSeconds(60), Duration.ofSeconds(30)));
    assertThat(c.primitive("d2").orElseThrow().operations().get(2).role()).isEqualTo(Role.STARTED);
    assertThat(((Clone) c.resource("m5").orElseThrow()).promotable()).isTrue();
    assertThat(c.constraint("c2").orElseThrow())
        .isEqualTo(
            new ColocationConstraint(
                "c2", Score.INFINITY, "m5", "d1", Role.PROMOTED, Role.STARTED));
    assertThat(((OrderConstraint) c.constraint("o4").orElseThrow()).kind())
        .isEqualTo(OrderConstraint.Kind.MANDATORY);
    assertThat(((OrderConstraint) c.constraint("o3").orElseThrow()).symmetrical()).isFalse();
    LocationConstraint l3 = (LocationConstraint) c.constraint("l3").orElseThrow();
    assertThat(l3.rules().get(0).id()).isEqualTo("l3-rule");
    LocationConstraint l5 = (LocationConstraint) c.constraint("l5").orElseThrow();
    assertThat(l5.rules())
        .extracting(Rule::id)
        .containsExactly("l5-rule", "l5-rule-1", "l5-rule-2");
    assertThat(l5.rules().get(1).score())
        .as("a rule without a score scores INFINITY")
        .isEqualTo(Score.INFINITY);
    assertThat(l5.rules().get(2).expressions())
        .hasSize(4)
        .allMatch(DateExpression.class::isInstance);
    LocationConstraint noProbe = (LocationConstraint) c.constraint("no-probe").orElseThrow();
    assertThat(noProbe.discovery()).isEqualTo(LocationConstraint.Discovery.NEVER);
    ColocationConstraint c3 = (ColocationConstraint) c.constraint("c3").orElseThrow();
    assertThat(c3.resourceSets())
        .containsExactly(
            new ResourceSet("c3-0", List.of("d1"), null, true, true),
            new ResourceSet("c3-1", List.of("d2", "d3"), null, false, true));
    OrderConstraint o5 = (OrderConstraint) c.constraint("o5").orElseThrow();
    assertThat(o5.resourceSets()).hasSize(3);
    assertThat(o5.resourceSets().get(1).requireAll()).isFalse();
    assertThat(o5.resourceSets().get(2).action()).isEqualTo(ResourceAction.PROMOTE);
    assertThat(c.fencingTopology())
        .containsExactly(
            FencingLevel.forNode("fencing-1", 1, "node1", List.of("st")),
            FencingLevel.forNode("fencing-2", 1, "node2", List.of("st")));
    assertThat(c.properties())
        .containsEntry("stonith-enabled", "true")
        .containsEntry("maintenance-mode", "true");
    assertThat(c.nodes().get(1).utilization()).containsEntry("cpu", "4");
    assertThat(c.tags()).containsExactly(new Tag("t1", List.of("m5", "m6")));
    assertRoundTrip(c);
  }

  @Test
  void templatesTagsConditionalSetsAndExtensionsRoundTrip() {
    Configuration c =
        CrmParser.parse(
            """
            node 1: alpha attributes rack=1
            node 2: beta:remote
            rsc_template web-tpl apache params configfile=/etc/apache2/apache2.conf \\
                op monitor interval=30s timeout=20s
            primitive web1 @web-tpl params port=8080
            primitive web2 @web-tpl op monitor interval=30s timeout=60s
            primitive fence-a stonith:fence_ipmilan params ip=10.0.0.1
            group g web1 web2 params shared=1
            location l-nested g \\
                rule -inf: ( not_defined pingd or pingd number:lte 0 ) and #kind ne remote
            location l-pattern /web.*/ resource-discovery=exclusive -inf: beta
            location l-sets { web1 web2:Started } 10: alpha
            fencing_topology alpha: fence-a attr:rack=2 fence-a pattern:be.* fence-a
            property night: 5: rule date spec hours=0-6 stonith-enabled=false
            op_defaults slow: rule resource ocf:heartbeat: and op monitor interval=10s \\
                timeout=120s
            """);
    Primitive web1 = c.primitive("web1").orElseThrow();
    assertThat(web1.template()).isEqualTo("web-tpl");
    assertThat(web1.params())
        .containsEntry("configfile", "/etc/apache2/apache2.conf")
        .containsEntry("port", "8080");
    assertThat(c.primitive("web2").orElseThrow().operations().get(0).timeout())
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(((Group) c.resource("g").orElseThrow()).params()).containsEntry("shared", "1");
    assertThat(c.nodes().get(1).type()).isEqualTo(Node.Type.REMOTE);
    Rule nested = ((LocationConstraint) c.constraint("l-nested").orElseThrow()).rules().get(0);
    assertThat(nested.expressions().get(0)).isInstanceOf(Rule.class);
    assertThat(((Rule) nested.expressions().get(0)).id()).isEqualTo("l-nested-rule-0");
    assertThat(((LocationConstraint) c.constraint("l-pattern").orElseThrow()).rscPattern())
        .isEqualTo("web.*");
    assertThat(c.fencingTopology()).hasSize(3);
    assertThat(c.fencingTopology().get(1).targetAttribute()).isEqualTo("rack");
    assertThat(c.fencingTopology().get(2).targetPattern()).isEqualTo("be.*");
    assertThat(c.conditionalSets()).hasSize(2);
    ConditionalSet night = c.conditionalSets().get(0);
    assertThat(night.section()).isEqualTo(ConditionalSet.Section.CLUSTER_PROPERTIES);
    assertThat(night.score()).isEqualTo(Score.of(5));
    assertThat(night.values()).containsExactly(Map.entry("stonith-enabled", "false"));
    ConditionalSet slow = c.conditionalSets().get(1);
    assertThat(slow.rule().expressions())
        .containsExactly(
            new ResourceExpression("ocf", "heartbeat", null),
            new OperationExpression("monitor", Duration.ofSeconds(10)));
    assertThat(slow.values()).containsExactly(Map.entry("timeout", "120s"));
    String printed = CrmPrinter.print(c);
    assertThat(printed)
        .contains("primitive web1 @web-tpl \\\n    params port=8080\n")
        .contains("location l-sets { web1 web2:Started } 10: alpha\n");
    assertRoundTrip(c);
  }

  @Test
  void timesScoresAndSpellings() {
    Configuration c =
        CrmParser.parse(
            """
            primitive a Dummy op monitor interval=10 timeout=1min \\
                op start interval=0 timeout=500ms op stop timeout=PT1M30S \\
                op monitor interval=2h role=Slave op monitor interval=90sec role=Master
            primitive b ocf:Dummy
            location l1 a +INFINITY: n1
            location l2 a +inf: n2
            location l3 a mandatory: n3
            location l4 a advisory: n4
            colocation c1 -infinity: a b
            order o1 advisory: a b
            order o2 0: a b
            order o3 a b
            order o4 mandatory: a b
            """);
    List<Operation> ops = c.primitive("a").orElseThrow().operations();
    assertThat(ops.get(0).interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(ops.get(0).timeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(ops.get(1).timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(ops.get(2).timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(ops.get(3).role()).isEqualTo(Role.UNPROMOTED);
    assertThat(ops.get(4).role()).isEqualTo(Role.PROMOTED);
    assertThat(ops.get(4).interval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.primitive("b").orElseThrow().agent()).isEqualTo(AgentId.ocf("heartbeat", "Dummy"));
    assertThat(c.constraints(LocationConstraint.class))
        .extracting(LocationConstraint::score)
        .containsExactly(Score.INFINITY, Score.INFINITY, Score.INFINITY, Score.ZERO);
    assertThat(((ColocationConstraint) c.constraint("c1").orElseThrow()).score())
        .isEqualTo(Score.MINUS_INFINITY);
    assertThat(c.constraints(OrderConstraint.class))
        .extracting(OrderConstraint::kind)
        .containsExactly(
            OrderConstraint.Kind.OPTIONAL,
            OrderConstraint.Kind.OPTIONAL,
            OrderConstraint.Kind.MANDATORY,
            OrderConstraint.Kind.MANDATORY);
    String printed = CrmPrinter.print(c);
    assertThat(printed)
        .contains("op monitor interval=10s timeout=60s")
        .contains("op start interval=0s timeout=500ms")
        .contains("op monitor interval=7200s role=Unpromoted")
        .contains("location l1 a INFINITY: n1")
        .contains("colocation c1 -INFINITY: a b")
        .contains("order o1 Optional: a b");
    assertRoundTrip(c);
  }

  @Test
  void singleStatementsParseToTypedStatements() {
    assertThat(CrmParser.parseStatement("primitive vip IPaddr2 params ip=10.0.0.1"))
        .isEqualTo(
            new CrmStatement.PrimitiveStatement(
                new Primitive(
                    "vip",
                    AgentId.ocf("heartbeat", "IPaddr2"),
                    Map.of("ip", "10.0.0.1"),
                    Map.of(),
                    Map.of(),
                    List.of())));
    assertThat(CrmParser.parseStatement("group g a b meta target-role=Stopped"))
        .isEqualTo(
            new CrmStatement.GroupStatement(
                "g", List.of("a", "b"), Map.of("target-role", "Stopped"), Map.of()));
    assertThat(CrmParser.parseStatement("ms m s meta master-max=1"))
        .isEqualTo(
            new CrmStatement.CloneStatement(
                "m", "s", Map.of("promotable", "true", "promoted-max", "1")));
    assertThat(CrmParser.parseStatement("rsc_defaults rsc-options: resource-stickiness=50"))
        .isEqualTo(
            new CrmStatement.AttributesStatement(
                CrmStatement.Section.RSC_DEFAULTS, Map.of("resource-stickiness", "50")));
    assertThat(CrmParser.parseStatement("monitor a:Promoted 10s:20s"))
        .isEqualTo(
            new CrmStatement.MonitorStatement(
                "a", Role.PROMOTED, Duration.ofSeconds(10), Duration.ofSeconds(20)));
    CrmSyntaxException two =
        catchThrowableOfType(
            CrmSyntaxException.class, () -> CrmParser.parseStatement("node a\nnode b"));
    assertThat(two.getMessage())
        .isEqualTo(
            "line 2, column 1: expected one statement (join lines with '\\') but found 'node'");
    assertThat(
            CrmParser.parseStatement(
                List.of(
                    "primitive",
                    "fence",
                    "stonith:fence_ipmilan",
                    "params",
                    "pcmk_host_list=n1 n2",
                    "passwd=a\"b'c\\d",
                    "meta",
                    "description x=")))
        .isEqualTo(
            new CrmStatement.PrimitiveStatement(
                new Primitive(
                    "fence",
                    new AgentId("stonith", null, "fence_ipmilan"),
                    Map.of("pcmk_host_list", "n1 n2", "passwd", "a\"b'c\\d"),
                    Map.of("description x", ""),
                    Map.of(),
                    List.of())));
    assertThat(
            CrmParser.parseStatement(List.of("colocation", "c", "inf:", "(", "a", "b", ")", "d")))
        .isEqualTo(CrmParser.parseStatement("colocation c inf: ( a b ) d"));
    for (String text :
        List.of(
            "primitive vip IPaddr2 params ip=10.0.0.1",
            "group g a b",
            "clone c g meta interleave=true",
            "monitor a 10s",
            "primitive w @tpl params port=80",
            "fencing_topology st1 st2,st3",
            "property p1: rule date gt 2024-01-01 maintenance-mode=true")) {
      CrmStatement s = CrmParser.parseStatement(text);
      assertThat(CrmParser.parseStatement(CrmPrinter.print(s))).isEqualTo(s);
    }
  }

  @Test
  void whatCrmSyntaxCannotSayIsNamedInAComment() {
    OrderConstraint o =
        OrderConstraint.ofSets(
            "o1",
            OrderConstraint.Kind.MANDATORY,
            true,
            List.of(
                new ResourceSet(
                    "rs1", List.of("a", "b"), Role.PROMOTED, true, true, null, Score.of(5)),
                ResourceSet.of("rs2", "c")));
    String printed = CrmPrinter.print(o);
    assertThat(printed)
        .isEqualTo(
            "# crm syntax cannot express o1: resource set 'rs1' score 5\n"
                + "# crm syntax cannot express o1: resource set 'rs1' role Promoted\n"
                + "order o1 Mandatory: a b ( c sequential=true )\n");
    OrderConstraint back =
        (OrderConstraint)
            ((CrmStatement.ConstraintStatement)
                    CrmParser.parseScript(printed).statements().get(0).statement())
                .constraint();
    assertThat(back.resourceSets())
        .containsExactly(
            new ResourceSet("o1-0", List.of("a", "b"), null, true, true),
            new ResourceSet("o1-1", List.of("c"), null, true, true));
  }

  static void assertRoundTrip(Configuration c) {
    String printed = CrmPrinter.print(c);
    Configuration again = CrmParser.parse(printed);
    assertThat(again).as(printed).isEqualTo(c);
    assertThat(CrmPrinter.print(again)).isEqualTo(printed);
  }
}
