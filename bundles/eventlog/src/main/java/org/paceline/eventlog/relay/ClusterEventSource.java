package org.paceline.eventlog.relay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.RingView;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.ExecStatus;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.service.CibChange;
import org.paceline.eventlog.EventPayload;

/**
 * Turns what the cluster's DC sees into events: ring views (node joined, left or lost, DC changed),
 * quorum changes and applied CIB changes (configuration changes, operation results, failures).
 * Every node sees the same views and CIB changes; only the DC (the lowest node id of its ring view,
 * as the controller chooses it) reports them, so each is reported once. The controller reports its
 * own transitions and fencing, and the admin API the operators' actions.
 *
 * <p>Not thread-safe by itself: the component calls it from one thread at a time (synchronized).
 */
public final class ClusterEventSource {

  private final String me;
  private final int myId;
  private final Map<Integer, String> names;
  private final Consumer<EventPayload> emit;

  private RingView view;
  private Boolean lastQuorate;
  private Cib lastCib;

  /**
   * @param me this node's name
   * @param myId its node id
   * @param names node id to name
   * @param emit where events go (this node's drafts)
   */
  public ClusterEventSource(
      String me, int myId, Map<Integer, String> names, Consumer<EventPayload> emit) {
    this.me = Objects.requireNonNull(me, "me");
    this.myId = myId;
    this.names = Map.copyOf(names);
    this.emit = Objects.requireNonNull(emit, "emit");
  }

  /** Whether this node is the DC of its current view. */
  public synchronized boolean isDc() {
    return isDc(view);
  }

  private boolean isDc(RingView v) {
    return v != null
        && !v.members().isEmpty()
        && v.members().stream().mapToInt(i -> i).min().getAsInt() == myId;
  }

  /** A new ring view. */
  public synchronized void viewChanged(RingView v) {
    RingView before = view;
    view = v;
    if (!isDc(v)) {
      return;
    }
    if (before == null) {
      // This node's first view: it joined (the others were there before it).
      emit.accept(new EventPayload.NodeJoined(me, myId));
    } else {
      Set<Integer> was = new HashSet<>(before.members());
      for (int id : v.members()) {
        if (!was.contains(id)) {
          emit.accept(new EventPayload.NodeJoined(nameOf(id), id));
        }
      }
      for (int id : before.members()) {
        if (!v.members().contains(id)) {
          String name = nameOf(id);
          emit.accept(
              leftCleanly(name)
                  ? new EventPayload.NodeLeft(name, id)
                  : new EventPayload.NodeLost(name, id));
        }
      }
    }
    if (!isDc(before)) {
      String previous =
          before == null || before.members().isEmpty()
              ? null
              : nameOf(before.members().stream().mapToInt(i -> i).min().getAsInt());
      emit.accept(new EventPayload.DcChanged(me, previous));
    }
    if (!isDc(before)) {
      lastQuorate = null; // a new DC states the quorum it finds
    }
  }

  /** A node that said it shuts down (the {@code shutdown} attribute) or is expected down left. */
  private boolean leftCleanly(String name) {
    if (lastCib == null) {
      return false;
    }
    Optional<NodeStatus> ns = lastCib.status().node(name);
    if (ns.isEmpty()) {
      return false;
    }
    String shutdown = ns.get().transientAttributes().get("shutdown");
    return "down".equals(ns.get().expected())
        || (shutdown != null && !shutdown.isBlank() && !"0".equals(shutdown.trim()));
  }

  /** The quorum service's new state. */
  public synchronized void quorumChanged(QuorumState q) {
    if (!isDc() || q == null || !q.ringId().equals(view.ringId())) {
      return;
    }
    if (lastQuorate != null && lastQuorate == q.quorate()) {
      return;
    }
    lastQuorate = q.quorate();
    List<String> members = new ArrayList<>();
    q.members().forEach(id -> members.add(nameOf(id)));
    emit.accept(
        new EventPayload.QuorumChanged(
            q.quorate(), q.votes(), q.expectedVotes(), q.quorum(), members));
  }

  /** An applied CIB change (every replica sees each once, in ring order). */
  public synchronized void cibChanged(Cib before, Cib after, CibChange cause) {
    lastCib = after;
    if (!isDc()) {
      return;
    }
    if (cause == null) {
      return; // adopted another replica's CIB: its changes were reported where they happened
    }
    if (cause.editsConfiguration()) {
      emit.accept(
          new EventPayload.CibChanged(
              after.versions().toString(),
              before.versions().toString(),
              true,
              cause.describe(),
              List.of(),
              List.of(),
              List.of()));
    } else if (cause instanceof CibChange.RecordOperation ro) {
      OperationRecord r = ro.record();
      if (r.status() == ExecStatus.PENDING) {
        return;
      }
      emit.accept(
          new EventPayload.ResourceOpCompleted(
              ro.resource(),
              ro.node(),
              ro.agent(),
              r.operation(),
              r.intervalMs(),
              r.rc(),
              rcText(r),
              r.execTimeMs()));
      if (ro.countFailure()) {
        int count =
            after
                .status()
                .node(ro.node())
                .map(n -> n.failCount(ro.resource(), r.operation(), r.intervalMs()).value())
                .orElse(0);
        emit.accept(
            new EventPayload.ResourceFailed(
                ro.resource(),
                ro.node(),
                r.operation(),
                r.intervalMs(),
                r.rc(),
                rcText(r),
                count,
                r.exitReason() == null || r.exitReason().isBlank()
                    ? r.status().toString()
                    : r.exitReason()));
      }
    }
  }

  /** The OCF name of the record's result code, as Pacemaker's logs spell it. */
  static String rcText(OperationRecord r) {
    return switch (r.rc()) {
      case 0 -> "OCF_SUCCESS";
      case 1 -> "OCF_ERR_GENERIC";
      case 2 -> "OCF_ERR_ARGS";
      case 3 -> "OCF_ERR_UNIMPLEMENTED";
      case 4 -> "OCF_ERR_PERM";
      case 5 -> "OCF_ERR_INSTALLED";
      case 6 -> "OCF_ERR_CONFIGURED";
      case 7 -> "OCF_NOT_RUNNING";
      case 8 -> "OCF_RUNNING_PROMOTED";
      case 9 -> "OCF_FAILED_PROMOTED";
      case 190 -> "OCF_DEGRADED";
      case 191 -> "OCF_DEGRADED_PROMOTED";
      default -> "rc " + r.rc();
    };
  }

  private String nameOf(int id) {
    return names.getOrDefault(id, Integer.toString(id));
  }
}
