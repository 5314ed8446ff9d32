package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paceline.itests.HaCluster.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's acceptance scenarios on three real node processes with fencing through the
 * {@code process} device: a group of a Dummy "virtual IP" and a Process resource running a small
 * HTTP server. In every scenario the web server's heartbeat ledger proves the service never ran in
 * two places at once.
 */
class ControllerIT {

  @TempDir Path tmp;
  private HaCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private String awaitGroup(String via) {
    await().until(() -> cluster.groupNode(via).isPresent());
    return cluster.groupNode(via).orElseThrow();
  }

  @Test
  void theGroupStartsInOrderMovesOnStandbyAndStaysWhenTheNodeComesBack() throws Exception {
    cluster = new HaCluster(tmp, "ctlstandby", 1000);
    cluster.configureWebService("rsc_defaults resource-stickiness=100");
    String first = awaitGroup("n1");
    assertThat(cluster.callId("n1", first, "ip", "start"))
        .isPositive()
        .isLessThan(cluster.callId("n1", first, "web", "start"));
    await().until(() -> Files.exists(cluster.ledger));

    cluster.cli("n1", "node", "standby", first);
    await().until(() -> cluster.groupNode("n1").filter(n -> !n.equals(first)).isPresent());
    String second = cluster.groupNode("n1").orElseThrow();
    assertThat(cluster.callId("n1", second, "ip", "start"))
        .isLessThan(cluster.callId("n1", second, "web", "start"));
    // Stopped in the reverse order on the first node.
    assertThat(cluster.callId("n1", first, "web", "stop"))
        .isPositive()
        .isLessThan(cluster.callId("n1", first, "ip", "stop"));

    // Back online, the node gets nothing back: stickiness keeps the group where it is.
    cluster.cli("n1", "node", "online", first);
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.groupNode("n2").equals(java.util.Optional.of(second)));
    cluster.assertNeverActiveTwice();
  }

  @Test
  void aFailedMonitorRestartsInPlaceThenMovesAtTheThresholdAndCleanupForgets() throws Exception {
    cluster = new HaCluster(tmp, "ctlfail", 1000);
    cluster.configureWebService("rsc_defaults resource-stickiness=100 migration-threshold=2");
    String home = awaitGroup("n1");
    await().until(() -> Files.exists(cluster.ledger) && Files.size(cluster.ledger) > 0);

    long pid1 = cluster.lastWebPid();
    Dist.signal(pid1, "KILL");
    await()
        .until(
            () ->
                cluster.failCount("n1", "web", home) == 1
                    && cluster.lastWebPid() != pid1
                    && cluster.groupNode("n1").equals(java.util.Optional.of(home)));

    long pid2 = cluster.lastWebPid();
    Dist.signal(pid2, "KILL");
    await()
        .until(
            () ->
                cluster.failCount("n1", "web", home) == 2
                    && cluster.groupNode("n1").filter(n -> !n.equals(home)).isPresent());

    cluster.cli("n1", "resource", "cleanup", "web");
    await().until(() -> cluster.failCount("n1", "web", home) == 0);
    cluster.assertNeverActiveTwice();
  }

  @Test
  void theMajorityFencesAPartitionedActiveNodeAndTakesOver() throws Exception {
    cluster = new HaCluster(tmp, "ctlsplit", 1000);
    cluster.configureWebService(
        "rsc_defaults resource-stickiness=100\nlocation prefer-n1 g 50: n1");
    await().until(() -> cluster.groupNode("n1").equals(java.util.Optional.of("n1")));
    await().until(() -> Files.exists(cluster.ledger) && Files.size(cluster.ledger) > 0);

    cut("n1", "n2,n3");
    cut("n2", "n1");
    cut("n3", "n1");
    await()
        .until(
            () ->
                cluster.groupNode("n2").filter(n -> !n.equals("n1")).isPresent()
                    && !Dist.running(cluster.node("n1")));
    assertThat(Files.readString(dcLog("n2"))).contains("reboot of n1 succeeded");
    cluster.assertNeverActiveTwice();
  }

  @Test
  void fenceDummyFromFenceAgentsFencesThroughTheExternalPlugin() throws Exception {
    cluster = new HaCluster(tmp, "ctldummy", 1000);
    Path status = tmp.resolve("fd.status");
    Path crm = tmp.resolve("fd.crm");
    Files.writeString(
        crm,
        "primitive fd stonith:fence_dummy params status_file=\""
            + status
            + "\" pcmk_host_list=\"n1 n2 n3\" op monitor interval=10s\n");
    cluster.cli("n1", "configure", "delete", "fence-process");
    cluster.cli("n1", "configure", "load", "--update", crm.toString());
    await().until(() -> cluster.activeOn("n1", "fd").size() == 1);

    Dist.signal(Dist.pid(cluster.node("n3")).orElseThrow(), "KILL");
    await()
        .until(
            () ->
                Files.readString(dcLog("n1"))
                    .matches("(?s).*reboot of n3 succeeded[^\\n]*fenced with fd.*"));
    // fence_dummy's "reboot" switched its pretend power off and on again.
    assertThat(status).exists();
  }

  private void cut(String node, String peers) throws Exception {
    Dist.Result r =
        Dist.cli(tmp, "ring", "fault", "--config", cluster.node(node).toString(), "--cut", peers);
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  /** The log of the node that is DC as {@code via} sees it. */
  private Path dcLog(String via) {
    for (String n : List.of("n1", "n2", "n3")) {
      if (Dist.running(cluster.node(n))) {
        Path log = cluster.node(n).resolve("paceline.log");
        try {
          if (Files.readString(log).contains("transition")
              && Files.readString(log).contains("DC is " + n)) {
            return log;
          }
        } catch (java.io.IOException e) {
          // try the next
        }
      }
    }
    return cluster.node(via).resolve("paceline.log");
  }
}
