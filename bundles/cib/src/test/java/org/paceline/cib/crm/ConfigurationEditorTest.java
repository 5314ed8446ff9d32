package org.paceline.cib.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;

class ConfigurationEditorTest {

  static final Configuration WEB = CrmParser.parse(CrmRoundTripTest.WEB_SERVICE);

  private static Configuration apply(Configuration c, String statement, boolean replace) {
    return ConfigurationEditor.apply(c, CrmParser.parseStatement(statement), replace);
  }

  private static List<String> top(Configuration c) {
    return c.resources().stream().map(Resource::id).toList();
  }

  @Test
  void addsAPrimitiveAtTheEnd() {
    Configuration c = apply(WEB, "primitive db ocf:heartbeat:mysql op monitor interval=20s", false);
    assertThat(top(c)).containsExactly("web-group", "db");
    assertThat(c.primitive("db").orElseThrow().operations()).hasSize(1);
    assertThat(WEB.resource("db")).as("the input is unchanged").isEmpty();
  }

  @Test
  void anExistingIdNeedsReplaceAndTheSameKind() {
    assertThatThrownBy(() -> apply(WEB, "primitive vip IPaddr2 params ip=10.0.0.9", false))
        .isInstanceOf(ConfigurationEditException.class)
        .hasMessage("primitive 'vip' already exists; replace it explicitly to change it");
    Configuration c = apply(WEB, "primitive vip IPaddr2 params ip=10.0.0.9", true);
    Group g = (Group) c.resource("web-group").orElseThrow();
    assertThat(g.memberIds())
        .as("the replacement keeps its place")
        .containsExactly("vip", "www-data", "web");
    assertThat(c.primitive("vip").orElseThrow().params()).containsEntry("ip", "10.0.0.9");
    assertThatThrownBy(() -> apply(WEB, "primitive web-group IPaddr2", true))
        .hasMessage("'web-group' is a group; it cannot be replaced by a primitive");
    assertThatThrownBy(() -> apply(WEB, "primitive prefer-alpha IPaddr2", false))
        .hasMessage("id 'prefer-alpha' is already used by location constraint 'prefer-alpha'");
    assertThatThrownBy(() -> apply(WEB, "location vip web-group 10: beta", false))
        .hasMessage("id 'vip' is already used by primitive 'vip'");
  }

  @Test
  void groupsAbsorbTopLevelPrimitivesInPlace() {
    Configuration c = apply(WEB, "primitive a Dummy", false);
    c = apply(c, "primitive b Dummy", false);
    c = apply(c, "primitive z Dummy", false);
    c = apply(c, "group ab b a meta target-role=Stopped", false);
    assertThat(top(c)).containsExactly("web-group", "ab", "z");
    assertThat(((Group) c.resource("ab").orElseThrow()).memberIds()).containsExactly("b", "a");
    Configuration finalC = c;
    assertThatThrownBy(() -> apply(finalC, "group g2 vip", false))
        .hasMessage(
            "'vip' is already in group 'web-group'; a resource can be in only one group or clone");
    assertThatThrownBy(() -> apply(finalC, "group g2 nothing", false))
        .hasMessage("group 'g2' member 'nothing' is not defined");
    assertThatThrownBy(() -> apply(finalC, "group g2 ab", false))
        .hasMessage("group 'g2' member 'ab' is a group; groups contain only primitives");
    // Replacing a group releases the members it no longer lists, right after it.
    c = apply(c, "group ab a", true);
    assertThat(top(c)).containsExactly("web-group", "ab", "b", "z");
  }

  @Test
  void clonesWrapATopLevelResourceInPlace() {
    Configuration c = apply(WEB, "primitive ping ocf:pacemaker:ping", false);
    c = apply(c, "clone ping-clone ping meta interleave=true", false);
    assertThat(top(c)).containsExactly("web-group", "ping-clone");
    assertThat(((Clone) c.resource("ping-clone").orElseThrow()).interleave()).isTrue();
    c = apply(c, "ms web-clone web-group", false);
    assertThat(top(c)).containsExactly("web-clone", "ping-clone");
    assertThat(((Clone) c.resource("web-clone").orElseThrow()).promotable()).isTrue();
    Configuration finalC = c;
    assertThatThrownBy(() -> apply(finalC, "clone again ping", false))
        .hasMessage(
            "'ping' is already in clone 'ping-clone'; a resource can be in only one group or clone");
    assertThatThrownBy(() -> apply(finalC, "clone cc ping-clone", false))
        .hasMessage("clone 'cc' cannot clone the clone 'ping-clone'");
  }

