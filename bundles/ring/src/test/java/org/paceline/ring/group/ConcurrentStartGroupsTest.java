package org.paceline.ring.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paceline.api.ring.Group;
import org.paceline.api.ring.GroupListener;
import org.paceline.api.ring.GroupView;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;

/**
 * Nodes that start at the same moment, whose components join their groups from several threads
 * while the ring is still forming, as a node's OSGi components do: every group on every node must
 * reach a view with every member of the ring that formed. Repeated, because joins, announcements
 * and ring view changes interleave differently each time; and with a node whose delivery thread is
 * held up in a listener (a component doing slow work on a view), which must not keep the other
 * nodes' groups from synchronizing.
 */
class ConcurrentStartGroupsTest {

  private static final Duration TOKEN = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final List<Integer> ALL = List.of(1, 2, 3);
  private static final List<String> GROUPS = List.of("cib", "controller", "events");
  private static final int ROUNDS = 6;

  /** One node's membership of one group and what its listener heard. */
  private record Joined(int node, String group, Group handle, Recorder recorder) {}

  private ExecutorService pool;

  /** Released at the end of each test, so that no listener stays blocked. */
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void startPool() {
    pool = Executors.newFixedThreadPool(12, r -> new Thread(r, "test-component"));
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    release.countDown();
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void groupsJoinedWhileThreeNodesFormTheirRingConverge() throws Exception {
    for (int round = 1; round <= ROUNDS; round++) {
      try (GroupTestCluster c = new GroupTestCluster(3, TOKEN, false)) {
        List<Joined> joined = new CopyOnWriteArrayList<>();
        SplittableRandom random = new SplittableRandom(round);
        List<Runnable> actions = new ArrayList<>();
        for (int id : ALL) {
          actions.add(delayed(random.nextLong(400), () -> c.start(id)));
          for (String g : GROUPS) {
            actions.add(delayed(random.nextLong(800), () -> joined.add(join(c, id, g))));
          }
        }
        runAtOnce(actions);
        awaitConverged(c, joined, ALL, ALL, "round " + round);
      }
    }
  }

  /**
   * A ring view listener on one node blocks (as a component stopping its Kafka producer did): the
   * other nodes' groups must still synchronize, and the busy node's once it is done.
   */
  @Test
  void groupsConvergeWhileOneNodeIsBusyInARingViewListener() throws Exception {
    for (int busy : ALL) {
      CountDownLatch done = new CountDownLatch(1);
      try (GroupTestCluster c = new GroupTestCluster(3, TOKEN, false)) {
        List<Joined> joined = new CopyOnWriteArrayList<>();
        List<AutoCloseable> listeners = new ArrayList<>();
        for (int id : ALL) {
          Predicate<RingView> blocksOn = id == busy ? v -> v.members().equals(ALL) : v -> false;
          listeners.add(c.node(id).groups.addViewListener(v -> blockIf(blocksOn.test(v), done)));
        }
        SplittableRandom random = new SplittableRandom(busy * 7L);
        List<Runnable> actions = new ArrayList<>();
        for (int id : ALL) {
          actions.add(() -> c.start(id));
          for (String g : GROUPS) {
            actions.add(delayed(random.nextLong(300), () -> joined.add(join(c, id, g))));
          }
        }
        runAtOnce(actions);
        List<Integer> others = ALL.stream().filter(n -> n != busy).toList();
        awaitConverged(c, joined, others, ALL, "node " + busy + " busy in a ring view listener");
        done.countDown();
        awaitConverged(c, joined, ALL, ALL, "node " + busy + " done");
        for (AutoCloseable l : listeners) {
          l.close();
        }
      } finally {
        done.countDown();
      }
    }
  }

  /**
   * A third node merges into a ring of two while every node joins groups, and one of the two is
   * still busy in a group listener when the new ring is installed.
   */
  @Test
  void groupsJoinedWhileAThirdNodeMergesConvergeEvenWithABusyMember() throws Exception {
    for (int round = 1; round <= ROUNDS / 2; round++) {
      boolean withBusyMember = round % 2 == 1;
      CountDownLatch done = new CountDownLatch(1);
      try (GroupTestCluster c = new GroupTestCluster(3, TOKEN, false)) {
        List<Joined> joined = new CopyOnWriteArrayList<>();
        runAtOnce(
            List.of(
                () -> c.start(1),
                () -> c.start(2),
                () -> joined.add(join(c, 1, GROUPS.get(0))),
                () -> joined.add(join(c, 2, GROUPS.get(0)))));
        awaitConverged(c, joined, List.of(1, 2), List.of(1, 2), "round " + round + " with two");
        if (withBusyMember) {
          // Node 2's delivery thread is held up by the first view of this group (its own join).
          Recorder slow = new Recorder(false);
          c.node(2)
              .groups
              .join(
                  "slow",
                  new GroupListener() {
                    @Override
                    public void viewChanged(GroupView view) {
                      slow.viewChanged(view);
                      blockIf(slow.views.size() == 1, done);
                    }

                    @Override
                    public void deliver(int sender, byte[] message) {
                      slow.deliver(sender, message);
                    }
                  });
          await().atMost(WAIT).until(() -> !slow.views.isEmpty());
        }
        SplittableRandom random = new SplittableRandom(round * 31L);
        List<Runnable> actions = new ArrayList<>();
        actions.add(() -> c.start(3));
        for (String g : GROUPS) {
          actions.add(delayed(random.nextLong(300), () -> joined.add(join(c, 3, g))));
        }
        for (int id : List.of(1, 2)) {
          for (String g : GROUPS.subList(1, GROUPS.size())) {
            actions.add(delayed(random.nextLong(300), () -> joined.add(join(c, id, g))));
          }
        }
        runAtOnce(actions);
        String when = "round " + round + " after the merge";
        awaitConverged(c, joined, List.of(1, 3), ALL, when + (withBusyMember ? ", 2 busy" : ""));
        done.countDown();
        awaitConverged(c, joined, ALL, ALL, when);
      } finally {
        done.countDown();
      }
    }
  }

  private static Joined join(GroupTestCluster c, int node, String group) {
    Recorder r = new Recorder(false);
    return new Joined(node, group, c.node(node).groups.join(group, r), r);
  }

  /** Blocks the calling (delivery) thread until {@code done}, when {@code block}. */
  private static void blockIf(boolean block, CountDownLatch done) {
    if (!block) {
      return;
    }
    try {
      assertThat(done.await(60, TimeUnit.SECONDS)).as("the busy listener was released").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code action} after a pause of {@code millis}. */
  private Runnable delayed(long millis, Runnable action) {
    return () -> {
      try {
        // A pause, not a wait for a condition: the components of a node start at different times.
        assertThat(release.await(millis, TimeUnit.MILLISECONDS)).isFalse();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      action.run();
    };
  }

  /** Runs every action on its own pooled thread, all released at the same moment. */
  private void runAtOnce(List<Runnable> actions) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> tasks = new ArrayList<>();
    for (Runnable action : actions) {
      tasks.add(
          pool.submit(
              () -> {
                try {
                  if (!go.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the start signal did not come");
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
                action.run();
              }));
    }
    go.countDown();
    for (Future<?> f : tasks) {
      f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Waits until every node of {@code nodes} is in a ring of exactly {@code members}, the same one,
   * and every group joined on them shows exactly {@code members}; then checks their views.
   */
  private static void awaitConverged(
      GroupTestCluster c,
      List<Joined> joined,
      List<Integer> nodes,
      List<Integer> members,
      String when) {
    List<Joined> watched = joined.stream().filter(j -> nodes.contains(j.node())).toList();
    try {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> converged(c, watched, nodes, members));
    } catch (ConditionTimeoutException e) {
      c.logState();
      throw new AssertionError(
          when
              + ": the group views of nodes "
              + nodes
              + " did not converge: "
              + describe(c, joined),
          e);
    }
    RingId ring = c.node(nodes.get(0)).groups.currentView().ringId();
    for (Joined j : watched) {
      String what = when + ": views of " + j.group() + " on node " + j.node();
      GroupView first = j.recorder().views.get(0);
      assertThat(first.members()).as(what).contains(j.node());
      assertThat(first.joined()).as(what).contains(j.node());
      assertThat(j.recorder().views)
          .as(what)
          .allMatch(v -> v.group().equals(j.group()) && v.members().contains(j.node()))
          .extracting(GroupView::ringId)
          .isSortedAccordingTo(RingId::compareTo)
          .allMatch(id -> id.compareTo(ring) <= 0);
    }
  }

  private static boolean converged(
      GroupTestCluster c, List<Joined> joined, List<Integer> nodes, List<Integer> members) {
    RingView first = c.node(nodes.get(0)).groups.currentView();
    for (int id : nodes) {
      RingView v = c.node(id).groups.currentView();
      if (!v.members().equals(members) || !v.ringId().equals(first.ringId())) {
        return false;
      }
    }
    return joined.stream().allMatch(j -> j.recorder().members().equals(members));
  }

  private static String describe(GroupTestCluster c, List<Joined> joined) {
    Map<String, String> out = new TreeMap<>();
    for (Joined j : joined) {
      List<GroupView> views = j.recorder().views;
      GroupView last = views.isEmpty() ? null : views.get(views.size() - 1);
      out.put(
          "node " + j.node() + " " + j.group(),
          last == null ? "no view" : last.ringId() + " " + last.members());
    }
    StringBuilder s = new StringBuilder(out.toString());
    for (GroupTestCluster.Node n : c.nodes) {
      s.append("; node ")
          .append(n.id)
          .append(" in ")
          .append(n.groups.currentView().ringId())
          .append(' ')
          .append(n.groups.currentView().members())
          .append(", groups synced ")
          .append(n.groups.synced());
    }
    return s.toString();
  }
}
