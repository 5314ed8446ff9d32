package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.paceline.cib.crm.CrmStatement.AttributesStatement;
import org.paceline.cib.crm.CrmStatement.CloneStatement;
import org.paceline.cib.crm.CrmStatement.ConditionalSetStatement;
import org.paceline.cib.crm.CrmStatement.ConstraintStatement;
import org.paceline.cib.crm.CrmStatement.DerivedPrimitiveStatement;
import org.paceline.cib.crm.CrmStatement.FencingTopologyStatement;
import org.paceline.cib.crm.CrmStatement.GroupStatement;
import org.paceline.cib.crm.CrmStatement.MonitorStatement;
import org.paceline.cib.crm.CrmStatement.NodeStatement;
import org.paceline.cib.crm.CrmStatement.PrimitiveStatement;
import org.paceline.cib.crm.CrmStatement.Section;
import org.paceline.cib.crm.CrmStatement.TagStatement;
import org.paceline.cib.crm.CrmStatement.TemplateStatement;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.PacemakerDurations;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.Tag;
import org.paceline.cib.model.Template;

/**
 * Prints configurations in crm syntax that {@link CrmParser} reads back to an equal model.
 *
 * <p>The output is canonical: nodes, templates, then each top-level resource after the primitives
 * and groups it contains, constraints, tags, the fencing topology, then {@code property}, {@code
 * rsc_defaults} and {@code op_defaults} and the conditional sets, each list in the model's order;
 * attributes sorted by name; agents in full ({@code ocf:heartbeat:IPaddr2}); scores as {@code
 * INFINITY}, {@code -INFINITY} or an integer; times as {@link PacemakerDurations#format} ({@code
 * 0s}, {@code 90s}, {@code 1500ms}); a promotable clone as {@code clone ... meta promotable=true};
 * values quoted only when needed, with double quotes. Clauses after the first line go on
 * continuation lines indented by four spaces; every statement ends with a newline.
 */
public final class CrmPrinter {

  static final String INDENT = "    ";

  private CrmPrinter() {}

  /** The whole configuration. */
  public static String print(Configuration config) {
    StringBuilder out = new StringBuilder();
    for (Node n : config.nodes()) {
      out.append(print(n));
    }
    for (Template t : config.templates()) {
      out.append(print(t));
    }
    for (Resource r : config.resources()) {
      out.append(resource(r, config));
    }
    for (Constraint c : config.constraints()) {
      out.append(print(c));
    }
    for (Tag t : config.tags()) {
      out.append(print(t));
    }
    out.append(fencingTopology(config.fencingTopology()));
    out.append(attributes(Section.PROPERTY, config.properties()));
    out.append(attributes(Section.RSC_DEFAULTS, config.rscDefaults()));
    out.append(attributes(Section.OP_DEFAULTS, config.opDefaults()));
    for (ConditionalSet s : config.conditionalSets()) {
      out.append(print(s));
    }
    return out.toString();
  }

  /** A node statement. */
  public static String print(Node n) {
    Statement s = new Statement("node");
    if (!n.id().equals(n.uname())) {
      s.word(CrmText.word(n.id()) + ":");
    }
    String type = n.type() == Node.Type.MEMBER ? "" : ":" + n.type();
    s.word(CrmText.word(n.uname()) + type);
    s.clause("attributes", n.attributes());
    s.clause("utilization", n.utilization());
    return s.toString();
  }

  /**
   * A resource with everything it contains: a group's members, then the group; a clone's child (and
   * a cloned group's members), then the clone. A primitive made from a template is written {@code
   * primitive ID @TEMPLATE} with its whole definition.
   */
  public static String print(Resource r) {
    return resource(r, null);
  }

  private static String resource(Resource r, Configuration config) {
    StringBuilder out = new StringBuilder();
    if (r instanceof Primitive p) {
      out.append(primitive(p, config));
    } else if (r instanceof Group g) {
      for (Primitive p : g.members()) {
        out.append(primitive(p, config));
      }
      Statement s = new Statement("group");
      s.word(CrmText.word(g.id()));
      g.memberIds().forEach(m -> s.word(CrmText.word(m)));
      s.clause("params", g.params());
      s.clause("meta", g.meta());
      out.append(s);
    } else if (r instanceof Clone c) {
      out.append(resource(c.child(), config));
      out.append(clone(c.id(), c.child().id(), c.meta()));
    }
    return out.toString();
  }