  @Test
  void monitorAddsAnOperationAndReplaceSwapsIt() {
    Configuration c = apply(WEB, "monitor web 60s:20s", false);
    List<Operation> ops = c.primitive("web").orElseThrow().operations();
    assertThat(ops).hasSize(2);
    assertThat(ops.get(1))
        .isEqualTo(Operation.of("monitor", Duration.ofSeconds(60), Duration.ofSeconds(20)));
    assertThatThrownBy(() -> apply(WEB, "monitor web 30s", false))
        .isInstanceOf(ConfigurationEditException.class)
        .hasMessageContaining("two 'monitor' operations with interval 30000ms");
    Configuration r = apply(WEB, "monitor web 30s:90s", true);
    assertThat(r.primitive("web").orElseThrow().operations())
        .containsExactly(Operation.of("monitor", Duration.ofSeconds(30), Duration.ofSeconds(90)));
    assertThatThrownBy(() -> apply(WEB, "monitor nothing 30s", false))
        .hasMessage("monitor names 'nothing', which is not a primitive");
  }

  @Test
  void attributesAreSetAndConstraintsReplaced() {
    Configuration c = apply(WEB, "property stonith-enabled=true cluster-name=web", false);
    assertThat(c.properties())
        .containsEntry("stonith-enabled", "true")
        .containsEntry("cluster-name", "web")
        .containsEntry("no-quorum-policy", "ignore");
    assertThatThrownBy(() -> apply(c, "location prefer-alpha web-group 50: beta", false))
        .hasMessage(
            "location constraint 'prefer-alpha' already exists; replace it explicitly to change it");
    Configuration r = apply(c, "order prefer-alpha Optional: vip web", true);
    assertThat(r.constraints())
        .extracting(k -> k.id())
        .containsExactly("prefer-alpha", "web-with-data", "data-before-web");
    assertThat(ConstraintReferences.kind(r.constraints().get(0))).isEqualTo("order");
  }

  @Test
  void templatesTagsTopologyAndConditionalSets() {
    Configuration c =
        CrmParser.parse(
            "node n1\nnode n2\nrsc_template t Dummy params a=1\nprimitive st stonith:fence_x");
    c = apply(c, "primitive p @t params b=2", false);
    assertThat(c.primitive("p").orElseThrow().params())
        .containsEntry("a", "1")
        .containsEntry("b", "2");
    c = apply(c, "rsc_template t Dummy params a=9", true);
    assertThat(c.primitive("p").orElseThrow().params())
        .as("primitives made from a replaced template are remade")
        .containsEntry("a", "9")
        .containsEntry("b", "2");
    c = apply(c, "tag tg: p st", false);
    assertThat(c.tag("tg")).isPresent();
    c = apply(c, "fencing_topology st", false);
    assertThat(c.fencingTopology()).extracting(l -> l.target()).containsExactly("n1", "n2");
    Configuration finalC = c;
    assertThatThrownBy(() -> apply(finalC, "fencing_topology n1: st", false))
        .hasMessage("a fencing_topology already exists; replace it explicitly to change it");
    c = apply(c, "fencing_topology n1: st", true);
    assertThat(c.fencingTopology()).hasSize(1);
    c = apply(c, "op_defaults slow: 10: rule date gt 2024-01-01 timeout=90s", false);
    c = apply(c, "op_defaults fast: 20: rule date gt 2025-01-01 timeout=10s", false);
    assertThat(c.conditionalSets())
        .as("kept in order of precedence")
        .extracting(s -> s.id())
        .containsExactly("fast", "slow");
  }

  @Test
  void deletingAReferencedResourceFailsListingTheReferences() {
    ConfigurationEditException e =
        catchThrowableOfType(
            ConfigurationEditException.class, () -> ConfigurationEditor.delete(WEB, "web", false));
    assertThat(e)
        .hasMessage(
            "cannot delete primitive 'web': colocation 'web-with-data', order 'data-before-web'"
                + " refer to it; delete or change them first, or force the deletion");
    assertThat(e.blockers()).containsExactly("web-with-data", "data-before-web");
    ConfigurationEditor.Deletion d = ConfigurationEditor.delete(WEB, "web", true);
    assertThat(d.removed()).containsExactly("web", "web-with-data", "data-before-web");
    assertThat(((Group) d.configuration().resource("web-group").orElseThrow()).memberIds())
        .containsExactly("vip", "www-data");
    assertThat(d.configuration().constraints())
        .extracting(k -> k.id())
        .containsExactly("prefer-alpha");
  }

