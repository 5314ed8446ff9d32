package org.paceline.eventlog.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.EventFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the event topic in {@code seq} order, from any seq on ({@code paceline events --from SEQ
 * [-f]} when Kafka is configured): a read_committed consumer that finds the starting offset of each
 * partition by binary search and, with several partitions, merges them back into one order. Not
 * thread-safe (like the consumer under it).
 */
public final class TopicEventReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicEventReader.class);

  private final KafkaSettings settings;
  private final KafkaConsumer<String, byte[]> consumer;
  private final EventCodec codec = new EventCodec();
  private final List<TopicPartition> partitions = new ArrayList<>();
  private final TreeMap<Long, Event> pending = new TreeMap<>();
  private long next = 1;

  /**
   * Connects and positions the reader at the first event (call {@link #seek} to start elsewhere).
   *
   * @throws TimeoutException if the broker does not answer within the operation timeout
   * @throws IllegalStateException if the topic does not exist
   */
  public TopicEventReader(KafkaSettings settings) {
    this.settings = settings;
    this.consumer = new KafkaClients(settings).consumer("reader");
    try {
      List<PartitionInfo> infos =
          consumer.partitionsFor(settings.topic(), settings.operationTimeout());
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + settings.topic() + " does not exist");
      }
      for (PartitionInfo i : infos) {
        partitions.add(new TopicPartition(settings.topic(), i.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    } catch (RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
  }

  /** Positions the reader at the first committed event with a seq of at least {@code fromSeq}. */
  public void seek(long fromSeq) {
    Map<TopicPartition, Long> begins =
        consumer.beginningOffsets(partitions, settings.operationTimeout());
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, settings.operationTimeout());
    Map<TopicPartition, Long> starts = new TreeMap<>((a, b) -> a.partition() - b.partition());
    for (TopicPartition tp : partitions) {
      consumer.assign(List.of(tp));
      long lo = begins.getOrDefault(tp, 0L);
      long hi = ends.getOrDefault(tp, 0L);
      long deadline = System.nanoTime() + settings.operationTimeout().toNanos() * 2;
      while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (firstSeqAtOrAfter(tp, mid, hi, deadline) >= fromSeq) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      starts.put(tp, lo);
    }
    consumer.assign(partitions);
    starts.forEach(consumer::seek);
    pending.clear();
    next = fromSeq;
  }

  /** The seq of the first committed event at or after {@code offset}, MAX_VALUE if none. */
  private long firstSeqAtOrAfter(TopicPartition tp, long offset, long end, long deadline) {
    consumer.seek(tp, offset);
    while (consumer.position(tp, settings.operationTimeout()) < end) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("finding the start in " + tp + " took too long");
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100)).records(tp)) {
        Long seq = seqOf(r);
        if (seq != null) {
          return seq;
        }
      }
    }
    return Long.MAX_VALUE;
  }

  /**
   * The next events in seq order, waiting at most {@code timeout} for some; empty when there are
   * none yet. With several partitions an event waits until the ones before it arrived (or until a
   * poll brings nothing new: a gap then is skipped).
   */
  public List<Event> poll(Duration timeout) {
    int added = 0;
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      Event e = decode(r);
      if (e != null && e.seq() >= next) {
        pending.put(e.seq(), e);
        added++;
      }
    }
    List<Event> out = new ArrayList<>();
    while (!pending.isEmpty() && (pending.firstKey() == next || added == 0)) {
      Event e = pending.pollFirstEntry().getValue();
      out.add(e);
      next = e.seq() + 1;
    }
    return out;
  }

  private Long seqOf(ConsumerRecord<String, byte[]> r) {
    Event e = decode(r);
    return e == null ? null : e.seq();
  }

  private Event decode(ConsumerRecord<String, byte[]> r) {
    try {
      return codec.decode(r.value());
    } catch (EventFormatException e) {
      LOG.warn(
          "{}-{} offset {} is not a Paceline event, skipped: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
      return null;
    }
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
  }
}
