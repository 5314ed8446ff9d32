package org.paceline.controller.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.paceline.scheduler.ActionOrdering;
import org.paceline.scheduler.Schedule;
import org.paceline.scheduler.ScheduledAction;

/**
 * One transition graph being executed: which actions are waiting, in flight, done or failed, and
 * which may run now (every action it is ordered after has completed). Pseudo-actions complete as
 * soon as they are runnable. An aborted transition starts nothing more and ends when its in-flight
 * actions have answered (or been given up). Not thread-safe: the DC's thread owns it.
 */
final class Transition {

  /** Where an action stands. */
  enum State {
    WAITING,
    IN_FLIGHT,
    DONE,
    FAILED
  }

  private final long id;
  private final Schedule schedule;
  private final List<ScheduledAction> actions;
  private final Map<Integer, Integer> indexById = new HashMap<>();
  private final List<List<Integer>> before = new ArrayList<>();
  private final State[] states;
  private boolean aborted;
  private String abortReason = "";

  Transition(long id, Schedule schedule) {
    this.id = id;
    this.schedule = schedule;
    this.actions = schedule.actions();
    this.states = new State[actions.size()];
    for (int i = 0; i < actions.size(); i++) {
      indexById.put(actions.get(i).id(), i);
      before.add(new ArrayList<>());
      states[i] = State.WAITING;
    }
    for (ActionOrdering o : schedule.orderings()) {
      Integer first = indexById.get(o.first());
      Integer then = indexById.get(o.then());
      if (first != null && then != null) {
        before.get(then).add(first);
      }
    }
  }

  long id() {
    return id;
  }

  Schedule schedule() {
    return schedule;
  }

  boolean aborted() {
    return aborted;
  }

  String abortReason() {
    return abortReason;
  }

  /** Starts nothing more; the first reason is kept. */
  void abort(String reason) {
    if (!aborted) {
      aborted = true;
      abortReason = reason;
    }
  }

  /** The action with this id, if it is part of the graph. */
  Optional<ScheduledAction> action(int actionId) {
    Integer i = indexById.get(actionId);
    return i == null ? Optional.empty() : Optional.of(actions.get(i));
  }

  State state(int actionId) {
    return states[indexById.get(actionId)];
  }

  /** The actions not started yet (pseudo-actions included), in graph order. */
  List<ScheduledAction> waiting() {
    List<ScheduledAction> out = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      if (states[i] == State.WAITING) {
        out.add(actions.get(i));
      }
    }
    return out;
  }

  /**
   * The actions that may start now, at most {@code limit} in flight at once (0: no limit), marked
   * in flight. Pseudo-actions that became runnable complete on the way and are not returned.
   */
  List<ScheduledAction> takeRunnable(int limit) {
    List<ScheduledAction> out = new ArrayList<>();
    if (aborted) {
      return out;
    }
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int i = 0; i < actions.size(); i++) {
        if (states[i] != State.WAITING || !ready(i)) {
          continue;
        }
        ScheduledAction a = actions.get(i);
        if (a.pseudo()) {
          states[i] = State.DONE;
          progress = true;
        } else if (limit <= 0 || inFlight() < limit) {
          states[i] = State.IN_FLIGHT;
          out.add(a);
        }
      }
    }
    return out;
  }

  private boolean ready(int i) {
    for (int b : before.get(i)) {
      if (states[b] != State.DONE) {
        return false;
      }
    }
    return true;
  }

  /** Records the outcome of an in-flight action; false if it was not in flight. */
  boolean complete(int actionId, boolean ok) {
    Integer i = indexById.get(actionId);
    if (i == null || states[i] != State.IN_FLIGHT) {
      return false;
    }
    states[i] = ok ? State.DONE : State.FAILED;
    return true;
  }

  /** Gives up the in-flight actions on {@code node} (it left): they count as failed. */
  List<ScheduledAction> loseNode(String node) {
    List<ScheduledAction> lost = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      ScheduledAction a = actions.get(i);
      if (states[i] == State.IN_FLIGHT && !a.fencing() && node.equals(a.node())) {
        states[i] = State.FAILED;
        lost.add(a);
      }
    }
    return lost;
  }

  int inFlight() {
    int n = 0;
    for (State s : states) {
      if (s == State.IN_FLIGHT) {
        n++;
      }
    }
    return n;
  }

  /** The in-flight actions. */
  List<ScheduledAction> inFlightActions() {
    List<ScheduledAction> out = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      if (states[i] == State.IN_FLIGHT) {
        out.add(actions.get(i));
      }
    }
    return out;
  }

  /**
   * Whether the transition is over: nothing in flight, and (aborted, or nothing left that could
   * still run because everything is done or waits on a failed action).
   */
  boolean finished() {
    if (inFlight() > 0) {
      return false;
    }
    if (aborted) {
      return true;
    }
    for (int i = 0; i < actions.size(); i++) {
      if (states[i] == State.WAITING && ready(i)) {
        return false;
      }
    }
    return true;
  }

  /** How many actions are in state {@code s}. */
  int count(State s) {
    int n = 0;
    for (State x : states) {
      if (x == s) {
        n++;
      }
    }
    return n;
  }

  /** Whether every action completed successfully. */
  boolean succeeded() {
    for (State s : states) {
      if (s != State.DONE) {
        return false;
      }
    }
    return !aborted;
  }

  /** Counts by state, e.g. {@code 7 done, 1 failed, 2 skipped}. */
  String summary() {
    int done = 0;
    int failed = 0;
    int skipped = 0;
    for (State s : states) {
      switch (s) {
        case DONE -> done++;
        case FAILED -> failed++;
        default -> skipped++;
      }
    }
    return "transition "
        + id
        + ": "
        + done
        + " done, "
        + failed
        + " failed, "
        + skipped
        + " skipped"
        + (aborted ? " (aborted: " + abortReason + ")" : "");
  }
}
