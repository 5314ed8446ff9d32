package org.paceline.bench.cib;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.LoggingConfig;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.config.NodeSettings;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.config.TotemConfig;
import org.paceline.cib.model.Cib;
import org.paceline.cib.replica.CibReplica;
import org.paceline.cib.replica.ModelChangeApplier;
import org.paceline.cib.replica.XmlCibCodec;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.store.CibStore;
import org.paceline.cib.validate.ConfigurationValidator;
import org.paceline.cib.xml.CibXml;
import org.paceline.cib.xml.XmlLimits;
import org.paceline.ring.group.GroupMessaging;
import org.paceline.ring.internal.RingNode;
import org.paceline.ring.layer.Counters;

/**
 * CIB benchmarks.
 *
 * <ul>
 *   <li>{@code latency N}: three replicas in this JVM, each on its own ring node (UDP on
 *       127.0.0.1-3, AES-256-GCM, token 1000 ms) with its durable store in a temp dir; N changes
 *       proposed one at a time, round robin from the three nodes; the latency of a change is from
 *       the proposal until the last of the three replicas has applied it. Prints p50/p90/p99/max
 *       for configuration changes (crm primitive statements) and status changes (transient
 *       attributes).
 *   <li>{@code xml FILE [ROUNDS]}: import + validate + export of a Pacemaker CIB, per round, with
 *       the heap in use after import.
 * </ul>
 */
public final class CibBench {

