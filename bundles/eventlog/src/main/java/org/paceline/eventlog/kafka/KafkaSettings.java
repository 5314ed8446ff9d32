package org.paceline.eventlog.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where and how the event log goes to Kafka.
 *
 * @param cluster the cluster's name: the transactional id is {@code paceline-<cluster>}
 * @param topic the topic, by default {@code paceline.<cluster>.events}
 * @param client Kafka client settings passed through as they are ({@code bootstrap.servers}, {@code
 *     security.protocol}, {@code ssl.*}, {@code sasl.*}, {@code client.dns.lookup}, ...); the
 *     settings exactly-once depends on are fixed and may not be given here, see {@link #FIXED}
 * @param createTopic whether to create the topic when it is missing
 * @param partitions partitions of a created topic; 1 keeps one total order in Kafka (with more,
 *     consumers restore the order by {@code seq})
 * @param replicationFactor replication of a created topic, -1 for the broker's default
 * @param maxBatch the most events in one transaction
 * @param operationTimeout how long one blocking Kafka call may take (connect, commit, read back)
 * @param minBackoff the first wait before retrying after a failure
 * @param maxBackoff the longest wait between retries (the wait doubles up to it)
 */
public record KafkaSettings(
    String cluster,
    String topic,
    Map<String, String> client,
    boolean createTopic,
    int partitions,
    short replicationFactor,
    int maxBatch,
    Duration operationTimeout,
    Duration minBackoff,
    Duration maxBackoff) {

  /** Client settings the publisher sets itself; giving one of them is an error. */
  public static final Set<String> FIXED =
      Set.of(
          "transactional.id",
          "enable.idempotence",
          "acks",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer",
          "isolation.level",
          "enable.auto.commit",
          "group.id",
          "max.block.ms");

  private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9._-]{1,200}");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  public KafkaSettings {
    Objects.requireNonNull(cluster, "cluster");
    if (!CLUSTER.matcher(cluster).matches()) {
      throw new IllegalArgumentException(
          "cluster name '"
              + cluster
              + "' cannot name a Kafka transactional id: use letters, digits, '.', '_', '-'");
    }
    if (topic == null || topic.isBlank()) {
      topic = defaultTopic(cluster);
    }
    if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      throw new IllegalArgumentException(
          "'" + topic + "' is not a valid Kafka topic name (letters, digits, '.', '_', '-')");
    }
    client = Map.copyOf(new TreeMap<>(Objects.requireNonNull(client, "client")));
    String servers = client.get("bootstrap.servers");
    if (servers == null || servers.isBlank()) {
      throw new IllegalArgumentException("kafka: bootstrap.servers is required");
    }
    for (String key : client.keySet()) {
      if (FIXED.contains(key)) {
        throw new IllegalArgumentException(
            "kafka: '" + key + "' is set by the event log for exactly-once delivery; remove it");
      }
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("kafka: partitions must be >= 1, not " + partitions);
    }
    if (replicationFactor < 1 && replicationFactor != -1) {
      throw new IllegalArgumentException(
          "kafka: replication factor must be >= 1 (or -1 for the broker default), not "
              + replicationFactor);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("kafka: maxBatch must be >= 1, not " + maxBatch);
    }
    requirePositive(operationTimeout, "operation timeout");
    requirePositive(minBackoff, "minimum backoff");
    requirePositive(maxBackoff, "maximum backoff");
    if (maxBackoff.compareTo(minBackoff) < 0) {
      maxBackoff = minBackoff;
    }
  }

  /**
   * Settings with the defaults: the default topic, created with 1 partition and the broker's
   * replication, 2000 events per transaction, 10 s operation timeout, backoff 100 ms to 5 s.
   */
  public static KafkaSettings of(String cluster, String bootstrapServers) {
    return new KafkaSettings(
        cluster,
        null,
        Map.of("bootstrap.servers", bootstrapServers),
        true,
        1,
        (short) -1,
        2000,
        Duration.ofSeconds(10),
        Duration.ofMillis(100),
        Duration.ofSeconds(5));
  }

  /** {@code paceline.<cluster>.events}. */
  public static String defaultTopic(String cluster) {
    return "paceline." + cluster + ".events";
  }

  /** {@code paceline-<cluster>}: the same on every node, so a new DC fences the old one. */
  public String transactionalId() {
    return "paceline-" + cluster;
  }

  /** These settings with more client settings (added to, or replacing, the current ones). */
  public KafkaSettings withClient(Map<String, String> more) {
    Map<String, String> all = new TreeMap<>(client);
    all.putAll(more);
    return new KafkaSettings(
        cluster,
        topic,
        all,
        createTopic,
        partitions,
        replicationFactor,
        maxBatch,
        operationTimeout,
        minBackoff,
        maxBackoff);
  }

  /** These settings with another topic. */
  public KafkaSettings withTopic(String newTopic) {
    return new KafkaSettings(
        cluster,
        newTopic,
        client,
        createTopic,
        partitions,
        replicationFactor,
        maxBatch,
        operationTimeout,
        minBackoff,
        maxBackoff);
  }

  /** These settings with other timeouts. */
  public KafkaSettings withTimeouts(Duration operation, Duration minWait, Duration maxWait) {
    return new KafkaSettings(
        cluster,
        topic,
        client,
        createTopic,
        partitions,
        replicationFactor,
        maxBatch,
        operation,
        minWait,
        maxWait);
  }

  /** These settings with another transaction size. */
  public KafkaSettings withMaxBatch(int events) {
    return new KafkaSettings(
        cluster,
        topic,
        client,
        createTopic,
        partitions,
        replicationFactor,
        events,
        operationTimeout,
        minBackoff,
        maxBackoff);
  }

  /** These settings with how a missing topic is created. */
  public KafkaSettings withTopicCreation(boolean create, int newPartitions, short replication) {
    return new KafkaSettings(
        cluster,
        topic,
        client,
        create,
        newPartitions,
        replication,
        maxBatch,
        operationTimeout,
        minBackoff,
        maxBackoff);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("kafka: " + name + " must be positive, not " + d);
    }
  }
}
