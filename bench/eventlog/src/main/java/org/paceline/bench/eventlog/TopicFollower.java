package org.paceline.bench.eventlog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A plain read_committed consumer of the events topic (what a monitoring system would run): reads
 * every record from the start, takes {@code seq}, {@code node} and the emit index (the payload's
 * {@code durationMs}) with a streaming parser and stamps them into the {@link Timeline}.
 */
final class TopicFollower implements AutoCloseable {

  private static final JsonFactory JSON = new JsonFactory();

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Timeline timeline;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long records;
  private volatile Exception failure;

  TopicFollower(String bootstrap, String topic, Timeline timeline) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrap);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    // A fetch waits at the log end until the last stable offset moves (a commit), at most this.
    p.put("fetch.max.wait.ms", "100");
    p.put("client.id", "bench-follower");
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.timeline = timeline;
    this.thread = new Thread(this::run, "bench-consumer");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** How many records were read. */
  long records() {
    return records;
  }

  private void run() {
    try {
      List<TopicPartition> parts = List.of();
      while (running && parts.isEmpty()) {
        parts =
            consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          long now = System.nanoTime();
          place(r.value(), now);
          records++;
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (Exception e) {
      failure = e;
    }
  }

  private void place(byte[] json, long now) throws IOException {
    long seq = -1;
    long index = -1;
    int node = -1;
    try (JsonParser p = JSON.createParser(json)) {
      int depth = 0;
      boolean inPayload = false;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
          inPayload = inPayload && depth >= 2;
        } else if (t == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          if (depth == 1 && f.equals("seq")) {
            p.nextToken();
            seq = p.getLongValue();
          } else if (depth == 1 && f.equals("node")) {
            p.nextToken();
            String n = p.getText();
            node = n.startsWith("n") ? Integer.parseInt(n.substring(1)) : -1;
          } else if (depth == 1 && f.equals("payload")) {
            inPayload = true;
          } else if (inPayload && depth == 2 && f.equals("durationMs")) {
            p.nextToken();
            index = p.getLongValue();
          }
        }
      }
    }
    timeline.consumed(seq, node, index, now);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    if (failure != null) {
      throw new IllegalStateException("the consumer failed: " + failure, failure);
    }
  }
}
