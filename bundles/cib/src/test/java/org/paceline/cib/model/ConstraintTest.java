package org.paceline.cib.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.paceline.cib.model.AttributeExpression.Operation;
import org.paceline.cib.model.AttributeExpression.Type;

class ConstraintTest {

  @Test
  void locationOnNode() {
    LocationConstraint l = LocationConstraint.onNode("l1", "db", Score.INFINITY, "alpha");
    assertThat(l.discovery()).isEqualTo(LocationConstraint.Discovery.ALWAYS);
    assertThat(l.rules()).isEmpty();
  }

  @Test
  void locationWithNestedRules() {
    Rule inner =
        new Rule(
            "r-inner",
            null,
            null,
            Rule.BooleanOp.OR,
            null,
            List.of(
                AttributeExpression.unameIs("alpha"),
                new AttributeExpression("#uname", Operation.EQ, "beta", null)));
    Rule outer =
        Rule.of(
            "r1",
            Score.MINUS_INFINITY,
            inner,
            new AttributeExpression("ram", Operation.GTE, "1024", Type.INTEGER),
            new AttributeExpression("kernel", Operation.LT, "5.10.2", Type.VERSION),
            new AttributeExpression("load", Operation.LTE, "0.5", Type.NUMBER),
            new AttributeExpression("gpu", Operation.DEFINED, null, null));
    LocationConstraint l =
        new LocationConstraint(
            "l2",
            null,
            "^web-.*",
            null,
            null,
            null,
            List.of(outer),
            Role.PROMOTED,
            LocationConstraint.Discovery.EXCLUSIVE);
    assertThat(l.rules().get(0).expressions()).hasSize(5).first().isEqualTo(inner);
    assertThat(inner.booleanOp()).isEqualTo(Rule.BooleanOp.OR);
    assertThat(outer.booleanOp()).isEqualTo(Rule.BooleanOp.AND);
    assertThat(((AttributeExpression) inner.expressions().get(1)).type()).isEqualTo(Type.STRING);
  }

  @Test
  void locationValidation() {
    Rule r = Rule.of("r", Score.INFINITY, AttributeExpression.unameIs("a"));
    assertThatThrownBy(() -> LocationConstraint.onNode("l", null, Score.ZERO, "a"))
        .hasMessage(
            "location constraint 'l' needs exactly one of rsc, rsc-pattern and resource sets");
    assertThatThrownBy(
            () -> new LocationConstraint("l", "x", "y", null, "a", Score.ZERO, null, null, null))
        .hasMessage(
            "location constraint 'l' needs exactly one of rsc, rsc-pattern and resource sets");
    assertThatThrownBy(
            () -> new LocationConstraint("l", null, "([", null, "a", Score.ZERO, null, null, null))
        .hasMessageContaining("is not a valid regular expression");
    assertThatThrownBy(() -> LocationConstraint.onNode("l", "db", null, "a"))
        .hasMessage("location constraint 'l' names node 'a' without a score");
    assertThatThrownBy(
            () ->
                new LocationConstraint(
                    "l", "db", null, null, "a", Score.ZERO, List.of(r), null, null))
        .hasMessage("location constraint 'l' has both a node and rules; use one");
    assertThatThrownBy(() -> LocationConstraint.withRules("l", "db", List.of()))
        .hasMessage("location constraint 'l' needs a node and score, or rules");
    Rule unscored = Rule.of("u", null, AttributeExpression.unameIs("a"));
    assertThatThrownBy(() -> LocationConstraint.withRules("l", "db", List.of(unscored)))
        .hasMessage("location constraint 'l' rule 'u' needs a score or score-attribute");
    assertThat(LocationConstraint.Discovery.parse("never"))
        .isEqualTo(LocationConstraint.Discovery.NEVER);
    assertThatThrownBy(() -> LocationConstraint.Discovery.parse("sometimes"))
        .hasMessageContaining("unknown resource-discovery");
  }

  @Test
  void locationWithResourceSets() {
    ResourceSet set = new ResourceSet("s1", List.of("a", "b"), Role.STARTED, false, false);
    LocationConstraint l =
        new LocationConstraint(
            "l", null, null, List.of(set), "alpha", Score.MINUS_INFINITY, null, null, null);
    assertThat(l.resourceSets()).containsExactly(set);
    assertThat(ResourceSet.of("s2", "x").sequential()).isTrue();
    assertThatThrownBy(
            () ->
                new LocationConstraint(
                    "l", "db", null, List.of(set), "alpha", Score.ZERO, null, null, null))
        .hasMessage(
            "location constraint 'l' needs exactly one of rsc, rsc-pattern and resource sets");
    assertThatThrownBy(
            () ->
                new LocationConstraint(
                    "l", null, null, List.of(set, set), "alpha", Score.ZERO, null, null, null))
        .hasMessage("duplicate location constraint 'l' resource set id 's1'");
    assertThatThrownBy(() -> ResourceSet.of("s")).hasMessage("resource set 's' has no resources");
    assertThatThrownBy(() -> ResourceSet.of("s", "a", "a"))
        .hasMessage("duplicate resource set 's' member id 'a'");
    assertThatThrownBy(() -> ResourceSet.of("s", "9x"))
        .hasMessageContaining("resource set 's' member id '9x' is invalid");
  }

