package org.paceline.eventlog.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaSettingsTest {

  @Test
  void defaultsDeriveTopicAndTransactionalIdFromTheClusterName() {
    KafkaSettings s = KafkaSettings.of("prod-1", "k1:9092,k2:9092");
    assertThat(s.topic()).isEqualTo("paceline.prod-1.events");
    assertThat(s.transactionalId()).isEqualTo("paceline-prod-1");
    assertThat(s.partitions()).isEqualTo(1);
    assertThat(s.replicationFactor()).isEqualTo((short) -1);
    assertThat(s.createTopic()).isTrue();
    assertThat(s.client()).containsEntry("bootstrap.servers", "k1:9092,k2:9092");
    assertThat(s.withTopic("events").topic()).isEqualTo("events");
  }

  @Test
  void tlsAndSaslSettingsPassThrough() {
    KafkaSettings s =
        KafkaSettings.of("c", "k:9093")
            .withClient(
                Map.of(
                    "security.protocol", "SASL_SSL",
                    "sasl.mechanism", "SCRAM-SHA-512",
                    "ssl.truststore.location", "/etc/paceline/kafka.jks"));
    assertThat(s.client())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("bootstrap.servers", "k:9093");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "transactional.id",
        "enable.idempotence",
        "acks",
        "isolation.level",
        "max.block.ms"
      })
  void settingsExactlyOnceDependsOnCannotBeOverridden(String key) {
    assertThatThrownBy(() -> KafkaSettings.of("c", "k:9092").withClient(Map.of(key, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("exactly-once");
  }

  @Test
  void badValuesAreRefusedNamingThem() {
    assertThatThrownBy(() -> KafkaSettings.of("my cluster", "k:9092"))
        .hasMessageContaining("my cluster");
    assertThatThrownBy(() -> KafkaSettings.of("c", " ")).hasMessageContaining("bootstrap.servers");
    assertThatThrownBy(() -> KafkaSettings.of("c", "k:9092").withTopic("a/b"))
        .hasMessageContaining("a/b");
    assertThatThrownBy(() -> KafkaSettings.of("c", "k:9092").withTopicCreation(true, 0, (short) 1))
        .hasMessageContaining("partitions");
    assertThatThrownBy(() -> KafkaSettings.of("c", "k:9092").withTopicCreation(true, 1, (short) 0))
        .hasMessageContaining("replication");
    assertThatThrownBy(() -> KafkaSettings.of("c", "k:9092").withMaxBatch(0))
        .hasMessageContaining("maxBatch");
    assertThatThrownBy(
            () ->
                KafkaSettings.of("c", "k:9092")
                    .withTimeouts(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessageContaining("operation timeout");
  }
}
