package org.paceline.eventlog.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What any consumer of the event log does: a plain read_committed consumer with String
 * deserializers, reading the whole topic from the start.
 */
final class TopicReader implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

  TopicReader(String bootstrap, String topic) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrap);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> parts =
        consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
            .map(i -> new TopicPartition(topic, i.partition()))
            .collect(Collectors.toList());
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  /** Polls once (at most {@code wait}) and returns everything read so far. */
  List<ConsumerRecord<String, String>> poll(Duration wait) {
    consumer.poll(wait).forEach(seen::add);
    return seen;
  }

  /** Polls for a short while; for use inside Awaitility conditions. */
  List<ConsumerRecord<String, String>> poll() {
    return poll(Duration.ofMillis(200));
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
