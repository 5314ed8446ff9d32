package org.paceline.scheduler.internal;

import java.util.Map;

/**
 * Reads fail counts from a node's transient attributes: {@code fail-count-RSC#OP_INTERVAL} (and the
 * legacy {@code fail-count-RSC}) with {@code last-failure-*} times. An anonymous clone instance
 * counts the failures of every instance name of its primitive on the node. Failures older than the
 * resource's failure-timeout do not count when "effective" counts are asked for.
 */
final class FailCounts {

  private static final String COUNT = "fail-count-";
  private static final String LAST = "last-failure-";

  private FailCounts() {}

  /**
   * The fail count of {@code rsc} on {@code node}, saturating at INFINITY.
   *
   * @param effective whether failures expired by failure-timeout are left out
   */
  static int count(Cluster c, SchedPrimitive rsc, SchedNode node, boolean effective) {
    int total = 0;
    long last = 0;
    boolean any = false;
    String name = rsc.unique ? rsc.id : rsc.baseId;
    for (Map.Entry<String, String> e : node.attributes.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(COUNT) && matches(k, COUNT.length(), name, !rsc.unique)) {
        total = Scores.add(total, Scores.parse(e.getValue()));
        any = true;
      } else if (k.startsWith(LAST) && matches(k, LAST.length(), name, !rsc.unique)) {
        try {
          last = Math.max(last, Long.parseLong(e.getValue().trim()));
        } catch (NumberFormatException ex) {
          // not a time: ignore
        }
      }
    }
    if (!any || total <= 0) {
      return any ? total : 0;
    }
    if (effective && rsc.failureTimeoutMs > 0 && last > 0 && c.now != null) {
      long expiresMs = last * 1000 + rsc.failureTimeoutMs;
      if (c.now.toEpochMilli() > expiresMs) {
        return 0;
      }
    }
    return total;
  }

  /** The latest recorded failure time of {@code rsc} on {@code node}, epoch seconds, or 0. */
  static long lastFailure(SchedPrimitive rsc, SchedNode node) {
    long last = 0;
    String name = rsc.unique ? rsc.id : rsc.baseId;
    for (Map.Entry<String, String> e : node.attributes.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(LAST) && matches(k, LAST.length(), name, !rsc.unique)) {
        try {
          last = Math.max(last, Long.parseLong(e.getValue().trim()));
        } catch (NumberFormatException ex) {
          // ignore
        }
      }
    }
    return last;
  }

  /**
   * Whether the attribute (from {@code from}) names {@code name}, optionally followed by an
   * instance number, then {@code #OP_INTERVAL} or the end.
   */
  private static boolean matches(String attr, int from, String name, boolean anyInstance) {
    if (!attr.startsWith(name, from)) {
      return false;
    }
    int i = from + name.length();
    if (i == attr.length() || attr.charAt(i) == '#') {
      return true;
    }
    if (anyInstance && attr.charAt(i) == ':') {
      int j = i + 1;
      int digits = 0;
      while (j < attr.length() && Character.isDigit(attr.charAt(j))) {
        j++;
        digits++;
      }
      return digits > 0 && (j == attr.length() || attr.charAt(j) == '#');
    }
    return false;
  }
}
