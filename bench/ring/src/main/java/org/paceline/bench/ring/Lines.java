package org.paceline.bench.ring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parsing of the node processes' stdout lines (see {@link RingNodeMain}). */
final class Lines {

  private Lines() {}

  /** A {@code VIEW} line. */
  record View(long micros, String ringId, List<Integer> members) {}

  static boolean isView(String line) {
    return line.startsWith("VIEW ");
  }

  static View view(String line) {
    String[] w = line.split(" ");
    return new View(WallClock.parse(w[1]), w[2], Args.intList(w[3]));
  }

  /** Whether {@code line} is a {@code KIND <phase> ...} line of that phase. */
  static boolean isPhaseLine(String line, String kind, int phase) {
    return line.startsWith(kind + " " + phase + " ");
  }

  /** The wall time (micros) in word {@code index} of a line. */
  static long time(String line, int index) {
    return WallClock.parse(line.split(" ")[index]);
  }

  /** The {@code key=value} words of a line. */
  static Map<String, String> values(String line) {
    Map<String, String> out = new HashMap<>();
    for (String w : line.split(" ")) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        out.put(w.substring(0, eq), w.substring(eq + 1));
      }
    }
    return out;
  }

  /** A numeric {@code key=value} of a line, 0 if absent. */
  static long number(String line, String key) {
    String v = values(line).get(key);
    return v == null ? 0 : Long.parseLong(v);
  }
}
