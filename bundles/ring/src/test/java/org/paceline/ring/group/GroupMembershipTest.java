package org.paceline.ring.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.paceline.api.ring.GroupView;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;

class GroupMembershipTest {

  /** A ring whose members all came from this node's previous ring (nodes only left). */
  private static RingView fromSameRing(long seq, List<Integer> members, List<Integer> previous) {
    RingView v = ring(seq, members, previous);
    return new RingView(v.ringId(), v.members(), v.joined(), v.left(), members);
  }

  @Test
  void whenNodesOnlyLeftTheGroupsDropThemAtOnce() {
    GroupMembership m = synced123();
    m.joined(1, "b");
    m.joined(3, "b");
    m.joined(3, "a");
    m.joined(2, "c");
    assertThat(m.ringChanged(fromSameRing(3, List.of(1, 2), List.of(1, 2, 3))))
        .containsExactly(
            view("a", 3, List.of(), List.of(), List.of(3)),
            view("b", 3, List.of(1), List.of(), List.of(3)));
    assertThat(m.syncing()).as("the announcements are still exchanged").isTrue();
    m.announced(2, List.of("c"));
    assertThat(m.announced(1, List.of("b"))).as("nothing new").isEmpty();
    assertThat(m.syncing()).isFalse();
  }

  @Test
  void aJoinLostWithTheOldRingAppearsWithTheAnnouncements() {
    GroupMembership m = synced123();
    m.joined(1, "g");
    m.joined(3, "g");
    // node 2 joined "x" in the old ring, but its JOIN was not delivered before the ring changed
    assertThat(m.ringChanged(fromSameRing(3, List.of(1, 2), List.of(1, 2, 3))))
        .containsExactly(view("g", 3, List.of(1), List.of(), List.of(3)));
    m.announced(1, List.of("g"));
    assertThat(m.announced(2, List.of("x")))
        .containsExactly(view("x", 3, List.of(2), List.of(2), List.of()));
  }

  @Test
  void aMemberFromAnotherRingMakesTheViewWaitForTheSyncEvenIfItWasKnown() {
    // node 3 was in our ring, lost the token first and formed a ring of its own, then merged with
    // us: it may have delivered things we have not, so nothing is decided before the sync
    GroupMembership m = synced123();
    m.joined(3, "g");
    m.joined(1, "g");
    RingView v = ring(5, List.of(1, 3), List.of(1, 2, 3));
    RingView merged = new RingView(v.ringId(), v.members(), v.joined(), v.left(), List.of(1));
    assertThat(m.ringChanged(merged)).isEmpty();
    m.announced(1, List.of("g"));
    assertThat(m.announced(3, List.of("g", "h")))
        .as("node 3 rejoins g: same members, but it comes from another ring")
        .containsExactly(
            view("g", 5, List.of(1, 3), List.of(3), List.of()),
            view("h", 5, List.of(3), List.of(3), List.of()));
    assertThat(m.members("g")).containsExactly(1, 3);
  }

  @Test
  void aPausedNodeSeesTheOthersRejoinThoughItsGroupLooksTheSame() {
    // Node 1 was stopped beyond the token: 2 and 3 formed ring 3 without it, delivered messages
    // there, and merged with it again in ring 4. Node 1's view of g is {1, 2, 3} before and after,
    // but 2 and 3 come from another ring: node 1 must see a view here, as 2 and 3 do (1 joins
    // theirs), or a consumer that resyncs on a view change would wait for node 1 forever.
    GroupMembership m = synced123();
    for (int n : List.of(1, 2, 3)) {
      m.joined(n, "g");
    }
    RingView v = ring(4, List.of(1, 2, 3), List.of(1, 2, 3));
    RingView back = new RingView(v.ringId(), v.members(), v.joined(), v.left(), List.of(1));
    assertThat(m.ringChanged(back)).isEmpty();
    m.announced(1, List.of("g"));
    m.announced(2, List.of("g"));
    assertThat(m.announced(3, List.of("g")))
        .containsExactly(
            new GroupView("g", new RingId(4, 1), List.of(1, 2, 3), List.of(2, 3), List.of()));
  }

  @Test
  void aRingOfTheSameMembersFromTheSameRingChangesNoGroup() {
    GroupMembership m = synced123();
    m.joined(1, "g");
    m.joined(2, "g");
    assertThat(m.ringChanged(fromSameRing(3, List.of(1, 2, 3), List.of(1, 2, 3)))).isEmpty();
    m.announced(1, List.of("g"));
    m.announced(2, List.of("g"));
    assertThat(m.announced(3, List.of())).isEmpty();
  }

  private static RingView ring(long seq, List<Integer> members, List<Integer> previous) {
    return new RingView(
        new RingId(seq, members.get(0)),
        members,
        members.stream().filter(n -> !previous.contains(n)).toList(),
        previous.stream().filter(n -> !members.contains(n)).toList());
  }

