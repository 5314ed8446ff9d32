package org.paceline.cib.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.model.AttributeExpression.Operation;
import org.paceline.cib.model.AttributeExpression.Type;

class RuleEvaluatorTest {

  static final Instant NOW = Instant.parse("2024-03-04T10:30:00Z"); // a Monday

  static final Map<String, String> ALPHA =
      Map.of(
          "#uname", "alpha", "#id", "1", "#kind", "cluster", "site", "East", "pingd", "300", "load",
          "0.75", "kernel", "5.10.2", "weight", "250");

  static final RuleContext CTX = RuleContext.of(ALPHA, NOW);

  static boolean eval(String attribute, Operation op, String value, Type type) {
    return RuleEvaluator.matches(new AttributeExpression(attribute, op, value, type), CTX);
  }

  @Test
  void nodeAttributesCompareByType() {
    assertThat(RuleEvaluator.matches(AttributeExpression.unameIs("alpha"), CTX)).isTrue();
    assertThat(RuleEvaluator.matches(AttributeExpression.unameIs("beta"), CTX)).isFalse();
    assertThat(eval("site", Operation.EQ, "east", Type.STRING)).isTrue();
    assertThat(eval("site", Operation.NE, "west", Type.STRING)).isTrue();
    assertThat(eval("pingd", Operation.GT, "99", Type.INTEGER)).isTrue();
    // As strings "300" < "99"; as integers 300 > 99.
    assertThat(eval("pingd", Operation.GT, "99", Type.STRING)).isFalse();
    assertThat(eval("pingd", Operation.LTE, "300", Type.INTEGER)).isTrue();
    assertThat(eval("pingd", Operation.LT, "300", Type.INTEGER)).isFalse();
    assertThat(eval("load", Operation.GTE, "0.5", Type.NUMBER)).isTrue();
    assertThat(eval("kernel", Operation.GT, "5.9", Type.VERSION)).isTrue();
    assertThat(eval("kernel", Operation.LT, "5.10.10", Type.VERSION)).isTrue();
    assertThat(eval("#id", Operation.EQ, "1", Type.INTEGER)).isTrue();
    assertThat(eval("#kind", Operation.EQ, "cluster", Type.STRING)).isTrue();
  }

  @Test
  void missingOrUnparsableValuesMatchOnlyNeAndNotDefined() {
    assertThat(eval("absent", Operation.DEFINED, null, Type.STRING)).isFalse();
    assertThat(eval("absent", Operation.NOT_DEFINED, null, Type.STRING)).isTrue();
    assertThat(eval("site", Operation.DEFINED, null, Type.STRING)).isTrue();
    assertThat(eval("absent", Operation.EQ, "x", Type.STRING)).isFalse();
    assertThat(eval("absent", Operation.NE, "x", Type.STRING)).isTrue();
    assertThat(eval("absent", Operation.LT, "1", Type.INTEGER)).isFalse();
    assertThat(eval("site", Operation.GT, "1", Type.INTEGER)).isFalse();
    assertThat(eval("site", Operation.NE, "1", Type.INTEGER)).isTrue();
  }

  @Test
  void rulesCombineWithAndOrNestingAndRole() {
    RuleExpression east = AttributeExpression.of("site", Operation.EQ, "east");
    RuleExpression beta = AttributeExpression.unameIs("beta");
    Rule and = new Rule("and", Score.of(10), null, Rule.BooleanOp.AND, null, List.of(east, beta));
    Rule or = new Rule("or", Score.of(10), null, Rule.BooleanOp.OR, null, List.of(east, beta));
    Rule nested = new Rule("n", Score.of(5), null, null, null, List.of(or, east));
    assertThat(RuleEvaluator.matches(and, CTX)).isFalse();
    assertThat(RuleEvaluator.matches(or, CTX)).isTrue();
    assertThat(RuleEvaluator.matches(nested, CTX)).isTrue();
    Rule promoted = new Rule("p", Score.of(7), null, null, Role.PROMOTED, List.of(east));
    assertThat(RuleEvaluator.matches(promoted, CTX)).isFalse();
    assertThat(RuleEvaluator.matches(promoted, CTX.withRole(Role.PROMOTED))).isTrue();
    assertThat(RuleEvaluator.score(promoted, CTX.withRole(Role.PROMOTED))).contains(Score.of(7));
    assertThat(RuleEvaluator.score(and, CTX)).isEmpty();
  }

