package org.paceline.cib.xml;

import java.util.HashSet;
import java.util.Set;

/**
 * Makes the ids the model does not keep (nvpairs, sets, operations, expressions) from their
 * context, deterministically: invalid characters become '.', and an id already taken gets a numeric
 * suffix. The ids the model keeps are reserved first, so a generated id never takes one.
 */
final class IdAllocator {

  private final Set<String> taken = new HashSet<>();

  void reserve(String id) {
    if (id != null) {
      taken.add(id);
    }
  }

  /** A fresh id made from {@code base}. */
  String make(String base) {
    String id = sanitize(base);
    if (taken.add(id)) {
      return id;
    }
    for (int i = 2; ; i++) {
      String candidate = id + "-" + i;
      if (taken.add(candidate)) {
        return candidate;
      }
    }
  }

  static String sanitize(String base) {
    StringBuilder b = new StringBuilder(base.length() + 1);
    for (int i = 0; i < base.length(); i++) {
      char c = base.charAt(i);
      boolean ok =
          c >= 'A' && c <= 'Z'
              || c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || c == '_'
              || c == '.'
              || c == '-';
      b.append(ok ? c : '.');
    }
    if (b.length() == 0 || !(Character.isLetter(b.charAt(0)) || b.charAt(0) == '_')) {
      b.insert(0, '_');
    }
    return b.toString();
  }
}
