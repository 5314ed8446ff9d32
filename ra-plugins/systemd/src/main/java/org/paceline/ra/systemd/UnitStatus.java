package org.paceline.ra.systemd;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What systemd says about one unit: {@code systemctl show -p LoadState,ActiveState,SubState,Result
 * <unit>}.
 *
 * @param loadState {@code loaded}, {@code not-found}, {@code masked}, {@code bad-setting}, {@code
 *     error}, ...
 * @param activeState see {@link ActiveState}
 * @param activeStateText the word systemd printed (kept for messages when it is unknown)
 * @param subState the unit type's own state, e.g. {@code running}, {@code dead}, {@code start-pre}
 * @param result the last run's result, e.g. {@code success}, {@code exit-code}, {@code timeout};
 *     empty for unit types without one
 */
public record UnitStatus(
    String loadState,
    ActiveState activeState,
    String activeStateText,
    String subState,
    String result) {

  /** The properties to ask {@code systemctl show -p} for. */
  public static final List<String> PROPERTIES =
      List.of("LoadState", "ActiveState", "SubState", "Result");

  public UnitStatus {
    Objects.requireNonNull(loadState, "loadState");
    Objects.requireNonNull(activeState, "activeState");
    activeStateText = activeStateText == null ? activeState.systemdName() : activeStateText;
    subState = subState == null ? "" : subState;
    result = result == null ? "" : result;
  }

  /**
   * Parses {@code KEY=VALUE} lines as {@code systemctl show} prints them.
   *
   * @throws IllegalArgumentException naming the missing property when the output is not what
   *     systemctl prints
   */
  public static UnitStatus parse(String showOutput) {
    Map<String, String> values = new HashMap<>();
    for (String line : showOutput.split("\n", -1)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.putIfAbsent(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    for (String required : List.of("LoadState", "ActiveState")) {
      if (values.getOrDefault(required, "").isEmpty()) {
        throw new IllegalArgumentException(
            "systemctl show printed no "
                + required
                + "= line (got: '"
                + abbreviate(showOutput)
                + "')");
      }
    }
    String active = values.get("ActiveState");
    return new UnitStatus(
        values.get("LoadState"),
        ActiveState.fromSystemd(active),
        active,
        values.get("SubState"),
        values.get("Result"));
  }

  /**
   * Whether systemd knows a unit file by this name ({@code LoadState} is not {@code not-found}).
   */
  public boolean exists() {
    return !"not-found".equals(loadState);
  }

  /** Whether the unit file loaded cleanly ({@code loaded}). */
  public boolean loaded() {
    return "loaded".equals(loadState);
  }

  /** {@code ActiveState=failed SubState=failed Result=exit-code}, for messages. */
  public String describe() {
    StringBuilder b = new StringBuilder("ActiveState=").append(activeStateText);
    if (!subState.isEmpty()) {
      b.append(" SubState=").append(subState);
    }
    if (!result.isEmpty()) {
      b.append(" Result=").append(result);
    }
    return b.toString();
  }

  private static String abbreviate(String text) {
    String oneLine = text.strip().replace('\n', ' ');
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
  }
}
