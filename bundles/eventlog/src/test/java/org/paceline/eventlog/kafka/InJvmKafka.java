package org.paceline.eventlog.kafka;

import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) in the test JVM, with the
 * settings a one-broker cluster needs for transactions. The broker can be stopped and started again
 * on the same port and log directory.
 */
final class InJvmKafka implements AutoCloseable {

  private final KafkaClusterTestKit kit;
  private final String bootstrap;

  private InJvmKafka(KafkaClusterTestKit kit) {
    this.kit = kit;
    this.bootstrap = kit.bootstrapServers();
  }

  static InJvmKafka start() throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build();
    KafkaClusterTestKit kit =
        new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    try {
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
    } catch (Exception e) {
      kit.close();
      throw e;
    }
    return new InJvmKafka(kit);
  }

  String bootstrapServers() {
    return bootstrap;
  }

  /** Stops the broker (the controller keeps running); clients see it unreachable. */
  void stopBroker() {
    broker().shutdown();
  }

  /** Starts the broker again, on the same port and log directory. */
  void startBroker() throws Exception {
    broker().startup();
    kit.waitForReadyBrokers();
  }

  private BrokerServer broker() {
    return kit.brokers().values().iterator().next();
  }

  @Override
  public void close() {
    try {
      kit.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping Kafka", e);
    } catch (Exception e) {
      throw new IllegalStateException("stopping Kafka failed", e);
    }
  }
}
