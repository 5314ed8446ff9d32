package org.paceline.eventlog.node;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.paceline.eventlog.journal.JournalConfig;
import org.paceline.eventlog.kafka.KafkaSettings;

/**
 * The event log's settings, read from flat {@code key = value} properties (the {@code eventlog}
 * configuration; every key optional):
 *
 * <ul>
 *   <li>{@code journal.max.bytes} (default 64M; suffixes K, M, G), {@code journal.max.events}
 *       (default 1000000): the journal's bounds;
 *   <li>{@code journal.sync}: {@code 10ms} (default: appends forced to disk within 10 ms), {@code
 *       0} (every append forced before it returns) or {@code off};
 *   <li>{@code kafka.<setting>}: Kafka client settings, passed through without the prefix ({@code
 *       kafka.bootstrap.servers}, {@code kafka.security.protocol}, {@code kafka.ssl.*}, {@code
 *       kafka.sasl.*}, ...); with no {@code kafka.bootstrap.servers} the journal is the event log;
 *   <li>{@code topic} (default {@code paceline.<cluster>.events}), {@code topic.create} (default
 *       yes), {@code topic.partitions} (default 1), {@code topic.replication} (default: the
 *       broker's);
 *   <li>{@code publish.batch} (events per transaction, default 2000), {@code publish.timeout}
 *       (default 10s), {@code publish.backoff.max} (default 5s).
 * </ul>
 *
 * Durations take {@code ms} or {@code s}; a plain number is milliseconds.
 *
 * @param journal the journal's bounds and durability
 * @param kafka where to publish, empty when the journal is the event log
 */
public record EventLogSettings(JournalConfig journal, Optional<KafkaSettings> kafka) {

  private static final Set<String> KEYS =
      Set.of(
          "journal.max.bytes",
          "journal.max.events",
          "journal.sync",
          "topic",
          "topic.create",
          "topic.partitions",
          "topic.replication",
          "publish.batch",
          "publish.timeout",
          "publish.backoff.max");

  /** Framework-added properties that are not settings. */
  private static final Set<String> IGNORED_PREFIXES =
      Set.of("service.", "component.", "felix.", "osgi.", "objectClass");

  /**
   * Reads the settings of {@code cluster} from {@code props}.
   *
   * @throws IllegalArgumentException naming the key, for an unknown key or a bad value
   */
  public static EventLogSettings parse(String cluster, Map<String, ?> props) {
    Map<String, String> own = new TreeMap<>();
    Map<String, String> client = new TreeMap<>();
    for (Map.Entry<String, ?> e : props.entrySet()) {
      String key = e.getKey();
      if (IGNORED_PREFIXES.stream().anyMatch(key::startsWith)) {
        continue;
      }
      String value = String.valueOf(e.getValue()).strip();
      if (key.startsWith("kafka.")) {
        client.put(key.substring("kafka.".length()), value);
      } else if (KEYS.contains(key)) {
        own.put(key, value);
      } else {
        throw new IllegalArgumentException(
            "eventlog: unknown setting '" + key + "' (Kafka client settings start with 'kafka.')");
      }
    }
    JournalConfig base =
        JournalConfig.bounded(
            bytes("journal.max.bytes", own.getOrDefault("journal.max.bytes", "64M")),
            positive("journal.max.events", own.getOrDefault("journal.max.events", "1000000")));
    String sync = own.getOrDefault("journal.sync", "10ms");
    JournalConfig journal =
        sync.equalsIgnoreCase("off")
            ? base.withFsync(false)
            : base.withSyncInterval(duration("journal.sync", sync, true));
    if (client.isEmpty()) {
      for (String k : own.keySet()) {
        if (!k.startsWith("journal.")) {
          throw new IllegalArgumentException(
              "eventlog: '" + k + "' needs Kafka: set kafka.bootstrap.servers");
        }
      }
      return new EventLogSettings(journal, Optional.empty());
    }
    if (!client.containsKey("bootstrap.servers")) {
      throw new IllegalArgumentException(
          "eventlog: Kafka settings are given but kafka.bootstrap.servers is missing");
    }
    KafkaSettings defaults = KafkaSettings.of(cluster, client.get("bootstrap.servers"));
    KafkaSettings kafka;
    try {
      kafka =
          new KafkaSettings(
              cluster,
              own.get("topic"),
              client,
              yes("topic.create", own.getOrDefault("topic.create", "yes")),
              (int) positive("topic.partitions", own.getOrDefault("topic.partitions", "1")),
              own.containsKey("topic.replication")
                  ? (short) positive("topic.replication", own.get("topic.replication"))
                  : (short) -1,
              (int) positive("publish.batch", own.getOrDefault("publish.batch", "2000")),
              own.containsKey("publish.timeout")
                  ? duration("publish.timeout", own.get("publish.timeout"), false)
                  : defaults.operationTimeout(),
              defaults.minBackoff(),
              own.containsKey("publish.backoff.max")
                  ? duration("publish.backoff.max", own.get("publish.backoff.max"), false)
                  : defaults.maxBackoff());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("eventlog: " + e.getMessage(), e);
    }
    return new EventLogSettings(journal, Optional.of(kafka));
  }

  private static long positive(String key, String value) {
    try {
      long n = Long.parseLong(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "eventlog: " + key + " must be a positive whole number, not '" + value + "'");
  }

  private static long bytes(String key, String value) {
    String v = value.toUpperCase(Locale.ROOT);
    long unit = 1;
    if (v.endsWith("K") || v.endsWith("M") || v.endsWith("G")) {
      unit = v.endsWith("K") ? 1L << 10 : v.endsWith("M") ? 1L << 20 : 1L << 30;
      v = v.substring(0, v.length() - 1);
    }
    long n = positive(key, v) * unit;
    if (n < (64L << 10)) {
      throw new IllegalArgumentException(
          "eventlog: " + key + " must be at least 64K, not '" + value + "'");
    }
    return n;
  }

  private static Duration duration(String key, String value, boolean zeroAllowed) {
    String v = value.toLowerCase(Locale.ROOT);
    long factor = 1;
    if (v.endsWith("ms")) {
      v = v.substring(0, v.length() - 2);
    } else if (v.endsWith("s")) {
      v = v.substring(0, v.length() - 1);
      factor = 1000;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n > 0 || (n == 0 && zeroAllowed)) {
        return Duration.ofMillis(n * factor);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "eventlog: " + key + " must be a duration such as 500ms or 10s, not '" + value + "'");
  }

  private static boolean yes(String key, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "yes", "true", "on", "1" -> true;
      case "no", "false", "off", "0" -> false;
      default ->
          throw new IllegalArgumentException(
              "eventlog: " + key + " must be yes or no, not '" + value + "'");
    };
  }
}
