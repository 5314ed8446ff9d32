package org.paceline.ring.layer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named event counters of one node's ring (packets dropped by reason, retransmissions, ...), safe
 * to bump from any thread and to read as a snapshot.
 */
public final class Counters {

  private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

  /** Adds one to {@code name}. */
  public void inc(String name) {
    counters.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  /** Adds {@code n} to {@code name}. */
  public void add(String name, long n) {
    counters.computeIfAbsent(name, k -> new LongAdder()).add(n);
  }

  /** The current value of {@code name} (0 if never counted). */
  public long get(String name) {
    LongAdder a = counters.get(name);
    return a == null ? 0 : a.sum();
  }

  /** All counters, sorted by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
