package org.paceline.cib.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paceline.api.ra.AgentId;

/** The parts of the model added for XML import: templates, sets, topology, status details. */
class ModelExtensionsTest {

  static final AgentId IP = AgentId.parse("ocf:heartbeat:IPaddr2");
  static final Operation MONITOR =
      Operation.of("monitor", Duration.ofSeconds(10), Duration.ofSeconds(20));
  static final Operation START = Operation.of("start", Duration.ZERO, Duration.ofSeconds(30));

  static final Template TEMPLATE =
      new Template(
          "t",
          IP,
          Map.of("cidr_netmask", "24", "nic", "eth0"),
          Map.of("priority", "5"),
          Map.of(),
          List.of(MONITOR, START));

  @Test
  void templatesResolveAndSplitBack() {
    Operation slowMonitor = Operation.of("monitor", Duration.ofSeconds(10), Duration.ofSeconds(60));
    Operation stop = Operation.of("stop", Duration.ZERO, Duration.ofSeconds(15));
    Primitive p =
        TEMPLATE.instantiate(
            "vip", Map.of("ip", "10.0.0.1", "nic", "eth1"), null, null, List.of(stop, slowMonitor));
    assertThat(p.agent()).isEqualTo(IP);
    assertThat(p.template()).isEqualTo("t");
    assertThat(p.params())
        .containsEntry("ip", "10.0.0.1")
        .containsEntry("nic", "eth1")
        .containsEntry("cidr_netmask", "24");
    assertThat(p.meta()).containsEntry("priority", "5");
    assertThat(p.operations()).containsExactly(slowMonitor, START, stop);
    Primitive own = TEMPLATE.ownPart(p);
    assertThat(own.params()).isEqualTo(Map.of("ip", "10.0.0.1", "nic", "eth1"));
    assertThat(own.meta()).isEmpty();
    assertThat(own.operations()).containsExactly(slowMonitor, stop);
    assertThat(TEMPLATE.made(p)).isTrue();

    Configuration ok =
        new Configuration(
            null, null, List.of(p), null, null, null, List.of(TEMPLATE), null, null, null);
    assertThat(ok.template("t")).contains(TEMPLATE);
    Primitive forged = new Primitive("vip", IP, Map.of("ip", "1.2.3.4"), null, null, null, "t");
    assertThatThrownBy(
            () ->
                new Configuration(
                    null,
                    null,
                    List.of(forged),
                    null,
                    null,
                    null,
                    List.of(TEMPLATE),
                    null,
                    null,
                    null))
        .hasMessageContaining("is not what template 't' makes of it");
    assertThatThrownBy(
            () ->
                new Configuration(null, null, List.of(p), null, null, null, null, null, null, null))
        .hasMessageContaining("names template 't', which is not defined");
  }

  @Test
  void configurationIdsAreUniqueAcrossKinds() {
    Primitive p = new Primitive("x", IP);
    Tag tag = new Tag("x", List.of("y"));
    assertThatThrownBy(
            () ->
                new Configuration(
                    null, null, List.of(p), null, null, null, null, List.of(tag), null, null))
        .hasMessage("duplicate configuration object id 'x'");
  }

  @Test
  void fencingTopologyIsChecked() {
    FencingLevel one = FencingLevel.forNode("l1", 1, "alpha", List.of("f1"));
    FencingLevel again = FencingLevel.forNode("l2", 1, "alpha", List.of("f2"));
    assertThatThrownBy(
            () ->
                new Configuration(
                    null, null, null, null, null, null, null, null, List.of(one, again), null))
        .hasMessageContaining("two levels with index 1 for node alpha");
    assertThatThrownBy(() -> new FencingLevel("l", 0, "a", null, null, null, List.of("f")))
        .hasMessageContaining("index must be 1 to 9");
    assertThatThrownBy(() -> new FencingLevel("l", 1, "a", "b.*", null, null, List.of("f")))
        .hasMessageContaining("exactly one of target");
    assertThatThrownBy(() -> new FencingLevel("l", 1, null, null, "site", null, List.of("f")))
        .hasMessageContaining("target-value");
    assertThatThrownBy(() -> new FencingLevel("l", 1, null, "(", null, null, List.of("f")))
        .hasMessageContaining("not a valid regular expression");
    assertThatThrownBy(() -> new Tag("t", List.of())).hasMessageContaining("names nothing");
  }

