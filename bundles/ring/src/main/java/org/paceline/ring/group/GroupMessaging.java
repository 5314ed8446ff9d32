package org.paceline.ring.group;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.paceline.api.ring.Group;
import org.paceline.api.ring.GroupChannel;
import org.paceline.api.ring.GroupListener;
import org.paceline.api.ring.GroupView;
import org.paceline.api.ring.MessageTooLargeException;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingView;
import org.paceline.ring.group.GroupWire.Announcement;
import org.paceline.ring.group.GroupWire.Kind;
import org.paceline.ring.group.GroupWire.MalformedChunkException;
import org.paceline.ring.layer.Counters;
import org.paceline.ring.srp.RingListener;
import org.paceline.ring.srp.SrpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process groups over the ring (like Corosync's CPG): fragments messages into ring chunks,
 * reassembles them, and keeps group membership in agreed order. See docs/design/groups.md for the
 * protocol.
 *
 * <p>Wiring, in two phases (the engine needs its listener, this needs the engine):
 *
 * <pre>
 * GroupMessaging groups = new GroupMessaging(counters);
 * SrpEngine engine = new SrpEngine(settings, groups, counters);
 * groups.attach(engine);              // before engine.start()
 * Layer.stack(engine, faults, crypto, transport);
 * transport.start(); engine.start();
 * // register groups as the GroupChannel service; on shutdown, in either order:
 * groups.close(); engine.close();
 * </pre>
 *
 * <p>Threads: {@link #deliver} and {@link #viewChanged} run on the engine's delivery thread, which
 * alone owns reassembly and membership state and calls every listener. Sends (messages, joins,
 * leaves) run on the caller's thread under one fair send lock, so one message's fragments are never
 * interleaved with another's from this node. As soon as the engine installs a new ring ({@link
 * #ringInstalled}, on the protocol thread), the thread {@code group-announce-<nodeId>} sends this
 * node's announcement for it: every member's group sync waits for every member's announcement, so
 * it must not wait for this node's delivery thread, which may still be busy in a listener.
 */
public final class GroupMessaging implements GroupChannel, RingListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupMessaging.class);

  /** The largest message {@link Group#send} accepts: 1 MiB. */
  public static final int MAX_MESSAGE = GroupWire.MAX_BODY;

  /** How long a send waits for room in the ring's queue before giving up. */
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);

  /** The most groups one node may be in at once (keeps an announcement well under 1 MiB). */
  static final int MAX_GROUPS = 1024;

  static final String MESSAGES_IGNORED = "group_messages_ignored";
  static final String STALE_ANNOUNCEMENTS = "group_stale_announcements";

  /** What {@link #attach} sets, once. */
  private record Attached(
      ChunkSender sender,
      int me,
      Reassembler reassembler,
      GroupMembership membership,
      RingViewListeners viewListeners,
      ThreadPoolExecutor announcer) {}

  private final Counters counters;
  private final long sendTimeoutMillis;
  private volatile Attached attached;
  private volatile boolean closed;

  // Sending side, guarded by sendLock.
  private final ReentrantLock sendLock = new ReentrantLock(true);
  private long nextMessageId;
  private long nextJoinId;
  private final Map<String, LocalGroup> joined = new TreeMap<>(); // JOIN sent, no LEAVE sent

  // Handed from joining threads to the delivery thread.
  private final Map<Long, LocalGroup> pendingJoins = new ConcurrentHashMap<>();

  /** The newest ring an announcement was scheduled for (rings only go up). */
  private final AtomicReference<RingId> announceFor = new AtomicReference<>();

  // Delivery thread only.
  private final Map<String, LocalGroup> active = new HashMap<>();
  private volatile RingView ringView;
  private volatile RingId syncedRing;

  /** A channel with the default send timeout (30 s). */
  public GroupMessaging(Counters counters) {
    this(counters, DEFAULT_SEND_TIMEOUT);
  }

  /**
   * @param counters where malformed chunks, discarded messages and listener failures are counted
   * @param sendTimeout how long a send may wait for room in the ring's queue
   */
  public GroupMessaging(Counters counters, Duration sendTimeout) {
    this.counters = Objects.requireNonNull(counters, "counters");
    this.sendTimeoutMillis = Math.max(1, sendTimeout.toMillis());
  }

  /** Sends through {@code engine}; call once, before {@code engine.start()}. */
  public void attach(SrpEngine engine) {
    attach(new SrpChunkSender(engine));
  }

  /** Sends through {@code sender}; call once, before the ring delivers anything. */
  public synchronized void attach(ChunkSender sender) {
    if (attached != null) {
      throw new IllegalStateException("group channel already attached to a ring");
    }
    int maxChunk = sender.maxChunk();
    if (maxChunk < GroupWire.MIN_CHUNK) {
      throw new IllegalArgumentException(
          "ring chunks of " + maxChunk + " bytes are smaller than " + GroupWire.MIN_CHUNK);
    }
    int me = sender.localNodeId();
    ThreadPoolExecutor announcer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(4),
            r -> {
              Thread t = new Thread(r, "group-announce-" + me);
              t.setDaemon(true);
              return t;
            },
            // Only the newest ring's announcement matters.
            new ThreadPoolExecutor.DiscardOldestPolicy());
    RingView view = sender.currentView();
    ringView = view;
    attached =
        new Attached(
            sender,
            me,
            new Reassembler(me, counters),
            new GroupMembership(view),
            new RingViewListeners(me, counters),
            announcer);
  }

  private Attached requireAttached() {
    Attached a = attached;
    if (a == null) {
      throw new IllegalStateException("group channel not attached to a ring yet");
    }
    return a;
  }

  // ------------------------------------------------------------------ GroupChannel

  @Override
  public int localNodeId() {
    return requireAttached().me();
  }

  /** The ring view delivered last (the one group views and messages now belong to). */
  @Override
  public RingView currentView() {
    requireAttached();
    return ringView;
  }

  @Override
  public int maxMessageSize() {
    return MAX_MESSAGE;
  }

  @Override
  public Group join(String name, GroupListener listener) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listener, "listener");
    GroupWire.nameBytes(name);
    Attached a = requireAttached();
    lockForSending(a, "join group " + name);
    try {
      requireOpen(a);
      if (joined.containsKey(name)) {
        throw new IllegalStateException("node " + a.me() + " already joined group " + name);
      }
      if (joined.size() >= MAX_GROUPS) {
        throw new IllegalStateException(
            "node " + a.me() + " is already in " + MAX_GROUPS + " groups");
      }
      LocalGroup g = new LocalGroup(this, name, ++nextJoinId, listener, a.me(), counters);
      pendingJoins.put(g.joinId(), g);
      try {
        submit(a, Kind.JOIN, name, GroupWire.joinBody(g.joinId()), "the join of group " + name);
      } catch (IllegalStateException e) {
        pendingJoins.remove(g.joinId());
        throw e;
      }
      joined.put(name, g);
      return g;
    } finally {
      sendLock.unlock();
    }
  }

  /**
   * Adds a ring view listener. It is called at once, on the calling thread, with the view delivered
   * last, then on the delivery thread with every later view; ring ids strictly increase.
   */
  @Override
  public AutoCloseable addViewListener(Consumer<RingView> listener) {
    return requireAttached().viewListeners().add(listener, () -> ringView);
  }

  /** Stops announcing and delivering (later deliveries of the engine are ignored). */
  @Override
  public void close() {
    closed = true;
    Attached a = attached;
    if (a != null) {
      a.announcer().shutdownNow();
      try {
        a.announcer().awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ------------------------------------------------------------------ sending

  void send(LocalGroup g, byte[] message) throws MessageTooLargeException {
    Objects.requireNonNull(message, "message");
    if (message.length > MAX_MESSAGE) {
      throw new MessageTooLargeException(message.length, MAX_MESSAGE);
    }
    Attached a = requireAttached();
    requireMember(a, g);
    lockForSending(a, "send to group " + g.name());
    try {
      requireOpen(a);
      requireMember(a, g);
      submit(
          a,
          Kind.DATA,
          g.name(),
          message,
          "a message of " + message.length + " bytes to group " + g.name());
    } finally {
      sendLock.unlock();
    }
  }

  void leave(LocalGroup g) {
    Attached a = requireAttached();
    g.markClosed();
    lockForSending(a, "leave group " + g.name());
    try {
      if (g.leaveSent()) {
        return;
      }
      if (!closed) {
        submit(a, Kind.LEAVE, g.name(), GroupWire.joinBody(g.joinId()), "the leave of " + g.name());
        LOG.debug("node {}: leaving group {}", a.me(), g.name());
      }
      g.leaveSent(true);
      joined.remove(g.name(), g);
    } finally {
      sendLock.unlock();
    }
  }

  private static void requireMember(Attached a, LocalGroup g) {
    if (g.isClosed()) {
      throw new IllegalStateException("node " + a.me() + " left group " + g.name());
    }
  }

  private void requireOpen(Attached a) {
    if (closed) {
      throw new IllegalStateException("group channel of node " + a.me() + " is closed");
    }
  }

  private void lockForSending(Attached a, String what) {
    try {
      if (sendLock.tryLock(sendTimeoutMillis, TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("node " + a.me() + ": interrupted before it could " + what);
    }
    throw new IllegalStateException(
        "node "
            + a.me()
            + ": could not "
            + what
            + ": other sends kept the ring busy for "
            + sendTimeoutMillis
            + " ms");
  }

  /** Submits every fragment of one message in order; the caller holds the send lock. */
  private void submit(Attached a, Kind kind, String group, byte[] body, String what) {
    List<byte[]> chunks =
        GroupWire.split(kind, ++nextMessageId, group, body, a.sender().maxChunk());
    for (int i = 0; i < chunks.size(); i++) {
      boolean queued;
      try {
        queued = a.sender().submit(chunks.get(i), sendTimeoutMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "node " + a.me() + ": interrupted while sending " + what + notSent(i, chunks), e);
      }
      if (!queued) {
        throw new IllegalStateException(
            "node "
                + a.me()
                + ": the ring's send queue stayed full for "
                + sendTimeoutMillis
                + " ms: "
                + what
                + notSent(i, chunks));
      }
    }
  }

  private static String notSent(int queued, List<byte[]> chunks) {
    return " was not sent ("
        + queued
        + " of "
        + chunks.size()
        + " fragments queued; receivers drop the partial message)";
  }

  /** Sends this node's groups for {@code ring}, retrying while the ring's queue is full. */
  private void announce(Attached a, RingId ring) {
    while (!closed && ring.equals(announceFor.get())) {
      try {
        lockForSending(a, "announce its groups");
      } catch (IllegalStateException e) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        LOG.warn("node {}: {}; retrying", a.me(), e.getMessage());
        continue;
      }
      try {
        if (!ring.equals(announceFor.get())) {
          return;
        }
        List<String> groups = List.copyOf(joined.keySet());
        submit(a, Kind.ANNOUNCE, null, GroupWire.announcement(ring, groups), "the announcement");
        LOG.debug("node {}: announced groups {} for ring {}", a.me(), groups, ring);
        return;
      } catch (IllegalStateException e) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        LOG.warn("node {}: {}; retrying", a.me(), e.getMessage());
      } finally {
        sendLock.unlock();
      }
    }
  }

  // ------------------------------------------------------------------ delivery thread

  @Override
  public void deliver(int sender, byte[] chunk) {
    Attached a = requireAttached();
    if (closed) {
      return;
    }
    Reassembler.Message m = a.reassembler().accept(sender, chunk);
    if (m == null) {
      return;
    }
    try {
      switch (m.kind()) {
        case DATA -> onData(m);
        case JOIN -> onJoin(a, m);
        case LEAVE -> onLeave(a, m);
        case ANNOUNCE -> onAnnounce(a, m);
      }
    } catch (MalformedChunkException e) {
      counters.inc(Reassembler.MALFORMED);
      LOG.debug("node {}: malformed {} from node {}: {}", a.me(), m.kind(), sender, e.getMessage());
    }
  }

  @Override
  public void viewChanged(RingView view) {
    Attached a = requireAttached();
    if (closed) {
      return;
    }
    // Normally announced already, from ringInstalled; if not (a sender that is not the engine),
    // announce before the view listeners run: they may take long, and every member's groups wait
    // for this node's announcement.
    scheduleAnnouncement(a, view.ringId());
    a.reassembler().retainSenders(view.members());
    List<GroupView> left = a.membership().ringChanged(view);
    ringView = view;
    a.viewListeners().publish(view);
    publish(left);
  }

  /**
   * The engine installed a new ring (protocol thread): announces this node's groups for it at once,
   * whatever the delivery thread is busy with.
   */
  @Override
  public void ringInstalled(RingView view) {
    Attached a = attached;
    if (a == null || closed) {
      return;
    }
    scheduleAnnouncement(a, view.ringId());
  }

  /** Hands the announcement for {@code ring} to the announcer, unless one for it or later was. */
  private void scheduleAnnouncement(Attached a, RingId ring) {
    RingId before =
        announceFor.getAndAccumulate(
            ring, (now, r) -> now == null || r.compareTo(now) > 0 ? r : now);
    if (before != null && ring.compareTo(before) <= 0) {
      return;
    }
    a.announcer().execute(() -> announce(a, ring));
  }

  private void onData(Reassembler.Message m) {
    LocalGroup g = active.get(m.group());
    if (g == null || g.isClosed()) {
      counters.inc(MESSAGES_IGNORED);
      return;
    }
    g.deliver(m.sender(), m.body());
  }

  private void onJoin(Attached a, Reassembler.Message m) throws MalformedChunkException {
    long joinId = GroupWire.parseJoinBody(m.body());
    List<GroupView> views = a.membership().joined(m.sender(), m.group());
    if (m.sender() == a.me()) {
      LocalGroup g = pendingJoins.remove(joinId);
      if (g != null && !g.isClosed()) {
        active.put(m.group(), g);
        if (views.isEmpty()) {
          views = List.of(a.membership().current(m.group(), a.me()));
        }
        LOG.info(
            "node {}: joined group {} in ring {}: members {}",
            a.me(),
            m.group(),
            a.membership().ring().ringId(),
            a.membership().members(m.group()));
      }
    }
    publish(views);
  }

  private void onLeave(Attached a, Reassembler.Message m) throws MalformedChunkException {
    long joinId = GroupWire.parseJoinBody(m.body());
    if (m.sender() == a.me()) {
      LocalGroup g = active.get(m.group());
      if (g != null && g.joinId() == joinId) {
        active.remove(m.group());
        LOG.info("node {}: left group {}", a.me(), m.group());
      }
    }
    publish(a.membership().left(m.sender(), m.group()));
  }

  private void onAnnounce(Attached a, Reassembler.Message m) throws MalformedChunkException {
    Announcement ann = GroupWire.parseAnnouncement(m.body());
    GroupMembership membership = a.membership();
    if (!membership.awaits(m.sender(), ann.ring())) {
      counters.inc(STALE_ANNOUNCEMENTS);
      LOG.debug(
          "node {}: ignoring announcement of node {} for ring {} in ring {}",
          a.me(),
          m.sender(),
          ann.ring(),
          membership.ring().ringId());
      return;
    }
    List<GroupView> views = membership.announced(m.sender(), ann.groups());
    if (!membership.syncing()) {
      syncedRing = membership.ring().ringId();
      LOG.debug(
          "node {}: groups synchronized in ring {}; {} group views changed",
          a.me(),
          membership.ring().ringId(),
          views.size());
    }
    publish(views);
  }

  private void publish(List<GroupView> views) {
    for (GroupView v : views) {
      LocalGroup g = active.get(v.group());
      if (g != null) {
        g.viewChanged(v);
      }
    }
  }

  /**
   * Whether the groups are synchronized for the ring view delivered last (every member's
   * announcement delivered); for status and tests.
   */
  boolean synced() {
    RingView view = ringView;
    return view != null && view.ringId().equals(syncedRing);
  }

  /** The senders with an unfinished message at this node (racy; for status and tests). */
  Set<Integer> partialSenders() {
    return requireAttached().reassembler().partialSenders();
  }
}
