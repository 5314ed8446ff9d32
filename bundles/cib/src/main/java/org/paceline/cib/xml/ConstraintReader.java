package org.paceline.cib.xml;

import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.ColocationConstraint;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.OrderConstraint;
import org.paceline.cib.model.ResourceAction;
import org.paceline.cib.model.ResourceSet;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.Score;

/** Reads {@code <constraints>}: {@code rsc_location}, {@code rsc_colocation}, {@code rsc_order}. */
final class ConstraintReader {

  private ConstraintReader() {}

  static List<Constraint> read(XmlSource src) throws CibXmlException {
    src.checkAttributes();
    List<Constraint> out = new ArrayList<>();
    while (src.nextChild()) {
      switch (src.element()) {
        case "rsc_location" -> out.add(location(src));
        case "rsc_colocation" -> out.add(colocation(src));
        case "rsc_order" -> out.add(order(src));
        case "rsc_ticket" ->
            throw src.error("tickets are not supported by Paceline; remove the constraint");
        default -> throw src.error("is not a constraint");
      }
    }
    return out;
  }

  private static LocationConstraint location(XmlSource src) throws CibXmlException {
    int line = src.line();
    int col = src.column();
    String id = src.attr("id");
    String rsc = src.attr("rsc");
    String pattern = src.attr("rsc-pattern");
    String node = src.attr("node");
    String score = src.attr("score");
    String role = src.attr("role");
    String discovery = src.attr("resource-discovery");
    src.checkAttributes();
    Score s;
    Role r;
    LocationConstraint.Discovery d;
    try {
      s = score == null ? null : Score.parse(score);
      r = role == null ? null : Role.parse(role);
      d = discovery == null ? null : LocationConstraint.Discovery.parse(discovery);
    } catch (IllegalArgumentException e) {
      throw src.error(e);
    }
    List<Rule> rules = new ArrayList<>();
    List<ResourceSet> sets = new ArrayList<>();
    while (src.nextChild()) {
      switch (src.element()) {
        case "rule" -> rules.add(RuleReader.rule(src, true));
        case "resource_set" -> sets.add(resourceSet(src));
        case "lifetime" ->
            throw src.error("constraint lifetimes are not supported; use rules with dates");
        default -> throw src.error("is not allowed in rsc_location");
      }
    }
    try {
      return new LocationConstraint(id, rsc, pattern, sets, node, s, rules, r, d);
    } catch (IllegalArgumentException e) {
      throw new CibXmlException("<rsc_location>: " + e.getMessage(), line, col, e);
    }
  }

  private static ColocationConstraint colocation(XmlSource src) throws CibXmlException {
    int line = src.line();
    int col = src.column();
    String id = src.attr("id");
    String score = src.attr("score");
    String rsc = src.attr("rsc");
    String withRsc = src.attr("with-rsc");
    String rscRole = src.attr("rsc-role");
    String withRscRole = src.attr("with-rsc-role");
    src.checkAttributes();
    Score s;
    Role r1;
    Role r2;
    try {
      s = score == null ? null : Score.parse(score);
      r1 = rscRole == null ? null : Role.parse(rscRole);
      r2 = withRscRole == null ? null : Role.parse(withRscRole);
    } catch (IllegalArgumentException e) {
      throw src.error(e);
    }
    List<ResourceSet> sets = sets(src, "rsc_colocation");
    try {
      return new ColocationConstraint(id, s, rsc, withRsc, r1, r2, sets);
    } catch (IllegalArgumentException e) {
      throw new CibXmlException("<rsc_colocation>: " + e.getMessage(), line, col, e);
    }
  }

  private static OrderConstraint order(XmlSource src) throws CibXmlException {
    int line = src.line();
    int col = src.column();
    String id = src.attr("id");
    String first = src.attr("first");
    String then = src.attr("then");
    String firstAction = src.attr("first-action");
    String thenAction = src.attr("then-action");
    String kind = src.attr("kind");
    String score = src.attr("score");
    String symmetrical = src.attr("symmetrical");
    src.checkAttributes();
    OrderConstraint.Kind k;
    ResourceAction a1;
    ResourceAction a2;
    boolean sym;
    try {
      if (kind != null) {
        k = OrderConstraint.Kind.parse(kind);
      } else if (score != null) {
        // Pacemaker 1: a score of 0 made the order optional, any other mandatory.
        k = Score.parse(score).value() == 0 ? OrderConstraint.Kind.OPTIONAL : null;
      } else {
        k = null;
      }
      a1 = firstAction == null ? null : ResourceAction.parse(firstAction);
      a2 = thenAction == null ? null : ResourceAction.parse(thenAction);
      sym =
          symmetrical == null
              ? k != OrderConstraint.Kind.SERIALIZE
              : ResourceReader.bool(symmetrical, "symmetrical");
    } catch (IllegalArgumentException e) {
      throw src.error(e);
    }
    List<ResourceSet> sets = sets(src, "rsc_order");
    try {
      return new OrderConstraint(id, k, first, then, a1, a2, sym, sets);
    } catch (IllegalArgumentException e) {
      throw new CibXmlException("<rsc_order>: " + e.getMessage(), line, col, e);
    }
  }

  private static List<ResourceSet> sets(XmlSource src, String parent) throws CibXmlException {
    List<ResourceSet> sets = new ArrayList<>();
    while (src.nextChild()) {
      if (!src.element().equals("resource_set")) {
        throw src.error("is not allowed in " + parent);
      }
      sets.add(resourceSet(src));
    }
    return sets;
  }

  private static ResourceSet resourceSet(XmlSource src) throws CibXmlException {
    int line = src.line();
    int col = src.column();
    String id = src.attr("id");
    if (src.attr("id-ref") != null) {
      throw src.error("resource set references (id-ref) are not supported");
    }
    String sequential = src.attr("sequential");
    String requireAll = src.attr("require-all");
    String role = src.attr("role");
    String action = src.attr("action");
    String score = src.attr("score");
    src.checkAttributes();
    boolean seq;
    boolean all;
    Role r;
    ResourceAction a;
    Score s;
    try {
      seq = sequential == null || ResourceReader.bool(sequential, "sequential");
      all = requireAll == null || ResourceReader.bool(requireAll, "require-all");
      r = role == null ? null : Role.parse(role);
      a = action == null ? null : ResourceAction.parse(action);
      s = score == null ? null : Score.parse(score);
    } catch (IllegalArgumentException e) {
      throw src.error(e);
    }
    List<String> members = new ArrayList<>();
    while (src.nextChild()) {
      if (!src.element().equals("resource_ref")) {
        throw src.error("is not allowed in a resource_set");
      }
      members.add(src.required("id"));
      src.checkAttributes();
      src.noChildren();
    }
    try {
      return new ResourceSet(id, members, r, seq, all, a, s);
    } catch (IllegalArgumentException e) {
      throw new CibXmlException("<resource_set>: " + e.getMessage(), line, col, e);
    }
  }
}