  /** Node 1's state in a synchronized ring {1, 2, 3} (seq 2). */
  private static GroupMembership synced123() {
    GroupMembership m = new GroupMembership(ring(0, List.of(1), List.of()));
    m.ringChanged(ring(2, List.of(1, 2, 3), List.of(1)));
    for (int n : List.of(1, 2, 3)) {
      assertThat(m.awaits(n, new RingId(2, 1))).isTrue();
      assertThat(m.announced(n, List.of())).isEmpty();
    }
    assertThat(m.syncing()).isFalse();
    return m;
  }

  private static GroupView view(
      String group, long seq, List<Integer> members, List<Integer> joined, List<Integer> left) {
    return new GroupView(group, new RingId(seq, 1), members, joined, left);
  }

  @Test
  void joinsAndLeavesOutsideSyncChangeTheGroupAtOnce() {
    GroupMembership m = synced123();
    assertThat(m.joined(2, "g")).containsExactly(view("g", 2, List.of(2), List.of(2), List.of()));
    assertThat(m.joined(1, "g"))
        .containsExactly(view("g", 2, List.of(1, 2), List.of(1), List.of()));
    assertThat(m.joined(1, "g")).as("a repeated join changes nothing").isEmpty();
    assertThat(m.left(2, "g")).containsExactly(view("g", 2, List.of(1), List.of(), List.of(2)));
    assertThat(m.left(1, "g")).containsExactly(view("g", 2, List.of(), List.of(), List.of(1)));
    assertThat(m.members("g")).isEmpty();
  }

  @Test
  void aRingChangeReportsDeparturesOnceEveryMemberAnnounced() {
    GroupMembership m = synced123();
    m.joined(1, "b");
    m.joined(3, "b");
    m.joined(3, "a");
    m.joined(2, "c");
    m.ringChanged(ring(3, List.of(1, 2), List.of(1, 2, 3)));
    RingId r = new RingId(3, 1);
    assertThat(m.awaits(3, r)).as("3 is not in the ring").isFalse();
    assertThat(m.awaits(1, new RingId(2, 1))).as("an old ring's announcement").isFalse();
    assertThat(m.announced(2, List.of("c"))).isEmpty();
    assertThat(m.awaits(2, r)).as("announced already").isFalse();
    assertThat(m.announced(1, List.of("b")))
        .containsExactly(
            view("a", 3, List.of(), List.of(), List.of(3)),
            view("b", 3, List.of(1), List.of(), List.of(3)));
    assertThat(m.syncing()).isFalse();
  }

  @Test
  void aKnownNodesJoinDuringSyncIsImmediateAndDropsDepartedMembers() {
    GroupMembership m = synced123();
    m.joined(3, "g");
    m.ringChanged(ring(3, List.of(1, 2), List.of(1, 2, 3)));
    assertThat(m.joined(2, "g")).containsExactly(view("g", 3, List.of(2), List.of(2), List.of(3)));
    m.announced(1, List.of());
    assertThat(m.announced(2, List.of("g"))).isEmpty();
    assertThat(m.members("g")).containsExactly(2);
  }

  @Test
  void aMergingNodesGroupsAppearWhenTheSyncCompletes() {
    GroupMembership m = synced123();
    m.joined(1, "g");
    // Node 4 was in another partition, where it joined "g" and "h".
    m.ringChanged(ring(5, List.of(1, 2, 3, 4), List.of(1, 2, 3)));
    RingId r = new RingId(5, 1);
    assertThat(m.announced(4, List.of("g", "h"))).isEmpty();
    assertThat(m.joined(4, "k")).as("node 4 is not known yet: recorded only").isEmpty();
    assertThat(m.left(4, "h")).isEmpty();
    assertThat(m.joined(2, "g"))
        .as("node 2 is known")
        .containsExactly(view("g", 5, List.of(1, 2), List.of(2), List.of()));
    m.announced(1, List.of("g"));
    m.announced(2, List.of("g"));
    assertThat(m.awaits(3, r)).isTrue();
    assertThat(m.announced(3, List.of()))
        .containsExactly(
            view("g", 5, List.of(1, 2, 4), List.of(4), List.of()),
            view("k", 5, List.of(4), List.of(4), List.of()));
    assertThat(m.joined(4, "h"))
        .as("known now")
        .containsExactly(view("h", 5, List.of(4), List.of(4), List.of()));
  }

  @Test
  void aNewRingDuringSyncRestartsIt() {
    GroupMembership m = synced123();
    m.joined(3, "g");
    m.ringChanged(ring(3, List.of(1, 2, 3, 4), List.of(1, 2, 3)));
    m.announced(1, List.of());
    m.announced(2, List.of());
    m.ringChanged(ring(4, List.of(1, 2, 4), List.of(1, 2, 3, 4)));
    assertThat(m.awaits(1, new RingId(4, 1))).isTrue();
    assertThat(m.awaits(3, new RingId(3, 1))).isFalse();
    m.announced(1, List.of());
    m.announced(2, List.of());
    assertThat(m.announced(4, List.of("g")))
        .containsExactly(view("g", 4, List.of(4), List.of(4), List.of(3)));
  }

  @Test
  void currentShowsAJoinerItsGroup() {
    GroupMembership m = synced123();
    m.joined(2, "g");
    m.joined(1, "g");
    assertThat(m.current("g", 1)).isEqualTo(view("g", 2, List.of(1, 2), List.of(1), List.of()));
  }
}