  @Test
  void conditionalSetsMustBeInOrderOfPrecedence() {
    Rule r = Rule.of("r", null, DateExpression.inRange("2024-01-01", null));
    Rule r2 = Rule.of("r2", null, DateExpression.inRange("2025-01-01", null));
    ConditionalSet low =
        new ConditionalSet(
            ConditionalSet.Section.RSC_DEFAULTS, "low", Score.of(1), r, Map.of("a", "1"));
    ConditionalSet high =
        new ConditionalSet(
            ConditionalSet.Section.RSC_DEFAULTS, "high", Score.of(5), r2, Map.of("a", "5"));
    assertThatThrownBy(
            () ->
                new Configuration(
                    null, null, null, null, null, null, null, null, null, List.of(low, high)))
        .hasMessageContaining("'high' has a higher score than the set before it");
    Configuration c =
        new Configuration(
            null,
            null,
            null,
            null,
            Map.of("a", "0", "b", "0"),
            null,
            null,
            null,
            null,
            List.of(high, low));
    assertThat(
            c.effectiveRscDefaults(RuleContext.at(java.time.Instant.parse("2025-06-01T00:00:00Z"))))
        .isEqualTo(Map.of("a", "5", "b", "0"));
    assertThat(
            c.effectiveRscDefaults(RuleContext.at(java.time.Instant.parse("2024-06-01T00:00:00Z"))))
        .isEqualTo(Map.of("a", "1", "b", "0"));
    assertThat(
            c.effectiveRscDefaults(RuleContext.at(java.time.Instant.parse("2023-06-01T00:00:00Z"))))
        .isEqualTo(Map.of("a", "0", "b", "0"));
  }

  @Test
  void constraintsWithResourceSets() {
    ResourceSet s1 = ResourceSet.of("s1", "a", "b");
    ResourceSet s2 =
        new ResourceSet(
            "s2", List.of("c"), Role.PROMOTED, false, true, ResourceAction.PROMOTE, Score.of(10));
    ColocationConstraint col = ColocationConstraint.ofSets("c", Score.INFINITY, List.of(s1, s2));
    assertThat(col.rsc()).isNull();
    assertThat(col.resourceSets()).containsExactly(s1, s2);
    assertThatThrownBy(
            () -> new ColocationConstraint("c", Score.ZERO, "a", null, null, null, List.of(s1)))
        .hasMessageContaining("both resource sets and rsc/with-rsc");
    OrderConstraint ord =
        OrderConstraint.ofSets("o", OrderConstraint.Kind.OPTIONAL, true, List.of(s1));
    assertThat(ord.firstAction()).isNull();
    assertThatThrownBy(
            () -> OrderConstraint.ofSets("o", null, true, List.of(s1, ResourceSet.of("s1", "x"))))
        .hasMessageContaining("duplicate");
    OrderConstraint demoteThenPromote =
        new OrderConstraint(
            "o", null, "ms", "ms", ResourceAction.DEMOTE, ResourceAction.PROMOTE, false);
    assertThat(demoteThenPromote.first()).isEqualTo("ms");
  }

  @Test
  void nodeStatusRawStateAndMembership() {
    NodeStatus built = new NodeStatus("a", Membership.UNCLEAN, JoinState.DOWN);
    assertThat(built.inCcm()).isEqualTo("false");
    assertThat(built.crmd()).isEqualTo("offline");
    assertThat(built.expected()).isEqualTo("member");
    // The same state written the way a Pacemaker CIB has it is equal.
    assertThat(
            new NodeStatus(
                "a",
                Membership.UNCLEAN,
                JoinState.DOWN,
                null,
                null,
                null,
                "false",
                "offline",
                "member",
                null))
        .isEqualTo(built);
    assertThat(NodeStatus.membership("1718744075", "1718744075", JoinState.MEMBER, "member", null))
        .isEqualTo(Membership.ONLINE);
    assertThat(NodeStatus.membership("true", "online", JoinState.PENDING, "member", null))
        .isEqualTo(Membership.MEMBER);
    assertThat(NodeStatus.membership("true", "offline", JoinState.DOWN, "member", null))
        .isEqualTo(Membership.UNCLEAN);
    assertThat(NodeStatus.membership("false", "offline", JoinState.DOWN, "member", "1700000000"))
        .isEqualTo(Membership.OFFLINE);
    assertThat(NodeStatus.membership("0", "0", JoinState.DOWN, "down", null))
        .isEqualTo(Membership.OFFLINE);
    assertThat(NodeStatus.membership("true", "offline", JoinState.DOWN, "down", null))
        .isEqualTo(Membership.MEMBER);
    for (Membership m : Membership.values()) {
      JoinState j = m == Membership.ONLINE ? JoinState.MEMBER : JoinState.PENDING;
      assertThat(new NodeStatus("n", m, j).membership()).isEqualTo(m);
    }
    assertThatThrownBy(
            () ->
                new NodeStatus(
                    "a",
                    Membership.ONLINE,
                    JoinState.MEMBER,
                    null,
                    null,
                    "1",
                    "false",
                    "offline",
                    "member",
                    null))
        .hasMessageContaining("is ONLINE but in_ccm=false crmd=offline");
    assertThatThrownBy(
            () ->
                new NodeStatus(
                    "a",
                    Membership.OFFLINE,
                    JoinState.DOWN,
                    null,
                    null,
                    "1",
                    "false",
                    "offline",
                    "down",
                    Map.of("crmd", "x")))
        .hasMessageContaining("'crmd' belongs in its field");
  }

