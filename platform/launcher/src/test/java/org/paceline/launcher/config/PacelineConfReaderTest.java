package org.paceline.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paceline.launcher.config.ConfigAssertions.assertConfigError;
import static org.paceline.launcher.config.ConfigAssertions.lineOf;
import static org.paceline.launcher.config.ConfigAssertions.write;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.NodeSettings;

class PacelineConfReaderTest {

  @TempDir Path dir;

  private NodeSettings read(String text, Path defaultDeployDir) throws Exception {
    return new PacelineConfReader().read(write(dir, "paceline.conf", text), dir, defaultDeployDir);
  }

  private void fails(String text, int line, String key, String problem) throws Exception {
    Path file = write(dir, "paceline.conf", text);
    assertConfigError(
        file, line, key, problem, () -> new PacelineConfReader().read(file, dir, null));
  }

  @Test
  void defaults() throws Exception {
    Path dist = dir.resolve("dist/deploy");

    NodeSettings s = read("node {\n    name: n1\n}\n", dist);

    assertEquals(
        new NodeSettings(
            "n1",
            dir.resolve("state"),
            dist,
            new AdminSettings(
                "127.0.0.1", PacelineConfReader.DEFAULT_ADMIN_PORT, dir.resolve("credential"))),
        s);
    assertEquals(7480, s.admin().port());
  }

  @Test
  void deployDirDefaultsToTheConfigDirWithoutADistDefault() throws Exception {
    NodeSettings s = read("node {\n    name: n1\n}\n", null);

    assertEquals(dir.resolve("deploy"), s.deployDir());
  }

  @Test
  void relativePathsResolveAgainstTheConfigDir() throws Exception {
    Path absCredential = dir.resolve("abs/cred").toAbsolutePath();
    String text =
        """
        # this node
        node {
            name: n2
        }
        paths {
            state_dir: var/./state
            deploy_dir: ../plugins
        }
        admin {
            bind: 0.0.0.0
            port: 0
            credential_file: %s
        }
        """
            .formatted(absCredential);

    NodeSettings s = read(text, dir.resolve("ignored"));

    assertEquals(
        new NodeSettings(
            "n2",
            dir.resolve("var/state"),
            dir.getParent().resolve("plugins"),
            new AdminSettings("0.0.0.0", 0, absCredential)),
        s);
  }

  @Test
  void relativeCredentialFileAndStateDirWithoutDeployDir() throws Exception {
    String text =
        "node {\n  name: n3\n}\npaths {\n  state_dir: s\n}\nadmin {\n  credential_file: c/x\n}\n";

    NodeSettings s = read(text, dir.resolve("dd"));

    assertEquals(dir.resolve("s"), s.stateDir());
    assertEquals(dir.resolve("dd"), s.deployDir());
    assertEquals(dir.resolve("c/x"), s.admin().credentialFile());
    assertEquals("127.0.0.1", s.admin().bind());
  }

  @Test
  void missingNodeSection() throws Exception {
    fails(
        "admin {\n    port: 7000\n}\n",
        0,
        "node",
        "required section 'node { name: ... }' is missing");
  }

  @Test
  void missingNodeName() throws Exception {
    fails("\nnode {\n}\n", 2, "node.name", "required key is missing");
  }

  @Test
  void badNodeName() throws Exception {
    fails("node {\n    name: n 1\n}\n", 2, "node.name", "'n 1' is not a valid node name");
  }

  @Test
  void badPort() throws Exception {
    String range = "node {\n    name: n1\n}\nadmin {\n    port: 70000\n}\n";
    fails(range, 5, "admin.port", "70000 is out of range [0, 65535]");

    String word = "node {\n    name: n1\n}\nadmin {\n    bind: ::1\n    port: http\n}\n";
    fails(word, 6, "admin.port", "'http' is not a whole number");
  }

  @Test
  void unknownKey() throws Exception {
    String text = "node {\n    name: n1\n}\nadmin {\n    prot: 7000\n}\n";
    fails(text, lineOf(text, "prot"), "admin.prot", "unknown key in section 'admin'");

    String inNode = "node {\n    name: n1\n    id: 1\n}\n";
    fails(inNode, 3, "node.id", "unknown key in section 'node'");

    String inPaths = "node {\n    name: n1\n}\npaths {\n    log_dir: log\n}\n";
    fails(inPaths, 5, "paths.log_dir", "unknown key in section 'paths'");
  }

  @Test
  void unknownSection() throws Exception {
    String text = "node {\n    name: n1\n}\nkafka {\n    bootstrap: x:9092\n}\n";
    fails(text, 4, "kafka", "unknown section");
  }

  @Test
  void sectionTwice() throws Exception {
    String text = "node {\n    name: n1\n}\nnode {\n    name: n2\n}\n";
    fails(text, 4, "node", "section appears twice (first on line 1)");
  }

