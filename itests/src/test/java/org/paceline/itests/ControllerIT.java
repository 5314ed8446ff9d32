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

    // resource restart: stopped and started again where it runs.
    long before = cluster.lastWebPid();
    String said = cluster.cli("n1", "resource", "restart", "web");
    assertThat(said).contains("web restarted, running on " + second);
    await().until(() -> cluster.lastWebPid() != before);

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
  void aKilledActiveNodeIsFencedAndTheGroupRunsOnASurvivor() throws Exception {
    cluster = new HaCluster(tmp, "ctlkill", 1000);
    cluster.configureWebService("rsc_defaults resource-stickiness=100");
    String victim = awaitGroup("n1");
    await().until(() -> Files.exists(cluster.ledger) && Files.size(cluster.ledger) > 0);
    String survivor = HaCluster.ALL.stream().filter(n -> !n.equals(victim)).findFirst().get();

    Dist.signal(Dist.pid(cluster.node(victim)).orElseThrow(), "KILL");
    await().until(() -> cluster.groupNode(survivor).filter(n -> !n.equals(victim)).isPresent());
    String log = Files.readString(dcLog(survivor));
    assertThat(log).contains("reboot of " + victim + " succeeded");
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
  void withNoQuorumPolicySuicideACutOffNodeFencesItself() throws Exception {
    cluster = new HaCluster(tmp, "ctlsuicide", 1000);
    // The device cannot reach n1, so only n1 itself can end what runs there.
    Path crm = tmp.resolve("suicide.crm");
    Files.writeString(
        crm,
        "primitive fence-process stonith:fence_paceline_process params pidfile_pattern=\""
            + tmp.resolve("c/%n/state/run/paceline.pid")
            + "\" pcmk_host_list=\"n2 n3\" op monitor interval=60s\n"
            + "property no-quorum-policy=suicide\n");
    cluster.cli("n1", "configure", "load", "--update", crm.toString());
    cluster.configureWebService(
        "rsc_defaults resource-stickiness=100\nlocation prefer-n1 g 50: n1");
    await().until(() -> cluster.groupNode("n1").equals(java.util.Optional.of("n1")));
    await().until(() -> Files.exists(cluster.ledger) && Files.size(cluster.ledger) > 0);

    cut("n1", "n2,n3");
    cut("n2", "n1");
    cut("n3", "n1");
    // n1, alone and without quorum, fences itself: its process and the web server are gone
    await().until(() -> !Dist.running(cluster.node("n1")));
    assertThat(Files.readString(cluster.node("n1").resolve("paceline.log")))
        .contains("n1: fencing itself now");
    cluster.assertNeverActiveTwice();
  }

  @Test
  void withFenceWatchdogTheMajorityWaitsOutTheCutOffNodeThenTakesOver() throws Exception {
    cluster = new HaCluster(tmp, "ctlwatchdog", 1000);
    Path crm = tmp.resolve("wd.crm");
    Files.writeString(
        crm,
        "primitive wd stonith:fence_watchdog params pcmk_host_list=\"n1 n2 n3\""
            + " watchdog_timeout=6s op monitor interval=60s\n"
            + "property no-quorum-policy=stop\n");
    cluster.cli("n1", "configure", "delete", "fence-process");
    cluster.cli("n1", "configure", "load", "--update", crm.toString());
    cluster.configureWebService(
        "rsc_defaults resource-stickiness=100\nlocation prefer-n1 g 50: n1");
    await().until(() -> cluster.groupNode("n1").equals(java.util.Optional.of("n1")));
    await().until(() -> Files.exists(cluster.ledger) && Files.size(cluster.ledger) > 0);

    cut("n1", "n2,n3");
    cut("n2", "n1");
    cut("n3", "n1");
    // n1 stops the group without quorum; the majority waits the watchdog timeout, then recovers
    await()
        .atMost(java.time.Duration.ofSeconds(90))
        .until(() -> cluster.groupNode("n2").filter(n -> !n.equals("n1")).isPresent());
    assertThat(Files.readString(cluster.node("n2").resolve("paceline.log")))
        .containsPattern("reboot of n1 succeeded[^\\n]*fenced with wd");
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

    // An operator's fencing through another node; every node's history shows both.
    String said = cluster.cli("n2", "node", "fence", "n1");
    assertThat(said).contains("reboot of n1 succeeded");
    await()
        .until(
            () -> {
              com.fasterxml.jackson.databind.JsonNode st = Dist.api(cluster.node("n1"), "status");
              if (st == null) {
                return false;
              }
              java.util.Set<String> targets = new java.util.HashSet<>();
              st.path("fencing").forEach(f -> targets.add(f.path("target").asText()));
              return targets.containsAll(List.of("n1", "n3"));
            });
    assertThat(cluster.cli("n1", "status")).contains("Fencing History:", "reboot of n3 successful");
  }

  @Test
  void aPromotableStatefulCloneHasOnePromotedInstanceAndPromotesAnotherWhenItsNodeDies()
      throws Exception {
    cluster = new HaCluster(tmp, "ctlstateful", 1000);
    Path crm = tmp.resolve("st.crm");
    Files.writeString(
        crm,
        String.join(
            "\n",
            "primitive st ocf:pacemaker:Stateful op monitor interval=3s role=Promoted timeout=20s"
                + " op monitor interval=4s role=Unpromoted timeout=20s",
            "clone st-clone st meta promotable=true promoted-max=1",
            ""));
    cluster.cli("n1", "configure", "load", "--update", crm.toString());
    await().until(() -> promoted("n1").size() == 1 && unpromoted("n1").size() == 2);
    String first = promoted("n1").get(0);
    String via = HaCluster.ALL.stream().filter(n -> !n.equals(first)).findFirst().get();

    Dist.signal(Dist.pid(cluster.node(first)).orElseThrow(), "KILL");
    await()
        .until(
            () -> {
              List<String> now = promoted(via); // one read: the roles change between two
              return now.size() == 1 && !now.get(0).equals(first);
            });
    assertThat(cluster.cli(via, "status")).contains("Clone Set: st-clone [st] (promotable):");
  }

  private List<String> promoted(String via) {
    return withRole(via, "Promoted");
  }

  private List<String> unpromoted(String via) {
    return withRole(via, "Unpromoted");
  }

  private List<String> withRole(String via, String role) {
    com.fasterxml.jackson.databind.JsonNode st = Dist.api(cluster.node(via), "status");
    List<String> out = new java.util.ArrayList<>();
    if (st != null) {
      st.path("resources")
          .forEach(
              r -> {
                if (r.path("parent").asText().equals("st-clone")
                    && r.path("role").asText().equals(role)) {
                  out.add(r.path("node").asText());
                }
              });
    }
    return out;
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
