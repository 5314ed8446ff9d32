package org.paceline.ra.systemd;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A systemd unit as a {@code systemd:<type>} agent names it. The type may carry the unit's suffix
 * or not: {@code nginx} and {@code nginx.service} are the same unit, as in Pacemaker; the suffixes
 * {@code .service}, {@code .socket}, {@code .mount}, {@code .timer} and {@code .path} are kept, any
 * other name gets {@code .service}.
 *
 * @param unit the full unit name, e.g. {@code nginx.service}
 */
public record UnitName(String unit) {

  /** The unit suffixes a resource may name; anything else is a service. */
  public static final List<String> SUFFIXES =
      List.of(".service", ".socket", ".mount", ".timer", ".path");

  private static final String SERVICE = ".service";

  /**
   * What systemd accepts in a unit name (letters, digits, {@code :-_.\@}), starting with a letter,
   * digit or underscore so that it can never be read as a systemctl option.
   */
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9:_.@\\\\-]{0,254}");

  public UnitName {
    Objects.requireNonNull(unit, "unit");
    if (!VALID.matcher(unit).matches() || SUFFIXES.stream().noneMatch(unit::endsWith)) {
      throw new IllegalArgumentException("'" + unit + "' is not a systemd unit name");
    }
    if (unit.substring(0, unit.lastIndexOf('.')).endsWith("@")) {
      throw new IllegalArgumentException(
          "'" + unit + "' is a template: name an instance, e.g. " + unit.replace("@.", "@1."));
    }
  }

  /**
   * The unit for agent type {@code type} ({@code nginx}, {@code nginx.service}, {@code
   * var-lib.mount}).
   *
   * @throws IllegalArgumentException naming what is wrong with {@code type}
   */
  public static UnitName of(String type) {
    Objects.requireNonNull(type, "type");
    boolean suffixed =
        SUFFIXES.stream().anyMatch(s -> type.endsWith(s) && type.length() > s.length());
    return new UnitName(suffixed ? type : type + SERVICE);
  }

  /** The agent type: the unit name without {@code .service}, other suffixes kept. */
  public String agentType() {
    return isService() ? unit.substring(0, unit.length() - SERVICE.length()) : unit;
  }

  /** Whether this is a {@code .service} unit. */
  public boolean isService() {
    return unit.endsWith(SERVICE);
  }

  @Override
  public String toString() {
    return unit;
  }
}
