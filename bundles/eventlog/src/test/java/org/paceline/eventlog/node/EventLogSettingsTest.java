package org.paceline.eventlog.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paceline.eventlog.kafka.KafkaSettings;

class EventLogSettingsTest {

  @Test
  void noSettingsMeanABoundedJournalAndNoKafka() {
    EventLogSettings s = EventLogSettings.parse("alpha", Map.of("service.pid", "x"));
    assertThat(s.kafka()).isEmpty();
    assertThat(s.journal().maxBytes()).isEqualTo(64L << 20);
    assertThat(s.journal().maxRecords()).isEqualTo(1_000_000);
    assertThat(s.journal().fsync()).isTrue();
    assertThat(s.journal().syncInterval()).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void kafkaSettingsPassThroughWithoutThePrefix() {
    EventLogSettings s =
        EventLogSettings.parse(
            "alpha",
            Map.of(
                "kafka.bootstrap.servers", "k1:9093",
                "kafka.security.protocol", "SSL",
                "kafka.ssl.truststore.location", "/etc/paceline/ca.jks",
                "topic.partitions", "3",
                "topic.replication", "3",
                "publish.timeout", "5s",
                "journal.max.bytes", "256M",
                "journal.sync", "0"));
    KafkaSettings k = s.kafka().orElseThrow();
    assertThat(k.client())
        .containsEntry("bootstrap.servers", "k1:9093")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.location", "/etc/paceline/ca.jks");
    assertThat(k.topic()).isEqualTo("paceline.alpha.events");
    assertThat(k.partitions()).isEqualTo(3);
    assertThat(k.replicationFactor()).isEqualTo((short) 3);
    assertThat(k.operationTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.journal().maxBytes()).isEqualTo(256L << 20);
    assertThat(s.journal().syncInterval()).isZero();
  }

  @Test
  void syncCanBeTurnedOff() {
    assertThat(EventLogSettings.parse("a", Map.of("journal.sync", "off")).journal().fsync())
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "journal.size|100M|unknown setting 'journal.size'",
        "journal.max.bytes|lots|journal.max.bytes must be a positive whole number",
        "journal.max.bytes|1K|journal.max.bytes must be at least 64K",
        "journal.max.events|0|journal.max.events must be a positive",
        "journal.sync|soon|journal.sync must be a duration",
        "topic|events|'topic' needs Kafka",
        "kafka.security.protocol|SSL|kafka.bootstrap.servers is missing",
      })
  void badSettingsAreRefusedNamingTheKey(String key, String value, String message) {
    assertThatThrownBy(() -> EventLogSettings.parse("alpha", Map.of(key, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void badKafkaSideValuesNameTheirKey() {
    assertThatThrownBy(
            () ->
                EventLogSettings.parse(
                    "alpha", Map.of("kafka.bootstrap.servers", "k:9092", "topic.create", "maybe")))
        .hasMessageContaining("topic.create");
    assertThatThrownBy(
            () ->
                EventLogSettings.parse(
                    "alpha", Map.of("kafka.bootstrap.servers", "k:9092", "publish.timeout", "-1")))
        .hasMessageContaining("publish.timeout");
    assertThatThrownBy(
            () ->
                EventLogSettings.parse(
                    "alpha", Map.of("kafka.bootstrap.servers", "k:9092", "kafka.acks", "1")))
        .hasMessageContaining("'acks' is set by the event log");
  }
}
