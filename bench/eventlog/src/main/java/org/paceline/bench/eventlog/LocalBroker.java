package org.paceline.bench.eventlog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The local Kafka broker the publisher writes to: one KRaft node (combined broker and controller)
 * with the settings a single-broker cluster needs for transactions, either in this JVM or in a
 * process of its own ({@link BrokerMain}, same classpath), where its CPU and garbage collection are
 * apart from the nodes'.
 */
abstract class LocalBroker implements AutoCloseable {

  /** The bootstrap servers to give the clients. */
  abstract String bootstrapServers();

  /** The CPU time the broker used so far, if it can be told apart from the harness's. */
  abstract Optional<Duration> cpuTime();

  /** A short description for the report. */
  abstract String describe();

  /** The broker's process id when it runs in a process of its own. */
  abstract Optional<Long> pid();

  @Override
  public abstract void close();

  /** Starts a broker in this JVM. */
  static LocalBroker inProcess(Map<String, String> settings) throws Exception {
    KafkaClusterTestKit kit = startKit(settings);
    return new LocalBroker() {
      @Override
      String bootstrapServers() {
        return kit.bootstrapServers();
      }

      @Override
      Optional<Duration> cpuTime() {
        return Optional.empty();
      }

      @Override
      String describe() {
        return "in the harness JVM";
      }

      @Override
      Optional<Long> pid() {
        return Optional.empty();
      }

      @Override
      public void close() {
        closeKit(kit);
      }
    };
  }

  /**
   * Starts {@link BrokerMain} in a JVM of its own with this JVM's classpath, its output in {@code
   * log}, and waits (at most {@code timeout}) until it tells its bootstrap servers.
   */
  static LocalBroker process(
      Path log, List<String> jvmOptions, Map<String, String> settings, Duration timeout)
      throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BrokerMain.class.getName());
    settings.forEach((k, v) -> cmd.add(k + "=" + v));
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    String bootstrap;
    try {
      bootstrap = awaitBootstrap(p, timeout);
    } catch (IOException | RuntimeException e) {
      p.destroyForcibly();
      throw e;
    }
    return new LocalBroker() {
      @Override
      String bootstrapServers() {
        return bootstrap;
      }

      @Override
      Optional<Duration> cpuTime() {
        return p.toHandle().info().totalCpuDuration();
      }

      @Override
      String describe() {
        return "own JVM (pid " + p.pid() + ", " + String.join(" ", jvmOptions) + ")";
      }

      @Override
      Optional<Long> pid() {
        return Optional.of(p.pid());
      }

      @Override
      public void close() {
        try {
          p.getOutputStream().close(); // BrokerMain stops at the end of its input
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          }
        } catch (IOException e) {
          p.destroyForcibly();
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  private static String awaitBootstrap(Process p, Duration timeout)
      throws IOException, InterruptedException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String[] found = new String[1];
    Thread reader =
        new Thread(
            () -> {
              try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.startsWith(BrokerMain.READY)) {
                    synchronized (found) {
                      found[0] = line.substring(BrokerMain.READY.length()).trim();
                      found.notifyAll();
                    }
                  }
                }
              } catch (IOException e) {
                // the broker went away: reported below by the missing line
              }
            },
            "broker-stdout");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (found) {
      while (found[0] == null && p.isAlive()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(found, Math.min(left, 100_000_000L));
      }
      if (found[0] == null) {
        throw new IOException(
            "the broker process "
                + (p.isAlive() ? "did not start within " + timeout : "exited with " + p.exitValue())
                + " (see its log)");
      }
      return found[0];
    }
  }

  /**
   * A single-node KRaft cluster with one partition for offsets and the transaction state, and
   * {@code settings} on top.
   */
  static KafkaClusterTestKit startKit(Map<String, String> settings) throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build();
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0");
    settings.forEach(builder::setConfigProp);
    KafkaClusterTestKit kit = builder.build();
    try {
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
    } catch (Exception e) {
      closeKit(kit);
      throw e;
    }
    return kit;
  }

  static void closeKit(KafkaClusterTestKit kit) {
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
