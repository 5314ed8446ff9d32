package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.crm.CrmScript.Located;
import org.paceline.cib.crm.CrmScript.Problem;
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
import org.paceline.cib.crm.CrmStatement.TagStatement;
import org.paceline.cib.crm.CrmStatement.TemplateStatement;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.Template;

/** Resolves a script's references and builds its configuration, collecting every problem. */
final class ScriptAssembler {

  /** The configuration (null if there were problems) and the problems. */
  record Result(Configuration configuration, List<Problem> problems) {}

  private final List<Located> statements;
  private final List<Problem> problems = new ArrayList<>();

  /** Ids of resources, templates, tags, constraints and conditional sets: one namespace. */
  private final Map<String, Located> objectIds = new HashMap<>();

  private final Map<String, Primitive> primitives = new HashMap<>();
  private final Map<String, Template> templates = new LinkedHashMap<>();
  private final Map<String, Located> groups = new LinkedHashMap<>();
  private final Map<String, Located> clones = new LinkedHashMap<>();

  /** The group or clone statement that contains each resource. */
  private final Map<String, Located> owner = new HashMap<>();

  private final ConfigBuilder b = new ConfigBuilder();

  ScriptAssembler(List<Located> statements) {
    this.statements = statements;
  }

  Result assemble() {
    Map<String, Located> nodeIds = new HashMap<>();
    Map<String, Located> nodeNames = new HashMap<>();
    Located topology = null;
    List<Located> derived = new ArrayList<>();
    for (Located l : statements) {
      CrmStatement s = l.statement();
      if (s instanceof NodeStatement n) {
        if (unique(nodeNames, n.node().uname(), l, "node")
            && unique(nodeIds, n.node().id(), l, "node id")) {
          b.nodes.add(n.node());
        }
      } else if (s instanceof PrimitiveStatement p) {
        if (unique(objectIds, p.id(), l, "primitive")) {
          primitives.put(p.id(), p.primitive());
        }
      } else if (s instanceof DerivedPrimitiveStatement d) {
        if (unique(objectIds, d.id(), l, "primitive")) {
          derived.add(l);
        }
      } else if (s instanceof TemplateStatement t) {
        if (unique(objectIds, t.id(), l, "template")) {
          templates.put(t.id(), t.template());
        }
      } else if (s instanceof GroupStatement g) {
        if (unique(objectIds, g.id(), l, "group")) {
          groups.put(g.id(), l);
        }
      } else if (s instanceof CloneStatement c) {
        if (unique(objectIds, c.id(), l, "clone")) {
          clones.put(c.id(), l);
        }
      } else if (s instanceof ConstraintStatement c) {
        if (unique(objectIds, c.id(), l, ConstraintReferences.kind(c.constraint()))) {
          b.constraints.add(c.constraint());
        }
      } else if (s instanceof TagStatement t) {
        if (unique(objectIds, t.id(), l, "tag")) {
          b.tags.add(t.tag());
        }
      } else if (s instanceof ConditionalSetStatement c) {
        if (unique(objectIds, c.id(), l, c.set().section().element() + " set")) {
          b.conditionalSets.add(c.set());
        }
      } else if (s instanceof FencingTopologyStatement) {
        if (topology != null) {
          problem(
              l, l.statement().id(), "fencing_topology is already given at " + topology.position());
        } else {
          topology = l;
        }
      } else if (s instanceof AttributesStatement a) {
        switch (a.section()) {
          case PROPERTY -> b.properties.putAll(a.values());
          case RSC_DEFAULTS -> b.rscDefaults.putAll(a.values());
          case OP_DEFAULTS -> b.opDefaults.putAll(a.values());
        }
      }
    }
    b.templates.addAll(templates.values());
    instantiate(derived);
    applyMonitors();
    resolveGroups();
    resolveClones();
    if (topology != null) {
      expandTopology(topology);
    }
    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    Map<String, Resource> built = new HashMap<>();
    for (Located l : statements) {
      CrmStatement s = l.statement();
      if (!(s instanceof PrimitiveStatement
          || s instanceof DerivedPrimitiveStatement
          || s instanceof GroupStatement
          || s instanceof CloneStatement)) {
        continue;
      }
      Resource r = build(s.id(), built);
      if (r != null && !owner.containsKey(s.id())) {
        b.resources.add(r);
      }
    }
    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    try {
      return new Result(b.build(), List.of());
    } catch (IllegalArgumentException e) {
      Located first = statements.get(0);
      problems.add(new Problem(first.position(), first.statement().id(), e.getMessage()));
      return new Result(null, List.copyOf(problems));
    }
  }

  private boolean unique(Map<String, Located> seen, String id, Located l, String what) {
    Located earlier = seen.putIfAbsent(id, l);
    if (earlier != null) {
      String before =
          earlier.statement() instanceof NodeStatement ? "node" : kindOf(earlier.statement());
      problem(
          l,
          id,
          what
              + " '"
              + id
              + "': the id is already used by the "
              + before
              + " at "
              + earlier.position());
      return false;
    }
    return true;
  }

  private static String kindOf(CrmStatement s) {
    if (s instanceof PrimitiveStatement || s instanceof DerivedPrimitiveStatement) {
      return "primitive";
    } else if (s instanceof TemplateStatement) {
      return "template";
    } else if (s instanceof GroupStatement) {
      return "group";
    } else if (s instanceof CloneStatement) {
      return "clone";
    } else if (s instanceof ConstraintStatement c) {
      return ConstraintReferences.kind(c.constraint());
    } else if (s instanceof TagStatement) {
      return "tag";
    } else if (s instanceof ConditionalSetStatement c) {
      return c.set().section().element() + " set";
    }
    return "statement";
  }