  private static String clone(String id, String child, Map<String, String> meta) {
    Statement s = new Statement("clone");
    s.word(CrmText.word(id));
    s.word(CrmText.word(child));
    s.clause("meta", meta);
    return s.toString();
  }

  /** With {@code config}, a primitive made from a template shows only what it adds. */
  private static String primitive(Primitive p, Configuration config) {
    Statement s = new Statement("primitive");
    s.word(CrmText.word(p.id()));
    Primitive own = p;
    if (p.template() != null) {
      s.word("@" + p.template());
      Template t = config == null ? null : config.template(p.template()).orElse(null);
      if (t != null) {
        own = t.ownPart(p);
      }
    } else {
      s.word(p.agent().toString());
    }
    body(s, own.params(), own.meta(), own.utilization(), own.operations());
    return s.toString();
  }

  /** A template statement. */
  public static String print(Template t) {
    Statement s = new Statement("rsc_template");
    s.word(CrmText.word(t.id()));
    s.word(t.agent().toString());
    body(s, t.params(), t.meta(), t.utilization(), t.operations());
    return s.toString();
  }

  private static void body(
      Statement s,
      Map<String, String> params,
      Map<String, String> meta,
      Map<String, String> utilization,
      List<Operation> ops) {
    s.clause("params", params);
    s.clause("meta", meta);
    s.clause("utilization", utilization);
    for (Operation op : ops) {
      s.clause(operation(op));
    }
  }

  /**
   * {@code op NAME interval=.. [timeout=..] [role=..] [on-fail=..] [enabled=false] [ATTR=..]
   * [op_meta ...] [op_params ...]}: Pacemaker's operation attributes inline, other extra attributes
   * after {@code op_meta}, parameters after {@code op_params}.
   */
  private static String operation(Operation op) {
    List<String> words = new ArrayList<>();
    words.add("op");
    words.add(CrmText.value(op.name()));
    words.add("interval=" + PacemakerDurations.format(op.interval()));
    if (op.timeout() != null) {
      words.add("timeout=" + PacemakerDurations.format(op.timeout()));
    }
    if (op.role() != null) {
      words.add("role=" + op.role());
    }
    if (op.onFail() != null) {
      words.add("on-fail=" + op.onFail());
    }
    if (!op.enabled()) {
      words.add("enabled=false");
    }
    Map<String, String> inline = new TreeMap<>();
    Map<String, String> meta = new TreeMap<>();
    op.extra()
        .forEach((k, v) -> (OperationSyntax.OP_ATTRIBUTES.contains(k) ? inline : meta).put(k, v));
    words.addAll(pairs(inline));
    if (!meta.isEmpty()) {
      words.add("op_meta");
      words.addAll(pairs(meta));
    }
    if (!op.params().isEmpty()) {
      words.add("op_params");
      words.addAll(pairs(op.params()));
    }
    return String.join(" ", words);
  }

  /** A location, colocation or order statement. */
  public static String print(Constraint c) {
    return ConstraintPrinter.print(c);
  }

  /** A tag statement. */
  public static String print(Tag t) {
    Statement s = new Statement("tag");
    s.word(CrmText.word(t.id()) + ":");
    t.references().forEach(r -> s.word(CrmText.word(r)));
    return s.toString();
  }

  /** A conditional property, rsc_defaults or op_defaults set. */
  public static String print(ConditionalSet set) {
    Statement s = new Statement(Section.of(set.section()).keyword());
    s.word(CrmText.word(set.id()) + ":");
    if (set.score().value() != 0) {
      s.word(CrmText.score(set.score()) + ":");
    }
    s.word(ConstraintPrinter.rule(set.rule(), set.id() + "-rule", false));
    pairs(set.values()).forEach(s::clause);
    return s.toString();
  }

  /**
   * The fencing topology: each target in order of its first level, its levels by index. Empty if
   * there are no levels.
   */
  public static String fencingTopology(List<FencingLevel> levels) {
    if (levels.isEmpty()) {
      return "";
    }
    Map<String, List<FencingLevel>> byTarget = new java.util.LinkedHashMap<>();
    for (FencingLevel l : levels) {
      byTarget.computeIfAbsent(target(l), k -> new ArrayList<>()).add(l);
    }
    Statement s = new Statement("fencing_topology");
    byTarget.forEach(
        (target, ls) -> {
          List<String> words = new ArrayList<>();
          words.add(target);
          ls.stream()
              .sorted(java.util.Comparator.comparingInt(FencingLevel::index))
              .forEach(l -> words.add(String.join(",", l.devices())));
          s.clause(String.join(" ", words));
        });
    return s.toString();
  }

