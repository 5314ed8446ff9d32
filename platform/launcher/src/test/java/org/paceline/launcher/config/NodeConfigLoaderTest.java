package org.paceline.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.paceline.launcher.config.ConfigAssertions.assertConfigError;
import static org.paceline.launcher.config.ConfigAssertions.assertContains;
import static org.paceline.launcher.config.ConfigAssertions.edit;
import static org.paceline.launcher.config.ConfigAssertions.lineOf;
import static org.paceline.launcher.config.ConfigAssertions.write;
import static org.paceline.launcher.config.CorosyncConfReaderTest.VALID;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.NodeConfiguration;

class NodeConfigLoaderTest {

  @TempDir Path tmp;

  private Path conf;

  @BeforeEach
  void setUp() throws Exception {
    conf = Files.createDirectory(tmp.resolve("n2"));
  }

  private Path abs(Path p) {
    return p.toAbsolutePath().normalize();
  }

  @Test
  void loadsBothFiles() throws Exception {
    write(
        conf,
        NodeConfigLoader.COROSYNC_CONF,
        edit(VALID, "token: 3000", "token: 3000\n    secauth: on"));
    write(conf, NodeConfigLoader.PACELINE_CONF, "node {\n    name: n2\n}\n");
    NodeConfigLoader loader = new NodeConfigLoader();

    NodeConfiguration c = loader.load(conf, tmp.resolve("deploy"));

    assertEquals(abs(conf), c.configDir());
    assertEquals(new ClusterNode(2, "n2", "10.0.0.2", 2), c.self());
    assertEquals("alpha", c.cluster().totem().clusterName());
    assertEquals(abs(conf).resolve("state"), c.node().stateDir());
    assertEquals(abs(conf).resolve("log/corosync.log"), c.cluster().logging().logfile());
    assertEquals(1, loader.notes().size(), () -> "notes: " + loader.notes());
    assertContains(loader.notes().get(0), "totem.secauth is accepted for compatibility");
  }

  @Test
  void nodeNameNotInTheNodelist() throws Exception {
    write(conf, NodeConfigLoader.COROSYNC_CONF, VALID);
    write(conf, NodeConfigLoader.PACELINE_CONF, "node {\n    name: n9\n}\n");

    ConfigException e =
        assertConfigError(
            abs(conf).resolve(NodeConfigLoader.PACELINE_CONF),
            0,
            "node.name",
            "node 'n9' is not in the nodelist of",
            () -> new NodeConfigLoader().load(conf, null));
    assertContains(e.getMessage(), abs(conf).resolve(NodeConfigLoader.COROSYNC_CONF).toString());
    assertContains(e.getMessage(), "(it has: n1, n2, n3.example)");
  }

  @Test
  void folderDoesNotExist() {
    Path missing = tmp.resolve("nope");

    assertConfigError(
        abs(missing),
        0,
        null,
        "configuration folder not found",
        () -> new NodeConfigLoader().load(missing, null));
  }

  @Test
  void folderIsAFile() throws Exception {
    Path file = write(tmp, "plain", "x");

    assertConfigError(
        abs(file),
        0,
        null,
        "configuration folder not found",
        () -> new NodeConfigLoader().load(file, null));
  }

  @Test
  void missingCorosyncConf() throws Exception {
    write(conf, NodeConfigLoader.PACELINE_CONF, "node {\n    name: n2\n}\n");

    assertConfigError(
        abs(conf).resolve(NodeConfigLoader.COROSYNC_CONF),
        0,
        null,
        "file not found",
        () -> new NodeConfigLoader().load(conf, null));
  }

  @Test
  void missingPacelineConf() throws Exception {
    write(conf, NodeConfigLoader.COROSYNC_CONF, VALID);

    assertConfigError(
        abs(conf).resolve(NodeConfigLoader.PACELINE_CONF),
        0,
        null,
        "file not found",
        () -> new NodeConfigLoader().load(conf, null));
  }

  @Test
  void errorsInCorosyncConfSurface() throws Exception {
    write(conf, NodeConfigLoader.COROSYNC_CONF, edit(VALID, "token: 3000", "token: fast"));
    write(conf, NodeConfigLoader.PACELINE_CONF, "node {\n    name: n2\n}\n");

    ConfigException e =
        assertThrows(ConfigException.class, () -> new NodeConfigLoader().load(conf, null));
    assertEquals(abs(conf).resolve(NodeConfigLoader.COROSYNC_CONF), e.file());
    assertEquals("totem.token", e.key());
    assertEquals(lineOf(VALID, "token: 3000"), e.line());
  }
}
