package org.paceline.controller.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ring.Group;
import org.paceline.api.ring.GroupChannel;
import org.paceline.api.ring.GroupListener;
import org.paceline.api.ring.GroupView;
import org.paceline.api.ring.MessageTooLargeException;
import org.paceline.api.ring.RingId;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.ExecStatus;
import org.paceline.cib.model.JoinState;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibService;
import org.paceline.controller.ControllerStatus;
import org.paceline.eventlog.EventPayload;
import org.paceline.executor.Executor;
import org.paceline.fencer.FencerService;
import org.paceline.fencer.FencingOutcome;
import org.paceline.fencer.FencingRecord;
import org.paceline.fencer.FencingRequest;
import org.paceline.scheduler.Change;
import org.paceline.scheduler.Schedule;
import org.paceline.scheduler.ScheduledAction;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.SchedulerInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's controller. Every node runs the actions the DC sends it ({@link ActionRunner}) and
 * reports its own resource history after each view change. The node with the lowest id in the
 * {@code controller} group's view is the designated controller (DC) of its partition: every member
 * agrees on the view, so no election is needed. The DC keeps the CIB's node states in step with the
 * view, runs the scheduler whenever something changed, and executes the transition graph: actions
 * go through the ring to their nodes in parallel as the graph's edges allow, results come back as
 * CIB status changes, fencing runs on the DC's fencer. Any unexpected change aborts the transition;
 * once its in-flight actions have answered, the scheduler runs again.
 *
 * <p>Threads: all DC state belongs to one named thread fed by a queue; ring and CIB callbacks only
 * enqueue.
 */
