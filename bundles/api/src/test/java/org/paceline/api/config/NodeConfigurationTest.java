package org.paceline.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeConfigurationTest {

  private static final Path DIR = Path.of("/tmp/paceline-test/n1");

  private static ClusterConfig cluster(ClusterNode... nodes) {
    return new ClusterConfig(
        TotemConfigTest.totem(1000, 650),
        List.of(nodes),
        new QuorumConfig(
            "corosync_votequorum",
            0,
            false,
            false,
            false,
            Duration.ofSeconds(10),
            false,
            "lowest",
            List.of()),
        new LoggingConfig(false, null, true, false, true));
  }

  private static NodeSettings settings(String name) {
    return new NodeSettings(
        name,
        DIR.resolve("state"),
        DIR.resolve("deploy"),
        new AdminSettings("127.0.0.1", 7480, DIR.resolve("credential")));
  }

  @Test
  void selfIsTheNodelistEntryOfTheNodeName() {
    ClusterNode n1 = new ClusterNode(1, "n1", "127.0.0.1", 1);
    ClusterNode n2 = new ClusterNode(2, "n2", "127.0.0.2", 1);

    NodeConfiguration c = new NodeConfiguration(DIR, cluster(n1, n2), settings("n2"));

    assertEquals(n2, c.self());
    assertEquals(Optional.of(n1), c.cluster().node("n1"));
  }

  @Test
  void rejectsANodeMissingFromTheNodelist() {
    ClusterConfig cluster =
        cluster(new ClusterNode(1, "n1", "127.0.0.1", 1), new ClusterNode(2, "n2", "127.0.0.2", 1));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NodeConfiguration(DIR, cluster, settings("n3")));

    assertTrue(e.getMessage().contains("'n3'"), e.getMessage());
    assertTrue(e.getMessage().contains("nodelist"), e.getMessage());
  }

  @Test
  void nodeNamesMatchExactly() {
    ClusterConfig cluster = cluster(new ClusterNode(1, "n1", "127.0.0.1", 1));

    assertThrows(
        IllegalArgumentException.class, () -> new NodeConfiguration(DIR, cluster, settings("N1")));
  }

  @Test
  void rejectsMissingParts() {
    ClusterConfig cluster = cluster(new ClusterNode(1, "n1", "127.0.0.1", 1));

    assertThrows(
        NullPointerException.class, () -> new NodeConfiguration(null, cluster, settings("n1")));
    assertThrows(
        NullPointerException.class, () -> new NodeConfiguration(DIR, null, settings("n1")));
    assertThrows(NullPointerException.class, () -> new NodeConfiguration(DIR, cluster, null));
  }

  @Test
  void nodeSettingsDeriveRunFilesFromTheStateDir() {
    NodeSettings s = settings("n1");

    assertEquals(DIR.resolve("state/run"), s.runDir());
    assertEquals(DIR.resolve("state/run/paceline.pid"), s.pidFile());
    assertEquals(DIR.resolve("state/run/admin.url"), s.adminUrlFile());
    assertEquals(DIR.resolve("state/agents"), s.agentStateDir());
  }
}
