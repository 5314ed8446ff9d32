package org.paceline.scheduler.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.paceline.cib.model.Role;

/**
 * A resource in one scheduler run: a primitive (possibly a clone instance or group member), a group
 * or a clone. Holds the node scores ("allowed nodes"), the current and next role, the assignment,
 * and the actions created for it. Owned by one {@link Cluster}; not thread-safe.
 */
public abstract class SchedResource {

  /** The kind of a resource. */
  enum Variant {
    PRIMITIVE,
    GROUP,
    CLONE
  }

  final String id;
  final Variant variant;
  final SchedResource parent;
  final List<SchedResource> children = new ArrayList<>();
  Map<String, String> meta;

  /** Node scores by node index; {@link Scores#MISSING} for a node not allowed at all. */
  int[] allowed;

  int priority;
  int stickiness;
  boolean managed = true;
  boolean blocked;
  boolean failed;
  boolean stopNeeded;
  boolean failureIgnored;
  boolean orphan;
  boolean provisional = true;
  boolean assigning;
  boolean updatingNodes;
  boolean critical = true;
  boolean unique = true;
  boolean restarting;
  boolean startPending;
  boolean maintenance;

  /** The configured target-role, or null. */
  Role targetRole;

  Role role = Role.STOPPED;

  /** The role the resource should end in; null until decided. */
  Role nextRole;

  SchedNode assigned;

  /** The resource's score on its assigned node when it was assigned. */
  int assignedScore;

  final List<SchedNode> runningOn = new ArrayList<>(1);
  boolean[] knownOn;

  /** Colocations where this resource is the dependent. */
  final List<Colocation> thisWith = new ArrayList<>();

  /** Colocations where this resource is the primary. */
  final List<Colocation> withThis = new ArrayList<>();

  /** Location constraints naming this resource. */
  final List<LocationEntry> locations = new ArrayList<>();

  int sortIndex;

  /** The node scores when the resource was assigned (for explanations), or null. */
  int[] assignScores;

  /** Actions created for this resource, in creation order. */
  final List<Action> actions = new ArrayList<>();

  /** Explanation lines for the score of this resource on each node. */
  final List<ScoreNote> notes = new ArrayList<>();

  SchedResource(String id, Variant variant, SchedResource parent, int nodeCount) {
    this.id = id;
    this.variant = variant;
    this.parent = parent;
    this.allowed = new int[nodeCount];
    Arrays.fill(allowed, Scores.MISSING);
    this.knownOn = new boolean[nodeCount];
  }

  /** The score this resource (or its first assigned primitive) had on its node when assigned. */
  int assignedScoreOf() {
    if (isPrimitive()) {
      return assignedScore;
    }
    for (SchedResource ch : children) {
      if (ch.assigned != null || !ch.children.isEmpty()) {
        return ch.assignedScoreOf();
      }
    }
    return 0;
  }

  /** Whether a never-discover location constraint forbids probing this resource on the node. */
  boolean discoveryNever(SchedNode n) {
    for (SchedResource r = this; r != null; r = r.parent) {
      for (LocationEntry l : r.locations) {
        if (l.discovery == org.paceline.cib.model.LocationConstraint.Discovery.NEVER
            && l.scores[n.index] != Scores.MISSING) {
          return true;
        }
      }
    }
    return false;
  }

  /** The resource's id (a clone instance's id includes its number, {@code rsc:2}). */
  public String id() {
    return id;
  }

  boolean isPrimitive() {
    return variant == Variant.PRIMITIVE;
  }

  boolean isGroup() {
    return variant == Variant.GROUP;
  }

  boolean isClone() {
    return variant == Variant.CLONE;
  }

  /** The outermost resource containing this one. */
  SchedResource top() {
    SchedResource r = this;
    while (r.parent != null) {
      r = r.parent;
    }
    return r;
  }

  /** The clone this resource is an instance of (or inside an instance of), or null. */
  SchedClone owningClone() {
    for (SchedResource r = parent; r != null; r = r.parent) {
      if (r instanceof SchedClone c) {
        return c;
      }
    }
    return null;
  }

  /** Whether this is (inside) an instance of a promotable clone. */
  boolean inPromotable() {
    SchedClone c = owningClone();
    return c != null && c.promotable;
  }

  /** Whether this resource or any descendant is active. */
  boolean active() {
    if (!runningOn.isEmpty()) {
      return true;
    }
    for (SchedResource c : children) {
      if (c.active()) {
        return true;
      }
    }
    return false;
  }

  /** The node a resource is (first) active on, or null. */
  SchedNode currentNode() {
    return runningOn.isEmpty() ? null : runningOn.get(0);
  }

  /** The node's score, or {@link Scores#MISSING}. */
  int score(SchedNode n) {
    return allowed[n.index];
  }

  boolean isAllowed(SchedNode n) {
    return allowed[n.index] != Scores.MISSING;
  }

  /** Adds {@code score} for {@code node}, adding the node to the allowed nodes if needed. */
  void addScore(SchedNode node, int score) {
    int cur = allowed[node.index];
    allowed[node.index] = cur == Scores.MISSING ? score : Scores.add(cur, score);
  }

  /**
   * Adds {@code score} on every node (all become allowed), as a ban or a cluster-wide preference.
   */
  void addScoreEverywhere(SchedNode[] nodes, int score) {
    for (SchedNode n : nodes) {
      addScore(n, score);
    }
  }

  /** Records why the score changed, for explanations. */
  void note(SchedNode node, int score, String why) {
    notes.add(new ScoreNote(node == null ? null : node.name, score, why));
  }

  /** The primitives under this resource (itself if primitive), depth first. */
  List<SchedPrimitive> primitives() {
    List<SchedPrimitive> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(SchedResource r, List<SchedPrimitive> out) {
    if (r instanceof SchedPrimitive p) {
      out.add(p);
    } else {
      for (SchedResource c : r.children) {
        collect(c, out);
      }
    }
  }

  @Override
  public String toString() {
    return id;
  }

  /** One contribution to a resource's node score, for explanations. */
  record ScoreNote(String node, int score, String why) {}
}
