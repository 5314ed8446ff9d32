package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.model.Role;
import org.paceline.scheduler.ActionOrdering;
import org.paceline.scheduler.NodeView;
import org.paceline.scheduler.ResourcePlacement;
import org.paceline.scheduler.Schedule;
import org.paceline.scheduler.ScheduledAction;
import org.paceline.scheduler.ScoreExplanation;

/**
 * Phase "graph": the required, runnable actions and the orderings between them, in a topological
 * order, plus the placements, node views and score explanations of the run.
 */
final class GraphBuilder {

  private GraphBuilder() {}

  static Schedule build(Cluster c) {
    List<Action> graph = new ArrayList<>();
    boolean[] in = new boolean[c.actions.size()];
    for (Action a : c.actions) {
      if (inGraph(a)) {
        graph.add(a);
        in[a.id] = true;
      }
    }
    // Edges between graph actions (one per pair), and a topological order: Kahn's algorithm,
    // first the actions without predecessors in id order, then as they become ready.
    int n = c.actions.size();
    int[] indegree = new int[n];
    int[] stamp = new int[n];
    int edgeCount = 0;
    for (Action a : graph) {
      for (Ordering o : a.after) {
        if (o.type != Ordering.NONE && in[o.then.id] && stamp[o.then.id] != a.id + 1) {
          stamp[o.then.id] = a.id + 1;
          indegree[o.then.id]++;
          edgeCount++;
        }
      }
    }
    List<ActionOrdering> edges = new ArrayList<>(edgeCount);
    java.util.Arrays.fill(stamp, 0);
    java.util.ArrayDeque<Action> ready = new java.util.ArrayDeque<>();
    for (Action a : graph) {
      if (indegree[a.id] == 0) {
        ready.add(a);
      }
    }
    List<ScheduledAction> ordered = new ArrayList<>(graph.size());
    boolean[] done = new boolean[n];
    while (!ready.isEmpty()) {
      Action a = ready.poll();
      done[a.id] = true;
      ordered.add(export(c, a));
      for (Ordering o : a.after) {
        Action t = o.then;
        if (o.type == Ordering.NONE || !in[t.id] || stamp[t.id] == a.id + 1) {
          continue;
        }
        stamp[t.id] = a.id + 1;
        edges.add(new ActionOrdering(a.id, t.id));
        if (--indegree[t.id] == 0) {
          ready.add(t);
        }
      }
    }
    if (ordered.size() < graph.size()) {
      // an ordering loop: keep the remaining actions in id order and say so
      c.warnings.add("the transition graph has an ordering loop; some orderings were dropped");
      for (Action a : graph) {
        if (!done[a.id]) {
          ordered.add(export(c, a));
        }
      }
    }
    edges.sort(
        (x, y) ->
            x.first() != y.first()
                ? Integer.compare(x.first(), y.first())
                : Integer.compare(x.then(), y.then()));
    return new Schedule(
        c.now,
        c.quorate,
        nodes(c),
        placements(c),
        ordered,
        edges,
        c.summary,
        explanations(c),
        c.warnings);
  }

  /** Pacemaker's rule for which actions become part of the graph. */
  static boolean inGraph(Action a) {
    if (!a.runnable()) {
      return false;
    }
    if (a.optional() && !a.is(Action.PRINT_ALWAYS)) {
      return false;
    }
    if (a.rsc != null && !a.rsc.managed && !"monitor".equals(a.task)) {
      return false;
    }
    if (a.pseudo() || a.rsc == null) {
      return true;
    }
    if (a.node == null || !a.node.online || a.node.unclean) {
      return false;
    }
    return true;
  }

  private static ScheduledAction export(Cluster c, Action a) {
    String resource = a.rsc == null ? null : a.rsc.id;
    String historyId = null;
    String agent = null;
    int rc = 0;
    if (a.rsc instanceof SchedPrimitive p && !a.pseudo()) {
      agent = p.agentText;
      historyId = historyId(p, a.node);
      if ("monitor".equals(a.task)) {
        if (a.intervalMs == 0) {
          rc = 7;
        } else if (a.role == Role.PROMOTED || p.nextRole == Role.PROMOTED) {
          rc = 8;
        }
      }
    }
    String key = a.rsc == null ? a.task : a.key();
    if (a.rsc instanceof SchedPrimitive p && a.node != null) {
      // keyed by the name the node's history knows the resource by
      key =
          historyId(p, a.node)
              + "_"
              + (a.notifyTask != null ? a.notifyTask : a.task)
              + "_"
              + a.intervalMs;
    }
    return new ScheduledAction(
        a.id,
        key,
        a.task,
        resource,
        historyId,
        agent,
        a.node == null ? null : a.node.name,
        a.intervalMs,
        a.pseudo(),
        rc,
        a.fenceAction,
        a.notifyMeta == null ? Map.of() : a.notifyMeta);
  }

