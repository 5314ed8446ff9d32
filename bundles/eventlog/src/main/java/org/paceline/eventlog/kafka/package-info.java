/**
 * Kafka: the DC's exactly-once {@link org.paceline.eventlog.kafka.KafkaPublisher} (transactional,
 * fencing, read-back of the last committed seq), {@link
 * org.paceline.eventlog.kafka.TopicEventReader} for reading the topic in seq order, and the {@link
 * org.paceline.eventlog.kafka.KafkaSettings}. kafka-clients is embedded in this bundle.
 */
package org.paceline.eventlog.kafka;
