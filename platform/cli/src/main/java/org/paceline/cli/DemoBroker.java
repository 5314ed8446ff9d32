package org.paceline.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The single Kafka broker of {@code paceline demo}: a separate java process running one KRaft node
 * that is broker and controller ({@code kafka.tools.StorageTool format}, then {@code kafka.Kafka
 * server.properties}), on two loopback ports, its data under the demo's folder, from the jars in
 * the dist's {@code lib/kafka/} (which are on no other class path).
 */
final class DemoBroker {

  /** JVM options of the broker: a small heap, quick start. */
  private static final List<String> JVM_OPTIONS =
      List.of(
          "-Xms32m",
          "-Xmx256m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Xss512k",
          "-Djava.net.preferIPv4Stack=true",
          "-Dorg.slf4j.simpleLogger.showDateTime=true",
          "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

  private final Path home;
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private Process process;

  /**
   * A broker of the dist at {@code home}, its files under {@code dir}.
   *
   * @param port the client (PLAINTEXT) port on 127.0.0.1
   * @param controllerPort the KRaft controller port on 127.0.0.1
   */
  DemoBroker(Path home, Path dir, int port, int controllerPort) {
    this.home = home;
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** The folder of the broker's jars. */
  static Path libDir(Path home) {
    return home.resolve("lib").resolve("kafka");
  }

  /** {@code 127.0.0.1:PORT}, what the nodes' {@code events.kafka.bootstrap.servers} names. */
  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** The broker's log file. */
  Path log() {
    return dir.resolve("broker.log");
  }

  /** The broker's pid, or -1 before it starts. */
  long pid() {
    return process == null ? -1 : process.pid();
  }

  /** server.properties of a single combined broker and controller. */
  String properties() {
    return String.join(
        "\n",
        "# Kafka broker of 'paceline demo': one KRaft node, broker and controller.",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + dir.resolve("data"),
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=1",
        "group.initial.rebalance.delay.ms=0",
        "");
  }

  /** A new KRaft cluster id: 16 random bytes, URL-safe base64 (as Kafka writes them). */
  static String newClusterId() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (id.startsWith("-"));
    return id;
  }

  /**
   * Formats the storage, starts the broker and waits until its port takes connections.
   *
   * @throws CliException when formatting fails, the broker exits, or it does not open its port
   *     within {@code timeout}
   */
  void start(Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path props = dir.resolve("server.properties");
    Files.writeString(props, properties(), StandardCharsets.UTF_8);
    Path formatLog = dir.resolve("format.log");
    Process format =
        java(
                List.of(
                    "kafka.tools.StorageTool",
                    "format",
                    "--cluster-id",
                    newClusterId(),
                    "--config",
                    props.toString(),
                    "--ignore-formatted"),
                false)
            .redirectOutput(ProcessBuilder.Redirect.to(formatLog.toFile()))
            .start();
    if (!format.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      format.destroyForcibly();
      throw new CliException(
          ExitCodes.FAILED,
          "formatting the Kafka broker's storage took longer than "
              + timeout.toSeconds()
              + " s; see "
              + formatLog);
    }
    if (format.exitValue() != 0) {
      throw new CliException(
          ExitCodes.FAILED,
          "formatting the Kafka broker's storage failed (exit status "
              + format.exitValue()
              + "):\n"
              + tail(formatLog, 10));
    }
    process =
        java(List.of("kafka.Kafka", props.toString()), true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
            .start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new CliException(
            ExitCodes.FAILED,
            "the Kafka broker exited with status "
                + process.exitValue()
                + " during start-up:\n"
                + tail(log(), 15));
      }
      if (accepts(port)) {
        return;
      }
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    throw new CliException(
        ExitCodes.FAILED,
        "the Kafka broker did not open 127.0.0.1:"
            + port
            + " within "
            + timeout.toSeconds()
            + " s; see "
            + log());
  }

  /**
   * Stops the broker: SIGTERM (a controlled shutdown), SIGKILL after {@code timeout}.
   *
   * @return false if it did not stop by itself
   */
  boolean stop(Duration timeout) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return true;
    }
    process.destroy();
    if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    return false;
  }

  /**
   * {@code java JVM_OPTIONS -cp lib/kafka/* ARGS} in its own session when {@code session} (so that
   * the terminal's Ctrl-C reaches the demo, which stops the broker after the nodes), standard error
   * with standard output, no input.
   */
  private ProcessBuilder java(List<String> args, boolean session) {
    List<String> cmd = new ArrayList<>();
    if (session && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.add(javaBinary());
    cmd.addAll(JVM_OPTIONS);
    cmd.add("-cp");
    cmd.add(libDir(home) + File.separator + "*");
    cmd.addAll(args);
    return new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true);
  }

  /** The java of the running CLI (the dist's). */
  static String javaBinary() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return Files.isExecutable(java) ? java.toString() : "java";
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }
}
