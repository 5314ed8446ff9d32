package org.paceline.cib.xml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.model.AttributeExpression;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.ColocationConstraint;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.DateExpression;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.OperationExpression;
import org.paceline.cib.model.OrderConstraint;
import org.paceline.cib.model.PacemakerDurations;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.ResourceAction;
import org.paceline.cib.model.ResourceExpression;
import org.paceline.cib.model.ResourceSet;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.RuleExpression;
import org.paceline.cib.model.Score;
import org.paceline.cib.model.Tag;
import org.paceline.cib.model.Template;

/**
 * Writes {@code <configuration>} canonically: sections in a fixed order, maps sorted by name, ids
 * the model does not keep made from their context ({@link IdAllocator}), roles Promoted/Unpromoted,
 * {@code <clone>} with {@code promotable=true} instead of {@code <master>}, and cluster option
 * names as the {@link Dialect} says ({@code fencing-*} for Pacemaker 3).
 */
final class ConfigurationWriter {

  private final XmlSink out;
  private final IdAllocator ids = new IdAllocator();

  private final Dialect dialect;

  private ConfigurationWriter(XmlSink out, Dialect dialect) {
    this.out = out;
    this.dialect = dialect;
  }

  static void write(Configuration c, XmlSink out, Dialect dialect) throws IOException {
    new ConfigurationWriter(out, dialect).configuration(c);
  }

  private void configuration(Configuration c) throws IOException {
    reserveIds(c);
    out.start("configuration");
    out.start("crm_config");
    conditionalSets(c, ConditionalSet.Section.CLUSTER_PROPERTIES, "cluster_property_set");
    nvSet(
        "cluster_property_set",
        "cib-bootstrap-options",
        dialect.optionNames(c.properties()),
        baseScore(c, ConditionalSet.Section.CLUSTER_PROPERTIES));
    out.end();
    section(c, ConditionalSet.Section.RSC_DEFAULTS, "rsc_defaults", "rsc-options", c.rscDefaults());
    section(c, ConditionalSet.Section.OP_DEFAULTS, "op_defaults", "op-options", c.opDefaults());
    out.start("nodes");
    for (Node n : c.nodes()) {
      node(n);
    }
    out.end();
    out.start("resources");
    for (Template t : c.templates()) {
      primitive(
          "template",
          t.id(),
          t.agent(),
          null,
          t.params(),
          t.meta(),
          t.utilization(),
          t.operations());
    }
    for (Resource r : c.resources()) {
      resource(r, c);
    }
    out.end();
    out.start("constraints");
    for (Constraint k : c.constraints()) {
      constraint(k);
    }
    out.end();
    if (!c.fencingTopology().isEmpty()) {
      out.start("fencing-topology");
      for (FencingLevel l : c.fencingTopology()) {
        out.start("fencing-level");
        out.attr("id", l.id());
        out.attr("index", l.index());
        out.attr("target", l.target());
        out.attr("target-pattern", l.targetPattern());
        out.attr("target-attribute", l.targetAttribute());
        out.attr("target-value", l.targetValue());
        out.attr("devices", String.join(",", l.devices()));
        out.end();
      }
      out.end();
    }
    if (!c.tags().isEmpty()) {
      out.start("tags");
      for (Tag t : c.tags()) {
        out.start("tag");
        out.attr("id", t.id());
        for (String r : t.references()) {
          out.start("obj_ref");
          out.attr("id", r);
          out.end();
        }
        out.end();
      }
      out.end();
    }
    out.end();
  }

  private void reserveIds(Configuration c) {
    for (Resource r : c.allResources()) {
      ids.reserve(r.id());
    }
    c.templates().forEach(t -> ids.reserve(t.id()));
    c.tags().forEach(t -> ids.reserve(t.id()));
    c.fencingTopology().forEach(f -> ids.reserve(f.id()));
    for (ConditionalSet s : c.conditionalSets()) {
      ids.reserve(s.id());
      reserveRule(s.rule());
    }
    for (Constraint k : c.constraints()) {
      ids.reserve(k.id());
      List<ResourceSet> sets = List.of();
      if (k instanceof LocationConstraint l) {
        l.rules().forEach(this::reserveRule);
        sets = l.resourceSets();
      } else if (k instanceof ColocationConstraint col) {
        sets = col.resourceSets();
      } else if (k instanceof OrderConstraint o) {
        sets = o.resourceSets();
      }
      sets.forEach(s -> ids.reserve(s.id()));
    }
  }

