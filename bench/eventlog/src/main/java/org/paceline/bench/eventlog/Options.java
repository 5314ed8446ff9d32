package org.paceline.bench.eventlog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The harness's command line: {@code [--runs N] [--rate EVENTS_PER_S] [--seconds S] [--warmup S]
 * [--prewarm S] [--saturation S] [--mode full|publisher] [--broker process|inproc] [--token MS]
 * [--state-dir DIR] [--set KEY=VALUE]... [--broker-set KEY=VALUE]...}. {@code --set} passes
 * event-log settings as paceline.conf's {@code events { }} section names them ({@code
 * journal.sync=off}, {@code publish.batch=500}, {@code kafka.linger.ms=1}, ...).
 *
 * @param runs how many runs, each on a fresh cluster with a topic of its own, all on one broker
 * @param rate the offered rate of the rated phase, events/s over all three nodes
 * @param seconds how long the rated phase offers that rate
 * @param warmup how long each run's warm-up phase emits at saturation first (not measured)
 * @param prewarm for how long at most events flow at saturation before the first run (same mode,
 *     throwaway clusters and topics, not measured), until the JIT compilers of the broker and the
 *     harness are quiet, so that they are as warm as in a cluster that has run for a while: a
 *     freshly started broker spent about as much CPU compiling as serving in its first minute
 * @param saturation how long the saturation phase emits as fast as the nodes take it (0: none)
 * @param publisherOnly no rings and relays: the emitters append numbered events to node 1's journal
 *     directly, which isolates the publisher and the broker ({@code --mode publisher}; default
 *     {@code --mode full})
 * @param brokerProcess whether the broker runs in a process of its own
 * @param token the ring's token timeout
 * @param stateDir where the nodes' state directories (journals, numbering state) go, by default the
 *     temporary directory
 * @param settings event-log settings on top of the defaults
 * @param brokerSettings broker settings on top of {@link LocalBroker}'s ({@code --broker-set})
 */
record Options(
    int runs,
    int rate,
    int seconds,
    int warmup,
    int prewarm,
    int saturation,
    boolean publisherOnly,
    boolean brokerProcess,
    Duration token,
    Optional<Path> stateDir,
    Map<String, String> settings,
    Map<String, String> brokerSettings) {

  static final String USAGE =
      "usage: EventLogBench [--runs 3] [--rate 20000] [--seconds 10] [--warmup 5] [--prewarm 240]"
          + " [--saturation 10] [--mode full|publisher] [--broker process|inproc] [--token 1000] [--state-dir DIR]"
          + " [--set KEY=VALUE]... [--broker-set KEY=VALUE]...";

  Options {
    settings = Map.copyOf(settings);
    brokerSettings = Map.copyOf(brokerSettings);
  }

  /**
   * Reads the command line.
   *
   * @throws IllegalArgumentException naming the option, for an unknown option or a bad value
   */
  static Options parse(String... args) {
    int runs = 3;
    int rate = 20_000;
    int seconds = 10;
    int warmup = 5;
    int prewarm = 240;
    int saturation = 10;
    boolean process = true;
    boolean publisherOnly = false;
    long token = 1000;
    Path stateDir = null;
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> brokerSettings = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String opt = rest.remove(0);
      if (rest.isEmpty()) {
        throw new IllegalArgumentException(opt + ": a value is missing. " + USAGE);
      }
      String value = rest.remove(0);
      switch (opt) {
        case "--runs" -> runs = number(opt, value, 1);
        case "--rate" -> rate = number(opt, value, 1);
        case "--seconds" -> seconds = number(opt, value, 1);
        case "--warmup" -> warmup = number(opt, value, 0);
        case "--prewarm" -> prewarm = number(opt, value, 0);
        case "--saturation" -> saturation = number(opt, value, 0);
        case "--token" -> token = number(opt, value, 50);
        case "--broker" ->
            process =
                switch (value.toLowerCase(Locale.ROOT)) {
                  case "process" -> true;
                  case "inproc" -> false;
                  default ->
                      throw new IllegalArgumentException(
                          "--broker: expected process or inproc, not '" + value + "'");
                };
        case "--state-dir" -> stateDir = Path.of(value);
        case "--mode" ->
            publisherOnly =
                switch (value.toLowerCase(Locale.ROOT)) {
                  case "full" -> false;
                  case "publisher" -> true;
                  default ->
                      throw new IllegalArgumentException(
                          "--mode: expected full or publisher, not '" + value + "'");
                };
        case "--set" -> put(settings, opt, value);
        case "--broker-set" -> put(brokerSettings, opt, value);
        default -> throw new IllegalArgumentException("unknown option '" + opt + "'. " + USAGE);
      }
    }
    return new Options(
        runs,
        rate,
        seconds,
        warmup,
        prewarm,
        saturation,
        publisherOnly,
        process,
        Duration.ofMillis(token),
        Optional.ofNullable(stateDir),
        settings,
        brokerSettings);
  }

  /** These options with the events published to {@code topic}. */
  Options withTopic(String topic) {
    Map<String, String> s = new LinkedHashMap<>(settings);
    s.put("topic", topic);
    return new Options(
        runs,
        rate,
        seconds,
        warmup,
        prewarm,
        saturation,
        publisherOnly,
        brokerProcess,
        token,
        stateDir,
        s,
        brokerSettings);
  }

  /** The options of the warm-up before the first run: no phases of their own, on {@code topic}. */
  Options forPrewarm(String topic) {
    return new Options(
            runs,
            rate,
            seconds,
            0,
            prewarm,
            0,
            publisherOnly,
            brokerProcess,
            token,
            stateDir,
            settings,
            brokerSettings)
        .withTopic(topic);
  }

  private static void put(Map<String, String> to, String opt, String value) {
    int eq = value.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          opt + ": expected KEY=VALUE (e.g. journal.sync=off), not '" + value + "'");
    }
    to.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
  }

  private static int number(String opt, String value, int min) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        opt + ": expected a whole number >= " + min + ", not '" + value + "'");
  }
}
