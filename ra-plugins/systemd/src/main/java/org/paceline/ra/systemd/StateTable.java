package org.paceline.ra.systemd;

import java.util.EnumMap;
import java.util.Map;
import org.paceline.api.ra.AgentAction;

/**
 * What a unit's {@link ActiveState} means for each action, once systemctl has run the action's job
 * (Pacemaker's semantics for systemd resources):
 *
 * <ul>
 *   <li>monitor: {@code active}, {@code reloading} and {@code refreshing} are running (0); {@code
 *       inactive}, {@code failed}, {@code maintenance} and unknown states are not running (7, with
 *       the state as the reason); {@code activating} and {@code deactivating} are in transition:
 *       the monitor polls again until the unit settles or the operation's deadline passes (then the
 *       result is a timeout), so a monitor never reports a half-started service as running.
 *   <li>start: done when running; {@code inactive}, {@code failed}, {@code maintenance} or unknown
 *       after the start job mean the start failed (1); transitions are polled.
 *   <li>stop: done when not running ({@code failed} counts as stopped, as systemd has no process
 *       left); still running or in transition after the stop job is polled, so a unit that
 *       something else restarts makes the stop time out rather than lie.
 * </ul>
 */
public final class StateTable {

  /** What a state means for an action. */
  public enum Outcome {
    /** The action reached its goal (start: running; stop: stopped; monitor: running). */
    DONE,
    /** Monitor only: the unit is not running. */
    NOT_RUNNING,
    /** Start only: the unit settled in a state that is not running. */
    FAILED,
    /** The unit is in transition (or not yet where the action wants it): ask again. */
    WAIT
  }

  private static final Map<ActiveState, Outcome> MONITOR = new EnumMap<>(ActiveState.class);
  private static final Map<ActiveState, Outcome> START = new EnumMap<>(ActiveState.class);
  private static final Map<ActiveState, Outcome> STOP = new EnumMap<>(ActiveState.class);

  static {
    row(ActiveState.ACTIVE, Outcome.DONE, Outcome.DONE, Outcome.WAIT);
    row(ActiveState.RELOADING, Outcome.DONE, Outcome.DONE, Outcome.WAIT);
    row(ActiveState.REFRESHING, Outcome.DONE, Outcome.DONE, Outcome.WAIT);
    row(ActiveState.INACTIVE, Outcome.NOT_RUNNING, Outcome.FAILED, Outcome.DONE);
    row(ActiveState.FAILED, Outcome.NOT_RUNNING, Outcome.FAILED, Outcome.DONE);
    row(ActiveState.ACTIVATING, Outcome.WAIT, Outcome.WAIT, Outcome.WAIT);
    row(ActiveState.DEACTIVATING, Outcome.WAIT, Outcome.WAIT, Outcome.WAIT);
    row(ActiveState.MAINTENANCE, Outcome.NOT_RUNNING, Outcome.FAILED, Outcome.DONE);
    row(ActiveState.UNKNOWN, Outcome.NOT_RUNNING, Outcome.FAILED, Outcome.DONE);
  }

  private StateTable() {}

  private static void row(ActiveState state, Outcome monitor, Outcome start, Outcome stop) {
    MONITOR.put(state, monitor);
    START.put(state, start);
    STOP.put(state, stop);
  }

  /**
   * What {@code state} means for {@code action}.
   *
   * @throws IllegalArgumentException for actions other than start, stop and monitor
   */
  public static Outcome outcome(AgentAction action, ActiveState state) {
    Map<ActiveState, Outcome> column =
        switch (action) {
          case START -> START;
          case STOP -> STOP;
          case MONITOR -> MONITOR;
          default ->
              throw new IllegalArgumentException("no state table for the " + action + " action");
        };
    return column.get(state);
  }
}
