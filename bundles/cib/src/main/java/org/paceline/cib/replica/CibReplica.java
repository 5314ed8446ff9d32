package org.paceline.cib.replica;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.paceline.api.ring.Group;
import org.paceline.api.ring.GroupChannel;
import org.paceline.api.ring.GroupListener;
import org.paceline.api.ring.GroupView;
import org.paceline.api.ring.MessageTooLargeException;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Versions;
import org.paceline.cib.replica.ReplicaMessage.Change;
import org.paceline.cib.replica.ReplicaMessage.Offer;
import org.paceline.cib.replica.ReplicaMessage.RoundKey;
import org.paceline.cib.replica.ReplicaMessage.SnapshotChunk;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibChangeException;
import org.paceline.cib.service.CibListener;
import org.paceline.cib.service.CibService;
import org.paceline.cib.service.ReplicaStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's replica of the CIB: a replicated state machine over a ring group.
 *
 * <p>Changes: {@link #propose} sends a change into the group; every member applies it when the ring
 * delivers it, in the same agreed order, with the same {@link ChangeApplier}, so all replicas stay
 * identical. The proposer's future completes when its own replica has applied it.
 *
 * <p>Sync: every group view change opens a round. Each member offers the version and digest it had
 * at the view change; once all offers are delivered (at the same point of the order on every
 * member) the highest version wins (ties: the lowest node id). When some member differs, the winner
 * sends its CIB as of that point; members that differ buffer later changes, adopt the winner's CIB
 * and replay the buffer. A joining node with an older or empty CIB so catches up, and after a
 * partition heals the side with the highest version wins.
 *
 * <p>Threads: {@link #deliver} and {@link #viewChanged} run on the ring's delivery thread, which
 * alone owns the round state; sends go through one named sender thread so the delivery thread never
 * blocks on the ring's send queue. {@link #current()} is safe from any thread.
 */
public final class CibReplica implements GroupListener, CibService, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CibReplica.class);

  /** Size of one snapshot chunk, well under the group's 1 MiB message limit. */
  static final int CHUNK = 512 * 1024;

  /** Where the round stands. */
  private enum Phase {
    /** Agrees with the partition. */
    SYNCED,
    /** Waiting for every member's offer. */
    OFFERING,
    /** Lost the round with a different CIB: buffering changes until the winner's CIB arrives. */
    AWAITING_SNAPSHOT
  }

  private final String me;
  private final CibCodec codec;
  private final ReplicaWire wire;
  private final ChangeApplier applier;
  private final BooleanSupplier quorate;
  private final Consumer<Cib> persister;
  private final List<CibListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<Long, CompletableFuture<Cib>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextRequest = new AtomicLong(1);
  private final ExecutorService sender;

  private volatile Cib cib;
  private final CompletableFuture<Group> joined = new CompletableFuture<>();
  private volatile int localNodeId = -1;
  private volatile boolean closed;

  // Delivery thread only.
  private Phase phase = Phase.SYNCED;
  private RoundKey round;
  private final Map<Integer, Offer> offers = new TreeMap<>();
  private int winner = -1;
  private byte[][] chunks;
  private final List<Change> buffered = new ArrayList<>();
  private volatile List<Integer> members = List.of();
  private volatile boolean synced;

  // Digest cache: the digest of the Cib instance it was computed for.
  private Cib digested;
  private byte[] digest;

  /**
   * @param name how log lines name this replica (the node name)
   * @param initial the CIB loaded from disk, or {@link Cib#EMPTY}
   * @param quorate whether this partition has quorum now
   * @param persister called with every new CIB, on the delivery thread: must hand off quickly
   */
  public CibReplica(
      String name,
      Cib initial,
      CibCodec codec,
      ChangeApplier applier,
      BooleanSupplier quorate,
      Consumer<Cib> persister) {
    this.me = Objects.requireNonNull(name, "name");
    this.cib = Objects.requireNonNull(initial, "initial");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.wire = new ReplicaWire(codec);
    this.applier = Objects.requireNonNull(applier, "applier");
    this.quorate = Objects.requireNonNull(quorate, "quorate");
    this.persister = Objects.requireNonNull(persister, "persister");
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "cib-send-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Joins group {@code name} on {@code channel}; call once. */
  public void connect(GroupChannel channel, String name) {
    localNodeId = channel.localNodeId();
    joined.complete(channel.join(name, this));
  }

  @Override
  public Cib current() {
    return cib;
  }

  @Override
  public ReplicaStatus status() {
    Cib now = cib;
    return new ReplicaStatus(
        synced, now.versions(), HexFormat.of().formatHex(digestOf(now)), members);
  }

  @Override
  public Cib preview(CibChange change) throws CibChangeException {
    return applier.apply(cib, Objects.requireNonNull(change, "change"));
  }

  @Override
  public AutoCloseable addListener(CibListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  @Override
  public CompletableFuture<Cib> propose(CibChange change, boolean force) {
    Objects.requireNonNull(change, "change");
    if (closed || !joined.isDone()) {
      return CompletableFuture.failedFuture(
          new CibChangeException("the CIB replica on " + me + " is not connected to the ring"));
    }
    if (change.editsConfiguration() && !force && !quorate.getAsBoolean()) {
      return CompletableFuture.failedFuture(
          new CibChangeException(
              "this partition has no quorum, so configuration changes are refused (they could be"
                  + " lost when the partitions merge); use --force to apply it anyway"));
    }
    long request = nextRequest.getAndIncrement();
    CompletableFuture<Cib> answer = new CompletableFuture<>();
    pending.put(request, answer);
    byte[] bytes = wire.encode(new Change(localNodeId, request, change));
    sender.execute(() -> send(bytes, request));
    return answer;
  }

  private void send(byte[] bytes, long request) {
    try {
      if (closed) {
        throw new IllegalStateException("the CIB replica on " + me + " is closed");
      }
      joined.get(30, TimeUnit.SECONDS).send(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(request, e);
    } catch (ExecutionException
        | TimeoutException
        | MessageTooLargeException
        | RuntimeException e) {
      fail(request, e);
    }
  }

  private void fail(long request, Exception e) {
    CompletableFuture<Cib> answer = request == 0 ? null : pending.remove(request);
    if (answer != null) {
      answer.completeExceptionally(
          new CibChangeException("could not send the change: " + e.getMessage(), e));
    } else {
      LOG.warn("{}: could not send a cib message: {}", me, e.toString());
    }
  }

  // ------------------------------------------------------------------ delivery thread

  @Override
  public void viewChanged(GroupView view) {
    if (!view.members().contains(localNodeId)) {
      return;
    }
    if (phase == Phase.AWAITING_SNAPSHOT) {
      // The winner's CIB never came; keep ours, with the changes since, and offer again.
      LOG.info("{}: round {} ended before the winner's CIB arrived", me, round);
      replayBuffered();
    }
    round = new RoundKey(view.ringId(), view.members());
    members = view.members();
    offers.clear();
    chunks = null;
    winner = -1;
    phase = Phase.OFFERING;
    synced = false;
    Cib now = cib;
    byte[] bytes = wire.encode(new Offer(round, now.versions(), digestOf(now)));
    LOG.debug("{}: sync round {} opens at {}", me, round, now.versions());
    sender.execute(() -> send(bytes, 0));
  }

  @Override
  public void deliver(int from, byte[] message) {
    ReplicaMessage m;
    try {
      m = wire.decode(message);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: dropped a malformed cib message from node {}: {}", me, from, e.getMessage());
      return;
    }
    if (m instanceof Change c) {
      if (c.origin() != from) {
        LOG.warn("{}: dropped a change from node {} claiming origin {}", me, from, c.origin());
      } else if (phase == Phase.AWAITING_SNAPSHOT) {
        buffered.add(c);
      } else {
        apply(c);
      }
    } else if (m instanceof Offer o) {
      onOffer(from, o);
    } else if (m instanceof SnapshotChunk s) {
      onChunk(from, s);
    }
  }

  private void onOffer(int from, Offer o) {
    if (phase != Phase.OFFERING || !o.round().equals(round) || !round.members().contains(from)) {
      return;
    }
    offers.put(from, o);
    if (offers.size() < round.members().size()) {
      return;
    }
    Versions best = null;
    for (Map.Entry<Integer, Offer> e : offers.entrySet()) {
      if (best == null || e.getValue().versions().compareTo(best) > 0) {
        best = e.getValue().versions();
        winner = e.getKey();
      }
    }
    byte[] winning = offers.get(winner).digest();
    boolean allSame = offers.values().stream().allMatch(x -> Arrays.equals(x.digest(), winning));
    Offer mine = offers.get(localNodeId);
    if (winner == localNodeId) {
      if (!allSame) {
        Cib snapshot = cib;
        RoundKey key = round;
        LOG.info(
            "{}: won sync round {} with {}; sending the CIB to the members that differ",
            me,
            key,
            snapshot.versions());
        sender.execute(() -> sendSnapshot(key, snapshot));
      }
      markSynced();
    } else if (Arrays.equals(mine.digest(), winning)) {
      markSynced();
    } else {
      LOG.info(
          "{}: sync round {}: node {} has {} (here {}); adopting its CIB",
          me,
          round,
          winner,
          best,
          mine.versions());
      phase = Phase.AWAITING_SNAPSHOT;
    }
  }

  private void markSynced() {
    phase = Phase.SYNCED;
    synced = true;
    LOG.debug("{}: in sync for round {} at {}", me, round, cib.versions());
  }

  private void sendSnapshot(RoundKey key, Cib snapshot) {
    byte[] compressed = gzip(codec.encode(snapshot));
    int count = Math.max(1, (compressed.length + CHUNK - 1) / CHUNK);
    for (int i = 0; i < count; i++) {
      int from = i * CHUNK;
      byte[] part = Arrays.copyOfRange(compressed, from, Math.min(compressed.length, from + CHUNK));
      send(wire.encode(new SnapshotChunk(key, i, count, part)), 0);
    }
  }

  private void onChunk(int from, SnapshotChunk s) {
    if (phase != Phase.AWAITING_SNAPSHOT || !s.round().equals(round) || from != winner) {
      return;
    }
    if (chunks == null || chunks.length != s.count()) {
      chunks = new byte[s.count()][];
    }
    chunks[s.index()] = s.data();
    for (byte[] c : chunks) {
      if (c == null) {
        return;
      }
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] c : chunks) {
      all.writeBytes(c);
    }
    chunks = null;
    Cib adopted;
    try {
      adopted = codec.decode(gunzip(all.toByteArray()));
    } catch (IOException | RuntimeException e) {
      LOG.error(
          "{}: the CIB node {} sent in round {} is unreadable; keeping ours: {}",
          me,
          from,
          round,
          e.getMessage());
      replayBuffered();
      markSynced();
      return;
    }
    Cib before = cib;
    cib = adopted;
    LOG.info(
        "{}: adopted node {}'s CIB {} (was {})", me, from, adopted.versions(), before.versions());
    published(before, adopted, null);
    replayBuffered();
    markSynced();
  }

  private void replayBuffered() {
    List<Change> replay = new ArrayList<>(buffered);
    buffered.clear();
    for (Change c : replay) {
      apply(c);
    }
  }

  private void apply(Change c) {
    Cib before = cib;
    CompletableFuture<Cib> answer = c.origin() == localNodeId ? pending.remove(c.request()) : null;
    Cib after;
    try {
      Cib applied = applier.apply(before, c.change());
      if (applied == before) {
        complete(answer, before);
        return;
      }
      Versions v =
          c.change().editsConfiguration()
              ? before.versions().nextEpoch()
              : before.versions().nextUpdate();
      after = new Cib(applied.configuration(), applied.status(), v);
    } catch (CibChangeException e) {
      LOG.info(
          "{}: refused {} from node {}: {}", me, c.change().describe(), c.origin(), e.getMessage());
      if (answer != null) {
        answer.completeExceptionally(e);
      }
      return;
    } catch (RuntimeException e) {
      LOG.error("{}: applying {} failed", me, c.change().describe(), e);
      if (answer != null) {
        answer.completeExceptionally(
            new CibChangeException("the change could not be applied: " + e, e));
      }
      return;
    }
    cib = after;
    published(before, after, c.change());
    complete(answer, after);
  }

  private static void complete(CompletableFuture<Cib> answer, Cib value) {
    if (answer != null) {
      answer.complete(value);
    }
  }

  private void published(Cib before, Cib after, CibChange cause) {
    try {
      persister.accept(after);
    } catch (RuntimeException e) {
      LOG.error("{}: could not hand the CIB {} to storage", me, after.versions(), e);
    }
    for (CibListener l : listeners) {
      try {
        l.changed(before, after, cause);
      } catch (RuntimeException e) {
        LOG.warn("{}: a CIB listener failed", me, e);
      }
    }
  }

  private byte[] digestOf(Cib c) {
    synchronized (this) {
      if (c != digested) {
        try {
          digest = MessageDigest.getInstance("SHA-256").digest(codec.encode(c));
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("SHA-256 is missing", e);
        }
        digested = c;
      }
      return digest.clone();
    }
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 8));
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] data) throws IOException {
    try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return z.readAllBytes();
    }
  }

  /** Leaves the group and fails proposals still waiting for their answer. */
  @Override
  public void close() {
    closed = true;
    Group g = joined.getNow(null);
    if (g != null) {
      g.close();
    }
    sender.shutdown();
    try {
      if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      sender.shutdownNow();
      Thread.currentThread().interrupt();
    }
    for (CompletableFuture<Cib> f : pending.values()) {
      f.completeExceptionally(new CibChangeException("the CIB replica on " + me + " closed"));
    }
    pending.clear();
  }

  /** How long callers should wait for an answer before giving up; for the service layer. */
  public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(30);
}