  @Test
  void anonymousCloneInstancesCountForTheirPrimitive() {
    ResourceHistory zero =
        new ResourceHistory("ping:0", List.of(OperationRecord.done("start", 0, 0, 1)));
    ResourceHistory other =
        new ResourceHistory("pinger", List.of(OperationRecord.done("start", 0, 0, 2)));
    NodeStatus n =
        new NodeStatus(
            "a",
            Membership.ONLINE,
            JoinState.MEMBER,
            Map.of(
                "fail-count-ping:0#monitor_10000", "2",
                "fail-count-ping#start_0", "1",
                "fail-count-pinger#start_0", "5",
                "last-failure-ping:0#monitor_10000", "1700000500",
                "last-failure-ping#start_0", "1700000000"),
            List.of(zero, other));
    assertThat(NodeStatus.primitiveOf("ping:0")).isEqualTo("ping");
    assertThat(NodeStatus.primitiveOf("ping:x")).isEqualTo("ping:x");
    assertThat(NodeStatus.primitiveOf("ping")).isEqualTo("ping");
    assertThat(zero.primitive()).isEqualTo("ping");
    assertThat(n.instanceHistories("ping")).containsExactly(zero);
    assertThat(n.instanceFailCount("ping")).isEqualTo(Score.of(3));
    assertThat(n.instanceFailCount("pinger")).isEqualTo(Score.of(5));
    assertThat(n.instanceLastFailure("ping")).hasValue(1_700_000_500L);
    assertThat(n.failCount("ping")).isEqualTo(Score.of(1));
  }

  @Test
  void operationRecordsKeepTheirDetails() {
    OperationRecord r =
        new OperationRecord(
            "monitor",
            10_000,
            0,
            ExecStatus.DONE,
            5,
            1700000000,
            12,
            null,
            "db_monitor_10000",
            "db_monitor_10000",
            "1:2:0:uuid",
            "0:0;1:2:0:uuid",
            "d1g35t",
            "",
            "alpha",
            1700000000,
            3,
            Map.of("crm_feature_set", "3.19.0"));
    assertThat(r.extra()).isInstanceOf(AttributeMap.class);
    assertThat(r)
        .isEqualTo(
            new OperationRecord(
                "monitor",
                10_000,
                0,
                ExecStatus.DONE,
                5,
                1700000000,
                12,
                null,
                "db_monitor_10000",
                "db_monitor_10000",
                "1:2:0:uuid",
                "0:0;1:2:0:uuid",
                "d1g35t",
                "",
                "alpha",
                1700000000,
                3,
                new HashMap<>(Map.of("crm_feature_set", "3.19.0"))));
    assertThatThrownBy(
            () ->
                new OperationRecord(
                    "monitor",
                    0,
                    0,
                    ExecStatus.DONE,
                    5,
                    0,
                    0,
                    null,
                    "bad id",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    0,
                    null))
        .hasMessageContaining("id 'bad id' is invalid");
    assertThatThrownBy(
            () ->
                new OperationRecord(
                    "monitor",
                    0,
                    0,
                    ExecStatus.DONE,
                    5,
                    0,
                    0,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    -3,
                    null))
        .hasMessage("operation record 'monitor' queue-time must not be negative: -3");
  }

  @Test
  void cibAttributesAndClones() {
    assertThatThrownBy(() -> new Cib(Configuration.EMPTY, null, null, Map.of("epoch", "3")))
        .hasMessageContaining("belongs in the versions");
    Cib cib = new Cib(Configuration.EMPTY, null, null, Map.of("have-quorum", "true"));
    assertThat(cib.haveQuorum()).isTrue();
    assertThat(cib.withConfiguration(Configuration.EMPTY).attributes()).isEqualTo(cib.attributes());
    Clone two = new Clone("c", new Primitive("p", IP), Map.of("clone-node-max", "2"));
    assertThat(two.globallyUnique()).isTrue();
    Clone none = new Clone("c", new Primitive("p", IP), Map.of("promoted-node-max", "0"));
    assertThat(none.promotedNodeMax()).isZero();
    Node remote = new Node("9", "r1", Node.Type.parse("remote"), null, Map.of("cpu", "4"));
    assertThat(remote.type()).isEqualTo(Node.Type.REMOTE);
    assertThat(Node.Type.parse("normal")).isEqualTo(Node.Type.MEMBER);
  }

  @Test
  void attributeMapsAreOrderedCompactAndEqualToOtherMaps() {
    Map<String, String> source = new LinkedHashMap<>();
    for (int i = 20; i > 0; i--) {
      source.put("k" + i, "v" + i);
    }
    AttributeMap m = AttributeMap.copyOf(source);
    assertThat(m.keySet()).containsExactlyElementsOf(source.keySet());
    assertThat(m).isEqualTo(new HashMap<>(source));
    assertThat(new HashMap<>(source)).isEqualTo(m);
    assertThat(m.hashCode()).isEqualTo(new HashMap<>(source).hashCode());
    assertThat(m.get("k7")).isEqualTo("v7");
    assertThat(m.get("nope")).isNull();
    assertThat(AttributeMap.copyOf(m)).isSameAs(m);
    assertThatThrownBy(() -> m.put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    Map<String, String> withNull = new HashMap<>();
    withNull.put("a", null);
    assertThatThrownBy(() -> AttributeMap.copyOf(withNull, "params"))
        .hasMessage("params attribute 'a' has no value");
  }
}
