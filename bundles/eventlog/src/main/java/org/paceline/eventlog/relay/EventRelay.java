package org.paceline.eventlog.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.paceline.api.ring.Group;
import org.paceline.api.ring.GroupListener;
import org.paceline.api.ring.GroupView;
import org.paceline.api.ring.MessageTooLargeException;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.EventFormatException;
import org.paceline.eventlog.EventNumbering;
import org.paceline.eventlog.EventPayload;
import org.paceline.eventlog.journal.DraftJournal;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.journal.JournalRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated state machine that numbers events: every node is a member of the ring group
 * {@value #GROUP}; a node's own events are drafts ({@link DraftJournal}) it multicasts there, and
 * every member numbers the drafts it delivers, in the ring's agreed order, with {@link
 * EventNumbering} and journals the result. All members of a view deliver the same drafts in the
 * same order from the same numbering state, so they hand out the same numbers.
 *
 * <p>After each view change every member multicasts its numbering state and whether its partition
 * has a majority of the expected votes; once the states of all members are delivered, each member
 * merges them (the highest {@code lastSeq} wins, per node the highest draft id), the member with
 * the most events sends the events the others lack, and numbering resumes, but only if every member
 * said its partition is quorate: a partition without quorum numbers nothing, so two partitions
 * never hand out the same number. Its drafts wait in the origin's draft journal and are proposed
 * again in the next quorate view (a draft numbered already is skipped by id).
 *
 * <p>A draft is numbered only right after its origin's previous one, so a draft lost with a view
 * change is never overtaken: the origin proposes again from the first one not numbered.
 *
 * <p>Drafts are proposed by a proposer thread, which sends every draft added since its last round
 * in as few messages as fit: at a high rate of events one ring message carries many drafts, at a
 * low one each draft goes out as soon as it is added.
 *
 * <p>Thread-safe: the group's delivery thread and any thread calling {@link #emit}.
 */
public final class EventRelay implements GroupListener, AutoCloseable {

  /** The ring group the relay uses. */
  public static final String GROUP = "events";

  private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 64;

  private final String cluster;
  private final String me;
  private final int myId;
  private final EventJournal journal;
  private final DraftJournal drafts;
  private final NumberingStore store;
  private final Function<GroupView, Optional<Boolean>> quorate;
  private final Clock clock;
  private final EventCodec codec = new EventCodec();

  private Group group;
  private int maxMessage = 60_000;
  private EventNumbering numbering;
  private GroupView view;
  private final Map<Integer, State> states = new TreeMap<>();
  private boolean synced;
  private boolean stateDue;
  private boolean numbers;
  private long proposedUpTo;

  /**
   * Whether this node's last proposal (the drafts up to {@link #proposedUpTo}) is still on its way
   * round the ring: the next round waits for its delivery, so the drafts added meanwhile go out
   * together (one message per ring round trip at a high rate of events, none held at a low one).
   */
  private boolean awaitingOwn;

  private boolean closed;

  /** While the donor's events are on their way: the events numbered here meanwhile, in order. */
  private boolean catchingUp;

  private final List<JournalRecord> heldBack = new ArrayList<>();

  /** The cluster's name as a JSON string, for the events {@link RawDrafts} writes. */
  private final byte[] clusterJson;

  /**
   * The journal's writer: appends and saves of the numbering state run here, in order, never on the
   * ring's delivery thread (which the CIB and the controller share: a failover must not wait for
   * this node's disk). {@link #have} is the last seq handed to it.
   */
  private final ExecutorService writer;

  /** Proposes the drafts {@link #emit} added; {@link #proposalDue} while a round is queued. */
  private final ExecutorService proposer;

  private final AtomicBoolean proposalDue = new AtomicBoolean();

  private long have;
  private volatile EventNumbering toSave;
  private EventNumbering saved;

  private record State(EventNumbering numbering, long have, boolean quorate) {}

