package org.paceline.ring.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;
import org.paceline.ring.layer.Counters;

/**
 * An in-memory stand-in for the ring: one thread delivers every submitted chunk and every view, in
 * one order, to the group channels of the nodes in the current view. Chunks are small so that
 * messages split into many fragments.
 */
final class FakeRing implements AutoCloseable {

  static final int MAX_CHUNK = GroupWire.MIN_CHUNK + 20;

  /** One node: its channel and what it submitted. */
  final class Endpoint implements ChunkSender {
    final int id;
    final Counters counters = new Counters();
    final GroupMessaging groups;
    final AtomicInteger submitted = new AtomicInteger();
    volatile boolean full;
    volatile RingView view;

    Endpoint(int id) {
      this.id = id;
      this.view = new RingView(new RingId(0, id), List.of(id), List.of(), List.of());
      this.groups = new GroupMessaging(counters, Duration.ofMillis(200));
    }

    @Override
    public boolean submit(byte[] chunk, long timeoutMillis) {
      if (full) {
        return false;
      }
      submitted.incrementAndGet();
      tasks.add(() -> deliverToAll(id, chunk));
      return true;
    }

    @Override
    public int maxChunk() {
      return MAX_CHUNK;
    }

    @Override
    public int localNodeId() {
      return id;
    }

    @Override
    public RingView currentView() {
      return view;
    }
  }

  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private final Map<Integer, Endpoint> endpoints = new TreeMap<>();
  private final Thread dispatcher;
  private volatile boolean running = true;
  private List<Integer> members = List.of(); // dispatcher thread only
  private long seq;

  FakeRing(int n) {
    for (int id = 1; id <= n; id++) {
      Endpoint e = new Endpoint(id);
      e.groups.attach(e);
      endpoints.put(id, e);
    }
    dispatcher = new Thread(this::run, "fake-ring");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  Endpoint node(int id) {
    return endpoints.get(id);
  }

  private void run() {
    while (running) {
      try {
        Runnable r = tasks.poll(100, TimeUnit.MILLISECONDS);
        if (r != null) {
          r.run();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void deliverToAll(int sender, byte[] chunk) {
    if (members.contains(sender)) {
      for (int n : members) {
        Endpoint e = endpoints.get(n);
        if (e != null) {
          e.groups.deliver(sender, chunk);
        }
      }
    }
  }

  /**
   * Installs a view of {@code newMembers} (ascending) after everything submitted so far. Members
   * above the ring's size are phantoms: they never announce, so the groups never synchronize.
   */
  void install(List<Integer> newMembers) {
    tasks.add(
        () -> {
          RingId id = new RingId(++seq, newMembers.get(0));
          members = List.copyOf(newMembers);
          for (int n : newMembers) {
            Endpoint e = endpoints.get(n);
            if (e == null) {
              continue; // a phantom member: in the view, but never sends nor receives
            }
            List<Integer> before = e.view.members();
            RingView v =
                new RingView(
                    id,
                    newMembers,
                    newMembers.stream().filter(m -> !before.contains(m)).toList(),
                    before.stream().filter(m -> !newMembers.contains(m)).toList());
            e.view = v;
            e.groups.viewChanged(v);
          }
        });
  }

  /** Hands {@code chunk} from {@code sender} to {@code node}'s channel directly, in order. */
  void inject(int node, int sender, byte[] chunk) {
    tasks.add(() -> endpoints.get(node).groups.deliver(sender, chunk));
  }

  /** Waits until everything queued so far was delivered. */
  void drain() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    tasks.add(done::countDown);
    if (!done.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("fake ring stuck");
    }
  }

  @Override
  public void close() {
    running = false;
    List<Endpoint> all = new ArrayList<>(endpoints.values());
    all.forEach(e -> e.groups.close());
  }
}
