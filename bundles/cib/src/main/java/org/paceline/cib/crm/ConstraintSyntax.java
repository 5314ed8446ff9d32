package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.crm.CrmStatement.ConstraintStatement;
import org.paceline.cib.model.ColocationConstraint;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.OrderConstraint;
import org.paceline.cib.model.ResourceAction;
import org.paceline.cib.model.ResourceSet;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.Score;

/** Parses {@code location}, {@code colocation} and {@code order}. */
final class ConstraintSyntax {

  private static final String LOCATION_RSC = "a resource id, /pattern/ or { resource sets }";

  private ConstraintSyntax() {}

  /**
   * {@code location ID RSC [role=ROLE] [resource-discovery=MODE] SCORE: NODE} or {@code location ID
   * RSC [...] rule ...}; RSC is an id, {@code /regex/} or {@code { sets }}.
   */
  static ConstraintStatement location(Tokens t) {
    Token head = t.statement().tokens().get(0);
    String id = Syntax.id(t, "a location constraint id");
    Token r = t.next(LOCATION_RSC);
    String rsc = null;
    String pattern = null;
    List<ResourceSet> sets = List.of();
    if (r.is("{")) {
      sets = modelSets(t, id, SetSyntax.sets(t, "}", ResourceSyntax::isRole, "role"), Suffix.ROLE);
    } else if (r.text().length() >= 2 && r.text().startsWith("/") && r.text().endsWith("/")) {
      pattern = r.text().substring(1, r.text().length() - 1);
    } else {
      rsc = Syntax.id(t, r, LOCATION_RSC);
    }
    Role role = null;
    LocationConstraint.Discovery discovery = null;
    while (t.peek() != null && t.peek().assignment() && !t.peek().quoted()) {
      Token a = t.next("role= or resource-discovery=");
      switch (a.key()) {
        case "role" -> role = Syntax.role(a, a.value());
        case "resource-discovery" -> {
          try {
            discovery = LocationConstraint.Discovery.parse(a.value());
          } catch (IllegalArgumentException e) {
            throw new CrmSyntaxException(
                a.line(), a.column(), "resource-discovery=always|never|exclusive", a.text());
          }
        }
        default -> throw t.error(a, "role=, resource-discovery=, rule or SCORE: NODE");
      }
    }
    String node = null;
    Score score = null;
    List<Rule> rules = List.of();
    if (t.at("rule")) {
      rules = RuleSyntax.rules(t, id);
    } else {
      if (t.atEnd()) {
        throw t.error(null, "SCORE: NODE or rule");
      }
      score = Syntax.score(t, CrmText.SCORE_EXPECTED + " followed by ':' and a node, or rule");
      Token n = t.next("a node name");
      if (n.assignment() || Syntax.isPunctuation(n) || n.text().isBlank()) {
        throw t.error(n, "a node name");
      }
      node = n.text();
      t.expectEnd("the end of the location statement");
    }
    try {
      return new ConstraintStatement(
          new LocationConstraint(id, rsc, pattern, sets, node, score, rules, role, discovery));
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(head, e.getMessage());
    }
  }

  /** What a set member's {@code :SUFFIX} is. */
  enum Suffix {
    ROLE,
    ACTION
  }

  /** Model sets from parsed ones, named {@code CONSTRAINT-N}. */
  static List<ResourceSet> modelSets(
      Tokens t, String constraintId, List<SetSyntax.ParsedSet> parsed, Suffix suffix) {
    if (parsed.isEmpty()) {
      throw t.error(t.peek(), "at least one resource");
    }
    List<ResourceSet> out = new ArrayList<>();
    for (SetSyntax.ParsedSet p : parsed) {
      Role role = suffix == Suffix.ROLE && p.suffix() != null ? Role.parse(p.suffix()) : null;
      ResourceAction action =
          suffix == Suffix.ACTION && p.suffix() != null ? ResourceAction.parse(p.suffix()) : null;
      try {
        out.add(
            new ResourceSet(
                SetSyntax.setId(constraintId, out.size()),
                p.members(),
                role,
                p.sequential(),
                p.requireAll(),
                action,
                null));
      } catch (IllegalArgumentException e) {
        throw Tokens.problem(p.at(), e.getMessage());
      }
    }
    return out;
  }

