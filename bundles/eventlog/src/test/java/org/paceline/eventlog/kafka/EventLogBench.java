package org.paceline.eventlog.kafka;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.Samples;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.journal.JournalConfig;

/**
 * Benchmark of the event log with a local broker (in this JVM): events appended to the journal at a
 * fixed rate, published by the {@link KafkaPublisher}, read by a plain read_committed consumer.
 * Prints events/s and the latency from append to commit and from append to the consumer, then a
 * saturation run (append as fast as possible).
 *
 * <p>Run: {@code mvn -o -q -pl bundles/eventlog dependency:build-classpath -Dmdep.outputFile=cp.txt
 * -Dmdep.includeScope=test}, then {@code java -cp target/test-classes:target/classes:$(cat cp.txt)
 * org.paceline.eventlog.kafka.EventLogBench}. System properties: {@code bench.maxBatch} (events per
 * transaction), {@code bench.linger} ({@code linger.ms}), {@code bench.timeline=true} (worst
 * latency per twentieth of the run).
 *
 * <p>Arguments (all optional): rate (events/s, default 20000), seconds (default 10), batch (events
 * per append, default 20), fsync (default true: the journal's default, forced within 10 ms; false:
 * never forced), saturation events (default 200000).
 */
public final class EventLogBench {

  private EventLogBench() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    boolean fsync = args.length <= 3 || Boolean.parseBoolean(args[3]);
    int saturation = args.length > 4 ? Integer.parseInt(args[4]) : 200_000;
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path dir = Files.createTempDirectory("eventlog-bench");
    try (InJvmKafka kafka = InJvmKafka.start()) {
      out.printf(
          "rated run: %d events/s for %d s (+3 s warm-up), %d events per append, fsync %s%n",
          rate, seconds, batch, fsync);
      Result r = run(kafka, dir.resolve("rated"), "rated", rate, seconds + 3, 3, batch, fsync);
      r.print(out);
      out.printf("saturation run: %d events, %d per append, fsync %s%n", saturation, 500, fsync);
      Result s = run(kafka, dir.resolve("sat"), "sat", 0, saturation, 0, 500, fsync);
      s.print(out);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Figures of one run. */
  record Result(
      long events,
      double seconds,
      long[] commitMicros,
      long[] consumeMicros,
      long transactions,
      long failures) {
    void print(PrintStream out) {
      out.printf(
          "  %d events in %.2f s = %.0f events/s end to end, %d transactions (%.0f events each)%n",
          events, seconds, events / seconds, transactions, (double) events / transactions);
      out.printf("  publisher failures (retries): %d%n", failures);
      out.printf("  append -> committed: %s%n", percentiles(commitMicros));
      out.printf("  append -> consumer : %s%n", percentiles(consumeMicros));
    }
  }

  /**
   * @param rate events per second, 0 for as fast as possible
   * @param amount seconds when rated, events when not
   * @param warmup seconds whose events are left out of the latency figures
   */
  private static Result run(
      InJvmKafka kafka,
      Path dir,
      String cluster,
      int rate,
      int amount,
      int warmup,
      int batch,
      boolean fsync)
      throws Exception {
    long total = rate > 0 ? (long) rate * amount : amount;
    long measuredFrom = rate > 0 ? (long) rate * warmup + 1 : 1;
    long[] appended = new long[(int) total + 1];
    long[] committed = new long[(int) total + 1];
    long[] consumed = new long[(int) total + 1];
    KafkaSettings settings =
        KafkaSettings.of(cluster, kafka.bootstrapServers())
            .withMaxBatch(Integer.getInteger("bench.maxBatch", 2000))
            .withClient(Map.of("linger.ms", System.getProperty("bench.linger", "5")));
    EventCodec codec = new EventCodec();
    try (EventJournal journal =
        EventJournal.open(
            dir,
            fsync
                ? JournalConfig.bounded(512L << 20, 10_000_000)
                : JournalConfig.bounded(512L << 20, 10_000_000).withFsync(false),
            cluster)) {
      CommitListener onCommit =
          (first, last) -> {
            long now = System.nanoTime();
            for (long s = first; s <= last; s++) {
              committed[(int) s] = now;
            }
          };
      AtomicBoolean reading = new AtomicBoolean(true);
      Thread consumer =
          new Thread(
              () -> consume(kafka, settings.topic(), codec, consumed, total, reading),
              "bench-consumer");
      // Create the topic and warm the clients before the clock starts.
      try (KafkaPublisher publisher =
          new KafkaPublisher(settings, journal, "n1", onCommit, () -> true)) {
        publisher.start();
        consumer.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (publisher.status().state() != PublisherStatus.State.PUBLISHING) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("publisher did not connect: " + publisher.status());
          }
          LockSupport.parkNanos(10_000_000);
        }
        long start = System.nanoTime();
        long interval = rate > 0 ? 1_000_000_000L * batch / rate : 0;
        long next = start;
        List<Event> events = new ArrayList<>(batch);
        for (long seq = 1; seq <= total; ) {
          events.clear();
          for (int i = 0; i < batch && seq <= total; i++, seq++) {
            events.add(Samples.event(cluster, seq));
          }
          if (seq - events.size() == measuredFrom && measuredFrom > 1) {
            // Warm-up done: let its backlog drain, then measure from a clean start.
            if (!publisher.awaitCommitted(measuredFrom - 1, Duration.ofMinutes(2))) {
              throw new IllegalStateException("warm-up not committed: " + publisher.status());
            }
            next = System.nanoTime();
            start = next;
          }
          if (interval > 0) {
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
          }
          long now = System.nanoTime();
          for (Event e : events) {
            appended[(int) e.seq()] = now;
          }
          journal.append(events);
        }
        if (!publisher.awaitCommitted(total, Duration.ofMinutes(5))) {
          throw new IllegalStateException("not committed: " + publisher.status());
        }
        consumer.join(300_000);
        reading.set(false);
        long end = Math.max(committed[(int) total], consumed[(int) total]);
        double secs = (end - appended[(int) measuredFrom]) / 1e9;
        long[] c = new long[(int) (total - measuredFrom + 1)];
        long[] r = new long[c.length];
        for (long s = measuredFrom; s <= total; s++) {
          c[(int) (s - measuredFrom)] = (committed[(int) s] - appended[(int) s]) / 1000;
          r[(int) (s - measuredFrom)] = (consumed[(int) s] - appended[(int) s]) / 1000;
        }
        if (Boolean.getBoolean("bench.timeline")) {
          long step = Math.max(1, (total - measuredFrom) / 20);
          for (long s = measuredFrom; s <= total; s += step) {
            long worst = 0;
            for (long x = s; x < Math.min(total + 1, s + step); x++) {
              worst = Math.max(worst, committed[(int) x] - appended[(int) x]);
            }
            System.out.printf(
                "    t=%.2fs seq %d: worst append->committed %.1f ms%n",
                (appended[(int) s] - start) / 1e9, s, worst / 1e6);
          }
        }
        PublisherStatus st = publisher.status();
        return new Result(c.length, secs, c, r, st.transactions(), st.failures());
      }
    }
  }

  private static void consume(
      InJvmKafka kafka,
      String topic,
      EventCodec codec,
      long[] consumed,
      long total,
      AtomicBoolean reading) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    p.put("fetch.max.wait.ms", "5");
    KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    try {
      List<TopicPartition> parts = null;
      while (parts == null || parts.isEmpty()) {
        parts =
            c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      long seen = 0;
      while (seen < total && reading.get()) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
          long now = System.nanoTime();
          long seq = codec.decode(r.value()).seq();
          consumed[(int) seq] = now;
          seen++;
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      c.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private static String percentiles(long[] micros) {
    long[] v = micros.clone();
    Arrays.sort(v);
    return String.format(
        "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms",
        v[v.length / 2] / 1000.0,
        v[(int) (v.length * 0.99)] / 1000.0,
        v[(int) (v.length * 0.999)] / 1000.0,
        v[v.length - 1] / 1000.0);
  }
}
