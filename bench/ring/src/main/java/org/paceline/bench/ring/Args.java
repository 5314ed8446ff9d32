package org.paceline.bench.ring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Parsing of {@code --key value} command lines and {@code key=value} words. */
final class Args {

  private Args() {}

  /**
   * {@code --key value} pairs (and {@code --key=value}) in order; a word not starting with {@code
   * --} is kept under its position ({@code "0"}, {@code "1"}, ...).
   */
  static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    int positional = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        out.put(Integer.toString(positional++), a);
        continue;
      }
      String key = a.substring(2);
      int eq = key.indexOf('=');
      if (eq >= 0) {
        out.put(key.substring(0, eq), key.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        out.put(key, args[++i]);
      } else {
        out.put(key, "true");
      }
    }
    return out;
  }

  /** {@code key=value} words of one command line (the first word, the command, is skipped). */
  static Map<String, String> words(String line) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] parts = line.trim().split("\\s+");
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got '" + parts[i] + "'");
      }
      out.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
    }
    return out;
  }

  /** {@code "1,2,3"} as a list. */
  static List<Integer> intList(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(Integer.parseInt(s.trim()));
      }
    }
    return out;
  }

  /** A list as {@code "1,2,3"}. */
  static String join(List<Integer> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** Rejects keys not in {@code known}. */
  static void check(Map<String, String> options, List<String> known) {
    for (String k : options.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown option --" + k + " (known: " + known + ")");
      }
    }
  }
}