  /**
   * @param cluster the cluster's name
   * @param me this node's name
   * @param myId its node id
   * @param journal the numbered events (appended to here)
   * @param drafts this node's drafts
   * @param store where the numbering state survives restarts (closed with the relay)
   * @param quorate for a view of the group, whether its members hold a strict majority of the
   *     expected votes in a ring that has quorum, or empty while the quorum of the view's ring is
   *     not known yet (then {@link #quorumChanged} is called when it is). It must look at the
   *     group's members, not the ring's: a node joins the group a moment after the ring, alone in a
   *     group view of a quorate ring, and must not number events there.
   */
  public EventRelay(
      String cluster,
      String me,
      int myId,
      EventJournal journal,
      DraftJournal drafts,
      NumberingStore store,
      Function<GroupView, Optional<Boolean>> quorate,
      Clock clock)
      throws IOException {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.clusterJson = RawDrafts.quoted(cluster);
    this.me = Objects.requireNonNull(me, "me");
    this.myId = myId;
    this.journal = Objects.requireNonNull(journal, "journal");
    this.drafts = Objects.requireNonNull(drafts, "drafts");
    this.store = Objects.requireNonNull(store, "store");
    this.quorate = Objects.requireNonNull(quorate, "quorate");
    this.clock = Objects.requireNonNull(clock, "clock");
    EventNumbering stored = store.load();
    // The journal may be ahead of the stored state (a crash between the two writes): the
    // journal's last seq is what this node holds.
    this.numbering =
        stored.lastSeq() >= journal.lastSeq()
            ? stored
            : new EventNumbering(journal.lastSeq(), stored.lastDraft());
    this.have = journal.lastSeq();
    this.saved = stored;
    this.writer = singleThread("eventlog-journal-" + me);
    this.proposer = singleThread("eventlog-propose-" + me);
  }