  @Test
  void deletingTheLastMemberDeletesTheGroupAndCountsItsConstraints() {
    Configuration c = apply(WEB, "primitive solo Dummy", false);
    c = apply(c, "group lonely solo", false);
    c = apply(c, "location on-beta lonely 10: beta", false);
    Configuration finalC = c;
    assertThatThrownBy(() -> ConfigurationEditor.delete(finalC, "solo", false))
        .hasMessage(
            "cannot delete primitive 'solo': location 'on-beta' refers to it (or to lonely, which"
                + " would be deleted with it); delete or change it first, or force the deletion");
    ConfigurationEditor.Deletion d = ConfigurationEditor.delete(c, "solo", true);
    assertThat(d.removed()).containsExactly("solo", "lonely", "on-beta");
    assertThat(top(d.configuration())).containsExactly("web-group");
  }

  @Test
  void deletingAContainerKeepsItsContents() {
    ConfigurationEditor.Deletion d = ConfigurationEditor.delete(WEB, "web-group", true);
    assertThat(top(d.configuration())).containsExactly("vip", "www-data", "web");
    assertThat(d.removed()).containsExactly("web-group", "prefer-alpha");
    Configuration cloned = apply(WEB, "clone wc web-group", false);
    assertThatThrownBy(() -> ConfigurationEditor.delete(cloned, "web-group", false))
        .hasMessage(
            "cannot delete group 'web-group': location 'prefer-alpha' refers to it (or to wc,"
                + " which would be deleted with it); delete or change it first, or force the"
                + " deletion");
    ConfigurationEditor.Deletion d2 = ConfigurationEditor.delete(cloned, "web-group", true);
    assertThat(d2.removed())
        .as("a group inside a clone takes the clone with it")
        .containsExactly("web-group", "wc", "prefer-alpha");
    assertThat(top(d2.configuration())).containsExactly("vip", "www-data", "web");
  }

  @Test
  void deletingConstraintsNodesTagsTemplatesAndLevels() {
    ConfigurationEditor.Deletion d = ConfigurationEditor.delete(WEB, "prefer-alpha", false);
    assertThat(d.configuration().constraints()).hasSize(2);
    assertThatThrownBy(() -> ConfigurationEditor.delete(WEB, "alpha", false))
        .hasMessage(
            "cannot delete node 'alpha': location 'prefer-alpha' refers to it; delete or change"
                + " it first, or force the deletion");
    assertThat(ConfigurationEditor.delete(WEB, "2", false).configuration().nodes())
        .as("nodes can be named by id")
        .hasSize(1);
    Configuration c =
        CrmParser.parse(
            "node n1\nrsc_template t Dummy\nprimitive p @t\nprimitive st stonith:fence_x\n"
                + "primitive st2 stonith:fence_x\ntag tg: p st\nfencing_topology n1: st,st2\n"
                + "location lt tg 10: n1");
    assertThatThrownBy(() -> ConfigurationEditor.delete(c, "t", false))
        .hasMessage(
            "cannot delete template 't': primitive 'p' (made from it) refers to it; delete or"
                + " change it first, or force the deletion");
    Primitive detached =
        ConfigurationEditor.delete(c, "t", true).configuration().primitive("p").orElseThrow();
    assertThat(detached.template()).isNull();
    Configuration onTemplate =
        ConfigurationEditor.apply(c, CrmParser.parseStatement("location on-t t 5: n1"), false);
    assertThatThrownBy(() -> ConfigurationEditor.delete(onTemplate, "t", false))
        .hasMessage(
            "cannot delete template 't': primitive 'p' (made from it), location 'on-t' refer to"
                + " it; delete or change them first, or force the deletion");
    assertThatThrownBy(() -> ConfigurationEditor.delete(c, "tg", false))
        .hasMessageContaining("location 'lt' refers to it");
    ConfigurationEditor.Deletion st = ConfigurationEditor.delete(c, "st", true);
    assertThat(st.removed()).containsExactly("st", "tg", "fencing-1");
    assertThat(st.configuration().tag("tg").orElseThrow().references()).containsExactly("p");
    assertThat(st.configuration().fencingTopology().get(0).devices()).containsExactly("st2");
    assertThat(ConfigurationEditor.delete(c, "fencing-1", false).configuration().fencingTopology())
        .isEmpty();
    assertThatThrownBy(() -> ConfigurationEditor.delete(c, "ghost", false))
        .hasMessage(
            "nothing to delete: no resource, template, tag, constraint, conditional set, fencing"
                + " level or node has id 'ghost'");
  }

  @Test
  void aScriptAppliesStatementByStatementAndNamesTheFailingLine() {
    CrmScript update = CrmParser.parseScript("primitive db mysql\nprimitive vip IPaddr2\n");
    assertThatThrownBy(() -> ConfigurationEditor.apply(WEB, update, false))
        .hasMessage(
            "line 2, column 1: primitive 'vip' already exists; replace it explicitly to change it");
    Configuration c = ConfigurationEditor.apply(WEB, update, true);
    assertThat(top(c)).containsExactly("web-group", "db");
  }
}