  @Test
  void scoreAttributeReadsTheNodesValue() {
    RuleExpression east = AttributeExpression.of("site", Operation.EQ, "east");
    Rule weighted = new Rule("w", null, "weight", null, null, List.of(east));
    assertThat(RuleEvaluator.score(weighted, CTX)).contains(Score.of(250));
    Rule missing = new Rule("m", null, "nothing", null, null, List.of(east));
    assertThat(RuleEvaluator.score(missing, CTX)).contains(Score.ZERO);
    Rule bad = new Rule("b", null, "site", null, null, List.of(east));
    assertThat(RuleEvaluator.score(bad, CTX)).contains(Score.ZERO);
  }

  @Test
  void dateExpressionsUseTheGivenTime() {
    assertThat(RuleEvaluator.matches(DateExpression.inRange("2024-03-01", "2024-03-31"), CTX))
        .isTrue();
    assertThat(RuleEvaluator.matches(DateExpression.inRange("2024-04-01", null), CTX)).isFalse();
    assertThat(RuleEvaluator.matches(DateExpression.inRange(null, "2024-03-04 10:30:00"), CTX))
        .isTrue();
    assertThat(RuleEvaluator.matches(DateExpression.inRange(null, "2024-03-04T10:29:59Z"), CTX))
        .isFalse();
    DateExpression gt =
        new DateExpression(DateExpression.Operation.GT, "2024-03-04T10:30:00Z", null, null, null);
    assertThat(RuleEvaluator.matches(gt, CTX)).isFalse();
    DateExpression lt =
        new DateExpression(
            DateExpression.Operation.LT, null, "2024-03-04T11:00:00+01:00", null, null);
    assertThat(RuleEvaluator.matches(lt, CTX)).isFalse();
    DateExpression month =
        new DateExpression(
            DateExpression.Operation.IN_RANGE,
            "2024-02-04T12:00:00Z",
            null,
            new DateExpression.DurationSpec(0, 1, 0, 0, 0, 0, 0),
            null);
    assertThat(RuleEvaluator.matches(month, CTX)).isTrue();
    assertThat(RuleEvaluator.matches(month, RuleContext.at(NOW.plus(Duration.ofDays(1)))))
        .isFalse();
  }

  @Test
  void dateSpecsMatchCalendarFieldsInTheContextsZone() {
    DateExpression businessHours =
        DateExpression.dateSpec(
            new DateExpression.DateSpec(
                Map.of(
                    DateExpression.Field.HOURS, DateExpression.Range.parse("9-16"),
                    DateExpression.Field.WEEKDAYS, DateExpression.Range.parse("1-5"))));
    assertThat(RuleEvaluator.matches(businessHours, CTX)).isTrue();
    assertThat(RuleEvaluator.matches(businessHours, CTX.withZone(ZoneId.of("Asia/Tokyo"))))
        .isFalse(); // 19:30 there
    DateExpression weekOfYear =
        DateExpression.dateSpec(
            new DateExpression.DateSpec(
                Map.of(
                    DateExpression.Field.WEEKS, DateExpression.Range.parse("10"),
                    DateExpression.Field.WEEKYEARS, DateExpression.Range.parse("2024"),
                    DateExpression.Field.YEARDAYS, DateExpression.Range.parse("60-"),
                    DateExpression.Field.MONTHDAYS, DateExpression.Range.parse("-4"),
                    DateExpression.Field.MINUTES, DateExpression.Range.parse("30"))));
    assertThat(RuleEvaluator.matches(weekOfYear, CTX)).isTrue();
  }

  @Test
  void aDateExpressionWithoutTimeIsAnError() {
    RuleContext timeless = RuleContext.of(ALPHA, null);
    assertThatThrownBy(
            () -> RuleEvaluator.matches(DateExpression.inRange("2024-01-01", null), timeless))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("current time");
  }

