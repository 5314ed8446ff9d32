package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.paceline.cib.model.AttributeExpression;
import org.paceline.cib.model.ColocationConstraint;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.DateExpression;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.OperationExpression;
import org.paceline.cib.model.OrderConstraint;
import org.paceline.cib.model.PacemakerDurations;
import org.paceline.cib.model.ResourceAction;
import org.paceline.cib.model.ResourceExpression;
import org.paceline.cib.model.ResourceSet;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.RuleExpression;

/** Prints constraints, their resource sets and rules. */
final class ConstraintPrinter {

  private ConstraintPrinter() {}

  static String print(Constraint c) {
    return notes(c) + statement(c);
  }

  /**
   * Comment lines naming what crm syntax cannot say about {@code c}, so a printed configuration
   * never loses detail silently; empty for almost every constraint.
   */
  private static String notes(Constraint c) {
    List<String> lost = new ArrayList<>();
    boolean order = c instanceof OrderConstraint;
    for (ResourceSet set : ConstraintReferences.sets(c)) {
      if (set.score() != null) {
        lost.add("resource set '" + set.id() + "' score " + CrmText.score(set.score()));
      }
      if (order && set.role() != null) {
        lost.add("resource set '" + set.id() + "' role " + set.role());
      }
      if (!order && set.action() != null) {
        lost.add("resource set '" + set.id() + "' action " + set.action());
      }
    }
    if (c instanceof LocationConstraint l) {
      l.rules().forEach(r -> nestedNotes(r, lost));
    }
    StringBuilder b = new StringBuilder();
    for (String n : lost) {
      b.append("# crm syntax cannot express ").append(c.id()).append(": ").append(n).append('\n');
    }
    return b.toString();
  }

  private static void nestedNotes(Rule r, List<String> lost) {
    for (RuleExpression e : r.expressions()) {
      if (e instanceof Rule nested) {
        if (nested.score() != null || nested.scoreAttribute() != null || nested.role() != null) {
          lost.add("the score or role of nested rule '" + nested.id() + "'");
        }
        nestedNotes(nested, lost);
      }
    }
  }

  private static String statement(Constraint c) {
    if (c instanceof LocationConstraint l) {
      return location(l);
    }
    if (c instanceof ColocationConstraint co) {
      CrmPrinter.Statement s = new CrmPrinter.Statement("colocation");
      s.word(CrmText.word(co.id()));
      s.word(CrmText.score(co.score()) + ":");
      if (co.resourceSets().isEmpty()) {
        s.word(
            CrmPrinter.withSuffix(co.rsc(), co.rscRole() == null ? null : co.rscRole().toString()));
        s.word(
            CrmPrinter.withSuffix(
                co.withRsc(), co.withRscRole() == null ? null : co.withRscRole().toString()));
      } else {
        s.word(sets(co.resourceSets(), r -> r.role() == null ? null : r.role().toString(), true));
      }
      return s.toString();
    }
    OrderConstraint o = (OrderConstraint) c;
    CrmPrinter.Statement s = new CrmPrinter.Statement("order");
    s.word(CrmText.word(o.id()));
    s.word(o.kind() + ":");
    if (o.resourceSets().isEmpty()) {
      boolean firstDefault = o.firstAction() == ResourceAction.START;
      s.word(CrmPrinter.withSuffix(o.first(), firstDefault ? null : o.firstAction().toString()));
      boolean thenDefault = firstDefault && o.thenAction() == ResourceAction.START;
      s.word(CrmPrinter.withSuffix(o.then(), thenDefault ? null : o.thenAction().toString()));
    } else {
      s.word(sets(o.resourceSets(), r -> r.action() == null ? null : r.action().toString(), true));
    }
    boolean defaultSymmetry = o.kind() != OrderConstraint.Kind.SERIALIZE;
    if (o.symmetrical() != defaultSymmetry) {
      s.word("symmetrical=" + o.symmetrical());
    }
    return s.toString();
  }

  static String location(LocationConstraint l) {
    CrmPrinter.Statement s = new CrmPrinter.Statement("location");
    s.word(CrmText.word(l.id()));
    if (l.rsc() != null) {
      s.word(CrmText.word(l.rsc()));
    } else if (l.rscPattern() != null) {
      s.word(CrmText.value("/" + l.rscPattern() + "/"));
    } else {
      s.word(
          "{ "
              + sets(l.resourceSets(), r -> r.role() == null ? null : r.role().toString(), false)
              + " }");
    }
    if (l.role() != null) {
      s.word("role=" + l.role());
    }
    if (l.discovery() != LocationConstraint.Discovery.ALWAYS) {
      s.word("resource-discovery=" + l.discovery());
    }
    if (l.node() != null) {
      s.word(CrmText.score(l.score()) + ":");
      s.word(CrmText.word(l.node()));
    } else {
      for (int i = 0; i < l.rules().size(); i++) {
        s.clause(rule(l.rules().get(i), RuleSyntax.defaultRuleId(l.id(), i), true));
      }
    }
    return s.toString();
  }

