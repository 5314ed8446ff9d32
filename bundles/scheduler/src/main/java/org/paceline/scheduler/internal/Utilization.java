package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.paceline.cib.model.ClusterOptions;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Primitive;

/**
 * Utilization and placement strategy, as Pacemaker Explained describes them: with {@code
 * placement-strategy} other than {@code default}, a node is eligible for a resource only if its
 * capacity ({@code utilization} of the node) minus what the resources assigned to it in this run
 * use covers what the resource needs; {@code balanced} also prefers the node with the most free
 * capacity, {@code minimal} packs resources onto as few nodes as possible.
 *
 * <p>Capacities and needs are integers per attribute name; a node without an attribute has none of
 * it. A group's first unassigned member asks for the whole rest of the group where some node can
 * take it, otherwise for itself only.
 */
final class Utilization {

  private Utilization() {}

  /** Whether the run considers utilization at all. */
  static boolean enabled(Cluster c) {
    return c.placementStrategy != null
        && c.placementStrategy != ClusterOptions.PlacementStrategy.DEFAULT;
  }

  /** Reads node capacities and resource needs (part of the "unpack" phase). */
  static void unpack(Cluster c) {
    if (!enabled(c)) {
      return;
    }
    Map<String, Node> configured = new TreeMap<>();
    for (Node n : c.config.nodes()) {
      configured.put(n.uname(), n);
    }
    java.util.TreeSet<String> all = new java.util.TreeSet<>();
    for (Node n : configured.values()) {
      all.addAll(n.utilization().keySet());
    }
    List<SchedPrimitive> prims = new ArrayList<>();
    for (SchedResource r : c.resources) {
      prims.addAll(r.primitives());
    }
    for (SchedPrimitive p : prims) {
      all.addAll(utilizationOf(p).keySet());
    }
    if (all.isEmpty()) {
      return;
    }
    Map<String, Integer> names = new TreeMap<>();
    for (String name : all) {
      names.put(name, names.size());
    }
    c.utilizationNames = names.keySet().toArray(new String[0]);
    for (SchedNode n : c.nodes) {
      Node cfg = configured.get(n.name);
      n.capacity = values(c, cfg == null ? Map.of() : cfg.utilization(), names, "node " + n.name);
      n.used = new int[names.size()];
    }
    for (SchedPrimitive p : prims) {
      Map<String, String> u = utilizationOf(p);
      if (!u.isEmpty()) {
        p.need = values(c, u, names, "resource " + p.baseId);
      }
    }
  }

  private static Map<String, String> utilizationOf(SchedPrimitive p) {
    Primitive prim = p.definition;
    return prim == null || prim.utilization() == null ? Map.of() : prim.utilization();
  }

  private static int[] values(
      Cluster c, Map<String, String> attrs, Map<String, Integer> names, String what) {
    int[] out = new int[names.size()];
    for (Map.Entry<String, String> e : attrs.entrySet()) {
      try {
        out[names.get(e.getKey())] = Math.max(0, Integer.parseInt(e.getValue().trim()));
      } catch (NumberFormatException ex) {
        String w = what + ": utilization " + e.getKey() + "=" + e.getValue() + " is not a number";
        if (!c.warnings.contains(w)) {
          c.warnings.add(w);
        }
      }
    }
    return out;
  }

  /**
   * With utilization in use, the order resources are assigned in: priority; then the score on the
   * node a resource runs on (to avoid shuffling); then the score on its best node; then the
   * configuration order.
   */
  static void sortResources(Cluster c) {
    if (c.utilizationNames == null) {
      return;
    }
    int n = c.resources.size();
    int[] current = new int[n];
    int[] best = new int[n];
    java.util.IdentityHashMap<SchedResource, Integer> index = new java.util.IdentityHashMap<>();
    for (int i = 0; i < n; i++) {
      SchedResource r = c.resources.get(i);
      index.put(r, i);
      SchedResource scored =
          r instanceof SchedGroup g && !g.children.isEmpty() ? g.children.get(0) : r;
      SchedNode at = scored.currentNode();
      current[i] = at == null ? -Scores.INF - 1 : valueOf(scored.allowed[at.index]);
      int max = -Scores.INF - 1;
      for (SchedNode node : c.nodes) {
        if (node.canRunResources()) {
          max = Math.max(max, valueOf(scored.allowed[node.index]));
        }
      }
      best[i] = max;
    }
    c.resources.sort(
        (a, b) -> {
          if (a.priority != b.priority) {
            return Integer.compare(b.priority, a.priority);
          }
          int ia = index.get(a);
          int ib = index.get(b);
          if (current[ia] != current[ib]) {
            return Integer.compare(current[ib], current[ia]);
          }
          if (best[ia] != best[ib]) {
            return Integer.compare(best[ib], best[ia]);
          }
          return Integer.compare(ia, ib);
        });
  }

  private static int valueOf(int score) {
    return score == Scores.MISSING ? -Scores.INF : score;
  }

  /** Whether {@code node} has room for {@code need} (nothing needed always fits). */
  static boolean fits(SchedNode node, int[] need) {
    if (need == null || node.capacity == null) {
      return true;
    }
    for (int i = 0; i < need.length; i++) {
      if (need[i] > 0 && node.capacity[i] - node.used[i] < need[i]) {
        return false;
      }
    }
    return true;
  }

  /** Records that {@code p} is assigned to (sign 1) or taken off (sign -1) {@code node}. */
  static void consume(SchedNode node, SchedPrimitive p, int sign) {
    if (node == null || p.need == null || node.used == null) {
      return;
    }
    for (int i = 0; i < p.need.length; i++) {
      node.used[i] += sign * p.need[i];
    }
  }

  /**
   * Bans {@code rsc} from the nodes without room for it (and, for a group member, for the members
   * after it when some node can take them all).
   */
  static void banInsufficient(Cluster c, SchedPrimitive rsc) {
    if (c.utilizationNames == null || rsc.need == null) {
      return;
    }
    int[] need = rsc.need;
    if (rsc.parent instanceof SchedGroup g && g.colocated) {
      int[] sum = rsc.need.clone();
      boolean after = false;
      for (SchedResource m : g.children) {
        if (m == rsc) {
          after = true;
        } else if (after && m.provisional && m instanceof SchedPrimitive mp && mp.need != null) {
          for (int i = 0; i < sum.length; i++) {
            sum[i] += mp.need[i];
          }
        }
      }
      for (SchedNode n : c.nodes) {
        if (rsc.allowed[n.index] != Scores.MISSING && n.canRunResources() && fits(n, sum)) {
          need = sum;
          break;
        }
      }
    }
    for (SchedNode n : c.nodes) {
      int s = rsc.allowed[n.index];
      if (s == Scores.MISSING || s <= -Scores.INF || fits(n, need)) {
        continue;
      }
      rsc.allowed[n.index] = -Scores.INF;
      rsc.note(n, -Scores.INF, "not enough free capacity for its utilization");
    }
  }

  /**
   * For {@code balanced}: which node has more free capacity, counted over the attributes (negative
   * if {@code a} has more).
   */
  static int compareFree(SchedNode a, SchedNode b) {
    if (a.capacity == null || b.capacity == null) {
      return 0;
    }
    int result = 0;
    for (int i = 0; i < a.capacity.length; i++) {
      int fa = a.capacity[i] - a.used[i];
      int fb = b.capacity[i] - b.used[i];
      if (fa > fb) {
        result--;
      } else if (fa < fb) {
        result++;
      }
    }
    return Integer.signum(result);
  }
}
