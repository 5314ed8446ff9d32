package org.paceline.fencer;

import java.util.Locale;

/**
 * How the fencer decides whether a device can fence a node ({@code pcmk_host_check}).
 *
 * <p>When not configured: {@link #STATIC_LIST} if {@code pcmk_host_list} or {@code pcmk_host_map}
 * is set, else {@link #DYNAMIC_LIST} if the agent supports {@code list}, else {@link #STATUS} if it
 * supports {@code status}, else {@link #NONE}. An agent that declares no actions at all is taken to
 * support them all.
 */
public enum HostCheck {
  /** The node is named in {@code pcmk_host_list} or {@code pcmk_host_map}. */
  STATIC_LIST("static-list"),
  /** The node's port (or name) is in what the agent's {@code list} action reports (cached). */
  DYNAMIC_LIST("dynamic-list"),
  /** The agent's {@code status} action for the node reports on (0) or off (2). */
  STATUS("status"),
  /** The device can fence every node. */
  NONE("none");

  private final String text;

  HostCheck(String text) {
    this.text = text;
  }

  /**
   * Parses {@code static-list}, {@code dynamic-list}, {@code status} or {@code none}.
   *
   * @throws IllegalArgumentException naming the value
   */
  public static HostCheck parse(String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    for (HostCheck c : values()) {
      if (c.text.equals(v)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "pcmk_host_check '" + value + "' is not one of static-list, dynamic-list, status, none");
  }

  @Override
  public String toString() {
    return text;
  }
}