  /**
   * Sets in crm syntax. A sequential, require-all set is written plainly unless the set before it
   * was also written plainly with the same role or action (they would merge); then as {@code ( ...
   * sequential=true )}. With {@code notPlainPair}, sets that would read as the plain two-resource
   * form get their first set bracketed. Set ids and set scores are not written: the parser names
   * sets {@code CONSTRAINT-N}.
   */
  static String sets(
      List<ResourceSet> sets, Function<ResourceSet, String> suffix, boolean notPlainPair) {
    int members = sets.stream().mapToInt(s -> s.resources().size()).sum();
    boolean bracketFirst = notPlainPair && members <= 2;
    List<String> parts = new ArrayList<>();
    boolean previousPlain = false;
    String previousSuffix = null;
    for (ResourceSet set : sets) {
      List<String> words = new ArrayList<>();
      for (String r : set.resources()) {
        words.add(CrmPrinter.withSuffix(r, suffix.apply(set)));
      }
      String body = String.join(" ", words);
      String suffixText = suffix.apply(set);
      boolean merges = previousPlain && java.util.Objects.equals(previousSuffix, suffixText);
      boolean plain = set.sequential() && set.requireAll() && !merges && !bracketFirst;
      if (plain) {
        parts.add(body);
      } else if (set.requireAll()) {
        parts.add("( " + body + (set.sequential() ? " sequential=true" : "") + " )");
      } else {
        parts.add("[ " + body + (set.sequential() ? " sequential=true" : "") + " ]");
      }
      previousPlain = plain;
      previousSuffix = suffixText;
      bracketFirst = false;
    }
    return String.join(" ", parts);
  }

  /** A rule; in a location constraint its score is always written. */
  static String rule(Rule r, String defaultId, boolean location) {
    StringBuilder b = new StringBuilder("rule");
    if (!r.id().equals(defaultId)) {
      b.append(" $id=").append(r.id());
    }
    if (r.role() != null) {
      b.append(" $role=").append(r.role());
    }
    if (r.scoreAttribute() != null) {
      b.append(' ').append(CrmText.word(r.scoreAttribute())).append(':');
    } else if (r.score() != null) {
      b.append(' ').append(CrmText.score(r.score())).append(':');
    }
    b.append(' ').append(body(r));
    return b.toString();
  }

  private static String body(Rule r) {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < r.expressions().size(); i++) {
      terms.add(term(r.expressions().get(i), RuleSyntax.defaultNestedId(r.id(), i)));
    }
    return String.join(" " + r.booleanOp() + " ", terms);
  }

  private static String term(RuleExpression e, String defaultId) {
    if (e instanceof Rule nested) {
      String id = nested.id().equals(defaultId) ? "" : "$id=" + nested.id() + " ";
      return "( " + id + body(nested) + " )";
    }
    if (e instanceof DateExpression d) {
      return date(d);
    }
    if (e instanceof ResourceExpression r) {
      return "resource "
          + CrmText.value(
              orEmpty(r.standard()) + ":" + orEmpty(r.provider()) + ":" + orEmpty(r.type()));
    }
    if (e instanceof OperationExpression o) {
      return "op "
          + CrmText.value(o.name())
          + (o.interval() == null ? "" : " interval=" + PacemakerDurations.format(o.interval()));
    }
    AttributeExpression a = (AttributeExpression) e;
    String attr = CrmText.word(a.attribute());
    if (a.operation().unary()) {
      return a.operation() + " " + attr;
    }
    String op =
        a.type() == AttributeExpression.Type.STRING
            ? a.operation().toString()
            : a.type() + ":" + a.operation();
    return attr + " " + op + " " + CrmText.word(a.value());
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String date(DateExpression d) {
    switch (d.operation()) {
      case GT:
        return "date gt " + CrmText.word(d.start());
      case LT:
        return "date lt " + CrmText.word(d.end());
      case IN_RANGE:
        {
          List<String> words = new ArrayList<>();
          words.add("date in");
          if (d.start() != null) {
            words.add("start=" + CrmText.value(d.start()));
          }
          if (d.end() != null) {
            words.add("end=" + CrmText.value(d.end()));
          }
          DateExpression.DurationSpec s = d.duration();
          if (s != null) {
            long[] v = {
              s.years(), s.months(), s.weeks(), s.days(), s.hours(), s.minutes(), s.seconds()
            };
            boolean any = false;
            for (int i = 0; i < v.length; i++) {
              if (v[i] != 0) {
                words.add(DateSyntax.DURATION_FIELDS[i] + "=" + v[i]);
                any = true;
              }
            }
            if (!any) {
              words.add("seconds=0");
            }
          }
          return String.join(" ", words);
        }
      default:
        {
          List<String> words = new ArrayList<>();
          words.add("date spec");
          d.spec().fields().forEach((f, r) -> words.add(f + "=" + r));
          return String.join(" ", words);
        }
    }
  }
}
