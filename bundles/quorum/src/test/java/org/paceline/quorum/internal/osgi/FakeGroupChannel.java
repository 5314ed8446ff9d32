package org.paceline.quorum.internal.osgi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.paceline.api.ring.Group;
import org.paceline.api.ring.GroupChannel;
import org.paceline.api.ring.GroupListener;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;

/** A ring that delivers the views a test hands it, on the test's thread. */
final class FakeGroupChannel implements GroupChannel {

  private final int localNodeId;
  private final List<Consumer<RingView>> listeners = new CopyOnWriteArrayList<>();
  private volatile RingView current;
  private long seq;

  FakeGroupChannel(int localNodeId) {
    this.localNodeId = localNodeId;
    this.current =
        new RingView(new RingId(0, localNodeId), List.of(localNodeId), List.of(), List.of());
  }

  /** Delivers the next view with these members to every view listener. */
  synchronized RingView deliver(Integer... members) {
    List<Integer> now = List.of(members);
    List<Integer> joined = now.stream().filter(m -> !current.contains(m)).toList();
    List<Integer> left = current.members().stream().filter(m -> !now.contains(m)).toList();
    current = new RingView(new RingId(++seq, members[0]), now, joined, left);
    listeners.forEach(l -> l.accept(current));
    return current;
  }

  int viewListenerCount() {
    return listeners.size();
  }

  @Override
  public int localNodeId() {
    return localNodeId;
  }

  @Override
  public RingView currentView() {
    return current;
  }

  @Override
  public int maxMessageSize() {
    return 1 << 20;
  }

  @Override
  public Group join(String name, GroupListener listener) {
    throw new UnsupportedOperationException("the quorum service joins no group");
  }

  @Override
  public synchronized AutoCloseable addViewListener(Consumer<RingView> listener) {
    listeners.add(listener);
    listener.accept(current);
    return () -> listeners.remove(listener);
  }
}