  @Test
  void resourceAndOperationExpressions() {
    AgentId ip = AgentId.parse("ocf:heartbeat:IPaddr2");
    RuleContext ctx =
        RuleContext.at(NOW).withAgent(ip).withOperation("monitor", Duration.ofSeconds(10));
    assertThat(RuleEvaluator.matches(new ResourceExpression("ocf", "heartbeat", null), ctx))
        .isTrue();
    assertThat(RuleEvaluator.matches(new ResourceExpression(null, null, "Dummy"), ctx)).isFalse();
    assertThat(
            RuleEvaluator.matches(
                new OperationExpression("monitor", Duration.ofMillis(10_000)), ctx))
        .isTrue();
    assertThat(RuleEvaluator.matches(new OperationExpression("monitor", null), ctx)).isTrue();
    assertThat(RuleEvaluator.matches(new OperationExpression("start", null), ctx)).isFalse();
    assertThat(RuleEvaluator.matches(new ResourceExpression("ocf", null, null), CTX)).isFalse();
  }

  @Test
  void expressionsAndSetsValidateTheirParts() {
    assertThatThrownBy(() -> DateExpression.inRange(null, null))
        .hasMessageContaining("needs a start or an end");
    assertThatThrownBy(() -> DateExpression.inRange("yesterday", null))
        .hasMessageContaining("'yesterday' is not an ISO 8601 date-time");
    assertThatThrownBy(() -> DateExpression.Range.parse("5-1")).hasMessageContaining("empty");
    assertThatThrownBy(() -> DateExpression.Range.parse("x")).hasMessageContaining("not a range");
    assertThatThrownBy(() -> new ResourceExpression(null, null, null))
        .hasMessageContaining("needs a class, provider or type");
    Rule nodeRule = Rule.of("r", Score.INFINITY, AttributeExpression.unameIs("alpha"));
    assertThatThrownBy(
            () ->
                new ConditionalSet(
                    ConditionalSet.Section.RSC_DEFAULTS, "s", null, nodeRule, Map.of("a", "b")))
        .hasMessageContaining("only dates may be tested");
    Rule opRule = Rule.of("r", Score.INFINITY, new OperationExpression("monitor", null));
    assertThatThrownBy(
            () ->
                new ConditionalSet(
                    ConditionalSet.Section.RSC_DEFAULTS, "s", null, opRule, Map.of("a", "b")))
        .hasMessageContaining("only op_defaults rules may test operations");
    assertThatThrownBy(
            () ->
                new LocationConstraint(
                    "l", "r", null, List.of(), null, null, List.of(opRule), null, null))
        .hasMessageContaining("location rules may test only node attributes and dates");
  }

  @Test
  void pacemakerDatesParseTheirForms() {
    ZoneId utc = ZoneId.of("UTC");
    assertThat(PacemakerDates.parse("2024-061", utc).toLocalDate())
        .isEqualTo(java.time.LocalDate.of(2024, 3, 1));
    assertThat(PacemakerDates.parse("2024-W09-5", utc).toLocalDate())
        .isEqualTo(java.time.LocalDate.of(2024, 3, 1));
    assertThat(PacemakerDates.parse("2024-03-01 09:15", utc).toInstant())
        .isEqualTo(Instant.parse("2024-03-01T09:15:00Z"));
    assertThat(PacemakerDates.parse("2024-03-01T09:15:30-0130", utc).toInstant())
        .isEqualTo(Instant.parse("2024-03-01T10:45:30Z"));
    assertThat(PacemakerDates.parse("2024-03-01T09:15:30Z", ZoneId.of("Europe/Paris")).toInstant())
        .isEqualTo(Instant.parse("2024-03-01T09:15:30Z"));
    assertThat(PacemakerDates.parse("2024-03-01 09:15", ZoneId.of("Europe/Paris")).toInstant())
        .isEqualTo(Instant.parse("2024-03-01T08:15:00Z"));
    assertThatThrownBy(() -> PacemakerDates.parse("2024-13-01", utc))
        .hasMessageContaining("not an ISO 8601 date-time");
  }
}