public final class Controller implements GroupListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  /** The ring group of the controllers. */
  public static final String GROUP = "controller";

  /** How long the DC waits for a member's history before scheduling without it. */
  static final Duration UPLOAD_WAIT = Duration.ofSeconds(5);

  /**
   * How long the DC waits for the quorum service and the controller group to describe the same
   * membership before it goes on with what it has (a node in the ring without a controller keeps
   * them apart for good).
   */
  static final Duration CONSISTENCY_WAIT = Duration.ofSeconds(2);

  /**
   * How often the DC looks again while the CIB's sync round or the quorum of a new view is still
   * under way (a few milliseconds after a view change, on the path of every failover).
   */
  private static final Duration SYNC_POLL = Duration.ofMillis(1);

  /** Added to an action's own timeout before the DC gives up on its answer. */
  static final Duration ANSWER_MARGIN = Duration.ofSeconds(30);

  private final String me;
  private final int myId;
  private final Map<Integer, String> names;
  private final CibService cib;
  private final ControllerEnvironment env;
  private final ActionRunner runner;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final ExecutorService loop;
  private final String incarnation;
  private final Instant started;
  private volatile Group group;
  private volatile boolean closed;
  private AutoCloseable cibListener;

  // ------------------------------------------------------------------ DC state (loop thread)
  private GroupView view;
  private final Set<String> uploaded = new HashSet<>();
  private Instant viewSince;
  private Instant inconsistentSince;
  private boolean quorate;
  private boolean dirty = true;
  private Transition transition;
  private long nextTransition = 1;
  private long completed;
  private final Set<CibChange> proposedStates = new HashSet<>();

  /**
   * Nodes this DC fenced whose {@code NodeFenced} record is still on its way through the ring: the
   * fencer's confirmation already let the transition go on, so that record is expected, not a
   * reason to abort.
   */
  private final Set<String> fencedUnrecorded = new HashSet<>();

  private Instant notBefore = Instant.EPOCH;

  /** How long a node may be in the ring without its controller in the group before it counts. */
  static final Duration CONTROLLER_JOIN_GRACE = Duration.ofSeconds(10);

  /** Nodes in the ring whose controller is not in the group, since when (this DC saw it). */
  private final Map<String, Instant> ringOnlySince = new java.util.HashMap<>();

  /** Where this controller reports its transitions and fencing (the event log, when running). */
  private volatile Consumer<EventPayload> events = p -> {};

  /** What made the next plan necessary, for its transition.started event. */
  private String planReason = "controller started";

  private Instant transitionStart;
  private ScheduledFuture<?> wake;
  private Instant wakeAt;
  private List<String> lastActions = List.of();
  private String lastCibVersion = "";
  private final Deque<String> warnings = new ArrayDeque<>();

  /** When each node last entered the view, as this DC saw it. */
  private final Map<String, Instant> joinedAt = new java.util.HashMap<>();

  // ------------------------------------------------------------------ published
  private volatile ControllerStatus status;

  /**
   * A controller whose actions run on {@code executor}.
   *
   * @param me this node's name
   * @param myId its node id
   * @param names every configured node: id to name
   * @param env the quorum and fencer this controller asks
   */
  public static Controller create(
      String me,
      int myId,
      Map<Integer, String> names,
      CibService cib,
      ControllerEnvironment env,
      Executor executor,
      Clock clock,
      ScheduledExecutorService timer) {
    ActionRunner runner = new ActionRunner(me, executor, cib, env::fencer, clock, timer);
    return new Controller(me, myId, names, cib, env, runner, clock, timer);
  }

  Controller(
      String me,
      int myId,
      Map<Integer, String> names,
      CibService cib,
      ControllerEnvironment env,
      ActionRunner runner,
      Clock clock,
      ScheduledExecutorService timer) {
    this.me = Objects.requireNonNull(me, "me");
    this.myId = myId;
    this.names = Map.copyOf(names);
    this.cib = Objects.requireNonNull(cib, "cib");
    this.env = Objects.requireNonNull(env, "env");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.started = clock.instant();
    this.incarnation = me + "-" + Long.toString(clock.millis(), 36);
    this.loop =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "controller-" + me);
              t.setDaemon(true);
              return t;
            });
    this.status = new ControllerStatus(me, null, false, "waiting", 0, 0, 0, "", null, List.of());
  }

  /** Joins the ring group and starts listening to the CIB. */
  public void start(GroupChannel channel) {
    cibListener = cib.addListener((before, after, cause) -> enqueue(() -> onCib(after, cause)));
    env.onQuorumChange(() -> enqueue(this::onQuorum));
    group = channel.join(GROUP, this);
  }

  /** What the controller knows and does now. */
  public ControllerStatus status() {
    return status;
  }

  /** Where to report transitions and fencing from now on ({@code null}: nowhere). */
  public void eventSink(Consumer<EventPayload> sink) {
    events = sink == null ? p -> {} : sink;
  }

  private void report(EventPayload p) {
    try {
      events.accept(p);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not record event {}: {}", me, p.type().wireName(), e.toString());
    }
  }

  /** Tells every node of a fencing this node carried out (for their fencing histories). */
  public void broadcastFencing(FencingRecord record) {
    if (record.state() != FencingRecord.State.PENDING) {
      send(new ControllerMessage.FencingResult(record.toAttributes()));
    }
  }

  // ------------------------------------------------------------------ ring callbacks

  @Override
  public void viewChanged(GroupView v) {
    if (!v.members().contains(myId)) {
      return;
    }
    enqueue(() -> onView(v));
    if (!v.joined().isEmpty()) {
      // Someone (maybe this node) joined or partitions merged: the CIB may not know what runs
      // where, so every member reports its own history. When nodes only left, the status is
      // current and the DC goes on at once.
      uploadHistory(v.ringId(), 0, v.joined().contains(myId));
    }
  }

  @Override
  public void deliver(int sender, byte[] message) {
    ControllerMessage m;
    try {
      m = ControllerWire.decode(message);
    } catch (java.io.IOException e) {
      LOG.warn(
          "{}: dropped a malformed controller message from node {}: {}",
          me,
          sender,
          e.getMessage());
      return;
    }
    if (m instanceof ActionRequest r) {
      if (r.node().equals(me)) {
        runner.run(r);
      }
    } else if (m instanceof ControllerMessage.HistoryUploaded u) {
      enqueue(() -> onUploaded(u));
    } else if (m instanceof ControllerMessage.FencingResult f) {
      try {
        FencingRecord r = FencingRecord.fromAttributes(f.record());
        env.fencer().ifPresent(fencer -> fencer.history().record(r));
      } catch (IllegalArgumentException e) {
        LOG.warn(
            "{}: dropped a malformed fencing result from node {}: {}", me, sender, e.getMessage());
      }
    }
  }

  /** Reports this node's own history for the view {@code ring}, then says so to the DC. */
  private void uploadHistory(RingId ring, int attempt, boolean iJoined) {
    if (closed) {
      return;
    }
    // A node that runs is not shutting down: a 'shutdown' left from its last stop (nobody clears
    // it when the last node of a cluster stops) would make the DC empty it again.
    boolean staleShutdown =
        cib.current()
            .status()
            .node(me)
            .map(ns -> ns.transientAttributes().containsKey("shutdown"))
            .orElse(false);
    if (iJoined && staleShutdown) {
      cib.propose(new CibChange.SetTransientAttribute(me, "shutdown", null), false);
    }
    cib.propose(new CibChange.ReplaceNodeHistory(me, runner.history()), false)
        .whenComplete(
            (c, e) -> {
              if (e == null) {
                send(new ControllerMessage.HistoryUploaded(me, ring.seq(), ring.representative()));
              } else if (attempt < 20 && !closed) {
                LOG.debug(
                    "{}: history upload for ring {} failed, retrying: {}",
                    me,
                    ring,
                    e.getMessage());
                timer.schedule(
                    () -> uploadHistory(ring, attempt + 1, iJoined), 250, TimeUnit.MILLISECONDS);
              } else {
                LOG.warn("{}: could not report this node's history: {}", me, e.getMessage());
              }
            });
  }

  private boolean send(ControllerMessage m) {
    Group g = group;
    if (g == null || closed) {
      return false;
    }
    try {
      g.send(ControllerWire.encode(m));
      return true;
    } catch (MessageTooLargeException | RuntimeException e) {
      LOG.warn("{}: could not send a controller message: {}", me, e.toString());
      return false;
    }
  }

  private void enqueue(Runnable task) {
    if (closed) {
      return;
    }
    try {
      loop.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.error("{}: controller error; rescheduling", me, e);
              warn("internal error: " + e);
              dirty = true;
              wakeIn(Duration.ofSeconds(1));
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  // ------------------------------------------------------------------ events (loop thread)

  private void onView(GroupView v) {
    Set<Integer> before = view == null ? Set.of() : new HashSet<>(view.members());
    view = v;
    viewSince = clock.instant();
    for (int id : v.members()) {
      if (!before.contains(id)) {
        joinedAt.put(nameOf(id), viewSince);
      }
    }
    uploaded.clear();
    if (v.joined().isEmpty()) {
      v.members().forEach(id -> uploaded.add(nameOf(id)));
    }
    proposedStates.clear();
    planReason = "membership changed: " + v.members().stream().map(this::nameOf).toList();
    dirty = true;
    boolean dc = isDc();
    LOG.info(
        "{}: view {} members {}; DC is {}",
        me,
        v.ringId(),
        v.members().stream().map(this::nameOf).toList(),
        dcName());
    if (transition != null) {
      for (int left : v.left()) {
        for (ScheduledAction a : transition.loseNode(nameOf(left))) {
          LOG.info("{}: {} is lost with node {}", me, a.key(), nameOf(left));
        }
      }
      transition.abort("the view changed");
      if (!dc) {
        transition = null;
      }
    }
    step();
  }

  private void onUploaded(ControllerMessage.HistoryUploaded u) {
    if (view != null
        && view.ringId().seq() == u.ringSeq()
        && view.ringId().representative() == u.ringRepresentative()) {
      uploaded.add(u.node());
      step();
    }
  }

  private void onQuorum() {
    dirty = true;
    planReason = "quorum changed";
    if (transition != null) {
      transition.abort("quorum changed");
    }
    step();
  }

  private void onCib(Cib after, CibChange cause) {
    if (cause instanceof CibChange.NodeFenced nf && fencedUnrecorded.remove(nf.node())) {
      // The record of a fencing this DC carried out and already went on from: no reason to
      // abort, but the next plan starts from it.
      dirty = true;
      step();
      return;
    }
    if (cause instanceof CibChange.ClearHistory ch && transition != null && ch.node() != null) {
      // The answer to our own delete action (an orphan's history forgotten).
      for (ScheduledAction a : transition.inFlightActions()) {
        if ("delete".equals(a.task())
            && ch.node().equals(a.node())
            && ch.resource().equals(a.historyId() != null ? a.historyId() : a.resource())) {
          transition.complete(a.id(), true);
          step();
          return;
        }
      }
    }
    if (cause instanceof CibChange.NodeFenced nf && transition != null) {
      // The answer to our own fencing action: the graph goes on (its implied stops follow).
      for (ScheduledAction a : transition.inFlightActions()) {
        if (a.fencing() && nf.node().equals(a.node())) {
          transition.complete(a.id(), true);
          step();
          return;
        }
      }
    }
    if (cause instanceof CibChange.RecordOperation ro && transition != null) {
      TransitionKey key = TransitionKey.parse(ro.record().transitionKey());
      if (key != null
          && key.incarnation().equals(incarnation)
          && key.transition() == transition.id()) {
        if (ro.record().status() == ExecStatus.PENDING) {
          return;
        }
        Optional<ScheduledAction> a = transition.action(key.action());
        if (a.isPresent() && transition.state(key.action()) == Transition.State.IN_FLIGHT) {
          boolean ok =
              ro.record().status() == ExecStatus.DONE && ro.record().rc() == a.get().expectedRc();
          transition.complete(key.action(), ok || !ro.countFailure());
          if (!ok) {
            String what =
                a.get().key()
                    + " on "
                    + ro.node()
                    + ": rc="
                    + ro.record().rc()
                    + " "
                    + ro.record().status();
            if (ro.countFailure()) {
              warn(what + " failed");
            }
            transition.abort(ro.countFailure() ? what + " failed" : what + " was unexpected");
            dirty = true;
          }
          step();
          return;
        }
      }
    }
    dirty = true;
    planReason = cause == null ? "the CIB was replaced" : cause.describe();
    if (transition != null && !transition.aborted()) {
      transition.abort(planReason);
    }
    step();
  }

  private void onTimeout(long transitionId, int actionId) {
    if (transition != null
        && transition.id() == transitionId
        && transition.state(actionId) == Transition.State.IN_FLIGHT) {
      ScheduledAction a = transition.action(actionId).orElseThrow();
      warn(a.key() + " on " + a.node() + " did not answer in time");
      transition.complete(actionId, false);
      transition.abort(a.key() + " timed out");
      dirty = true;
      step();
    }
  }

  private void onFenced(long transitionId, ScheduledAction a, FencingOutcome outcome, Throwable e) {
    boolean ok = e == null && outcome != null && outcome.succeeded();
    String what =
        e != null ? "fencing " + a.node() + " failed: " + e.getMessage() : outcome.describe();
    report(
        new EventPayload.FencingCompleted(
            a.node(),
            "off".equals(a.fenceAction()) ? "off" : "reboot",
            ok,
            outcome == null || outcome.devices().isEmpty()
                ? null
                : String.join(",", outcome.devices()),
            outcome == null || outcome.executor() == null ? me : outcome.executor(),
            ok ? null : what));
    if (ok) {
      LOG.info("{}: {}", me, what);
      // The fencer's confirmation is what recovery waits for: the transition goes on at once
      // (the node's implied stops, then its resources' starts elsewhere), while the record that
      // the node was fenced (which clears its history) travels through the ring. Both are sent
      // by this node in that order, so every node applies the record before any result of the
      // actions it let start.
      fencedUnrecorded.add(a.node());
      cib.propose(new CibChange.NodeFenced(a.node()), true)
          .whenComplete((c, err) -> enqueue(() -> afterFenced(a, err)));
      if (transition != null && transition.id() == transitionId) {
        transition.complete(a.id(), true);
      }
      step();
    } else {
      warn(what);
      notBefore = clock.instant().plusSeconds(2);
      if (transition != null && transition.id() == transitionId) {
        transition.complete(a.id(), false);
        transition.abort("fencing of " + a.node() + " failed");
      }
      dirty = true;
      step();
    }
  }

  private void afterFenced(ScheduledAction a, Throwable err) {
    if (err == null) {
      return;
    }
    // Not recorded (e.g. quorum lost meanwhile): the node still looks unclean, so the next plan
    // fences it again, or records it as fenced since it last joined (fence()).
    fencedUnrecorded.remove(a.node());
    warn("could not record that " + a.node() + " was fenced: " + err.getMessage());
    dirty = true;
    if (transition != null && !transition.aborted()) {
      transition.abort("fencing record failed");
    }
    step();
  }

  // ------------------------------------------------------------------ the DC's work

  private boolean isDc() {
    return view != null
        && !view.members().isEmpty()
        && view.members().stream().mapToInt(i -> i).min().getAsInt() == myId;
  }

  private String dcName() {
    if (view == null || view.members().isEmpty()) {
      return null;
    }
    return nameOf(view.members().stream().mapToInt(i -> i).min().getAsInt());
  }

  private String nameOf(int id) {
    String n = names.get(id);
    return n == null ? "node" + id : n;
  }

  private void step() {
    if (closed) {
      return;
    }
    try {
      doStep();
    } finally {
      publish();
    }
  }

  private void doStep() {
    if (!isDc()) {
      transition = null;
      return;
    }
    if (!cib.status().synced()) {
      wakeIn(SYNC_POLL); // the sync round after a view change takes a few ms
      return;
    }
    Instant now = clock.instant();
    // Never plan with quorum from one membership and node states from another: a DC that still
    // had the previous view would take a node of the new one for lost, and fence it.
    QuorumState q = env.quorum();
    boolean consistent =
        q != null
            && (q.ringId().equals(view.ringId())
                || new HashSet<>(q.members()).equals(new HashSet<>(view.members())));
    if (!consistent) {
      if (inconsistentSince == null) {
        inconsistentSince = now;
      }
      if (now.isBefore(inconsistentSince.plus(CONSISTENCY_WAIT))) {
        wakeIn(SYNC_POLL);
        return;
      }
    } else {
      inconsistentSince = null;
    }
    quorate = q != null && q.quorate();
    if (!allUploaded() && now.isBefore(viewSince.plus(UPLOAD_WAIT))) {
      wakeAt(viewSince.plus(UPLOAD_WAIT));
      return;
    }
    if (addMissingNodes() || syncNodeStates()) {
      return;
    }
    if (transition != null) {
      dispatch();
      if (!transition.finished()) {
        return;
      }
      finish();
    }
    if (!dirty) {
      return;
    }
    if (!fencedUnrecorded.isEmpty()) {
      // Never plan on a CIB that does not know yet of a fencing done: it would fence again.
      return;
    }
    if (now.isBefore(notBefore)) {
      wakeAt(notBefore);
      return;
    }
    Cib current = cib.current();
    Duration deadtime = current.configuration().clusterOptions().dcDeadtime();
    if (someNodeUnseen(current) && now.isBefore(started.plus(deadtime))) {
      // Give nodes the cluster has never seen the dc-deadtime to show up before deciding they
      // are unclean (startup fencing); a node seen before and lost now is handled at once.
      wakeAt(started.plus(deadtime));
      return;
    }
    dirty = false;
    Schedule schedule;
    try {
      schedule = Scheduler.schedule(SchedulerInput.of(current).withQuorum(quorate), now);
    } catch (RuntimeException e) {
      LOG.error("{}: the scheduler failed on CIB {}", me, current.versions(), e);
      warn("the scheduler failed: " + e);
      notBefore = now.plusSeconds(5);
      dirty = true;
      wakeAt(notBefore);
      return;
    }
    armRecheck(current, now);
    if (schedule.idle()) {
      return;
    }
    List<String> keys =
        schedule.actions().stream().filter(a -> !a.pseudo()).map(ScheduledAction::key).toList();
    String version = current.versions().toString();
    if (keys.equals(lastActions) && version.equals(lastCibVersion)) {
      warn(
          "the scheduler asks for the same actions again on an unchanged CIB; waiting for a change");
      return;
    }
    lastActions = keys;
    lastCibVersion = version;
    transition = new Transition(nextTransition++, schedule);
    transitionStart = clock.instant();
    report(new EventPayload.TransitionStarted(transition.id(), version, keys.size(), planReason));
    for (Change c : schedule.changes()) {
      if (("Move".equals(c.verb()) || "Recover".equals(c.verb())) && c.details().contains(" -> ")) {
        String[] fromTo = c.details().split(" -> ", 2);
        report(
            new EventPayload.ResourceMoved(
                c.subject(),
                fromTo[0].trim(),
                fromTo[1].trim(),
                c.reason().isEmpty() ? c.verb().toLowerCase(java.util.Locale.ROOT) : c.reason()));
      }
    }
    LOG.info(
        "{}: transition {} started: {}",
        me,
        transition.id(),
        schedule.changes().isEmpty()
            ? keys
            : schedule.changes().stream()
                .map(
                    c ->
                        c.verb()
                            + " "
                            + c.subject()
                            + (c.details().isEmpty() ? "" : " (" + c.details() + ")")
                            + (c.reason().isEmpty() ? "" : " " + c.reason()))
                .toList());
    dispatch();
    prevalidate(current);
    if (transition.finished()) {
      finish();
    }
  }

  /**
   * Asks nodes to validate now the OCF resources this transition starts on them later (after a
   * fencing, or after the resources ordered before them): a validation that passed with the same
   * parameters just before stands in for the one the agent runs before a start, so a failover does
   * not wait for it after the fencing. Nothing is recorded; a failed validation only means the
   * start validates again (and fails as it should).
   */
  private void prevalidate(Cib current) {
    Instant now = clock.instant();
    for (ScheduledAction a : transition.waiting()) {
      if (a.pseudo()
          || a.fencing()
          || !"start".equals(a.task())
          || a.node() == null
          || !names.containsValue(a.node())
          || !inView(a.node())) {
        continue;
      }
      ActionRequest start;
      try {
        start =
            OperationSettings.request(
                current.configuration(),
                a,
                new TransitionKey(a.id(), transition.id(), 0, incarnation).toString(),
                now);
      } catch (IllegalArgumentException e) {
        continue; // the start itself reports it
      }
      if (!start.agent().startsWith("ocf:")) {
        continue;
      }
      send(
          new ActionRequest(
              start.transitionKey(),
              start.node(),
              start.resource(),
              start.agent(),
              AgentAction.VALIDATE_ALL.ocfName(),
              0,
              start.timeoutMs(),
              0,
              start.params(),
              start.meta()));
    }
  }

  private void finish() {
    LOG.info("{}: {}", me, transition.summary());
    report(
        new EventPayload.TransitionCompleted(
            transition.id(),
            transition.aborted() ? "aborted" : transition.succeeded() ? "complete" : "failed",
            transition.count(Transition.State.DONE),
            transition.count(Transition.State.FAILED),
            transitionStart == null
                ? 0
                : Duration.between(transitionStart, clock.instant()).toMillis()));
    if (transition.aborted()) {
      planReason = transition.abortReason();
    }
    completed++;
    lastSummary = transition.summary();
    lastEnded = clock.instant();
    transition = null;
    dirty = true;
    // Run again: the results changed the CIB, and what follows may need more actions.
    enqueue(this::step);
  }

  private String lastSummary = "";
  private Instant lastEnded;

  private boolean allUploaded() {
    for (int id : view.members()) {
      if (!uploaded.contains(nameOf(id))) {
        return false;
      }
    }
    return true;
  }

  private boolean someNodeUnseen(Cib current) {
    for (Map.Entry<Integer, String> e : names.entrySet()) {
      if (!view.members().contains(e.getKey()) && current.status().node(e.getValue()).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds the cluster's nodes (corosync.conf's nodelist) that the configuration does not list yet,
   * as Pacemaker's controller does when nodes join; true while that change is on its way.
   */
  private boolean addMissingNodes() {
    if (!quorate) {
      return false;
    }
    Cib current = cib.current();
    StringBuilder crm = new StringBuilder();
    for (Map.Entry<Integer, String> e : new java.util.TreeMap<>(names).entrySet()) {
      if (current.configuration().node(e.getValue()).isEmpty()) {
        crm.append("node ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
    if (crm.length() == 0) {
      return false;
    }
    CibChange add = new CibChange.ApplyCrm(crm.toString(), false);
    if (proposedStates.add(add)) {
      LOG.info(
          "{}: adding the cluster's nodes to the configuration: {}",
          me,
          crm.toString().strip().replace('\n', ','));
      cib.propose(add, false)
          .whenComplete(
              (x, err) ->
                  enqueue(
                      () -> {
                        proposedStates.remove(add);
                        if (err != null) {
                          warn("could not add the cluster's nodes: " + err.getMessage());
                          wakeIn(Duration.ofSeconds(1));
                        } else {
                          step();
                        }
                      }));
    }
    return true;
  }

  /**
   * Proposes the node states the view implies where the CIB differs; true while proposals are on
   * their way.
   */
  private boolean syncNodeStates() {
    Cib current = cib.current();
    List<CibChange> changes = new ArrayList<>();
    QuorumState q = env.quorum();
    Set<Integer> inRing =
        q != null && q.ringId().equals(view.ringId()) ? new HashSet<>(q.members()) : Set.of();
    Instant now = clock.instant();
    boolean holding = false;
    for (Map.Entry<Integer, String> e : new java.util.TreeMap<>(names).entrySet()) {
      String name = e.getValue();
      Optional<NodeStatus> ns = current.status().node(name);
      boolean member = view.members().contains(e.getKey());
      if (!member && inRing.contains(e.getKey())) {
        // In the ring but its controller not (yet) in the group: a node starting, or one whose
        // controller died. Wait a while before judging (a starting node joins the group within
        // a second or two); then it counts as up without a controller, as Pacemaker's nodes do.
        Instant since = ringOnlySince.computeIfAbsent(name, k -> now);
        if (now.isBefore(since.plus(CONTROLLER_JOIN_GRACE))) {
          holding = true;
          wakeAt(since.plus(CONTROLLER_JOIN_GRACE));
          continue;
        }
        if (ns.isPresent()
            && (!"true".equals(ns.get().inCcm()) || !"offline".equals(ns.get().crmd()))) {
          changes.add(
              new CibChange.SetNodeState(
                  name,
                  null,
                  true,
                  false,
                  JoinState.DOWN,
                  "down".equals(ns.get().expected()) ? "down" : "member"));
        }
        continue;
      }
      ringOnlySince.remove(name);
      CibChange want = null;
      if (member) {
        JoinState join = uploaded.contains(name) ? JoinState.MEMBER : JoinState.PENDING;
        if (ns.isEmpty()
            || !"true".equals(ns.get().inCcm())
            || !"online".equals(ns.get().crmd())
            || ns.get().join() != join
            || !"member".equals(ns.get().expected())
            || !Integer.toString(e.getKey()).equals(ns.get().id())) {
          want =
              new CibChange.SetNodeState(
                  name, Integer.toString(e.getKey()), true, true, join, "member");
        }
      } else if (ns.isPresent()
          && (!"false".equals(ns.get().inCcm()) || !"offline".equals(ns.get().crmd()))) {
        String shutdown = ns.get().transientAttributes().get("shutdown");
        boolean clean =
            (shutdown != null && !shutdown.isBlank() && !"0".equals(shutdown.trim()))
                || "down".equals(ns.get().expected());
        want =
            new CibChange.SetNodeState(
                name, null, false, false, JoinState.DOWN, clean ? "down" : "member");
      }
      if (want != null) {
        changes.add(want);
      }
    }
    boolean waiting = holding;
    for (CibChange c : changes) {
      if (proposedStates.contains(c)) {
        waiting = true;
        continue;
      }
      proposedStates.add(c);
      waiting = true;
      LOG.info("{}: {}", me, c.describe());
      cib.propose(c, true)
          .whenComplete(
              (x, err) ->
                  enqueue(
                      () -> {
                        proposedStates.remove(c);
                        if (err != null) {
                          warn("could not record " + c.describe() + ": " + err.getMessage());
                          wakeIn(Duration.ofSeconds(1));
                        } else {
                          step();
                        }
                      }));
    }
    return waiting;
  }

  private void dispatch() {
    Cib current = cib.current();
    int limit = Math.max(0, current.configuration().clusterOptions().batchLimit());
    List<ScheduledAction> runnable;
    while (!(runnable = transition.takeRunnable(limit)).isEmpty()) {
      boolean progressed = false;
      for (ScheduledAction a : runnable) {
        progressed |= start(current, a);
      }
      if (!progressed) {
        break;
      }
    }
  }

  /** Starts one action; true if it completed at once (so more may be runnable). */
  private boolean start(Cib current, ScheduledAction a) {
    long tid = transition.id();
    if (a.fencing()) {
      fence(current, a, tid);
      return false;
    }
    if ("do_shutdown".equals(a.task())) {
      // The node leaves by itself once its resources are gone: nothing to send.
      transition.complete(a.id(), true);
      return true;
    }
    if ("delete".equals(a.task()) && a.node() != null) {
      // The history of a resource no longer configured and running nowhere: forgotten.
      CibChange forget =
          new CibChange.ClearHistory(
              a.historyId() != null ? a.historyId() : a.resource(), a.node());
      cib.propose(forget, true)
          .whenComplete(
              (x, err) ->
                  enqueue(
                      () -> {
                        if (transition != null
                            && transition.id() == tid
                            && transition.state(a.id()) == Transition.State.IN_FLIGHT) {
                          transition.complete(a.id(), err == null);
                          if (err != null) {
                            warn("could not " + forget.describe() + ": " + err.getMessage());
                            transition.abort(forget.describe() + " failed");
                          }
                          step();
                        }
                      }));
      return false;
    }
    if (a.node() == null || !names.containsValue(a.node()) || !inView(a.node())) {
      transition.complete(a.id(), false);
      transition.abort(a.key() + ": node " + a.node() + " is not in the partition");
      return false;
    }
    String key = new TransitionKey(a.id(), tid, a.expectedRc(), incarnation).toString();
    ActionRequest r;
    try {
      r = OperationSettings.request(current.configuration(), a, key, clock.instant());
    } catch (IllegalArgumentException e) {
      warn(a.key() + ": " + e.getMessage());
      transition.complete(a.id(), false);
      transition.abort(a.key() + " could not be prepared");
      return false;
    }
    if (!send(r)) {
      transition.complete(a.id(), false);
      transition.abort(a.key() + " could not be sent");
      return false;
    }
    long wait = r.timeoutMs() + ANSWER_MARGIN.toMillis();
    timer.schedule(() -> enqueue(() -> onTimeout(tid, a.id())), wait, TimeUnit.MILLISECONDS);
    return false;
  }

  private boolean inView(String node) {
    for (int id : view.members()) {
      if (nameOf(id).equals(node)) {
        return true;
      }
    }
    return false;
  }

  /** Why the scheduler fences the node of {@code a} (its transition summary line). */
  private String fencingReason(ScheduledAction a) {
    if (transition != null) {
      for (Change c : transition.schedule().changes()) {
        if (c.verb().startsWith("Fence") && c.subject().equals(a.node())) {
          return c.reason().isEmpty() ? c.verb() : c.reason();
        }
      }
    }
    return "scheduler";
  }

  private void fence(Cib current, ScheduledAction a, long tid) {
    Optional<FencerService> fencer = env.fencer();
    if (fencer.isEmpty()) {
      onFenced(tid, a, null, new IllegalStateException("no fencer is running on " + me));
      return;
    }
    FenceAction action = "off".equals(a.fenceAction()) ? FenceAction.OFF : FenceAction.REBOOT;
    if (a.node().equals(me)) {
      // No device answer could ever come back: the node fences itself, as Pacemaker's nodes do
      // for no-quorum-policy=suicide. The rest of the cluster sees it lost.
      String reason = fencingReason(a);
      report(
          new EventPayload.FencingRequested(
              me, action.name().toLowerCase(java.util.Locale.ROOT), me, reason));
      env.fenceSelf(reason);
      return;
    }
    Instant joined = joinedAt.get(a.node());
    if (joined != null && fencer.get().history().fencedSince(a.node(), joined)) {
      // Already fenced since it last joined (e.g. an operator's 'node fence' that the view
      // change followed): record it instead of shooting the node twice.
      LOG.info("{}: {} was already fenced since it last joined; recording that", me, a.node());
      cib.propose(new CibChange.NodeFenced(a.node()), true)
          .whenComplete((c, err) -> enqueue(() -> afterFenced(a, err)));
      return;
    }
    LOG.info("{}: fencing {} ({})", me, a.node(), action);
    report(
        new EventPayload.FencingRequested(
            a.node(), action.name().toLowerCase(java.util.Locale.ROOT), me, fencingReason(a)));
    CompletableFuture<FencingOutcome> f;
    try {
      f =
          fencer
              .get()
              .fence(
                  FencingRequest.of(a.node(), action, me, "controller"), current.configuration());
    } catch (RuntimeException e) {
      onFenced(tid, a, null, e);
      return;
    }
    f.whenComplete((outcome, e) -> enqueue(() -> onFenced(tid, a, outcome, e)));
  }

  // ------------------------------------------------------------------ timers

  private void armRecheck(Cib current, Instant now) {
    Duration interval = current.configuration().clusterOptions().clusterRecheckInterval();
    Instant next = interval.isZero() ? null : now.plus(interval);
    Instant expiry = FailureExpiry.next(current, now);
    if (expiry != null && (next == null || expiry.isBefore(next))) {
      next = expiry;
    }
    if (next != null) {
      Instant at = next;
      wakeAt(at);
      // A recheck reruns the scheduler even when nothing changed.
      timer.schedule(
          () ->
              enqueue(
                  () -> {
                    if (!clock.instant().isBefore(at)) {
                      dirty = true;
                      lastActions = List.of();
                      step();
                    }
                  }),
          Math.max(1, Duration.between(clock.instant(), at).toMillis()),
          TimeUnit.MILLISECONDS);
    }
  }

  private void wakeIn(Duration d) {
    wakeAt(clock.instant().plus(d));
  }

  private void wakeAt(Instant at) {
    Instant now = clock.instant();
    if (wake != null
        && !wake.isDone()
        && wakeAt != null
        && wakeAt.isAfter(now)
        && !wakeAt.isAfter(at)) {
      return; // an earlier wake-up is still to come
    }
    if (wake != null) {
      wake.cancel(false);
    }
    wakeAt = at;
    long nanos = Math.max(0, Duration.between(now, at).toNanos());
    long ms = Math.max(1, (nanos + 999_999) / 1_000_000);
    wake = timer.schedule(() -> enqueue(this::step), ms, TimeUnit.MILLISECONDS);
  }

  private void warn(String text) {
    LOG.warn("{}: {}", me, text);
    warnings.addLast(clock.instant() + " " + text);
    while (warnings.size() > 20) {
      warnings.removeFirst();
    }
  }

  private void publish() {
    boolean dc = isDc();
    String state;
    if (!dc) {
      state = "follower";
    } else if (transition != null) {
      state = transition.aborted() ? "aborting" : "transition";
    } else if (dirty) {
      state = "waiting";
    } else {
      state = "idle";
    }
    status =
        new ControllerStatus(
            me,
            dcName(),
            dc,
            state,
            transition != null ? transition.id() : nextTransition - 1,
            transition != null ? transition.inFlight() : 0,
            completed,
            lastSummary,
            lastEnded,
            new ArrayList<>(warnings));
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (cibListener != null) {
        cibListener.close();
      }
    } catch (Exception e) {
      LOG.debug("{}: closing the CIB listener: {}", me, e.toString());
    }
    Group g = group;
    if (g != null) {
      g.close();
    }
    loop.shutdownNow();
    runner.close();
  }
}
