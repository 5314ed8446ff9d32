package org.paceline.fencer;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.paceline.api.fencing.FenceAction;

/**
 * One entry of the fencing history, in a form that travels: flat string attributes ({@link
 * #toAttributes()}, {@link #fromAttributes(Map)}) that can become a CIB status entry or the payload
 * of a {@code fencing.completed} event. Pacemaker keeps the same facts per operation (target,
 * action, state, origin, delegate, client, completion time, exit reason).
 *
 * @param id the operation id, unique in the cluster
 * @param target the node fenced
 * @param action the action requested
 * @param state pending, done or failed
 * @param origin the node that asked
 * @param client who asked on that node
 * @param delegate the node that carried it out
 * @param devices the devices that fenced the node, empty unless done
 * @param level the index of the level that succeeded, 0 if none
 * @param started when the operation started
 * @param completed when it ended, {@code null} while pending
 * @param reason a one-line summary
 * @param attempts how many attempts were made
 */
public record FencingRecord(
    String id,
    String target,
    FenceAction action,
    State state,
    String origin,
    String client,
    String delegate,
    List<String> devices,
    int level,
    Instant started,
    Instant completed,
    String reason,
    int attempts) {

  /** Where an operation is. */
  public enum State {
    PENDING,
    DONE,
    FAILED;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }

    static State parse(String text) {
      for (State s : values()) {
        if (s.toString().equals(text)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "fencing record state '" + text + "' is not one of pending, done, failed");
    }
  }

  /** The attribute names of {@link #toAttributes()}, in order. */
  public static final List<String> ATTRIBUTES =
      List.of(
          "id",
          "target",
          "action",
          "state",
          "origin",
          "client",
          "delegate",
          "devices",
          "level",
          "started",
          "completed",
          "reason",
          "attempts");

  public FencingRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(started, "started");
    origin = origin == null ? "" : origin;
    client = client == null ? "" : client;
    delegate = delegate == null ? "" : delegate;
    devices = List.copyOf(devices);
    reason = reason == null ? "" : reason;
    if ((state == State.PENDING) != (completed == null)) {
      throw new IllegalArgumentException(
          "fencing record " + id + ": a completion time is given exactly when it is not pending");
    }
  }

  /** A record of an operation that has started. */
  public static FencingRecord pending(
      String id, FencingRequest request, String delegate, Instant started) {
    return new FencingRecord(
        id,
        request.target(),
        request.action(),
        State.PENDING,
        request.requester(),
        request.client(),
        delegate,
        List.of(),
        0,
        started,
        null,
        "in progress",
        0);
  }

  /** When it ended, or else when it started: what orders the history. */
  public Instant time() {
    return completed != null ? completed : started;
  }

  /**
   * The record as flat attributes: times in epoch milliseconds, devices comma-separated, {@code
   * completed} absent while pending.
   */
  public Map<String, String> toAttributes() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("target", target);
    out.put("action", action.agentName());
    out.put("state", state.toString());
    out.put("origin", origin);
    out.put("client", client);
    out.put("delegate", delegate);
    out.put("devices", String.join(",", devices));
    out.put("level", Integer.toString(level));
    out.put("started", Long.toString(started.toEpochMilli()));
    if (completed != null) {
      out.put("completed", Long.toString(completed.toEpochMilli()));
    }
    out.put("reason", reason);
    out.put("attempts", Integer.toString(attempts));
    return out;
  }

  /**
   * Reads {@link #toAttributes()} back.
   *
   * @throws IllegalArgumentException naming the attribute that is missing or malformed
   */
  public static FencingRecord fromAttributes(Map<String, String> a) {
    String id = required(a, "id");
    try {
      String devices = a.getOrDefault("devices", "");
      return new FencingRecord(
          id,
          required(a, "target"),
          FenceAction.fromAgentName(required(a, "action"))
              .orElseThrow(
                  () -> new IllegalArgumentException("unknown action '" + a.get("action") + "'")),
          State.parse(required(a, "state")),
          a.get("origin"),
          a.get("client"),
          a.get("delegate"),
          devices.isBlank() ? List.of() : Arrays.asList(devices.split(",")),
          integer(a, "level"),
          Instant.ofEpochMilli(longValue(a, "started", required(a, "started"))),
          a.containsKey("completed")
              ? Instant.ofEpochMilli(longValue(a, "completed", a.get("completed")))
              : null,
          a.get("reason"),
          integer(a, "attempts"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fencing record '" + id + "': " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("fencing record attribute '" + key + "' is missing");
    }
    return v;
  }

  private static int integer(Map<String, String> a, String key) {
    String v = a.getOrDefault(key, "0");
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "attribute '" + key + "' is not an integer: '" + v + "'", e);
    }
  }

  private static long longValue(Map<String, String> a, String key, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "attribute '" + key + "' is not epoch milliseconds: '" + v + "'", e);
    }
  }

  /**
   * One line for status output, e.g. {@code reboot of n3: done by n1 with ipmi-n3 (level 1),
   * requested by controller on n2, completed 2024-05-01T10:00:00Z}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(action).append(" of ").append(target).append(": ").append(state);
    if (!delegate.isEmpty()) {
      sb.append(state == State.PENDING ? " on " : " by ").append(delegate);
    }
    if (!devices.isEmpty()) {
      sb.append(" with ").append(String.join(", ", devices));
      if (level > 0) {
        sb.append(" (level ").append(level).append(')');
      }
    }
    sb.append(", requested by ").append(client).append(" on ").append(origin);
    if (completed != null) {
      sb.append(", completed ").append(completed);
    } else {
      sb.append(", started ").append(started);
    }
    if (state == State.FAILED && !reason.isEmpty()) {
      sb.append(": ").append(reason);
    }
    return sb.toString();
  }
}
