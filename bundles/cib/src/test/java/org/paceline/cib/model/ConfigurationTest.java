package org.paceline.cib.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paceline.api.ra.AgentId;

class ConfigurationTest {

  static final AgentId DUMMY = AgentId.ocf("paceline", "Dummy");

  final Primitive vip = new Primitive("vip", DUMMY);
  final Primitive web = new Primitive("web", DUMMY);
  final Group group = new Group("g-web", List.of(vip, web), Map.of("target-role", "Started"));
  final Primitive db =
      new Primitive("db", DUMMY, Map.of(), Map.of("resource-stickiness", "5"), Map.of(), List.of());
  final Clone ms = Clone.master("ms-db", db, Map.of("resource-stickiness", "10"));
  final Primitive ping = new Primitive("ping", AgentId.parse("ocf:pacemaker:ping"));
  final Group pingGroup = new Group("g-ping", List.of(ping));
  final Clone pingClone = new Clone("cl-ping", pingGroup);

  Configuration config() {
    return new Configuration(
        Map.of("stonith-enabled", "false"),
        List.of(new Node("1", "alpha"), new Node("2", "beta")),
        List.of(group, ms, pingClone),
        List.of(
            LocationConstraint.onNode("l1", "g-web", new Score(50), "alpha"),
            new ColocationConstraint("c1", Score.INFINITY, "g-web", "ms-db", null, Role.PROMOTED),
            OrderConstraint.mandatory("o1", "ms-db", "g-web")),
        Map.of("resource-stickiness", "1", "migration-threshold", "3"),
        Map.of("timeout", "20s"));
  }

  @Test
  void findsResourcesAtAnyDepth() {
    Configuration c = config();
    assertThat(c.resource("g-web")).contains(group);
    assertThat(c.resource("web")).contains(web);
    assertThat(c.resource("db")).contains(db);
    assertThat(c.resource("ping")).contains(ping);
    assertThat(c.resource("nope")).isEmpty();
    assertThat(c.primitive("ms-db")).isEmpty();
    assertThat(c.primitive("db")).contains(db);
    assertThat(c.primitives()).containsExactly(vip, web, db, ping);
    assertThat(c.allResources())
        .extracting(Resource::id)
        .containsExactly("g-web", "vip", "web", "ms-db", "db", "cl-ping", "g-ping", "ping");
  }

  @Test
  void findsParentsAndTopLevel() {
    Configuration c = config();
    assertThat(c.parentOf("web")).contains(group);
    assertThat(c.parentOf("db")).contains(ms);
    assertThat(c.parentOf("ping")).contains(pingGroup);
    assertThat(c.parentOf("g-web")).isEmpty();
    assertThat(c.topLevelOf("ping")).contains(pingClone);
    assertThat(c.topLevelOf("ms-db")).contains(ms);
    assertThat(c.topLevelOf("nope")).isEmpty();
  }

  @Test
  void effectiveMetaLayersDefaultsParentsAndOwn() {
    Configuration c = config();
    assertThat(c.effectiveMeta("db"))
        .containsEntry("resource-stickiness", "5")
        .containsEntry("migration-threshold", "3")
        .containsEntry("promotable", "true");
    assertThat(c.effectiveMeta("ms-db")).containsEntry("resource-stickiness", "10");
    assertThat(c.effectiveMeta("vip")).containsEntry("target-role", "Started");
    assertThatThrownBy(() -> c.effectiveMeta("nope")).hasMessage("no resource with id 'nope'");
  }

  @Test
  void findsNodesConstraintsAndProperties() {
    Configuration c = config();
    assertThat(c.node("beta")).map(Node::id).contains("2");
    assertThat(c.nodeById("1")).map(Node::uname).contains("alpha");
    assertThat(c.node("gamma")).isEmpty();
    assertThat(c.constraint("c1")).containsInstanceOf(ColocationConstraint.class);
    assertThat(c.constraints(OrderConstraint.class))
        .extracting(Constraint::id)
        .containsExactly("o1");
    assertThat(c.constraints(LocationConstraint.class)).hasSize(1);
    assertThat(c.property("stonith-enabled")).contains("false");
    assertThat(c.property("no-quorum-policy")).isEmpty();
    assertThat(c.opDefaults()).containsEntry("timeout", "20s");
  }

  @Test
  void rejectsDuplicateIdsAcrossLevels() {
    Primitive clash = new Primitive("web", DUMMY);
    assertThatThrownBy(() -> new Configuration(null, null, List.of(group, clash), null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate resource id 'web'");
    assertThatThrownBy(
            () ->
                new Configuration(
                    null, List.of(new Node("1", "a"), new Node("1", "b")), null, null, null, null))
        .hasMessage("duplicate node id '1'");
    assertThatThrownBy(
            () ->
                new Configuration(
                    null, List.of(new Node("1", "a"), new Node("2", "a")), null, null, null, null))
        .hasMessage("duplicate node uname 'a'");
    assertThatThrownBy(
            () ->
                new Configuration(
                    null,
                    null,
                    null,
                    List.of(
                        OrderConstraint.mandatory("x", "a", "b"),
                        OrderConstraint.mandatory("x", "b", "c")),
                    null,
                    null))
        .hasMessage("duplicate constraint id 'x'");
  }

  @Test
  void emptyAndNullsBecomeEmpty() {
    Configuration c = new Configuration(null, null, null, null, null, null);
    assertThat(c).isEqualTo(Configuration.EMPTY);
    assertThat(c.allResources()).isEmpty();
  }

  @Test
  void cibBumpsVersions() {
    Cib cib = new Cib(config(), null, new Versions(0, 3, 4));
    assertThat(cib.status()).isEqualTo(Status.EMPTY);
    assertThat(cib.withConfiguration(Configuration.EMPTY).versions())
        .isEqualTo(new Versions(0, 4, 0));
    assertThat(cib.withStatus(Status.EMPTY).versions()).isEqualTo(new Versions(0, 3, 5));
    assertThatThrownBy(() -> new Cib(null, null, null)).hasMessage("CIB configuration is missing");
    assertThat(Cib.EMPTY.versions()).isEqualTo(Versions.INITIAL);
  }
}