  /**
   * {@code colocation ID SCORE: RSC[:ROLE] WITH-RSC[:ROLE]}, or {@code colocation ID SCORE: SETS}
   * with the sets in Pacemaker's order (see {@link SetSyntax}).
   */
  static ConstraintStatement colocation(Tokens t) {
    Token head = t.statement().tokens().get(0);
    String id = Syntax.id(t, "a colocation constraint id");
    Score score = Syntax.score(t, CrmText.SCORE_EXPECTED + " followed by ':'");
    List<SetSyntax.ParsedSet> sets = SetSyntax.sets(t, null, ResourceSyntax::isRole, "role");
    if (!t.atEnd()) {
      Token extra = t.peek();
      if (extra.assignment() && extra.key().equals("node-attribute")) {
        throw Tokens.problem(extra, "node-attribute is not supported");
      }
      throw t.error(extra, "the end of the colocation statement");
    }
    List<Ref> pair = SetSyntax.plain(sets) ? plainPair(t, sets) : null;
    List<ResourceSet> modelSets = pair == null ? modelSets(t, id, sets, Suffix.ROLE) : null;
    try {
      if (pair != null) {
        Ref a = pair.get(0);
        Ref b = pair.get(1);
        return new ConstraintStatement(
            new ColocationConstraint(id, score, a.id, b.id, role(a.suffix), role(b.suffix)));
      }
      return new ConstraintStatement(ColocationConstraint.ofSets(id, score, modelSets));
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(head, e.getMessage());
    }
  }

  private static Role role(String suffix) {
    return suffix == null ? null : Role.parse(suffix);
  }

  private record Ref(String id, String suffix) {}

  /** The two resources of the plain form ({@link SetSyntax#plain}). */
  private static List<Ref> plainPair(Tokens t, List<SetSyntax.ParsedSet> sets) {
    List<Ref> out = new ArrayList<>();
    for (SetSyntax.ParsedSet s : sets) {
      for (String m : s.members()) {
        out.add(new Ref(m, s.suffix()));
      }
    }
    if (out.size() < 2) {
      throw t.error(t.peek(), out.isEmpty() ? "two resource ids" : "a second resource id");
    }
    return out;
  }

  /**
   * {@code order ID [KIND:|SCORE:] FIRST[:ACTION] THEN[:ACTION] [symmetrical=BOOL]}, or with sets
   * instead of FIRST and THEN; the kind is Mandatory, Optional or Serialize; a score is crmsh's
   * older form (positive: Mandatory, zero or negative: Optional).
   */
  static ConstraintStatement order(Tokens t) {
    Token head = t.statement().tokens().get(0);
    String id = Syntax.id(t, "an order constraint id");
    OrderConstraint.Kind kind = OrderConstraint.Kind.MANDATORY;
    Token k = t.peek();
    if (k != null && !k.quoted() && !k.assignment() && (k.colon() || lone(t.peek(1)))) {
      Token tok = Syntax.scoreToken(t, "a kind (Mandatory, Optional or Serialize) or a score");
      kind = kind(tok);
    }
    List<SetSyntax.ParsedSet> sets = SetSyntax.sets(t, null, ConstraintSyntax::isAction, "action");
    Boolean symmetrical = null;
    while (!t.atEnd()) {
      Token a = t.next("symmetrical= or the end of the order statement");
      if (a.assignment() && !a.quoted() && a.key().equals("symmetrical")) {
        symmetrical = Syntax.bool(a, a.value(), "symmetrical=");
      } else {
        throw t.error(a, "symmetrical= or the end of the order statement");
      }
    }
    boolean sym = symmetrical == null ? kind != OrderConstraint.Kind.SERIALIZE : symmetrical;
    List<Ref> pair = SetSyntax.plain(sets) ? plainPair(t, sets) : null;
    List<ResourceSet> modelSets = pair == null ? modelSets(t, id, sets, Suffix.ACTION) : null;
    try {
      if (pair != null) {
        return new ConstraintStatement(
            new OrderConstraint(
                id,
                kind,
                pair.get(0).id,
                pair.get(1).id,
                action(pair.get(0).suffix),
                action(pair.get(1).suffix),
                sym));
      }
      return new ConstraintStatement(OrderConstraint.ofSets(id, kind, sym, modelSets));
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(head, e.getMessage());
    }
  }

  private static boolean lone(Token t) {
    return t != null && t.is(":");
  }

  private static OrderConstraint.Kind kind(Token tok) {
    String text = tok.beforeColon();
    for (OrderConstraint.Kind k : OrderConstraint.Kind.values()) {
      if (k.toString().equalsIgnoreCase(text)) {
        return k;
      }
    }
    Score s = CrmText.score(text);
    if (s == null) {
      throw new CrmSyntaxException(
          tok.line(),
          tok.column(),
          "a kind (Mandatory, Optional or Serialize) or a score before ':'",
          text);
    }
    return s.value() > 0 ? OrderConstraint.Kind.MANDATORY : OrderConstraint.Kind.OPTIONAL;
  }

  static boolean isAction(String s) {
    try {
      ResourceAction.parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static ResourceAction action(String s) {
    return s == null ? null : ResourceAction.parse(s);
  }
}
