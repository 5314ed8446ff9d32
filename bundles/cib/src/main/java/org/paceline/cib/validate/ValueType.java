package org.paceline.cib.validate;

import java.util.List;
import java.util.Locale;
import org.paceline.cib.model.PacemakerDurations;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Score;

/** The type of an attribute value, and what is wrong with a value that does not fit it. */
record ValueType(String name, List<String> choices) {

  static final ValueType BOOLEAN = new ValueType("boolean", null);
  static final ValueType DURATION = new ValueType("duration", null);
  static final ValueType INTEGER = new ValueType("integer", null);
  static final ValueType NON_NEGATIVE = new ValueType("non-negative integer", null);
  static final ValueType SCORE = new ValueType("score", null);
  static final ValueType ROLE = new ValueType("role", null);
  static final ValueType PERCENTAGE = new ValueType("percentage", null);
  static final ValueType STRING = new ValueType("string", null);

  static ValueType oneOf(String... choices) {
    return new ValueType("choice", List.of(choices));
  }

  /**
   * What is wrong with {@code value} as this type, as the end of a sentence ({@code "is not a
   * boolean (true or false)"}), or {@code null} if it fits.
   */
  String problem(String value) {
    String v = value.trim();
    if (choices != null) {
      return choices.contains(v.toLowerCase(Locale.ROOT))
          ? null
          : "is not one of " + String.join(", ", choices);
    }
    switch (name) {
      case "boolean":
        return v.matches("(?i)true|false|yes|no|y|n|on|off|1|0")
            ? null
            : "is not a boolean (true or false)";
      case "duration":
        try {
          PacemakerDurations.parse(v, "value");
          return null;
        } catch (IllegalArgumentException e) {
          return "is not a time (a number of seconds, or with a unit: 500ms, 10s, 5min, 1h)";
        }
      case "integer":
        return v.matches("[+-]?\\d{1,18}") ? null : "is not an integer";
      case "non-negative integer":
        return v.matches("\\+?\\d{1,18}") ? null : "is not a non-negative integer";
      case "score":
        // Pacemaker reads the leading integer of "1.0", so a fraction is accepted too.
        if (v.matches("(?i)[+-]?(inf|infinity)") || v.matches("[+-]?\\d{1,18}(\\.\\d+)?")) {
          return null;
        }
        return "is not a score (an integer, INFINITY or -INFINITY)";
      case "role":
        try {
          Role.parse(v);
          return null;
        } catch (IllegalArgumentException e) {
          return "is not a role (Stopped, Started, Unpromoted or Promoted)";
        }
      case "percentage":
        return v.matches("\\d{1,3}(\\.\\d+)?%?") ? null : "is not a percentage (e.g. 80%)";
      default:
        return null;
    }
  }

  /** Whether {@code value} is a score (used for colocation-like checks). */
  static Score scoreOrNull(String value) {
    try {
      return Score.parse(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
