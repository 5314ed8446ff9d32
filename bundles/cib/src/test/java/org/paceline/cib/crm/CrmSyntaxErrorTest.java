package org.paceline.cib.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed crm text: each case names the line, the column and what was expected or wrong. */
class CrmSyntaxErrorTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "primitive vip ocf:heartbeat:IPaddr2 params ip=10.0.0.1\nlocation l1 vip foo: alpha",
            2,
            17,
            "expected a score (INFINITY, -INFINITY or an integer) before ':' but found 'foo'"),
        Arguments.of(
            "primitive vip IPaddr2 \\\n    params ip=\"10.0.0.1",
            2,
            15,
            "unterminated quote: no closing \" on this line"),
        Arguments.of(
            "primitve vip IPaddr2",
            1,
            1,
            "expected a statement (node, primitive, rsc_template, monitor, group, clone, ms,"
                + " location, colocation, order, tag, fencing_topology, property, rsc_defaults or"
                + " op_defaults) but found 'primitve'"),
        Arguments.of(
            "primitive 1vip IPaddr2",
            1,
            11,
            "expected a primitive id (a letter or '_' followed by letters, digits, '_', '.', ':'"
                + " or '-') but found '1vip'"),
        Arguments.of(
            "primitive vip",
            1,
            14,
            "expected an agent (CLASS:PROVIDER:TYPE, CLASS:TYPE or TYPE) or @TEMPLATE but found"
                + " the end of the statement"),
        Arguments.of(
            "primitive vip lsb:foo:bar",
            1,
            15,
            "expected an agent (CLASS:PROVIDER:TYPE, CLASS:TYPE or TYPE) (only ocf agents have a"
                + " provider; 'lsb' agents are lsb:TYPE) but found 'lsb:foo:bar'"),
        Arguments.of(
            "primitive vip IPaddr2 op monitor interval=abc",
            1,
            34,
            "expected an interval (seconds, or a number with a unit: ms, s, min, h) but found"
                + " 'abc'"),
        Arguments.of(
            "primitive vip IPaddr2 op monitor interval=10s timeout=0",
            1,
            47,
            "expected a timeout greater than zero but found '0'"),
        Arguments.of(
            "primitive vip IPaddr2 op monitor role=Boss",
            1,
            34,
            "expected a role (Started, Stopped, Promoted or Unpromoted) but found 'Boss'"),
        Arguments.of(
            "primitive vip IPaddr2 op monitor on-fail=explode",
            1,
            34,
            "expected an on-fail policy (ignore, block, demote, stop, restart, standby, fence or"
                + " restart-container) but found 'explode'"),
        Arguments.of(
            "primitive vip IPaddr2 bogus",
            1,
            23,
            "expected params, meta, utilization, op or name=value (an agent parameter) but found"
                + " 'bogus'"),
        Arguments.of(
            "primitive vip IPaddr2 params a=1 a=2", 1, 34, "primitive 'vip' params sets 'a' twice"),
        Arguments.of(
            "primitive vip IPaddr2 op monitor interval=10s op monitor interval=10000ms",
            1,
            1,
            "primitive 'vip' has two 'monitor' operations with interval 10000ms"),
        Arguments.of(
            "colocation c1 inf: a",
            1,
            21,
            "expected a second resource id but found the end of the statement"),
        Arguments.of(
            "colocation c1 a b",
            1,
            15,
            "expected a score (INFINITY, -INFINITY or an integer) followed by ':' but found 'a'"),
        Arguments.of(
            "colocation c1 100 a b", 1, 19, "expected ':' after the score 100 but found 'a'"),
        Arguments.of(
            "order o1 Sometimes: a b",
            1,
            10,
            "expected a kind (Mandatory, Optional or Serialize) or a score before ':' but found"
                + " 'Sometimes'"),
        Arguments.of(
            "order o1 inf: a b symmetrical=maybe",
            1,
            19,
            "expected symmetrical= (true or false) but found 'maybe'"),
        Arguments.of(
            "order o1 Serialize: a b symmetrical=true",
            1,
            1,
            "order constraint 'o1' of kind Serialize cannot be symmetrical"),
        Arguments.of(
            "location l1 web rule 50: #uname eq",
            1,
            35,
            "expected a value to compare '#uname' with but found the end of the statement"),
        Arguments.of(
            "location l1 web rule 50: #uname foo node1",
            1,
            33,
            "expected an operator (eq, ne, lt, gt, lte, gte), optionally typed (string:,"
                + " integer:, number:, version:) but found 'foo'"),
        Arguments.of(
            "location l1 web rule 50: #uname eq a or #uname eq b and defined x",
            1,
            53,
            "expected 'or' (a rule combines its terms with one operator; use parentheses to mix"
                + " and and or) but found 'and'"),
        Arguments.of(
            "location l1 web rule 50: ( #uname eq a",
            1,
            39,
            "expected ')' closing the '(' at line 1, column 26 but found the end of the"
                + " statement"),
        Arguments.of(
            "location l1 web rule 50: #uname number:eq ten",
            1,
            43,
            "expected a valid number value but found 'ten'"),
        Arguments.of(
            "location l1 web role=Boss 100: n1",
            1,
            17,
            "expected a role (Started, Stopped, Promoted or Unpromoted) but found 'Boss'"),
        Arguments.of(
            "location l1 web 100:",
            1,
            21,
            "expected a node name but found the end of the statement"),
        Arguments.of(
            "location l1 { a b 100: n1",
            1,
            19,
            "expected '}' closing the resource sets but found '100:'"),
        Arguments.of(
            "group g",
            1,
            8,
            "expected at least one group member id but found the end of the statement"),
        Arguments.of("group g a a", 1, 11, "group 'g' lists member 'a' twice"),
        Arguments.of(
            "clone c a b", 1, 11, "expected meta or the end of the statement but found 'b'"),
        Arguments.of(
            "primitive a Dummy\ngroup g a b", 2, 11, "group 'g' member 'b' is not defined"),
        Arguments.of(
            "primitive a Dummy\ngroup g1 a\nclone c a",
            3,
            9,
            "'a' (in clone 'c') is already in group 'g1' at line 2, column 1; a resource can be in"
                + " only one group or clone"),
        Arguments.of(
            "primitive a Dummy\n# again\nprimitive a Dummy",
            3,
            11,
            "primitive 'a': the id is already used by the primitive at line 1, column 1"),
        Arguments.of(
            "monitor a 10s:20s", 1, 9, "monitor names 'a', which is not a primitive defined here"),
        Arguments.of(
            "primitive a Dummy\nmonitor a 0",
            2,
            11,
            "expected a monitor interval greater than zero but found '0'"),
        Arguments.of(
            "fencing_topology alpha: st1 beta:",
            1,
            34,
            "expected devices for the last target but found the end of the statement"),
        Arguments.of(
            "rsc_defaults", 1, 13, "expected name=value but found the end of the statement"),
        Arguments.of("property foo", 1, 10, "expected name=value but found 'foo'"),
        Arguments.of(
            "location l1 web rule 50: date gt yesterday",
            1,
            34,
            "'yesterday' is not an ISO 8601 date-time (e.g. 2024-03-01, 2024-03-01 09:00:00,"
                + " 2024-03-01T09:00:00Z, 2024-061, 2024-W09-5)"),
        Arguments.of(
            "primitive vip IPaddr2 description=x", 1, 23, "descriptions are not supported"),
        Arguments.of("rsc_ticket t ticket-A: a", 1, 1, "'rsc_ticket' statements are not supported"),
        Arguments.of(
            "primitive a @missing",
            1,
            13,
            "primitive 'a' is made from template 'missing', which is not defined"),
        Arguments.of(
            "property stonith-enabled=true\n  \\\nno-quorum-policy=stop",
            3,
            1,
            "expected a statement (node, primitive, rsc_template, monitor, group, clone, ms,"
                + " location, colocation, order, tag, fencing_topology, property, rsc_defaults or"
                + " op_defaults) but found 'no-quorum-policy=stop'"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reportsWhereAndWhat(String text, int line, int column, String message) {
    CrmSyntaxException e =
        catchThrowableOfType(CrmSyntaxException.class, () -> CrmParser.parse(text));
    assertThat(e).as("parse of %s", text).isNotNull();
    assertThat(e.problem()).isEqualTo(message);
    assertThat(e.line()).isEqualTo(line);
    assertThat(e.column()).isEqualTo(column);
    assertThat(e.getMessage()).isEqualTo("line " + line + ", column " + column + ": " + message);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theScriptListsTheSameProblemOrFailsTheSameWay(
      String text, int line, int column, String message) {
    // Syntax errors fail parseScript; unresolved references are problems of the script.
    try {
      CrmScript script = CrmParser.parseScript(text);
      assertThat(script.problems()).isNotEmpty();
      CrmScript.Problem p = script.problems().get(0);
      assertThat(p.position()).isEqualTo(new CrmScript.Position(line, column));
      assertThat(p.message()).isEqualTo(message);
    } catch (CrmSyntaxException e) {
      assertThat(e.line()).isEqualTo(line);
      assertThat(e.column()).isEqualTo(column);
    }
  }
}