  private void problem(Located l, String at, String message) {
    problems.add(new Problem(l.positionOf(at), l.statement().id(), message));
  }

  private void instantiate(List<Located> derived) {
    for (Located l : derived) {
      DerivedPrimitiveStatement d = (DerivedPrimitiveStatement) l.statement();
      Template t = templates.get(d.template());
      if (t == null) {
        problems.add(
            new Problem(
                l.positionOf("@" + d.template()),
                d.id(),
                "primitive '"
                    + d.id()
                    + "' is made from template '"
                    + d.template()
                    + "', which is not defined"));
        continue;
      }
      try {
        primitives.put(d.id(), d.instantiate(t));
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(l.position(), d.id(), e.getMessage()));
      }
    }
  }

  private void applyMonitors() {
    for (Located l : statements) {
      if (!(l.statement() instanceof MonitorStatement m)) {
        continue;
      }
      Primitive p = primitives.get(m.resource());
      if (p == null) {
        problem(
            l,
            m.resource(),
            "monitor names '" + m.resource() + "', which is not a primitive defined here");
        continue;
      }
      try {
        primitives.put(p.id(), ConfigurationEditor.withMonitor(p, m));
      } catch (IllegalArgumentException e) {
        problem(l, m.resource(), e.getMessage());
      }
    }
  }

  private void resolveGroups() {
    for (Located l : groups.values()) {
      GroupStatement g = (GroupStatement) l.statement();
      for (String m : g.members()) {
        if (!primitives.containsKey(m)) {
          String kind =
              groups.containsKey(m)
                  ? "a group; groups contain only primitives"
                  : clones.containsKey(m)
                      ? "a clone; groups contain only primitives"
                      : templates.containsKey(m)
                          ? "a template; groups contain only primitives"
                          : "not defined";
          problem(l, m, "group '" + g.id() + "' member '" + m + "' is " + kind);
        } else {
          claim(l, m, g.id());
        }
      }
    }
  }

  private void resolveClones() {
    for (Located l : clones.values()) {
      CloneStatement c = (CloneStatement) l.statement();
      String child = c.child();
      if (clones.containsKey(child)) {
        problem(l, child, "clone '" + c.id() + "' cannot clone the clone '" + child + "'");
      } else if (!primitives.containsKey(child) && !groups.containsKey(child)) {
        problem(
            l,
            child,
            "clone '" + c.id() + "' clones '" + child + "', which is not a primitive or group");
      } else {
        claim(l, child, c.id());
      }
    }
  }

  private void claim(Located l, String member, String container) {
    Located earlier = owner.putIfAbsent(member, l);
    if (earlier != null) {
      String kind = earlier.statement() instanceof GroupStatement ? "group" : "clone";
      problem(
          l,
          member,
          "'"
              + member
              + "' (in "
              + (l.statement() instanceof GroupStatement ? "group" : "clone")
              + " '"
              + container
              + "') is already in "
              + kind
              + " '"
              + earlier.statement().id()
              + "' at "
              + earlier.position()
              + "; a resource can be in only one group or clone");
    }
  }

  private void expandTopology(Located l) {
    FencingTopologyStatement f = (FencingTopologyStatement) l.statement();
    List<FencingLevel> levels = new ArrayList<>(f.levels());
    if (!f.everyNode().isEmpty()) {
      if (b.nodes.isEmpty()) {
        problem(
            l,
            f.id(),
            "fencing_topology without targets applies to every node, but no node is defined;"
                + " name the targets (NODE: DEVICES)");
        return;
      }
      try {
        levels = expand(f, b.nodes);
      } catch (IllegalArgumentException e) {
        problem(l, f.id(), e.getMessage());
        return;
      }
    }
    b.fencingTopology = levels;
  }

  /** The levels of {@code f} with its every-node levels given to each of {@code nodes}. */
  static List<FencingLevel> expand(FencingTopologyStatement f, List<Node> nodes) {
    if (f.everyNode().isEmpty()) {
      return f.levels();
    }
    List<FencingLevel> out = new ArrayList<>();
    for (Node n : nodes) {
      int index = 0;
      for (List<String> devices : f.everyNode()) {
        out.add(
            FencingLevel.forNode(
                ClusterSyntax.levelId(out.size() + 1), ++index, n.uname(), devices));
      }
    }
    return out;
  }

  private Resource build(String id, Map<String, Resource> built) {
    Resource done = built.get(id);
    if (done != null) {
      return done;
    }
    Resource r = null;
    Located l = groups.containsKey(id) ? groups.get(id) : clones.get(id);
    try {
      if (primitives.containsKey(id)) {
        r = primitives.get(id);
      } else if (l.statement() instanceof GroupStatement g) {
        List<Primitive> members = new ArrayList<>();
        for (String m : g.members()) {
          members.add(primitives.get(m));
        }
        r = new Group(g.id(), members, g.meta(), g.params());
      } else if (l.statement() instanceof CloneStatement c) {
        Resource child = build(c.child(), built);
        r = child == null ? null : new Clone(c.id(), child, c.meta());
      }
    } catch (IllegalArgumentException e) {
      problem(l, id, e.getMessage());
      return null;
    }
    if (r != null) {
      built.put(id, r);
    }
    return r;
  }
}
