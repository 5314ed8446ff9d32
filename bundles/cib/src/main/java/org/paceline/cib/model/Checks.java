package org.paceline.cib.model;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Shared validation and copying for the model's compact constructors. */
final class Checks {

  /** An XML ID as Pacemaker accepts it: a letter or underscore, then name characters. */
  static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]*");

  private Checks() {}

  /** Checks that {@code id} is a valid CIB id; {@code what} names it in the error. */
  static String id(String id, String what) {
    if (id == null) {
      throw new IllegalArgumentException(what + " id is missing");
    }
    if (!isId(id)) {
      throw new IllegalArgumentException(
          what
              + " id '"
              + id
              + "' is invalid: it must start with a letter or '_' and contain only letters,"
              + " digits, '_', '.', ':' or '-'");
    }
    return id;
  }

  /** Whether {@code s} is a valid CIB id (same rule as {@link #ID}, without a regex per call). */
  static boolean isId(String s) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    char c = s.charAt(0);
    if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_')) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      c = s.charAt(i);
      boolean ok =
          c >= 'A' && c <= 'Z'
              || c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || c == '_'
              || c == '.'
              || c == ':'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static <T> T required(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return value;
  }

  static String nonBlank(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is missing or blank");
    }
    return value;
  }

  /**
   * An unmodifiable copy of {@code map} that keeps its order and rejects null keys/values; an
   * {@link AttributeMap} is returned as it is.
   */
  static Map<String, String> attributes(Map<String, String> map, String what) {
    return AttributeMap.copyOf(map, what);
  }

  static <T> List<T> list(List<T> list, String what) {
    if (list == null) {
      return List.of();
    }
    for (T t : list) {
      if (t == null) {
        throw new IllegalArgumentException(what + " contains a null entry");
      }
    }
    return List.copyOf(list);
  }

  static void unique(Collection<String> ids, String what) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        throw new IllegalArgumentException("duplicate " + what + " id '" + id + "'");
      }
    }
  }

  /** Parses a Pacemaker boolean: {@code true/yes/y/on/1} or {@code false/no/n/off/0}, any case. */
  static boolean bool(String text, String what) {
    Objects.requireNonNull(text, what);
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "y", "on", "1" -> true;
      case "false", "no", "n", "off", "0" -> false;
      default -> throw new IllegalArgumentException(what + " '" + text + "' is not a boolean");
    };
  }

  static int nonNegativeInt(String text, String what) {
    try {
      int v = Integer.parseInt(text.trim());
      if (v < 0) {
        throw new IllegalArgumentException(what + " must not be negative, got " + text);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text + "' is not an integer", e);
    }
  }
}
