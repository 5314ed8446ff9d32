package org.paceline.eventlog.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes sure the event topic exists, creating it when allowed. */
final class TopicSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

  private final KafkaClients clients;
  private final KafkaSettings settings;

  TopicSetup(KafkaClients clients, KafkaSettings settings) {
    this.clients = clients;
    this.settings = settings;
  }

  /**
   * Creates the topic if it is missing and creation is allowed.
   *
   * @throws KafkaException if the topic is missing and may not be created, or the broker refuses
   */
  void ensureTopic() throws InterruptedException {
    long timeout = settings.operationTimeout().toMillis();
    Admin admin = clients.admin();
    try {
      Set<String> names = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
      if (names.contains(settings.topic())) {
        return;
      }
      if (!settings.createTopic()) {
        throw new KafkaException(
            "topic " + settings.topic() + " does not exist and topic creation is off");
      }
      Optional<Short> replication =
          settings.replicationFactor() < 0
              ? Optional.empty()
              : Optional.of(settings.replicationFactor());
      NewTopic topic =
          new NewTopic(settings.topic(), Optional.of(settings.partitions()), replication);
      admin.createTopics(List.of(topic)).all().get(timeout, TimeUnit.MILLISECONDS);
      LOG.info(
          "created topic {} ({} partitions, replication {})",
          settings.topic(),
          settings.partitions(),
          replication.map(String::valueOf).orElse("broker default"));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return;
      }
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new KafkaException(
          "could not create topic " + settings.topic() + ": " + cause.getMessage(), cause);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new TimeoutException("the broker did not answer about topic " + settings.topic(), e);
    } finally {
      admin.close(Duration.ofSeconds(1));
    }
  }
}
