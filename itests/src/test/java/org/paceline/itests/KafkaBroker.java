package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * A real Kafka broker as a separate process: one KRaft node that is broker and controller, on
 * 127.0.0.1 ephemeral ports, its log dir under the test's folder, run from the kafka_2.13 jars on
 * this test's class path ({@code kafka.tools.StorageTool format}, then {@code kafka.Kafka
 * server.properties}). {@link #stop} kills it; {@link #start} runs it again on the same ports and
 * log dir.
 */
final class KafkaBroker {

  /** One committed record of a topic, as a consumer that knows nothing of Paceline sees it. */
  record TopicRecord(int partition, long offset, String key, String value) {}

  private final Path dir;
  private final Path logDir;
  private final Path properties;
  private final Path log;
  final int port;
  private final int controllerPort;
  private Process process;
  private int starts;

  private KafkaBroker(Path dir) throws IOException {
    this.dir = dir;
    this.logDir = dir.resolve("data");
    this.properties = dir.resolve("server.properties");
    this.log = dir.resolve("broker.log");
    this.port = freeTcpPort();
    this.controllerPort = freeTcpPort();
  }

  /** Formats a new broker's storage under {@code dir} and starts it. */
  static KafkaBroker start(Path dir) throws Exception {
    Files.createDirectories(dir);
    KafkaBroker b = new KafkaBroker(dir);
    b.writeProperties();
    Path formatLog = dir.resolve("format.log");
    Process format =
        java(
            List.of(
                "kafka.tools.StorageTool",
                "format",
                "--cluster-id",
                org.apache.kafka.common.Uuid.randomUuid().toString(),
                "--config",
                b.properties.toString(),
                "--ignore-formatted"),
            formatLog);
    if (!format.waitFor(2, TimeUnit.MINUTES)) {
      format.destroyForcibly();
      throw new IllegalStateException("kafka StorageTool format did not finish; see " + formatLog);
    }
    assertThat(format.exitValue())
        .as("kafka StorageTool format: %s", Files.readString(formatLog))
        .isZero();
    b.start();
    return b;
  }

  private void writeProperties() throws IOException {
    String text =
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + logDir,
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=false",
            "");
    Files.writeString(properties, text);
  }

  /** Starts the broker process (again) and waits until its port takes connections. */
  void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the broker runs already");
    }
    starts++;
    // Each run appends to the same log, under a header line.
    Files.writeString(
        log,
        "==== broker start " + starts + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    process = java(List.of("kafka.Kafka", properties.toString()), log);
    Awaitility.await("Kafka broker on 127.0.0.1:" + port)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "the Kafka broker exited with " + process.exitValue() + "; see " + log);
              }
              return accepts(port);
            });
  }

  /** Kills the broker process (SIGKILL) and waits for it to be gone. */
  void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the Kafka broker did not die");
    }
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /**
   * Every committed record of {@code topic} (all partitions, in offset order per partition), read
   * from the beginning with {@code isolation.level=read_committed} up to the last stable offset as
   * it is now.
   */
  List<TopicRecord> readCommitted(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos == null || infos.isEmpty()) {
        return List.of();
      }
      List<TopicPartition> parts = new ArrayList<>();
      infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      c.assign(parts);
      c.seekToBeginning(parts);
      // With read_committed, the end offsets are the last stable offsets.
      var end = c.endOffsets(parts, Duration.ofSeconds(10));
      List<TopicRecord> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp, Duration.ofSeconds(10)) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic + " up to " + end + " took longer than 30 s");
        }
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          out.add(new TopicRecord(r.partition(), r.offset(), r.key(), r.value()));
        }
      }
      return out;
    }
  }

  /** Kills the broker and keeps its log under target/it-logs/NAME/. */
  void close(String name) throws Exception {
    try {
      stop();
    } finally {
      Path dest = Path.of("target", "it-logs", name);
      Files.createDirectories(dest);
      if (Files.exists(log)) {
        Files.copy(log, dest.resolve("kafka-broker.log"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * Starts {@code java -cp <this test's class path> ARGS}, stdout and stderr appended to {@code
   * out}.
   */
  static Process java(List<String> args, Path out) throws IOException {
    return command(args)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
        .start();
  }

  /**
   * Starts {@code java -cp <this test's class path> ARGS}, stdout to {@code out}, stderr to {@code
   * err}.
   */
  static Process java(List<String> args, Path out, Path err) throws IOException {
    return command(args)
        .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
        .redirectError(ProcessBuilder.Redirect.to(err.toFile()))
        .start();
  }

  private static ProcessBuilder command(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xms64m");
    cmd.add("-Xmx512m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    cmd.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.addAll(args);
    return new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
  }

  /** This test JVM's class path, which holds the Kafka jars (kafka_2.13, kafka-tools). */
  static String classPath() {
    String cp = System.getProperty("java.class.path", "");
    if (!cp.contains("kafka_2.13") || !cp.contains("kafka-tools")) {
      throw new IllegalStateException(
          "the test class path has no kafka_2.13 / kafka-tools jars (run through Maven): " + cp);
    }
    return cp;
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
