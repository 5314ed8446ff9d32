package org.paceline.ra.systemd;

import java.util.Locale;

/**
 * A unit's {@code ActiveState} as systemd reports it ({@code systemctl show -p ActiveState}).
 * Values this code does not know (a newer systemd) are {@link #UNKNOWN} and never count as running.
 */
public enum ActiveState {
  ACTIVE,
  RELOADING,
  /** systemd 256+: an active unit whose mount namespace or resources are being refreshed. */
  REFRESHING,
  INACTIVE,
  FAILED,
  ACTIVATING,
  DEACTIVATING,
  /** systemd 250+: the unit is inactive while a {@code systemctl clean} runs. */
  MAINTENANCE,
  UNKNOWN;

  /** The state for systemd's lower-case word, {@link #UNKNOWN} if unknown. */
  public static ActiveState fromSystemd(String word) {
    if (word == null || word.isBlank()) {
      return UNKNOWN;
    }
    try {
      return valueOf(word.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /** The word systemd uses. */
  public String systemdName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