  @Test
  void ruleAndExpressionValidation() {
    assertThatThrownBy(() -> new Rule("r", null, null, null, null, List.of()))
        .hasMessage("rule 'r' has no expressions");
    assertThatThrownBy(
            () ->
                new Rule(
                    "r",
                    Score.ZERO,
                    "pingd",
                    null,
                    null,
                    List.of(AttributeExpression.unameIs("a"))))
        .hasMessageContaining("both a score and a score-attribute");
    assertThatThrownBy(() -> AttributeExpression.of("x", Operation.EQ, null))
        .hasMessage("expression 'x eq' needs a value");
    assertThatThrownBy(() -> AttributeExpression.of("x", Operation.NOT_DEFINED, "v"))
        .hasMessage("expression 'x not_defined' takes no value, got 'v'");
    assertThatThrownBy(() -> new AttributeExpression("ram", Operation.GT, "lots", Type.INTEGER))
        .hasMessage("expression 'ram' value 'lots' is not a valid integer");
    assertThatThrownBy(() -> new AttributeExpression("v", Operation.GT, "1.x", Type.VERSION))
        .hasMessage("expression 'v' value '1.x' is not a valid version");
    assertThatThrownBy(() -> new AttributeExpression("n", Operation.GT, "abc", Type.NUMBER))
        .hasMessage("expression 'n' value 'abc' is not a valid number");
    assertThat(Operation.parse("not_defined")).isEqualTo(Operation.NOT_DEFINED);
    assertThat(Type.parse("integer")).isEqualTo(Type.INTEGER);
    assertThat(Rule.BooleanOp.parse("or")).isEqualTo(Rule.BooleanOp.OR);
    assertThatThrownBy(() -> Operation.parse("like")).hasMessageContaining("unknown expression");
    assertThatThrownBy(() -> Type.parse("date")).hasMessageContaining("unknown expression type");
    assertThatThrownBy(() -> Rule.BooleanOp.parse("xor")).hasMessageContaining("boolean-op");
  }

  @Test
  void colocation() {
    ColocationConstraint c =
        new ColocationConstraint("c1", Score.INFINITY, "vip", "db", Role.STARTED, Role.PROMOTED);
    assertThat(c.withRscRole()).isEqualTo(Role.PROMOTED);
    assertThatThrownBy(() -> new ColocationConstraint("c", Score.ZERO, "a", "a"))
        .hasMessage("colocation constraint 'c' colocates 'a' with itself");
    assertThatThrownBy(() -> new ColocationConstraint("c", null, "a", "b"))
        .hasMessage("colocation constraint 'c' score is missing");
    assertThatThrownBy(() -> new ColocationConstraint("c", Score.ZERO, null, "b"))
        .hasMessage("colocation constraint 'c' rsc id is missing");
  }

  @Test
  void orderDefaults() {
    OrderConstraint o = OrderConstraint.mandatory("o1", "db", "web");
    assertThat(o.kind()).isEqualTo(OrderConstraint.Kind.MANDATORY);
    assertThat(o.firstAction()).isEqualTo(ResourceAction.START);
    assertThat(o.thenAction()).isEqualTo(ResourceAction.START);
    assertThat(o.symmetrical()).isTrue();
    OrderConstraint p =
        new OrderConstraint(
            "o2", OrderConstraint.Kind.OPTIONAL, "db", "web", ResourceAction.PROMOTE, null, false);
    assertThat(p.thenAction()).isEqualTo(ResourceAction.PROMOTE);
    assertThat(OrderConstraint.Kind.parse("serialize")).isEqualTo(OrderConstraint.Kind.SERIALIZE);
    assertThat(ResourceAction.parse("Demote")).isEqualTo(ResourceAction.DEMOTE);
  }

  @Test
  void orderValidation() {
    assertThatThrownBy(() -> OrderConstraint.mandatory("o", "a", "a"))
        .hasMessage("order constraint 'o' orders 'a' after itself");
    assertThatThrownBy(
            () ->
                new OrderConstraint(
                    "o", OrderConstraint.Kind.SERIALIZE, "a", "b", null, null, true))
        .hasMessage("order constraint 'o' of kind Serialize cannot be symmetrical");
    assertThatThrownBy(() -> OrderConstraint.Kind.parse("Sometimes"))
        .hasMessageContaining("unknown order kind");
    assertThatThrownBy(() -> ResourceAction.parse("monitor"))
        .hasMessageContaining("unknown action 'monitor'");
  }
}
