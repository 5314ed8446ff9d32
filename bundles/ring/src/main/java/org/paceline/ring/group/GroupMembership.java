package org.paceline.ring.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.paceline.api.ring.GroupView;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;

/**
 * The membership of every process group as this node sees it, fed in agreed order on the delivery
 * thread; a plain state machine with no threads and no I/O.
 *
 * <p>A node's groups are those whose JOIN was delivered with no LEAVE since; a group's members are
 * the nodes of the ring view that are in it. Each group's last computed member list is kept (for
 * every group, joined here or not), and a {@link GroupView} is produced whenever it changes.
 *
 * <p>After a ring view change, nodes that were not in the previous view are <em>unknown</em>: what
 * they joined in another partition is learned from their ANNOUNCE. Until every member's ANNOUNCE of
 * this ring was delivered (the sync), a JOIN or LEAVE of a known node changes its group at once
 * (dropping members that left the ring), while those of unknown nodes are only recorded. When the
 * sync completes, every group is recomputed from the announced state and changes are reported in
 * group-name order; a member that came through another ring than this node's previous one counts as
 * joined there, even when the member list is unchanged (it rejoins, as after Totem's transitional
 * configuration), so every member of the group gets a view at that point. Members that moved
 * together from one view to the next hold the same state and see the same stream, so they compute
 * the same views at the same points.
 */
final class GroupMembership {

  private RingView ring;

  /** Nodes whose group state is reflected in {@link #views} (the same on all who share it). */
  private final Set<Integer> known = new HashSet<>();

  /** The groups of every node of the ring view whose state this node knows or was told. */
  private final Map<Integer, Set<String>> nodeGroups = new HashMap<>();

  /** Each non-empty group's last computed members, ascending. */
  private final Map<String, List<Integer>> views = new TreeMap<>();

  private boolean syncing;
  private final Set<Integer> announced = new HashSet<>();

  GroupMembership(RingView initial) {
    ring = initial;
    known.addAll(initial.members());
  }

  /** The ring view in force. */
  RingView ring() {
    return ring;
  }

  /** Whether announcements of the current ring are still awaited. */
  boolean syncing() {
    return syncing;
  }

  /** The members of {@code group} as last reported, ascending (empty if none). */
  List<Integer> members(String group) {
    return views.getOrDefault(group, List.of());
  }

  /**
   * A new ring view: forgets departed nodes and starts waiting for everyone's ANNOUNCE. When every
   * member came from this node's previous ring ({@link RingView#onlyLeft}) and was known there, the
   * groups lose the departed members at once, in group-name order, and those changes are returned:
   * the members delivered the same messages of that ring, so each holds the same state of every
   * group and computes the same views here, and waiting for the announcements (a round of the ring)
   * would only delay a failover. The sync still runs and reports whatever the announcements change
   * (a JOIN lost with the old ring). A member that came through another ring (say one of its own,
   * formed a moment earlier) makes the view wait for the sync, on every member alike.
   */
  List<GroupView> ringChanged(RingView view) {
    boolean onlyLeft = view.onlyLeft() && known.containsAll(view.members());
    ring = view;
    known.retainAll(view.members());
    nodeGroups.keySet().retainAll(view.members());
    syncing = true;
    announced.clear();
    if (!onlyLeft) {
      return List.of();
    }
    List<GroupView> changes = new ArrayList<>();
    for (String name : new TreeSet<>(views.keySet())) {
      changes.addAll(change(name, inRing(members(name))));
    }
    return changes;
  }

  /** A JOIN of {@code node} was delivered. */
  List<GroupView> joined(int node, String group) {
    nodeGroups.computeIfAbsent(node, n -> new HashSet<>()).add(group);
    if (!known.contains(node)) {
      return List.of();
    }
    TreeSet<Integer> members = inRing(members(group));
    members.add(node);
    return change(group, members);
  }

  /** A LEAVE of {@code node} was delivered. */
  List<GroupView> left(int node, String group) {
    Set<String> groups = nodeGroups.get(node);
    if (groups != null) {
      groups.remove(group);
    }
    if (!known.contains(node)) {
      return List.of();
    }
    TreeSet<Integer> members = inRing(members(group));
    members.remove(node);
    return change(group, members);
  }

  /** Whether an ANNOUNCE of {@code node} for {@code ringId} is awaited (else it is stale). */
  boolean awaits(int node, RingId ringId) {
    return syncing
        && ring.ringId().equals(ringId)
        && ring.contains(node)
        && !announced.contains(node);
  }

  /**
   * An awaited ANNOUNCE of {@code node} was delivered; returns the changes if it completes the
   * sync.
   */
  List<GroupView> announced(int node, Collection<String> groups) {
    nodeGroups.put(node, new HashSet<>(groups));
    announced.add(node);
    if (!announced.containsAll(ring.members())) {
      return List.of();
    }
    syncing = false;
    known.clear();
    known.addAll(ring.members());
    TreeSet<String> names = new TreeSet<>(views.keySet());
    nodeGroups.values().forEach(names::addAll);
    // Members that came through another ring than this node's previous one may have delivered
    // messages this node has not (and missed some it has): to this node they rejoin, even where the
    // member list stays the same, so every member of the group sees a view here and resyncs.
    Set<Integer> carried =
        ring.fromSameRing().isEmpty() ? null : new HashSet<>(ring.fromSameRing());
    List<GroupView> changes = new ArrayList<>();
    for (String name : names) {
      TreeSet<Integer> members = new TreeSet<>();
      for (int n : ring.members()) {
        if (nodeGroups.getOrDefault(n, Set.of()).contains(name)) {
          members.add(n);
        }
      }
      changes.addAll(change(name, members, carried));
    }
    return changes;
  }

  private TreeSet<Integer> inRing(List<Integer> members) {
    TreeSet<Integer> out = new TreeSet<>(members);
    out.retainAll(ring.members());
    return out;
  }

  private List<GroupView> change(String group, TreeSet<Integer> now) {
    return change(group, now, null);
  }

  /**
   * The view of {@code group} with members {@code now}, if it differs from the last one. {@code
   * carried}: the members that share this node's past (null: all of them); any other member counts
   * as joined even if it was a member before.
   */
  private List<GroupView> change(String group, TreeSet<Integer> now, Set<Integer> carried) {
    List<Integer> before = members(group);
    List<Integer> after = List.copyOf(now);
    List<Integer> joined =
        after.stream()
            .filter(n -> !before.contains(n) || (carried != null && !carried.contains(n)))
            .toList();
    if (before.equals(after) && joined.isEmpty()) {
      return List.of();
    }
    if (after.isEmpty()) {
      views.remove(group);
    } else {
      views.put(group, after);
    }
    List<Integer> left = before.stream().filter(n -> !now.contains(n)).toList();
    return List.of(new GroupView(group, ring.ringId(), after, joined, left));
  }

  /** The view of {@code group} now, as first shown to a member that just joined. */
  GroupView current(String group, int joiner) {
    return new GroupView(group, ring.ringId(), members(group), List.of(joiner), List.of());
  }
}