  private CibBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 1 && args[0].equals("latency")) {
      int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
      latency(n);
    } else if (args.length >= 2 && args[0].equals("xml")) {
      xml(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 3);
    } else {
      System.err.println("usage: CibBench latency [N] | xml FILE [ROUNDS]");
      System.exit(64);
    }
    System.exit(0);
  }

  // ------------------------------------------------------------------ latency

  private static void latency(int n) throws Exception {
    Path dir = Files.createTempDirectory("cib-bench");
    ClusterConfig cluster = cluster(freePort());
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.write(dir.resolve("authkey"), key);
    List<AutoCloseable> closeables = new ArrayList<>();
    CibReplica[] replicas = new CibReplica[4];
    Object[] marker = new Object[1];
    CountDownLatch[] latch = new CountDownLatch[1];
    try {
      for (int id = 1; id <= 3; id++) {
        Counters counters = new Counters();
        GroupMessaging groups = new GroupMessaging(counters);
        RingNode ring = new RingNode(config(dir, cluster, id), groups, counters);
        groups.attach(ring.engine());
        ring.start();
        closeables.add(ring);
        closeables.add(groups);
        XmlCibCodec codec = new XmlCibCodec();
        CibStore store = new CibStore(dir.resolve("n" + id), codec, "n" + id);
        closeables.add(store);
        CibReplica replica =
            new CibReplica(
                "n" + id, Cib.EMPTY, codec, new ModelChangeApplier(), () -> true, store::save);
        replica.addListener(
            (before, after, cause) -> {
              CountDownLatch l = latch[0];
              if (l != null && cause != null && cause.equals(marker[0])) {
                l.countDown();
              }
            });
        replica.connect(groups, "cib");
        closeables.add(0, replica);
        replicas[id] = replica;
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(replicas[1].status().synced()
          && replicas[1].status().members().size() == 3
          && replicas[2].status().synced()
          && replicas[3].status().synced())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("replicas did not form in 30 s");
        }
        Thread.onSpinWait();
        Thread.sleep(10);
      }
      // warm-up
      run(replicas, marker, latch, 200, "warm", true);
      run(replicas, marker, latch, 200, "warm", false);
      long[] config = run(replicas, marker, latch, n, "r", true);
      long[] status = run(replicas, marker, latch, n, "a", false);
      System.out.println("| change | n | p50 | p90 | p99 | max |");
      System.out.println("|---|---|---|---|---|---|");
      print("configuration (crm primitive)", config);
      print("status (transient attribute)", status);
      Cib c1 = replicas[1].current();
      System.out.printf(
          "final CIB %s; digests equal: %s%n",
          c1.versions(),
          replicas[1].status().digest().equals(replicas[2].status().digest())
              && replicas[1].status().digest().equals(replicas[3].status().digest()));
    } finally {
      for (AutoCloseable c : closeables) {
        try {
          c.close();
        } catch (Exception e) {
          System.err.println("close: " + e);
        }
      }
    }
  }

  private static long[] run(
      CibReplica[] replicas,
      Object[] marker,
      CountDownLatch[] latch,
      int n,
      String prefix,
      boolean configuration)
      throws Exception {
    long[] micros = new long[n];
    for (int i = 0; i < n; i++) {
      int node = 1 + i % 3;
      CibChange change =
          configuration
              ? new CibChange.ApplyCrm("primitive " + prefix + i + " ocf:heartbeat:Dummy", false)
              : new CibChange.SetTransientAttribute("n" + node, prefix + i, Integer.toString(i));
      CountDownLatch l = new CountDownLatch(3);
      marker[0] = change;
      latch[0] = l;
      long t0 = System.nanoTime();
      replicas[node].propose(change, false).get(30, TimeUnit.SECONDS);
      if (!l.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("change " + i + " not applied everywhere in 30 s");
      }
      micros[i] = (System.nanoTime() - t0) / 1000;
    }
    return micros;
  }

  private static void print(String what, long[] micros) {
    long[] s = micros.clone();
    Arrays.sort(s);
    System.out.printf(
        "| %s | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n",
        what,
        s.length,
        s[s.length / 2] / 1000.0,
        s[(int) (s.length * 0.90)] / 1000.0,
        s[(int) (s.length * 0.99)] / 1000.0,
        s[s.length - 1] / 1000.0);
  }

  private static int freePort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static ClusterConfig cluster(int port) {
    List<ClusterNode> nodes = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      nodes.add(new ClusterNode(i, "n" + i, "127.0.0." + i, 1));
    }
    TotemConfig totem =
        new TotemConfig(
            "cibbench",
            Duration.ofMillis(1000),
            Duration.ZERO,
            Duration.ofMillis(1200),
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ZERO,
            17,
            50,
            1500,
            port,
            "aes256",
            "sha256");
    QuorumConfig quorum =
        new QuorumConfig(
            "corosync_votequorum",
            3,
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

  private static NodeConfiguration config(Path dir, ClusterConfig cluster, int id) {
    Path state = dir.resolve("n" + id);
    return new NodeConfiguration(
        dir,
        cluster,
        new NodeSettings(
            "n" + id,
            state,
            state.resolve("deploy"),
            new AdminSettings("127.0.0.1", 0, dir.resolve("credential"))));
  }

  // ------------------------------------------------------------------ xml

  private static void xml(Path file, int rounds) throws Exception {
    System.out.printf(
        "file %s (%.1f MB), max heap %d MB%n",
        file, Files.size(file) / 1e6, Runtime.getRuntime().maxMemory() >> 20);
    System.out.println("| round | import | validate | export | total | heap after import |");
    System.out.println("|---|---|---|---|---|---|");
    for (int r = 1; r <= rounds; r++) {
      System.gc();
      long t0 = System.nanoTime();
      Cib cib = CibXml.read(file, XmlLimits.DEFAULT);
      long t1 = System.nanoTime();
      long heap = usedHeap();
      int findings = ConfigurationValidator.withoutAgents().validate(cib.configuration()).size();
      long t2 = System.nanoTime();
      ByteArrayOutputStream out = new ByteArrayOutputStream(256 << 20);
      CibXml.write(cib, out);
      long t3 = System.nanoTime();
      System.out.printf(
          "| %d | %.2f s | %.2f s | %.2f s | %.2f s | %d MB (%d findings, %d MB out) |%n",
          r,
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          (t3 - t2) / 1e9,
          (t3 - t0) / 1e9,
          heap >> 20,
          findings,
          out.size() >> 20);
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("peak heap (sum of pool peaks): %d MB%n", peak >> 20);
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
