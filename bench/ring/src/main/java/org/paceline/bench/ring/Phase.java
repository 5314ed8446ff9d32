package org.paceline.bench.ring;

import java.util.List;
import java.util.Map;

/**
 * One send phase: the listed senders each send messages of {@code size} bytes, either {@code count}
 * of them or for {@code durationMillis}, at most {@code rate} per second each (0: as fast as the
 * ring takes them); then each sends an end marker. Every node knows the phase (the same command
 * goes to all), so it knows when it has delivered all of it.
 *
 * <p>Written as {@code id=3 size=100 senders=1,2,3 count=100000} or {@code ... duration=10000}.
 */
record Phase(int id, int size, List<Integer> senders, long count, long durationMillis, int rate) {

  /** Bytes of the bench header at the start of every message. */
  static final int MIN_SIZE = BenchMessages.HEADER;

  Phase {
    senders = List.copyOf(senders);
    if (size < MIN_SIZE) {
      throw new IllegalArgumentException("size must be at least " + MIN_SIZE + " bytes: " + size);
    }
    if (senders.isEmpty()) {
      throw new IllegalArgumentException("a phase needs at least one sender");
    }
    if ((count > 0) == (durationMillis > 0)) {
      throw new IllegalArgumentException("give exactly one of count and duration");
    }
    if (rate < 0) {
      throw new IllegalArgumentException("rate must not be negative: " + rate);
    }
  }

  /** Parses {@code key=value} words. */
  static Phase parse(Map<String, String> kv) {
    return new Phase(
        Integer.parseInt(kv.getOrDefault("id", "1")),
        Integer.parseInt(kv.getOrDefault("size", "100")),
        Args.intList(kv.getOrDefault("senders", "1")),
        Long.parseLong(kv.getOrDefault("count", "0")),
        Long.parseLong(kv.getOrDefault("duration", "0")),
        Integer.parseInt(kv.getOrDefault("rate", "0")));
  }

  /** The command line a node reads on stdin. */
  String command() {
    return "PHASE id="
        + id
        + " size="
        + size
        + " senders="
        + Args.join(senders)
        + (count > 0 ? " count=" + count : " duration=" + durationMillis)
        + " rate="
        + rate;
  }
}
