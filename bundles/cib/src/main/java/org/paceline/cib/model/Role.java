package org.paceline.cib.model;

import java.util.Locale;

/**
 * A resource role. Pacemaker 2.1 names: {@code Stopped}, {@code Started}, {@code Unpromoted},
 * {@code Promoted}; the Pacemaker 1 names {@code Slave} and {@code Master} are accepted by {@link
 * #parse}.
 */
public enum Role {
  STOPPED("Stopped"),
  STARTED("Started"),
  UNPROMOTED("Unpromoted"),
  PROMOTED("Promoted");

  private final String text;

  Role(String text) {
    this.text = text;
  }

  /** Whether the resource is running in this role. */
  public boolean isActive() {
    return this != STOPPED;
  }

  /**
   * Parses a role name, case-insensitively, including {@code Slave} and {@code Master}.
   *
   * @throws IllegalArgumentException for an unknown role
   */
  public static Role parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("role is missing");
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "stopped" -> STOPPED;
      case "started" -> STARTED;
      case "unpromoted", "slave" -> UNPROMOTED;
      case "promoted", "master" -> PROMOTED;
      default ->
          throw new IllegalArgumentException(
              "unknown role '" + text + "': expected Stopped, Started, Unpromoted or Promoted");
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
