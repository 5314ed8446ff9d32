package org.paceline.bench.ring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.LoggingConfig;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.config.TotemConfig;
import org.paceline.ring.layer.Counters;
import org.paceline.ring.layer.CryptoLayer;
import org.paceline.ring.layer.FaultLayer;
import org.paceline.ring.layer.Layer;
import org.paceline.ring.layer.UdpTransport;
import org.paceline.ring.srp.RingSettings;
import org.paceline.ring.srp.SrpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ring node in its own JVM: the real stack (SRP engine, fault layer without faults,
 * AES-256-GCM, UDP on its 127.0.0.x address), settings derived from a totem section exactly as a
 * node derives them from corosync.conf. Prints machine-readable lines on stdout (logs go to
 * stderr):
 *
 * <pre>
 * VIEW    &lt;wall ms.micros&gt; &lt;ringId&gt; &lt;members,...&gt;       every view delivered
 * READY   &lt;wall&gt; node=&lt;id&gt;                              the first view with every node
 * SENDING &lt;phase&gt; &lt;wall&gt;                                this node starts sending a phase
 * SENT    &lt;phase&gt; &lt;wall&gt; count=&lt;n&gt;                      all of it is queued
 * DONE    &lt;phase&gt; &lt;wall&gt; delivered=&lt;n&gt; bytes=&lt;n&gt; sent=&lt;n&gt; first=&lt;wall&gt; errors=&lt;n&gt;
 *                                                       every sender's part was delivered here
 * STATS   &lt;wall&gt; delivered=&lt;n&gt; bytes=&lt;n&gt; views=&lt;n&gt; state=&lt;s&gt; &lt;counter&gt;=&lt;n&gt;...
 * ERROR   &lt;text&gt;
 * </pre>
 *
 * Commands come on stdin ({@link NodeOptions#USAGE}); the end of stdin ends the node, so a node
 * never outlives the harness that started it.
 */
public final class RingNodeMain {

  private static final Logger LOG = LoggerFactory.getLogger(RingNodeMain.class);

  private final NodeOptions options;
  private final ProtocolOut out;
  private final Counters counters = new Counters();
  private final DeliveryMeter meter;
  private final SrpEngine engine;
  private final List<Layer> stack = new ArrayList<>();
  private final CountDownLatch autoPhaseDone = new CountDownLatch(1);
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-timer");
            t.setDaemon(true);
            return t;
          });

  private RingNodeMain(NodeOptions options, ProtocolOut out) {
    this.options = options;
    this.out = out;
    List<Integer> ids = List.copyOf(options.nodes().keySet());
    this.meter = new DeliveryMeter(options.id(), ids, out, this::onReady);
    RingSettings settings =
        RingSettings.from(clusterConfig(options), options.id(), CryptoLayer.OVERHEAD);
    this.engine = new SrpEngine(settings, meter, counters);
    LOG.info("[node {}] ring settings {}", options.id(), settings);
  }

  /** The totem section and nodelist a corosync.conf with these options would give. */
  static ClusterConfig clusterConfig(NodeOptions o) {
    TotemConfig totem =
        new TotemConfig(
            o.clusterName(),
            o.token(),
            o.tokenCoefficient(),
            o.consensus(),
            o.join(),
            o.merge(),
            Duration.ZERO,
            o.maxMessages(),
            o.windowSize(),
            o.netmtu(),
            o.nodes().get(o.id()).getPort(),
            "aes256",
            "sha256");
    List<ClusterNode> nodes = new ArrayList<>();
    o.nodes()
        .forEach(
            (id, addr) ->
                nodes.add(new ClusterNode(id, "n" + id, addr.getAddress().getHostAddress(), 1)));
    QuorumConfig quorum =
        new QuorumConfig(
            "corosync_votequorum",
            nodes.size(),
            false,
            false,
            false,
            Duration.ofSeconds(10),
            false,
            "lowest",
            List.of());
    return new ClusterConfig(
        totem, nodes, quorum, new LoggingConfig(false, null, true, false, true));
  }

  public static void main(String[] args) {
    NodeOptions options;
    try {
      options = NodeOptions.parse(args);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("RingNodeMain: " + e.getMessage());
      System.err.println(NodeOptions.USAGE);
      System.exit(64);
      return;
    }
    ProtocolOut out = new ProtocolOut(System.out);
    int status;
    try {
      status = new RingNodeMain(options, out).run();
    } catch (IOException | RuntimeException e) {
      LOG.error("[node {}] failed", options.id(), e);
      out.line("ERROR " + e);
      status = 1;
    }
    System.exit(status);
  }

  private int run() throws IOException {
    int id = options.id();
    FaultLayer faults = new FaultLayer(id, counters);
    CryptoLayer crypto = new CryptoLayer(options.key(), options.clusterName(), id, counters);
    UdpTransport transport =
        new UdpTransport(id, options.nodes().get(id), options.nodes(), counters);
    Layer.stack(engine, faults, crypto, transport);
    stack.addAll(List.of(engine, faults, crypto, transport));
    Runtime.getRuntime().addShutdownHook(new Thread(this::closeStack, "bench-shutdown"));
    transport.start();
    engine.start();
    if (options.statsMillis() > 0) {
      timer.scheduleAtFixedRate(
          this::printStats, options.statsMillis(), options.statsMillis(), TimeUnit.MILLISECONDS);
    }
    timer.schedule(
        () -> {
          out.line("ERROR node " + id + " ran for --max-seconds " + options.maxSeconds());
          System.exit(2);
        },
        options.maxSeconds(),
        TimeUnit.SECONDS);
    if (options.autoPhase() != null) {
      meter.expect(options.autoPhase());
    }
    if (options.detached()) {
      awaitQuietly();
    } else {
      readCommands();
    }
    printStats();
    return 0;
  }

  private void awaitQuietly() {
    try {
      if (options.exitWhenDone() && options.autoPhase() != null) {
        autoPhaseDone.await();
      } else {
        new CountDownLatch(1).await(); // until --max-seconds or a signal
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readCommands() throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String word = line.isBlank() ? "" : line.trim().split("\\s+", 2)[0];
      try {
        switch (word) {
          case "PHASE" -> startPhase(Phase.parse(Args.words(line)));
          case "STATS" -> printStats();
          case "QUIT" -> {
            return;
          }
          case "" -> {}
          default -> out.line("ERROR unknown command: " + line);
        }
      } catch (IllegalArgumentException e) {
        out.line("ERROR bad command '" + line + "': " + e.getMessage());
      }
    }
  }

  private void onReady() {
    Phase auto = options.autoPhase();
    if (auto != null) {
      startPhase(auto);
    }
  }

  private void startPhase(Phase phase) {
    meter.expect(phase);
    if (phase.senders().contains(options.id())) {
      Thread t = new Thread(new PhaseSender(phase, engine, out), "bench-sender-" + phase.id());
      t.setDaemon(true);
      t.start();
    }
    if (phase == options.autoPhase() && options.exitWhenDone()) {
      Thread waiter =
          new Thread(
              () -> {
                meter.awaitDone(phase.id());
                autoPhaseDone.countDown();
              },
              "bench-await-" + phase.id());
      waiter.setDaemon(true);
      waiter.start();
    }
  }

  private void printStats() {
    StringBuilder b = new StringBuilder("STATS ");
    b.append(WallClock.format(WallClock.micros()))
        .append(" delivered=")
        .append(meter.delivered())
        .append(" bytes=")
        .append(meter.bytes())
        .append(" views=")
        .append(meter.views())
        .append(" fragment_errors=")
        .append(meter.errors())
        .append(" state=")
        .append(engine.state());
    for (Map.Entry<String, Long> e : counters.snapshot().entrySet()) {
      b.append(' ').append(e.getKey()).append('=').append(e.getValue());
    }
    out.line(b.toString());
  }

  private void closeStack() {
    for (Layer l : stack) {
      try {
        l.close();
      } catch (RuntimeException e) {
        LOG.warn("[node {}] closing {} failed", options.id(), l.getClass().getSimpleName(), e);
      }
    }
  }
}
