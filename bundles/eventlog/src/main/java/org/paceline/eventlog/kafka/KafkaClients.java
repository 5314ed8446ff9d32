package org.paceline.eventlog.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Creates the Kafka clients the event log uses, with the settings exactly-once needs on top of the
 * operator's. Clients are created with no thread context class loader: inside OSGi, kafka-clients
 * (embedded in this bundle) otherwise looks its classes up in the wrong place.
 */
final class KafkaClients {

  private final KafkaSettings settings;

  KafkaClients(KafkaSettings settings) {
    this.settings = settings;
  }

  /** The transactional, idempotent producer: key = subject, value = the event's JSON. */
  KafkaProducer<String, byte[]> producer() {
    Map<String, Object> p = common();
    p.putIfAbsent("client.id", "paceline-" + settings.cluster() + "-publisher");
    p.putIfAbsent("linger.ms", "5");
    p.putIfAbsent("batch.size", Integer.toString(256 * 1024));
    p.putIfAbsent("transaction.timeout.ms", "60000");
    p.put("transactional.id", settings.transactionalId());
    p.put("enable.idempotence", "true");
    p.put("acks", "all");
    p.put("max.block.ms", Long.toString(settings.operationTimeout().toMillis()));
    return withoutContextLoader(
        () -> new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()));
  }

  /** A group-less consumer that sees committed transactions only. */
  KafkaConsumer<String, byte[]> consumer(String role) {
    Map<String, Object> p = withApiTimeout(common());
    p.putIfAbsent("client.id", "paceline-" + settings.cluster() + "-" + role);
    p.put("isolation.level", "read_committed");
    // Readers seek and read short stretches; at the end of the log do not park a fetch for long.
    p.putIfAbsent("fetch.max.wait.ms", "50");
    p.put("enable.auto.commit", "false");
    p.putIfAbsent("auto.offset.reset", "earliest");
    return withoutContextLoader(
        () -> new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer()));
  }

  /** An admin client, for creating the topic. */
  Admin admin() {
    Map<String, Object> p = withApiTimeout(common());
    p.putIfAbsent("client.id", "paceline-" + settings.cluster() + "-admin");
    return withoutContextLoader(() -> Admin.create(p));
  }

  private Map<String, Object> common() {
    Map<String, Object> p = new HashMap<>(settings.client());
    long timeout = settings.operationTimeout().toMillis();
    p.putIfAbsent("request.timeout.ms", Long.toString(Math.min(timeout, 30_000)));
    return p;
  }

  private Map<String, Object> withApiTimeout(Map<String, Object> p) {
    p.putIfAbsent("default.api.timeout.ms", Long.toString(settings.operationTimeout().toMillis()));
    return p;
  }

  static <T> T withoutContextLoader(Supplier<T> create) {
    Thread t = Thread.currentThread();
    ClassLoader old = t.getContextClassLoader();
    t.setContextClassLoader(null);
    try {
      return create.get();
    } finally {
      t.setContextClassLoader(old);
    }
  }
}