  private void reserveRule(Rule r) {
    ids.reserve(r.id());
    for (RuleExpression e : r.expressions()) {
      if (e instanceof Rule inner) {
        reserveRule(inner);
      }
    }
  }

  /**
   * The score of the rule-less set: it must come after every conditional set in Pacemaker's order,
   * so it scores no higher than the lowest of them.
   */
  private static Score baseScore(Configuration c, ConditionalSet.Section section) {
    Score min = Score.ZERO;
    for (ConditionalSet s : c.conditionalSets(section)) {
      if (s.score().compareTo(min) < 0) {
        min = s.score();
      }
    }
    return min;
  }

  private void section(
      Configuration c,
      ConditionalSet.Section section,
      String element,
      String baseId,
      Map<String, String> base)
      throws IOException {
    List<ConditionalSet> sets = c.conditionalSets(section);
    if (base.isEmpty() && sets.isEmpty()) {
      return;
    }
    out.start(element);
    conditionalSets(c, section, "meta_attributes");
    nvSet("meta_attributes", baseId, base, baseScore(c, section));
    out.end();
  }

  private void conditionalSets(Configuration c, ConditionalSet.Section section, String element)
      throws IOException {
    for (ConditionalSet s : c.conditionalSets(section)) {
      out.start(element);
      out.attr("id", s.id());
      if (s.score().value() != 0) {
        out.attr("score", score(s.score()));
      }
      rule(s.rule());
      nvPairs(
          s.id(),
          section == ConditionalSet.Section.CLUSTER_PROPERTIES
              ? dialect.optionNames(s.values())
              : s.values());
      out.end();
    }
  }

