package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paceline.cib.crm.CrmStatement.AttributesStatement;
import org.paceline.cib.crm.CrmStatement.ConditionalSetStatement;
import org.paceline.cib.crm.CrmStatement.FencingTopologyStatement;
import org.paceline.cib.crm.CrmStatement.Section;
import org.paceline.cib.crm.CrmStatement.TagStatement;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.Score;
import org.paceline.cib.model.Tag;

/**
 * Parses {@code property}, {@code rsc_defaults}, {@code op_defaults}, {@code tag} and {@code
 * fencing_topology}.
 */
final class ClusterSyntax {

  private ClusterSyntax() {}

  /**
   * {@code property [$id=ID | ID:] [SCORE:] [rule ...] name=value ...}. Without a rule the set id
   * and score are not kept (the values join the section's unconditional values); with a rule the
   * statement is a conditional set, named {@code KEYWORD-LINE} when the text gives no id.
   */
  static CrmStatement attributes(Tokens t, Section section) {
    String setId = null;
    Score score = null;
    Token p = t.peek();
    if (p != null && p.assignment() && !p.quoted() && p.key().equals("$id")) {
      t.next("$id=");
      setId = p.value();
    } else if (p != null && p.colon() && !p.quoted() && !p.assignment()) {
      t.next("a set id");
      Score s = CrmText.score(p.beforeColon());
      if (s != null) {
        score = s;
      } else {
        setId = p.beforeColon();
      }
    }
    if (setId != null && !CrmText.validId(setId)) {
      throw t.error(p, "a set id " + CrmText.ID_RULE);
    }
    Token s = t.peek();
    if (score == null && s != null && s.colon() && !s.quoted() && !s.assignment()) {
      score = Syntax.score(t, CrmText.SCORE_EXPECTED + " (the set's precedence)");
    }
    Token ruleTok = t.peek();
    if (ruleTok != null && ruleTok.is("rule")) {
      t.next("rule");
      String id = setId != null ? setId : section.keyword() + "-" + ruleTok.line();
      Rule rule = RuleSyntax.rule(t, ruleTok, id + "-rule", RuleSyntax.Context.SET);
      Map<String, String> values = values(t, section);
      try {
        return new ConditionalSetStatement(
            new ConditionalSet(section.model(), id, score, rule, values));
      } catch (IllegalArgumentException e) {
        throw Tokens.problem(ruleTok, e.getMessage());
      }
    }
    if (score != null) {
      throw t.error(ruleTok, "rule (a set score orders conditional sets)");
    }
    return new AttributesStatement(section, values(t, section));
  }

  private static Map<String, String> values(Tokens t, Section section) {
    Map<String, String> values = new LinkedHashMap<>();
    Syntax.attributes(t, values, section.keyword());
    if (values.isEmpty()) {
      throw t.error(t.peek(), "name=value");
    }
    t.expectEnd("name=value or the end of the " + section.keyword() + " statement");
    return values;
  }

  /** {@code tag ID: RSC...} or {@code tag ID RSC...}. */
  static TagStatement tag(Tokens t) {
    Token head = t.statement().tokens().get(0);
    Token idTok = t.next("a tag id");
    String id =
        Syntax.id(t, idTok.colon() && !idTok.quoted() ? withoutColon(idTok) : idTok, "a tag id");
    Set<String> refs = new LinkedHashSet<>();
    while (!t.atEnd()) {
      Token r = t.next("a resource id");
      String ref = Syntax.id(t, r, "a resource id");
      if (!refs.add(ref)) {
        throw Tokens.problem(r, "tag '" + id + "' names '" + ref + "' twice");
      }
    }
    if (refs.isEmpty()) {
      throw t.error(null, "at least one resource id");
    }
    try {
      return new TagStatement(new Tag(id, new ArrayList<>(refs)));
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(head, e.getMessage());
    }
  }

  private static Token withoutColon(Token tok) {
    return new Token(
        tok.beforeColon(),
        tok.line(),
        tok.column(),
        tok.end(),
        tok.endLine(),
        false,
        -1,
        false,
        tok.beforeColon().length());
  }

  /** The id of the {@code n}-th (1-based) fencing level of a topology. */
  static String levelId(int n) {
    return "fencing-" + n;
  }

  /**
   * {@code fencing_topology DEVICES...} (every node) or {@code fencing_topology TARGET DEVICES...
   * [TARGET DEVICES...]...}: a target is {@code NODE:}, {@code attr:NAME=VALUE} or {@code
   * pattern:REGEX}; each DEVICES word is one level, its devices separated by commas.
   */
  static FencingTopologyStatement fencingTopology(Tokens t) {
    Token head = t.statement().tokens().get(0);
    List<FencingLevel> levels = new ArrayList<>();
    List<List<String>> everyNode = new ArrayList<>();
    Target target = null;
    int index = 0;
    while (!t.atEnd()) {
      Token tok = t.next("a target (NODE:, attr:NAME=VALUE, pattern:REGEX) or devices");
      Target next = target(t, tok);
      if (next != null) {
        if (!everyNode.isEmpty()) {
          throw t.error(tok, "devices (a fencing_topology without targets lists only devices)");
        }
        target = next;
        index = 0;
        continue;
      }
      List<String> devices = devices(t, tok);
      if (target == null) {
        everyNode.add(devices);
        continue;
      }
      index++;
      try {
        levels.add(
            new FencingLevel(
                levelId(levels.size() + 1),
                index,
                target.node,
                target.pattern,
                target.attribute,
                target.value,
                devices));
      } catch (IllegalArgumentException e) {
        throw Tokens.problem(tok, e.getMessage());
      }
    }
    if (levels.isEmpty() && everyNode.isEmpty()) {
      throw t.error(null, "devices");
    }
    if (target != null && index == 0) {
      throw t.error(null, "devices for the last target");
    }
    try {
      return new FencingTopologyStatement(levels, everyNode);
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(head, e.getMessage());
    }
  }

  private record Target(String node, String pattern, String attribute, String value) {}

  private static Target target(Tokens t, Token tok) {
    String text = tok.text();
    if (text.startsWith("attr:")) {
      String rest = text.substring(5);
      int eq = rest.indexOf('=');
      if (eq <= 0) {
        throw t.error(tok, "attr:NAME=VALUE");
      }
      return new Target(null, null, rest.substring(0, eq), rest.substring(eq + 1));
    }
    if (text.startsWith("pattern:")) {
      String pattern = text.substring(8);
      if (pattern.isEmpty()) {
        throw t.error(tok, "pattern:REGEX");
      }
      return new Target(null, pattern, null, null);
    }
    if (tok.colon()) {
      String node = tok.beforeColon();
      if (node.isBlank()) {
        throw t.error(tok, "a node name before ':'");
      }
      return new Target(node, null, null, null);
    }
    return null;
  }

  private static List<String> devices(Tokens t, Token tok) {
    if (tok.assignment() || tok.quoted() || Syntax.isPunctuation(tok)) {
      throw t.error(tok, "a target (NODE:, attr:NAME=VALUE, pattern:REGEX) or devices");
    }
    List<String> out = new ArrayList<>();
    for (String d : tok.text().split(",", -1)) {
      if (!CrmText.validId(d)) {
        throw t.error(tok, "fencing device ids separated by ',' (no spaces) " + CrmText.ID_RULE);
      }
      out.add(d);
    }
    return out;
  }
}
