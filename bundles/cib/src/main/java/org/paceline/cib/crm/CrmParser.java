package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.crm.CrmStatement.Section;
import org.paceline.cib.model.Configuration;

/**
 * Parses the crmsh {@code crm configure} language.
 *
 * <p>Statements: {@code node}, {@code primitive}, {@code rsc_template}, {@code monitor}, {@code
 * group}, {@code clone}, {@code ms} (read as a promotable clone), {@code location}, {@code
 * colocation} (also {@code collocation}), {@code order}, {@code tag}, {@code fencing_topology},
 * {@code property}, {@code rsc_defaults} and {@code op_defaults}. See {@link CrmLexer} for lines,
 * comments and quoting. Every error is a {@link CrmSyntaxException} naming the line and column.
 *
 * <p>Choices where crmsh leaves room:
 *
 * <ul>
 *   <li>Times: a plain number is seconds; units ms, us, s, min (or m), h; ISO 8601 ({@link
 *       org.paceline.cib.model.PacemakerDurations}).
 *   <li>Scores: integers, {@code INFINITY}, {@code +INFINITY}, {@code -INFINITY}, {@code inf},
 *       {@code -inf} (any case), and crmsh's old {@code mandatory} (INFINITY) and {@code advisory}
 *       (0). As an order kind, a positive score is Mandatory, zero or less Optional.
 *   <li>Agents: {@code TYPE} is {@code ocf:heartbeat:TYPE}, {@code ocf:TYPE} too.
 *   <li>Operations: {@code interval}, {@code timeout}, {@code role}, {@code on-fail}, {@code
 *       enabled} are typed; Pacemaker's other operation attributes ({@code start-delay}, {@code
 *       interval-origin}, {@code record-pending}, {@code requires}, {@code description}) and
 *       anything after {@code op_meta} are operation attributes; any other {@code name=value} (e.g.
 *       {@code OCF_CHECK_LEVEL}) and anything after {@code op_params} is an operation parameter, as
 *       in crmsh.
 *   <li>A location rule without a score scores INFINITY. Rules are named {@code ID-rule}, {@code
 *       ID-rule-1}, ... unless {@code $id=} says otherwise; parenthesized (nested) rules {@code
 *       RULE-N}. Resource sets are named {@code CONSTRAINT-0}, {@code CONSTRAINT-1}, ...; fencing
 *       levels {@code fencing-1}, {@code fencing-2}, ... in topology order.
 *   <li>Colocation and order sets are listed in Pacemaker's {@code resource_set} order; the
 *       two-resource form keeps crmsh's meaning ({@code colocation c inf: A B}: A with B).
 *   <li>{@code fencing_topology DEVICES...} without targets gives each node defined in the text (or
 *       configured, for a single statement) the same levels.
 *   <li>Extensions crmsh lacks: parentheses in rules (nested rules, {@code ( $id=ID ... )}), {@code
 *       resource CLASS:PROVIDER:TYPE} and {@code op NAME [interval=T]} terms in defaults rules,
 *       {@code property ID: [SCORE:] rule ...} conditional sets for any section.
 * </ul>
 *
 * <p>Not supported (a clear error): {@code description=}, {@code $id-ref}, rules and scores inside
 * params/meta, {@code operations} sets, {@code params} on a clone, {@code node-attribute} in
 * colocations, {@code rsc_ticket}, {@code alert}, {@code bundle}, ACL statements, comments after a
 * statement on the same line. Not expressible (the printer drops them): a resource set's own score,
 * a role on an order set, an action on a location or colocation set, a score on a nested rule.
 */
public final class CrmParser {

  static final String STATEMENTS =
      "a statement (node, primitive, rsc_template, monitor, group, clone, ms, location,"
          + " colocation, order, tag, fencing_topology, property, rsc_defaults or op_defaults)";

  private CrmParser() {}

  /**
   * Parses a whole configuration, as {@code crm configure load replace} reads a file: resources,
   * groups and clones may name each other in any order.
   *
   * @throws CrmSyntaxException for the first syntax error or unresolvable reference
   */
  public static Configuration parse(String text) {
    return parseScript(text).toConfiguration();
  }

  /**
   * Parses text into statements without resolving references between them.
   *
   * @throws CrmSyntaxException for the first syntax error
   */
  public static CrmScript parseScript(String text) {
    List<CrmScript.Located> out = new ArrayList<>();
    for (RawStatement raw : CrmLexer.lex(text)) {
      out.add(
          new CrmScript.Located(
              statement(raw), new CrmScript.Position(raw.line(), raw.column()), references(raw)));
    }
    return new CrmScript(out);
  }

