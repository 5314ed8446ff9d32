package org.paceline.scheduler.internal;

import java.util.Locale;

/** Score arithmetic as Pacemaker defines it: saturating at ±INFINITY, where -INFINITY wins. */
public final class Scores {

  /** The value of INFINITY. */
  public static final int INF = 1_000_000;

  /** Marks a node that is not in a resource's allowed-node table. */
  static final int MISSING = Integer.MIN_VALUE;

  /** Marks a node made unusable while merging non-negative colocation scores. */
  static final int UNUSABLE = -100_000_000;

  private Scores() {}

  /** Adds two scores: -INFINITY wins over INFINITY, results saturate. */
  public static int add(int a, int b) {
    if (a <= -INF || b <= -INF) {
      return -INF;
    }
    if (a >= INF || b >= INF) {
      return INF;
    }
    int r = a + b;
    if (r <= -INF) {
      return -INF;
    }
    return Math.min(r, INF);
  }

  /** A score as Pacemaker prints it: INFINITY, -INFINITY or the number. */
  public static String text(int score) {
    if (score >= INF) {
      return "INFINITY";
    }
    if (score <= -INF) {
      return "-INFINITY";
    }
    return Integer.toString(score);
  }

  /**
   * Parses a score leniently, as Pacemaker does: INFINITY, +INFINITY, -INFINITY, or the leading
   * integer of the text ({@code 2.0} is 2); anything else is 0.
   */
  public static int parse(String text) {
    if (text == null) {
      return 0;
    }
    String t = text.trim();
    if (!t.isEmpty() && !Character.isDigit(t.charAt(t.length() - 1))) {
      switch (t.toLowerCase(Locale.ROOT)) {
        case "infinity", "+infinity", "inf", "+inf":
          return INF;
        case "-infinity", "-inf":
          return -INF;
        default:
          break;
      }
    }
    int i = 0;
    boolean neg = false;
    if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
      neg = t.charAt(i) == '-';
      i++;
    }
    long v = 0;
    int digits = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i)) && digits < 12) {
      v = v * 10 + (t.charAt(i) - '0');
      i++;
      digits++;
    }
    if (digits == 0) {
      return 0;
    }
    v = neg ? -v : v;
    return (int) Math.max(-INF, Math.min(INF, v));
  }

  /** Pacemaker's boolean words: true, on, yes, y, 1 (any case). */
  public static boolean isTrue(String value) {
    if (value == null) {
      return false;
    }
    String v = value.trim();
    return v.equalsIgnoreCase("true")
        || v.equalsIgnoreCase("on")
        || v.equalsIgnoreCase("yes")
        || v.equalsIgnoreCase("y")
        || v.equals("1");
  }

  /**
   * Compares names case-insensitively with runs of digits compared as numbers, so that {@code
   * node9} sorts before {@code node10}.
   */
  public static int compareNames(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && a.charAt(i) == '0') {
          i++;
        }
        while (j < b.length() && b.charAt(j) == '0') {
          j++;
        }
        int ei = i;
        int ej = j;
        while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
          ei++;
        }
        while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
          ej++;
        }
        int la = ei - i;
        int lb = ej - j;
        if (la != lb) {
          return la < lb ? -1 : 1;
        }
        for (int k = 0; k < la; k++) {
          char da = a.charAt(i + k);
          char db = b.charAt(j + k);
          if (da != db) {
            return da < db ? -1 : 1;
          }
        }
        int za = i - si;
        int zb = j - sj;
        if (za != zb) {
          return za < zb ? -1 : 1;
        }
        i = ei;
        j = ej;
      } else {
        char la = Character.toLowerCase(ca);
        char lb = Character.toLowerCase(cb);
        if (la != lb) {
          return la < lb ? -1 : 1;
        }
        i++;
        j++;
      }
    }
    if (i < a.length()) {
      return 1;
    }
    if (j < b.length()) {
      return -1;
    }
    return a.compareTo(b);
  }
}