  @Test
  void keySetTwice() throws Exception {
    fails("node {\n    name: n1\n    name: n2\n}\n", 3, "node.name", "set twice (first on line 2)");
  }

  @Test
  void syntaxErrorsComeFromTheParser() throws Exception {
    fails("name: n1\n", 1, "name", "keys belong inside a section");
    fails("node {\n    name: n1\n", 1, "node", "never closed");
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("paceline.conf");
    assertConfigError(
        file, 0, null, "file not found", () -> new PacelineConfReader().read(file, dir, null));
  }

  @Test
  void agentsSectionBecomesFrameworkProperties() throws Exception {
    String text =
        """
        node {
            name: n1
        }
        agents {
            ocf_root: ocf-test : /usr/lib/ocf
            lsb_initdir: /srv/init.d
        }
        """;

    PacelineConf conf =
        new PacelineConfReader().readAll(write(dir, "paceline.conf", text), dir, null);

    assertEquals(
        List.of(dir.resolve("ocf-test").toAbsolutePath(), Path.of("/usr/lib/ocf")),
        conf.agents().ocfRoots());
    assertEquals(
        Map.of(
            "paceline.ocf.root",
            dir.resolve("ocf-test").toAbsolutePath() + ",/usr/lib/ocf",
            "paceline.lsb.initdir",
            "/srv/init.d"),
        conf.agents().frameworkProperties());
    assertEquals("n1", conf.node().name());
  }

  @Test
  void theEventsSectionPassesToTheEventLogAsFrameworkProperties() throws Exception {
    String text =
        """
        node {
            name: n1
        }
        events {
            journal.max.events: 5000
            kafka {
                bootstrap.servers: 127.0.0.1:9092
                security.protocol: PLAINTEXT
            }
        }
        """;
    PacelineConf conf =
        new PacelineConfReader().readAll(write(dir, "paceline.conf", text), dir, null);
    assertEquals(
        Map.of(
            "journal.max.events", "5000",
            "kafka.bootstrap.servers", "127.0.0.1:9092",
            "kafka.security.protocol", "PLAINTEXT"),
        conf.events());
    assertEquals(
        Map.of(
            "paceline.events.keys",
            "journal.max.events,kafka.bootstrap.servers,kafka.security.protocol",
            "paceline.events.journal.max.events",
            "5000",
            "paceline.events.kafka.bootstrap.servers",
            "127.0.0.1:9092",
            "paceline.events.kafka.security.protocol",
            "PLAINTEXT"),
        conf.eventsFrameworkProperties());
  }

  @Test
  void theFencingSectionNamesTheHardwareWatchdog() throws Exception {
    String text = "node {\n    name: n1\n}\nfencing {\n    watchdog_device: /dev/watchdog0\n}\n";
    PacelineConf conf =
        new PacelineConfReader().readAll(write(dir, "paceline.conf", text), dir, null);
    assertEquals(java.util.Optional.of(Path.of("/dev/watchdog0")), conf.watchdogDevice());
    assertEquals(
        Map.of("paceline.watchdog.device", "/dev/watchdog0"), conf.eventsFrameworkProperties());
    fails(
        "node {\n    name: n1\n}\nfencing {\n    watchdog: x\n}\n",
        5,
        "fencing.watchdog",
        "unknown");
  }

  @Test
  void badEventsSections() throws Exception {
    String head = "node {\n    name: n1\n}\nevents {\n";
    fails(
        head + "    kafkaa {\n        x: 1\n    }\n}\n",
        5,
        "events.kafkaa",
        "unknown section 'kafkaa' in 'events' (allowed: kafka)");
    fails(head + "    topic: a\n    topic: b\n}\n", 6, "events.topic", "set twice");
  }

  @Test
  void withoutAgentsSectionNoFrameworkProperties() throws Exception {
    PacelineConf conf =
        new PacelineConfReader()
            .readAll(write(dir, "paceline.conf", "node {\n    name: n1\n}\n"), dir, null);

    assertEquals(AgentSettings.defaults(), conf.agents());
    assertTrue(conf.agents().frameworkProperties().isEmpty());
  }

  @Test
  void badAgentsSettings() throws Exception {
    String head = "node {\n    name: n1\n}\nagents {\n";
    fails(head + "    ocf_root: /a::/b\n}\n", 5, "agents.ocf_root", "empty path in '/a::/b'");
    fails(
        head + "    ocf_root: /a,b\n}\n",
        5,
        "agents.ocf_root",
        "'/a,b': a path here cannot contain ','");
    fails(
        head + "    ocf_roots: /a\n}\n", 5, "agents.ocf_roots", "unknown key in section 'agents'");
  }
}