  /**
   * Parses exactly one statement, e.g. the arguments of {@code paceline configure primitive ...}
   * joined with spaces. Apply it with {@link ConfigurationEditor#apply}.
   *
   * @throws CrmSyntaxException if the text is not exactly one valid statement
   */
  public static CrmStatement parseStatement(String text) {
    List<RawStatement> raws = CrmLexer.lex(text);
    if (raws.isEmpty()) {
      throw new CrmSyntaxException(1, 1, STATEMENTS, null);
    }
    if (raws.size() > 1) {
      RawStatement second = raws.get(1);
      throw new CrmSyntaxException(
          second.line(),
          second.column(),
          "one statement (join lines with '\\')",
          second.tokens().get(0).text());
    }
    return statement(raws.get(0));
  }

  /**
   * Parses one statement given as command-line words, each word one token as the shell split it:
   * {@code ["primitive", "fence", "stonith:fence_ipmilan", "params", "pcmk_host_list=n1 n2"]}.
   * Words with white space, quotes or backslashes are quoted (the value part of {@code name=value})
   * before parsing; other words keep their meaning ({@code (}, {@code inf:}).
   *
   * @throws CrmSyntaxException as {@link #parseStatement(String)}; columns count the words joined
   *     by single spaces, quoted where needed
   */
  public static CrmStatement parseStatement(List<String> words) {
    StringBuilder b = new StringBuilder();
    for (String w : words) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(argument(w));
    }
    return parseStatement(b.toString());
  }

  private static String argument(String w) {
    boolean plain = !w.isEmpty();
    for (int i = 0; i < w.length() && plain; i++) {
      char c = w.charAt(i);
      plain = !Character.isWhitespace(c) && c != '"' && c != '\'' && c != '\\';
    }
    if (plain) {
      return w;
    }
    int eq = w.indexOf('=');
    if (eq > 0 && CrmText.value(w.substring(0, eq)).equals(w.substring(0, eq))) {
      return w.substring(0, eq + 1) + CrmText.quote(w.substring(eq + 1));
    }
    return CrmText.quote(w);
  }

  static CrmStatement statement(RawStatement raw) {
    Tokens t = new Tokens(raw);
    Token head = t.next(STATEMENTS);
    if (head.quoted()) {
      throw t.error(head, STATEMENTS);
    }
    return switch (head.text()) {
      case "node" -> ResourceSyntax.node(t);
      case "primitive" -> ResourceSyntax.primitive(t);
      case "rsc_template" -> ResourceSyntax.template(t);
      case "monitor" -> ResourceSyntax.monitor(t);
      case "group" -> ResourceSyntax.group(t);
      case "clone" -> ResourceSyntax.clone(t, false);
      case "ms", "master" -> ResourceSyntax.clone(t, true);
      case "location" -> ConstraintSyntax.location(t);
      case "colocation", "collocation" -> ConstraintSyntax.colocation(t);
      case "order" -> ConstraintSyntax.order(t);
      case "property" -> ClusterSyntax.attributes(t, Section.PROPERTY);
      case "rsc_defaults" -> ClusterSyntax.attributes(t, Section.RSC_DEFAULTS);
      case "op_defaults" -> ClusterSyntax.attributes(t, Section.OP_DEFAULTS);
      case "tag" -> ClusterSyntax.tag(t);
      case "fencing_topology" -> ClusterSyntax.fencingTopology(t);
      case "rsc_ticket", "alert", "bundle", "role", "user", "acl_target" ->
          throw Tokens.problem(head, "'" + head.text() + "' statements are not supported");
      default -> throw t.error(head, STATEMENTS);
    };
  }

  /** Where each id a group, clone or monitor statement names appears, for assembly errors. */
  private static Map<String, CrmScript.Position> references(RawStatement raw) {
    Map<String, CrmScript.Position> out = new LinkedHashMap<>();
    List<Token> tokens = raw.tokens();
    for (int i = 1; i < tokens.size(); i++) {
      Token tok = tokens.get(i);
      String text = tok.text();
      int colon = text.lastIndexOf(':');
      String id = colon > 0 && !tok.quoted() ? text.substring(0, colon) : text;
      CrmScript.Position at = new CrmScript.Position(tok.line(), tok.column());
      out.putIfAbsent(text, at);
      out.putIfAbsent(id, at);
    }
    return out;
  }
}