  /** A set of name/value pairs, sorted by name; nothing if {@code values} is empty. */
  private void nvSet(String element, String idBase, Map<String, String> values, Score score)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    String id = ids.make(idBase);
    out.start(element);
    out.attr("id", id);
    if (score != null && score.value() != 0) {
      out.attr("score", score(score));
    }
    nvPairs(id, values);
    out.end();
  }

  private void nvPairs(String setId, Map<String, String> values) throws IOException {
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
      out.start("nvpair");
      out.attr("id", ids.make(setId + "-" + e.getKey()));
      out.attr("name", e.getKey());
      out.attr("value", e.getValue());
      out.end();
    }
  }

  private void node(Node n) throws IOException {
    out.start("node");
    out.attr("id", n.id());
    out.attr("uname", n.uname());
    out.attr("type", n.type().toString());
    nvSet("instance_attributes", "nodes-" + n.id(), n.attributes(), null);
    nvSet("utilization", "nodes-" + n.id() + "-utilization", n.utilization(), null);
    out.end();
  }

  private void resource(Resource r, Configuration c) throws IOException {
    if (r instanceof Primitive p) {
      if (p.template() != null) {
        Template t =
            c.template(p.template())
                .orElseThrow(() -> new IllegalStateException("template " + p.template()));
        Primitive own = t.ownPart(p);
        primitive(
            "primitive",
            p.id(),
            null,
            t.id(),
            own.params(),
            own.meta(),
            own.utilization(),
            own.operations());
      } else {
        primitive(
            "primitive",
            p.id(),
            p.agent(),
            null,
            p.params(),
            p.meta(),
            p.utilization(),
            p.operations());
      }
    } else if (r instanceof Group g) {
      out.start("group");
      out.attr("id", g.id());
      nvSet("instance_attributes", g.id() + "-instance_attributes", g.params(), null);
      nvSet("meta_attributes", g.id() + "-meta_attributes", g.meta(), null);
      for (Primitive m : g.members()) {
        resource(m, c);
      }
      out.end();
    } else if (r instanceof Clone k) {
      out.start("clone");
      out.attr("id", k.id());
      nvSet("meta_attributes", k.id() + "-meta_attributes", k.meta(), null);
      resource(k.child(), c);
      out.end();
    }
  }

  private void primitive(
      String element,
      String id,
      AgentId agent,
      String template,
      Map<String, String> params,
      Map<String, String> meta,
      Map<String, String> utilization,
      List<Operation> operations)
      throws IOException {
    out.start(element);
    out.attr("id", id);
    if (agent != null) {
      out.attr("class", agent.standard());
      out.attr("provider", agent.provider());
      out.attr("type", agent.type());
    }
    out.attr("template", template);
    nvSet("instance_attributes", id + "-instance_attributes", params, null);
    nvSet("meta_attributes", id + "-meta_attributes", meta, null);
    nvSet("utilization", id + "-utilization", utilization, null);
    if (!operations.isEmpty()) {
      out.start("operations");
      for (Operation op : operations) {
        op(id, op);
      }
      out.end();
    }
    out.end();
  }

  private void op(String rsc, Operation op) throws IOException {
    String interval = PacemakerDurations.format(op.interval());
    String base = rsc + "-" + op.name() + "-interval-" + interval;
    if (op.role() != null) {
      base += "-" + op.role();
    }
    String id = ids.make(base);
    out.start("op");
    out.attr("id", id);
    out.attr("name", op.name());
    out.attr("interval", interval);
    if (op.timeout() != null) {
      out.attr("timeout", PacemakerDurations.format(op.timeout()));
    }
    if (op.role() != null) {
      out.attr("role", op.role().toString());
    }
    if (op.onFail() != null) {
      out.attr("on-fail", op.onFail().toString());
    }
    if (!op.enabled()) {
      out.attr("enabled", "false");
    }
    for (Map.Entry<String, String> e : new TreeMap<>(op.extra()).entrySet()) {
      out.dataAttr(e.getKey(), e.getValue());
    }
    nvSet("instance_attributes", id + "-instance_attributes", op.params(), null);
    out.end();
  }

  private void constraint(Constraint k) throws IOException {
    if (k instanceof LocationConstraint l) {
      out.start("rsc_location");
      out.attr("id", l.id());
      out.attr("rsc", l.rsc());
      out.attr("rsc-pattern", l.rscPattern());
      out.attr("role", l.role() == null ? null : l.role().toString());
      if (l.discovery() != LocationConstraint.Discovery.ALWAYS) {
        out.attr("resource-discovery", l.discovery().toString());
      }
      out.attr("node", l.node());
      out.attr("score", l.score() == null ? null : score(l.score()));
      resourceSets(l.resourceSets());
      for (Rule r : l.rules()) {
        rule(r);
      }
      out.end();
    } else if (k instanceof ColocationConstraint c) {
      out.start("rsc_colocation");
      out.attr("id", c.id());
      out.attr("score", score(c.score()));
      out.attr("rsc", c.rsc());
      out.attr("with-rsc", c.withRsc());
      out.attr("rsc-role", c.rscRole() == null ? null : c.rscRole().toString());
      out.attr("with-rsc-role", c.withRscRole() == null ? null : c.withRscRole().toString());
      resourceSets(c.resourceSets());
      out.end();
    } else if (k instanceof OrderConstraint o) {
      out.start("rsc_order");
      out.attr("id", o.id());
      out.attr("kind", o.kind().toString());
      out.attr("first", o.first());
      out.attr("then", o.then());
      if (o.firstAction() != null && o.firstAction() != ResourceAction.START) {
        out.attr("first-action", o.firstAction().toString());
      }
      if (o.thenAction() != null && o.thenAction() != o.firstAction()) {
        out.attr("then-action", o.thenAction().toString());
      }
      if (!o.symmetrical() && o.kind() != OrderConstraint.Kind.SERIALIZE) {
        out.attr("symmetrical", "false");
      }
      resourceSets(o.resourceSets());
      out.end();
    }
  }

  private void resourceSets(List<ResourceSet> sets) throws IOException {
    for (ResourceSet s : sets) {
      out.start("resource_set");
      out.attr("id", s.id());
      if (!s.sequential()) {
        out.attr("sequential", "false");
      }
      if (!s.requireAll()) {
        out.attr("require-all", "false");
      }
      out.attr("role", s.role() == null ? null : s.role().toString());
      out.attr("action", s.action() == null ? null : s.action().toString());
      out.attr("score", s.score() == null ? null : score(s.score()));
      for (String r : s.resources()) {
        out.start("resource_ref");
        out.attr("id", r);
        out.end();
      }
      out.end();
    }
  }

  private void rule(Rule r) throws IOException {
    out.start("rule");
    out.attr("id", r.id());
    if (r.score() == null && r.scoreAttribute() == null) {
      out.attr("score", "0"); // required by the pacemaker-3.x schemas, ignored by Pacemaker
    } else {
      out.attr("score", r.score() == null ? null : score(r.score()));
      out.attr("score-attribute", r.scoreAttribute());
    }
    if (r.booleanOp() != Rule.BooleanOp.AND) {
      out.attr("boolean-op", r.booleanOp().toString());
    }
    out.attr("role", r.role() == null ? null : r.role().toString());
    List<RuleExpression> expressions = new ArrayList<>(r.expressions());
    int n = 0;
    for (RuleExpression e : expressions) {
      n++;
      String id = r.id() + "-expr" + (n == 1 ? "" : "-" + n);
      if (e instanceof Rule inner) {
        rule(inner);
      } else if (e instanceof AttributeExpression a) {
        out.start("expression");
        out.attr("id", ids.make(id));
        out.attr("attribute", a.attribute());
        out.attr("operation", a.operation().toString());
        out.attr("value", a.value());
        boolean ordering =
            switch (a.operation()) {
              case LT, GT, LTE, GTE -> true;
              default -> false;
            };
        if (ordering || a.type() != AttributeExpression.Type.STRING) {
          out.attr("type", a.type().toString());
        }
        out.end();
      } else if (e instanceof DateExpression d) {
        dateExpression(ids.make(id), d);
      } else if (e instanceof ResourceExpression x) {
        out.start("rsc_expression");
        out.attr("id", ids.make(id));
        out.attr("class", x.standard());
        out.attr("provider", x.provider());
        out.attr("type", x.type());
        out.end();
      } else if (e instanceof OperationExpression x) {
        out.start("op_expression");
        out.attr("id", ids.make(id));
        out.attr("name", x.name());
        out.attr("interval", x.interval() == null ? null : PacemakerDurations.format(x.interval()));
        out.end();
      }
    }
    out.end();
  }

  private void dateExpression(String id, DateExpression d) throws IOException {
    out.start("date_expression");
    out.attr("id", id);
    out.attr("operation", d.operation().toString());
    out.attr("start", d.start());
    out.attr("end", d.end());
    if (d.duration() != null) {
      DateExpression.DurationSpec p = d.duration();
      out.start("duration");
      out.attr("id", ids.make(id + "-duration"));
      long[] v = {p.years(), p.months(), p.weeks(), p.days(), p.hours(), p.minutes(), p.seconds()};
      String[] names = {"years", "months", "weeks", "days", "hours", "minutes", "seconds"};
      for (int i = 0; i < v.length; i++) {
        if (v[i] != 0) {
          out.attr(names[i], v[i]);
        }
      }
      out.end();
    }
    if (d.spec() != null) {
      out.start("date_spec");
      out.attr("id", ids.make(id + "-spec"));
      for (Map.Entry<DateExpression.Field, DateExpression.Range> e : d.spec().fields().entrySet()) {
        out.attr(e.getKey().toString(), e.getValue().toString());
      }
      out.end();
    }
    out.end();
  }

  /** A score as Pacemaker writes it: an integer, {@code INFINITY} or {@code -INFINITY}. */
  static String score(Score s) {
    if (s.isInfinity()) {
      return "INFINITY";
    }
    if (s.isMinusInfinity()) {
      return "-INFINITY";
    }
    return Integer.toString(s.value());
  }
}
