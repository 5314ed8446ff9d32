package org.paceline.cib.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paceline.api.ra.AgentId;

class ResourceModelTest {

  static final AgentId DUMMY = AgentId.ocf("paceline", "Dummy");

  @Test
  void primitiveCopiesAndFreezesItsCollections() {
    java.util.Map<String, String> params = new java.util.HashMap<>(Map.of("ip", "10.0.0.1"));
    Primitive p = new Primitive("vip", DUMMY, params, Map.of(), Map.of("cpu", "1"), List.of());
    params.put("ip", "changed");
    assertThat(p.params()).containsEntry("ip", "10.0.0.1");
    assertThatThrownBy(() -> p.params().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(p.utilization()).containsEntry("cpu", "1");
  }

  @Test
  void primitiveValidation() {
    assertThatThrownBy(() -> new Primitive("1bad", DUMMY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("primitive id '1bad' is invalid");
    assertThatThrownBy(() -> new Primitive(null, DUMMY)).hasMessage("primitive id is missing");
    assertThatThrownBy(() -> new Primitive("db", null))
        .hasMessage("primitive 'db' agent is missing");
    assertThatThrownBy(
            () ->
                new Primitive(
                    "db",
                    DUMMY,
                    Map.of(),
                    Map.of(),
                    Map.of(),
                    List.of(
                        Operation.of("monitor", Duration.ofSeconds(10), null),
                        Operation.of("monitor", Duration.ofMillis(10_000), null))))
        .hasMessageContaining("two 'monitor' operations with interval 10000ms");
    assertThatThrownBy(
            () -> new Primitive("db", DUMMY, Map.of("", "x"), Map.of(), Map.of(), List.of()))
        .hasMessageContaining("attribute without a name");
  }

  @Test
  void operationValidationAndDefaults() {
    Operation op = new Operation("start", null, Duration.ofSeconds(20), null, null, true, null);
    assertThat(op.interval()).isZero();
    assertThat(op.recurring()).isFalse();
    assertThat(op.extra()).isEmpty();
    assertThat(op.key("db")).isEqualTo("db_start_0");
    assertThatThrownBy(() -> Operation.of("monitor", Duration.ofSeconds(-1), null))
        .hasMessageContaining("interval must not be negative");
    assertThatThrownBy(() -> Operation.of("monitor", Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> Operation.of(" ", Duration.ZERO, null))
        .hasMessage("operation name is missing or blank");
    assertThatThrownBy(
            () ->
                new Operation(
                    "monitor", Duration.ZERO, null, null, null, true, Map.of("timeout", "5s")))
        .hasMessageContaining("'timeout' belongs in its typed field");
    assertThat(Operation.OnFail.parse("restart-container"))
        .isEqualTo(Operation.OnFail.RESTART_CONTAINER);
    assertThatThrownBy(() -> Operation.OnFail.parse("explode"))
        .hasMessageContaining("unknown on-fail 'explode'");
  }

  @Test
  void primitiveFindsOperation() {
    Operation mon =
        new Operation(
            "monitor",
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Role.PROMOTED,
            Operation.OnFail.RESTART,
            true,
            Map.of("start-delay", "5s"));
    Primitive p = new Primitive("db", DUMMY, Map.of(), Map.of(), Map.of(), List.of(mon));
    assertThat(p.operation("monitor", 10_000)).contains(mon);
    assertThat(p.operation("monitor", 20_000)).isEmpty();
    assertThat(mon.roleOpt()).contains(Role.PROMOTED);
  }

  @Test
  void resourceMetaHelpers() {
    Primitive p =
        new Primitive(
            "db",
            DUMMY,
            Map.of(),
            Map.of("target-role", "Master", "is-managed", "no"),
            Map.of(),
            List.of());
    assertThat(p.targetRole()).contains(Role.PROMOTED);
    assertThat(p.managed()).isFalse();
    assertThat(new Primitive("x", DUMMY).managed()).isTrue();
  }

  @Test
  void groupValidation() {
    Primitive a = new Primitive("a", DUMMY);
    Primitive b = new Primitive("b", DUMMY);
    assertThat(new Group("g", List.of(a, b)).memberIds()).containsExactly("a", "b");
    assertThatThrownBy(() -> new Group("g", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("group 'g' has no members");
    assertThatThrownBy(() -> new Group("g", List.of(a, a)))
        .hasMessage("duplicate group 'g' member id 'a'");
  }

  @Test
  void cloneTypedMetaWithDefaults() {
    Clone c = new Clone("c", new Primitive("p", DUMMY));
    assertThat(c.cloneMax()).isEmpty();
    assertThat(c.cloneNodeMax()).isEqualTo(1);
    assertThat(c.globallyUnique()).isFalse();
    assertThat(c.interleave()).isFalse();
    assertThat(c.ordered()).isFalse();
    assertThat(c.notifyEnabled()).isFalse();
    assertThat(c.promotable()).isFalse();
    assertThat(c.promotedMax()).isEqualTo(1);
    assertThat(c.promotedNodeMax()).isEqualTo(1);

    Clone d =
        new Clone(
            "d",
            new Primitive("q", DUMMY),
            Map.of(
                "clone-max", "3",
                "clone-node-max", "2",
                "globally-unique", "true",
                "interleave", "yes",
                "ordered", "on",
                "notify", "1",
                "promotable", "true",
                "promoted-max", "2",
                "promoted-node-max", "1"));
    assertThat(d.cloneMax()).hasValue(3);
    assertThat(d.cloneNodeMax()).isEqualTo(2);
    assertThat(d.globallyUnique()).isTrue();
    assertThat(d.interleave()).isTrue();
    assertThat(d.ordered()).isTrue();
    assertThat(d.notifyEnabled()).isTrue();
    assertThat(d.promotable()).isTrue();
    assertThat(d.promotedMax()).isEqualTo(2);
  }

  @Test
  void masterMapsToPromotableClone() {
    Clone m =
        Clone.master(
            "ms", new Primitive("db", DUMMY), Map.of("master-max", "2", "master-node-max", "1"));
    assertThat(m.promotable()).isTrue();
    assertThat(m.meta()).containsEntry("promoted-max", "2").doesNotContainKey("master-max");
    assertThat(m.promotedMax()).isEqualTo(2);
    assertThat(m.promotedNodeMax()).isEqualTo(1);
  }

  @Test
  void cloneValidation() {
    Primitive p = new Primitive("p", DUMMY);
    assertThatThrownBy(() -> new Clone("c", p, Map.of("clone-max", "many")))
        .hasMessage("clone 'c' clone-max 'many' is not an integer");
    assertThatThrownBy(() -> new Clone("c", p, Map.of("clone-max", "-1")))
        .hasMessageContaining("clone-max must not be negative");
    assertThatThrownBy(() -> new Clone("c", p, Map.of("clone-node-max", "0")))
        .hasMessage("clone 'c' clone-node-max must be at least 1");
    assertThatThrownBy(() -> new Clone("c", p, Map.of("interleave", "maybe")))
        .hasMessage("clone 'c' interleave 'maybe' is not a boolean");
    assertThatThrownBy(() -> new Clone("c", new Clone("c2", p)))
        .hasMessage("clone 'c' cannot clone another clone");
    assertThatThrownBy(() -> new Clone("p", p))
        .hasMessage("clone 'p' has the same id as its child");
    assertThatThrownBy(() -> new Clone("c", null)).hasMessage("clone 'c' child is missing");
  }

  @Test
  void nodeHelpersAndValidation() {
    Node n = new Node("1", "alpha", Map.of("standby", "on", "maintenance", "false"));
    assertThat(n.standby()).isTrue();
    assertThat(n.maintenance()).isFalse();
    assertThat(new Node("2", "beta").standby()).isFalse();
    assertThatThrownBy(() -> new Node("1", " ")).hasMessage("node uname is missing or blank");
    assertThatThrownBy(() -> new Node("1", "a", Map.of("standby", "sometimes")).standby())
        .hasMessageContaining("is not a boolean");
  }

  @Test
  void roleParsesPacemakerOneNames() {
    assertThat(Role.parse("Master")).isEqualTo(Role.PROMOTED);
    assertThat(Role.parse("slave")).isEqualTo(Role.UNPROMOTED);
    assertThat(Role.PROMOTED).hasToString("Promoted");
    assertThatThrownBy(() -> Role.parse("Running")).hasMessageContaining("unknown role 'Running'");
  }
}