  /**
   * The id the history of {@code p} on {@code node} is (or will be) recorded under: the name its
   * existing history there has (an anonymous clone instance may be recorded under the clone's
   * primitive id), else the instance id.
   */
  static String historyId(SchedPrimitive p, SchedNode node) {
    if (node != null && p.historyNames != null && p.historyNames[node.index] != null) {
      return p.historyNames[node.index];
    }
    return p.id;
  }

  private static List<NodeView> nodes(Cluster c) {
    List<NodeView> out = new ArrayList<>();
    for (SchedNode n : c.nodes) {
      out.add(
          new NodeView(
              n.name,
              n.online,
              n.unclean,
              n.standby,
              n.maintenance,
              n.pending,
              n.shutdown,
              StatusPrinter.nodeState(n)));
    }
    return out;
  }

  private static List<ResourcePlacement> placements(Cluster c) {
    List<ResourcePlacement> out = new ArrayList<>();
    for (SchedResource r : c.resources) {
      for (SchedPrimitive p : r.primitives()) {
        List<String> parents = new ArrayList<>();
        for (SchedResource q = p.parent; q != null; q = q.parent) {
          parents.add(q.id);
        }
        List<String> current = new ArrayList<>();
        for (SchedNode node : p.runningOn) {
          current.add(node.name);
        }
        Role next = p.nextRole == null ? Role.STOPPED : p.nextRole;
        if (p.assigned == null) {
          next = Role.STOPPED;
        }
        out.add(
            new ResourcePlacement(
                p.id,
                p.baseId,
                parents,
                StatusPrinter.displayRole(p),
                current,
                next == Role.STARTED && p.inPromotable() ? Role.UNPROMOTED : next,
                p.assigned == null ? null : p.assigned.name,
                p.failed,
                p.managed,
                p.blocked,
                p.orphan));
      }
    }
    return out;
  }

  private static Map<String, ScoreExplanation> explanations(Cluster c) {
    Map<String, ScoreExplanation> out = new LinkedHashMap<>();
    for (SchedResource r : c.resources) {
      explain(c, r, out);
    }
    return out;
  }

  /** How a tie between the chosen node and others with the same score was broken, or null. */
  private static String tieBreak(Cluster c, int[] table, SchedNode chosen) {
    int best = table[chosen.index];
    if (best == Scores.MISSING || best < 0) {
      return null;
    }
    List<String> others = new ArrayList<>();
    for (SchedNode n : c.nodes) {
      if (n != chosen && n.canRunResources() && table[n.index] == best) {
        others.add(n.name);
      }
    }
    if (others.isEmpty()) {
      return null;
    }
    String rule =
        switch (c.placementStrategy == null
            ? org.paceline.cib.model.ClusterOptions.PlacementStrategy.DEFAULT
            : c.placementStrategy) {
          case BALANCED ->
              "the node with more free capacity, then fewer resources, then the current node,"
                  + " then the name";
          case MINIMAL -> "the first node by name (placement-strategy minimal)";
          default -> "the node with fewer resources, then the current node, then the name";
        };
    return "tie with " + String.join(", ", others) + " broken by " + rule;
  }

  private static void explain(Cluster c, SchedResource r, Map<String, ScoreExplanation> out) {
    // A colocated group is placed by its first member, whose scores include the others'.
    SchedResource scored = r;
    if (r instanceof SchedGroup g && g.colocated && g.first() != null) {
      scored = g.first();
    }
    int[] table = scored.assignScores != null ? scored.assignScores : scored.allowed.clone();
    for (int i = 0; i < table.length; i++) {
      if (table[i] == Scores.UNUSABLE) {
        table[i] = -Scores.INF;
      }
    }
    Map<String, Integer> scores = org.paceline.scheduler.NodeScores.of(c.nodeNames(), table);
    List<ScoreExplanation.Contribution> notes = new ArrayList<>();
    for (SchedResource.ScoreNote note : r.notes) {
      notes.add(new ScoreExplanation.Contribution(note.node(), note.score(), note.why()));
    }
    if (scored != r) {
      for (SchedResource.ScoreNote note : scored.notes) {
        notes.add(
            new ScoreExplanation.Contribution(
                note.node(), note.score(), scored.id + ": " + note.why()));
      }
    }
    SchedNode node = r.assigned != null ? r.assigned : Resources.location(r, false);
    if (node != null && r.parent == null && !(r instanceof SchedClone)) {
      String tie = tieBreak(c, table, node);
      if (tie != null) {
        notes.add(new ScoreExplanation.Contribution(node.name, 0, tie));
      }
    }
    String kind = r.variant.name().toLowerCase(java.util.Locale.ROOT);
    out.put(r.id, new ScoreExplanation(r.id, kind, scores, notes, node == null ? null : node.name));
    for (SchedResource ch : r.children) {
      explain(c, ch, out);
    }
  }
}