  private static ExecutorService singleThread(String name) {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Appends {@code events} (encoded, key = seq, numbered, in order, above {@link #have}) on the
   * writer thread.
   */
  private void append(List<JournalRecord> events) {
    have = events.get(events.size() - 1).key();
    List<JournalRecord> copy = List.copyOf(events);
    writer.execute(
        () -> {
          try {
            journal.appendEncoded(copy);
          } catch (IOException | RuntimeException e) {
            LOG.error(
                "{}: events: could not journal {}..{}: {}",
                me,
                copy.get(0).key(),
                copy.get(copy.size() - 1).key(),
                e.toString());
          }
        });
  }

  /** Saves the numbering state on the writer thread (the newest one, once per burst). */
  private void save(EventNumbering n) {
    toSave = n;
    writer.execute(
        () -> {
          EventNumbering latest = toSave;
          if (latest == null || latest.equals(saved)) {
            return;
          }
          try {
            store.save(latest);
            saved = latest;
          } catch (IOException | RuntimeException e) {
            LOG.error("{}: events: could not save the numbering state: {}", me, e.toString());
          }
        });
  }

  /** Waits until everything handed to the writer is on disk (tests, close). */
  public void flush(java.time.Duration timeout) throws InterruptedException {
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    try {
      writer.execute(done::countDown);
    } catch (RejectedExecutionException e) {
      return;
    }
    done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts relaying through {@code g} (the group this relay listens to), at most this large. */
  public synchronized void attach(Group g, int maxMessageSize) {
    this.group = g;
    this.maxMessage = Math.max(1024, maxMessageSize);
    if (stateDue && view != null) {
      sendState();
    }
  }

  /**
   * Records an event this node originated: a draft, written to the draft journal and proposed for
   * numbering by the proposer thread (at once while the partition numbers, else when a view that
   * numbers comes).
   */
  public void emit(EventPayload payload) throws IOException {
    drafts.add(clock.instant(), payload);
    scheduleProposal();
  }

  /** Makes sure a proposer round runs after this call (one queued round serves many calls). */
  private void scheduleProposal() {
    if (proposalDue.compareAndSet(false, true)) {
      try {
        proposer.execute(this::proposeRound);
      } catch (RejectedExecutionException e) {
        proposalDue.set(false); // closed: the drafts are written at close, proposed after a start
      }
    }
  }

  /**
   * One round of the proposer: writes the drafts added so far to the draft journal (also in a
   * partition that does not number: they must survive a restart) and, if the view numbers, proposes
   * them. What is added later gets its own round.
   */
  private void proposeRound() {
    proposalDue.set(false);
    try {
      drafts.flush();
    } catch (IOException | RuntimeException e) {
      LOG.error("{}: events: could not write drafts (they wait in memory): {}", me, e.toString());
      return;
    }
    synchronized (this) {
      if (!numbers || closed) {
        return; // proposed when the next view that numbers is synced
      }
      if (awaitingOwn) {
        return; // proposed when the last proposal is delivered
      }
      long before = proposedUpTo;
      try {
        proposePending();
      } catch (IOException | RuntimeException e) {
        LOG.error("{}: events: could not propose drafts: {}", me, e.toString());
      }
      awaitingOwn = proposedUpTo > before;
    }
  }

  /** The numbering state (for status and tests). */
  public synchronized EventNumbering numbering() {
    return numbering;
  }

  /** Whether the current view numbers events (all states in, every member quorate). */
  public synchronized boolean numbersEvents() {
    return numbers;
  }

  /** How many of this node's drafts wait for a number. */
  public synchronized long pendingDrafts() {
    return Math.max(0, drafts.lastDraftId() - numbering.lastDraftOf(me));
  }

  // ------------------------------------------------------------------ group listener

  @Override
  public synchronized void viewChanged(GroupView v) {
    if (closed) {
      return;
    }
    view = v;
    states.clear();
    synced = false;
    numbers = false;
    awaitingOwn = false; // a proposal in flight may be lost: proposed again once synced
    catchingUp = false;
    heldBack.clear(); // the donor of the next view sends them
    stateDue = true;
    sendState();
  }

  /** The quorum service has news: the state of the current view may be sent now. */
  public synchronized void quorumChanged() {
    if (!closed && stateDue) {
      sendState();
    }
  }

  private void sendState() {
    Optional<Boolean> q = quorate.apply(view);
    if (q.isEmpty()) {
      LOG.debug(
          "{}: events: quorum of view {} {} not known yet", me, view.ringId(), view.members());
      return;
    }
    ObjectNode m = JSON.createObjectNode();
    m.put("t", "state");
    m.put("ring", viewKey(view));
    m.put("lastSeq", numbering.lastSeq());
    m.put("have", have);
    ObjectNode last = m.putObject("lastDraft");
    numbering.lastDraft().forEach(last::put);
    m.put("quorate", q.get());
    if (send(m)) {
      stateDue = false;
    }
  }

  @Override
  public synchronized void deliver(int sender, byte[] message) {
    if (closed) {
      return;
    }
    try {
      List<RawDrafts.Draft> drafts = RawDrafts.parse(message);
      if (drafts != null) {
        onDrafts(sender, drafts);
        return;
      }
    } catch (EventFormatException e) {
      LOG.warn("{}: events: dropped bad drafts from node {}: {}", me, sender, e.getMessage());
      return;
    }
    JsonNode m;
    try {
      m = JSON.readTree(message);
    } catch (IOException e) {
      LOG.warn(
          "{}: events: dropped a malformed message from node {}: {}", me, sender, e.toString());
      return;
    }
    try {
      switch (m.path("t").asText()) {
        case "state" -> onState(sender, m);
        case "events" -> onEvents(m);
        default ->
            LOG.warn(
                "{}: events: dropped a message of unknown kind '{}' from node {}",
                me,
                m.path("t").asText(),
                sender);
      }
    } catch (EventFormatException | IllegalArgumentException e) {
      LOG.warn("{}: events: dropped a bad message from node {}: {}", me, sender, e.getMessage());
    } catch (IOException e) {
      LOG.error("{}: events: the journal failed: {}", me, e.toString(), e);
    }
  }

  private void onState(int sender, JsonNode m) throws IOException {
    if (view == null
        || !view.members().contains(sender)
        || !viewKey(view).equals(m.path("ring").asText())) {
      return; // a state of an earlier view (of the ring, or of the group within the same ring)
    }
    Map<String, Long> last = new TreeMap<>();
    m.path("lastDraft").properties().forEach(e -> last.put(e.getKey(), e.getValue().asLong()));
    states.put(
        sender,
        new State(
            new EventNumbering(m.path("lastSeq").asLong(), last),
            m.path("have").asLong(),
            m.path("quorate").asBoolean()));
    if (synced || !states.keySet().containsAll(view.members())) {
      return;
    }
    synced = true;
    EventNumbering merged = numbering;
    boolean all = true;
    int donor = myId;
    long donorSeq = -1;
    long lowest = Long.MAX_VALUE;
    for (Map.Entry<Integer, State> e : states.entrySet()) {
      State s = e.getValue();
      merged = merged.merge(s.numbering());
      all &= s.quorate();
      lowest = Math.min(lowest, s.have());
      if (s.have() > donorSeq) {
        donorSeq = s.have();
        donor = e.getKey();
      }
    }
    // The events this node lacks come from the donor (sent below, delivered after this state).
    numbering = new EventNumbering(merged.lastSeq(), merged.lastDraft());
    save(numbering);
    numbers = all;
    LOG.info(
        "{}: events: view {} {} {} at seq {} ({} draft(s) of this node waiting)",
        me,
        view.ringId(),
        view.members(),
        all ? "numbers events" : "has no quorum: events wait in the drafts",
        numbering.lastSeq(),
        pendingDrafts());
    if (lowest < donorSeq) {
      catchingUp = have < donorSeq;
      if (donor == myId) {
        long from = lowest + 1;
        long upTo = donorSeq;
        // read back on the writer thread, after this node's own appends are in the journal
        writer.execute(
            () -> {
              try {
                sendEvents(from, upTo);
              } catch (IOException | RuntimeException e) {
                LOG.error("{}: events: could not send events to catch up: {}", me, e.toString());
              }
            });
      }
    }
    proposedUpTo = numbering.lastDraftOf(me);
    awaitingOwn = false;
    if (numbers) {
      scheduleProposal();
    }
  }

  /** A {@code drafts} message (drafts come first in it: {@link RawDrafts#parse}). */
  private void onDrafts(int sender, List<RawDrafts.Draft> batch) {
    if (!numbers) {
      return; // the origin proposes again in a view that numbers
    }
    if (sender == myId
        && awaitingOwn
        && !batch.isEmpty()
        && batch.get(batch.size() - 1).draftId() >= proposedUpTo) {
      // the last proposal is through: what was added meanwhile goes out now
      awaitingOwn = false;
      scheduleProposal();
    }
    // Only contiguous drafts per origin: one lost with a view change is never overtaken.
    List<RawDrafts.Draft> next = new ArrayList<>(batch.size());
    Map<String, Long> expect = new java.util.HashMap<>(4);
    for (RawDrafts.Draft d : batch) {
      Long before = expect.get(d.node());
      long want = (before != null ? before : numbering.lastDraftOf(d.node())) + 1;
      if (d.draftId() == want) {
        next.add(d);
        expect.put(d.node(), d.draftId());
      }
    }
    EventNumbering.Assigned n = numbering.assign(next);
    List<JournalRecord> events = new ArrayList<>(next.size());
    for (int i = 0; i < next.size(); i++) {
      long seq = n.seqs()[i];
      if (seq > 0) {
        events.add(new JournalRecord(seq, RawDrafts.event(next.get(i), clusterJson, seq)));
      }
    }
    if (!events.isEmpty()) {
      if (catchingUp) {
        heldBack.addAll(events);
      } else {
        append(events);
      }
      numbering = n.state();
      save(numbering);
    }
    if (sender == myId && next.size() < batch.size()) {
      // Some of ours were out of order: propose again from the first one not numbered.
      proposedUpTo = numbering.lastDraftOf(me);
      awaitingOwn = false;
      scheduleProposal();
    }
  }

  private void onEvents(JsonNode m) throws IOException {
    if (!catchingUp) {
      return; // this node has them
    }
    List<JournalRecord> events = new ArrayList<>();
    for (JsonNode e : m.path("events")) {
      Event ev = codec.fromTree(e);
      if (ev.cluster().equals(cluster) && ev.seq() > have) {
        events.add(new JournalRecord(ev.seq(), codec.encode(ev)));
      }
    }
    if (!events.isEmpty()) {
      append(events);
      LOG.info(
          "{}: events: caught up {}..{}",
          me,
          events.get(0).key(),
          events.get(events.size() - 1).key());
    }
    if (m.path("end").asBoolean()) {
      catchingUp = false;
      List<JournalRecord> rest = new ArrayList<>();
      for (JournalRecord e : heldBack) {
        if (e.key() > have) {
          rest.add(e);
        }
      }
      heldBack.clear();
      if (!rest.isEmpty()) {
        append(rest);
      }
    }
  }

  // ------------------------------------------------------------------ sending

  private void proposePending() throws IOException {
    List<JournalRecord> pending = drafts.encodedAfter(proposedUpTo, BATCH);
    while (!pending.isEmpty()) {
      if (!propose(pending) || pending.size() < BATCH) {
        return;
      }
      pending = drafts.encodedAfter(proposedUpTo, BATCH);
    }
  }

  private static final byte[] DRAFTS_HEAD =
      "{\"t\":\"drafts\",\"drafts\":[".getBytes(StandardCharsets.US_ASCII);

  /**
   * Sends {@code list} (encoded drafts, in id order) in messages of at most half the largest
   * message, each {@code {"t":"drafts","drafts":[...]}} with the drafts' own bytes as the array's
   * elements; false if a send failed.
   */
  private boolean propose(List<JournalRecord> list) {
    ByteArrayOutputStream m = new ByteArrayOutputStream(Math.min(maxMessage / 2, 64 * 1024));
    int count = 0;
    long upTo = proposedUpTo;
    for (JournalRecord d : list) {
      byte[] bytes = d.data();
      if (count > 0 && m.size() + bytes.length + 2 > maxMessage / 2) {
        if (!sendDrafts(m)) {
          return false;
        }
        proposedUpTo = upTo;
        m.reset();
        count = 0;
      }
      m.write(count == 0 ? DRAFTS_HEAD : COMMA, 0, count == 0 ? DRAFTS_HEAD.length : 1);
      m.write(bytes, 0, bytes.length);
      count++;
      upTo = Math.max(upTo, d.key());
    }
    if (count > 0) {
      if (!sendDrafts(m)) {
        return false;
      }
      proposedUpTo = upTo;
    }
    return true;
  }

  private static final byte[] COMMA = {','};
  private static final byte[] DRAFTS_TAIL = {']', '}'};

  private boolean sendDrafts(ByteArrayOutputStream m) {
    m.write(DRAFTS_TAIL, 0, DRAFTS_TAIL.length);
    return sendBytes(m.toByteArray());
  }

  /**
   * Sends the journal's events from {@code from} to {@code upTo} (as far as it still holds them);
   * the last message says so, even when the journal held none of them.
   */
  private void sendEvents(long from, long upTo) throws IOException {
    long next = Math.max(from, journal.firstSeq());
    while (true) {
      List<Event> chunk = next <= upTo ? journal.read(next, BATCH) : List.of();
      ObjectNode m = JSON.createObjectNode();
      m.put("t", "events");
      ArrayNode arr = m.putArray("events");
      int size = 64;
      for (Event e : chunk) {
        if (e.seq() > upTo) {
          break;
        }
        ObjectNode tree = codec.toTree(e);
        int len = tree.toString().length();
        if (size + len > maxMessage / 2 && !arr.isEmpty()) {
          break;
        }
        arr.add(tree);
        size += len;
        next = e.seq() + 1;
      }
      boolean end = arr.isEmpty() || next > upTo;
      m.put("end", end);
      if (!send(m) || end) {
        return;
      }
    }
  }

  private boolean send(ObjectNode m) {
    try {
      return sendBytes(JSON.writeValueAsBytes(m));
    } catch (IOException e) {
      LOG.warn("{}: events: could not write a message: {}", me, e.toString());
      return false;
    }
  }

  private boolean sendBytes(byte[] m) {
    Group g = group;
    if (g == null || closed) {
      return false;
    }
    try {
      g.send(m);
      return true;
    } catch (MessageTooLargeException | RuntimeException e) {
      LOG.warn("{}: events: could not send to the group: {}", me, e.toString());
      return false;
    }
  }

  /** A group view's identity: its ring and its members (the group changes within a ring). */
  private static String viewKey(GroupView v) {
    return v.ringId() + " " + v.members();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      numbers = false;
    }
    proposer.shutdown();
    writer.shutdown();
    try {
      if (!proposer.awaitTermination(5, TimeUnit.SECONDS)) {
        proposer.shutdownNow();
      }
      if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("{}: events: the journal writer did not finish within 10 s", me);
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      proposer.shutdownNow();
      writer.shutdownNow();
    }
    store.close();
  }
}
