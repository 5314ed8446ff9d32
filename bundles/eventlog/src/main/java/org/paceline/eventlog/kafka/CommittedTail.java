package org.paceline.eventlog.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.EventFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the highest sequence number committed to the topic: for each partition, a read_committed
 * consumer seeks a little before the end (the last stable offset) and reads to it; when the window
 * holds only aborted records and transaction markers it looks further back.
 */
final class CommittedTail {

  private static final Logger LOG = LoggerFactory.getLogger(CommittedTail.class);

  private static final int FIRST_WINDOW = 16;

  private final EventCodec codec = new EventCodec();

  /**
   * The highest committed {@code seq} in {@code topic}, 0 if it holds no committed event.
   *
   * @throws TimeoutException if the broker does not answer within {@code timeout}
   */
  long lastCommittedSeq(Consumer<String, byte[]> consumer, String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    if (infos == null || infos.isEmpty()) {
      return 0;
    }
    long best = 0;
    for (PartitionInfo info : infos) {
      TopicPartition tp = new TopicPartition(topic, info.partition());
      best = Math.max(best, lastInPartition(consumer, tp, deadline));
    }
    return best;
  }

  private long lastInPartition(
      Consumer<String, byte[]> consumer, TopicPartition tp, long deadline) {
    consumer.assign(List.of(tp));
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(List.of(tp), remaining(deadline));
    Map<TopicPartition, Long> ends = consumer.endOffsets(List.of(tp), remaining(deadline));
    long begin = begins.getOrDefault(tp, 0L);
    long end = ends.getOrDefault(tp, 0L);
    long window = FIRST_WINDOW;
    long readTo = end;
    while (readTo > begin) {
      long start = Math.max(begin, readTo - window);
      long found = readRange(consumer, tp, start, readTo, deadline);
      if (found > 0) {
        return found;
      }
      readTo = start;
      window *= 8;
    }
    return 0;
  }

  /** The highest seq among the committed records in [start, end) of {@code tp}, 0 if none. */
  private long readRange(
      Consumer<String, byte[]> consumer, TopicPartition tp, long start, long end, long deadline) {
    consumer.seek(tp, start);
    long best = 0;
    while (consumer.position(tp, remaining(deadline)) < end) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100)).records(tp)) {
        if (r.offset() >= end) {
          break;
        }
        try {
          best = Math.max(best, codec.decode(r.value()).seq());
        } catch (EventFormatException e) {
          LOG.warn(
              "{} offset {} is not a Paceline event, ignored: {}", tp, r.offset(), e.getMessage());
        }
      }
    }
    return best;
  }

  private static Duration remaining(long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new TimeoutException("reading the last committed event took too long");
    }
    return Duration.ofNanos(left);
  }
}