  private static String target(FencingLevel l) {
    if (l.target() != null) {
      return CrmText.word(l.target()) + ":";
    }
    if (l.targetPattern() != null) {
      return CrmText.value("pattern:" + l.targetPattern());
    }
    return CrmText.value("attr:" + l.targetAttribute() + "=" + l.targetValue());
  }

  static String withSuffix(String id, String suffix) {
    return suffix == null ? CrmText.word(id) : CrmText.word(id) + ":" + suffix;
  }

  /** One statement, as {@link CrmParser#parseStatement} reads it. */
  public static String print(CrmStatement statement) {
    if (statement instanceof NodeStatement n) {
      return print(n.node());
    } else if (statement instanceof PrimitiveStatement p) {
      return primitive(p.primitive(), null);
    } else if (statement instanceof DerivedPrimitiveStatement d) {
      Statement s = new Statement("primitive");
      s.word(CrmText.word(d.id()));
      s.word("@" + d.template());
      body(s, d.params(), d.meta(), d.utilization(), d.operations());
      return s.toString();
    } else if (statement instanceof TemplateStatement t) {
      return print(t.template());
    } else if (statement instanceof MonitorStatement m) {
      String times =
          PacemakerDurations.format(m.interval())
              + (m.timeout() == null ? "" : ":" + PacemakerDurations.format(m.timeout()));
      return "monitor "
          + withSuffix(m.resource(), m.role() == null ? null : m.role().toString())
          + " "
          + times
          + "\n";
    } else if (statement instanceof GroupStatement g) {
      Statement s = new Statement("group");
      s.word(CrmText.word(g.id()));
      g.members().forEach(m -> s.word(CrmText.word(m)));
      s.clause("params", g.params());
      s.clause("meta", g.meta());
      return s.toString();
    } else if (statement instanceof CloneStatement c) {
      return clone(c.id(), c.child(), c.meta());
    } else if (statement instanceof ConstraintStatement c) {
      return print(c.constraint());
    } else if (statement instanceof TagStatement t) {
      return print(t.tag());
    } else if (statement instanceof ConditionalSetStatement c) {
      return print(c.set());
    } else if (statement instanceof FencingTopologyStatement f) {
      if (f.everyNode().isEmpty()) {
        return fencingTopology(f.levels());
      }
      Statement s = new Statement("fencing_topology");
      f.everyNode().forEach(d -> s.word(String.join(",", d)));
      return s.toString();
    }
    AttributesStatement a = (AttributesStatement) statement;
    return attributes(a.section(), a.values());
  }

  private static String attributes(Section section, Map<String, String> values) {
    if (values.isEmpty()) {
      return "";
    }
    Statement s = new Statement(section.keyword());
    List<String> pairs = pairs(values);
    s.word(pairs.get(0));
    for (String p : pairs.subList(1, pairs.size())) {
      s.clause(p);
    }
    return s.toString();
  }

  /** {@code name=value} words, sorted by name. */
  static List<String> pairs(Map<String, String> m) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
      out.add(CrmText.word(e.getKey()) + "=" + CrmText.value(e.getValue()));
    }
    return out;
  }

  /** A statement being printed: words on the first line, clauses on continuation lines. */
  static final class Statement {
    private final StringBuilder head;
    private final List<String> clauses = new ArrayList<>();

    Statement(String keyword) {
      head = new StringBuilder(keyword);
    }

    void word(String w) {
      head.append(' ').append(w);
    }

    /** {@code keyword k=v ...} as a clause, if {@code m} is not empty. */
    void clause(String keyword, Map<String, String> m) {
      if (!m.isEmpty()) {
        clause(keyword + " " + String.join(" ", pairs(m)));
      }
    }

    void clause(String text) {
      clauses.add(text);
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder(head);
      for (String c : clauses) {
        b.append(" \\\n").append(INDENT).append(c);
      }
      return b.append('\n').toString();
    }
  }
}
