package org.paceline.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paceline.launcher.config.ConfigAssertions.edit;
import static org.paceline.launcher.config.ConfigAssertions.lineOf;
import static org.paceline.launcher.config.ConfigAssertions.write;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.LoggingConfig;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.config.TotemConfig;

/** corosync.conf files that are right: the records they give, defaults and compatibility keys. */
class CorosyncConfReaderTest {

  /** A full corosync.conf with three nodes; every value differs from its default. */
  static final String VALID =
      """
      # Paceline test cluster
      totem {
          version: 2
          cluster_name: alpha
          token: 3000
          token_coefficient: 650
          consensus: 3600ms
          join: 1s
          merge: 500ms
          send_join: 0
          max_messages: 20
          window_size: 60
          netmtu: 1400
          crypto_cipher: aes128
          crypto_hash: sha512
          transport: udpu

          interface {
              linknumber: 0
              mcastport: 5500
          }
      }

      nodelist {
          node {
              nodeid: 1
              name: n1
              ring0_addr: 10.0.0.1
          }
          node {
              nodeid: 2
              name: n2
              ring0_addr: 10.0.0.2
              quorum_votes: 2
          }
          node {
              nodeid: 3
              ring0_addr: n3.example
          }
      }

      quorum {
          provider: corosync_votequorum
          expected_votes: 4
          wait_for_all: on
          last_man_standing: yes
          last_man_standing_window: 20s
          auto_tie_breaker: 1
          auto_tie_breaker_node: 3 1
      }

      logging {
          to_logfile: yes
          logfile: log/../log/corosync.log
          to_stderr: off
          debug: on
          timestamp: off
      }
      """;

  /** The smallest corosync.conf there is: a cluster name and one node. */
  static final String MINIMAL =
      """
      totem {
          cluster_name: solo
      }
      nodelist {
          node {
              nodeid: 7
              ring0_addr: 127.0.0.1
          }
      }
      """;

  @TempDir Path dir;

  private ClusterConfig read(CorosyncConfReader reader, String text) throws Exception {
    return reader.read(write(dir, "corosync.conf", text), dir);
  }

  @Test
  void fullFileGivesTheExpectedRecords() throws Exception {
    CorosyncConfReader reader = new CorosyncConfReader();

    ClusterConfig c = read(reader, VALID);

    assertEquals(
        new TotemConfig(
            "alpha",
            Duration.ofMillis(3000),
            Duration.ofMillis(650),
            Duration.ofMillis(3600),
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            Duration.ZERO,
            20,
            60,
            1400,
            5500,
            "aes128",
            "sha512"),
        c.totem());
    assertEquals(
        List.of(
            new ClusterNode(1, "n1", "10.0.0.1", 1),
            new ClusterNode(2, "n2", "10.0.0.2", 2),
            new ClusterNode(3, "n3.example", "n3.example", 1)),
        c.nodes(),
        "in file order; name defaults to ring0_addr, votes to 1");
    assertEquals(
        new QuorumConfig(
            "corosync_votequorum",
            4,
            false,
            true,
            true,
            Duration.ofSeconds(20),
            true,
            "list",
            List.of(3, 1)),
        c.quorum());
    assertEquals(
        new LoggingConfig(true, dir.resolve("log/corosync.log"), false, true, false), c.logging());
    assertEquals(List.of(), reader.notes(), "no compatibility keys, no notes");
    assertEquals(Duration.ofMillis(3650), c.totem().effectiveToken(3));
  }

  @Test
  void minimalFileGetsTheDefaults() throws Exception {
    ClusterConfig c = read(new CorosyncConfReader(), MINIMAL);

    assertEquals(
        new TotemConfig(
            "solo",
            CorosyncConfReader.DEFAULT_TOKEN,
            CorosyncConfReader.DEFAULT_TOKEN_COEFFICIENT,
            CorosyncConfReader.DEFAULT_TOKEN.multipliedBy(6).dividedBy(5),
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ZERO,
            17,
            50,
            1500,
            CorosyncConfReader.DEFAULT_PORT,
            "aes256",
            "sha256"),
        c.totem());
    assertEquals(List.of(new ClusterNode(7, "127.0.0.1", "127.0.0.1", 1)), c.nodes());
    assertEquals(
        new QuorumConfig(
            "", 0, false, false, false, Duration.ofSeconds(10), false, "lowest", List.of()),
        c.quorum());
    assertEquals(new LoggingConfig(false, null, true, false, true), c.logging());
  }

  @Test
  void consensusDefaultsToOnePointTwoTimesToken() throws Exception {
    String text = edit(MINIMAL, "cluster_name: solo", "cluster_name: solo\n    token: 2s");

    TotemConfig t = read(new CorosyncConfReader(), text).totem();

    assertEquals(Duration.ofSeconds(2), t.token());
    assertEquals(Duration.ofMillis(2400), t.consensus());
  }

  @Test
  void consensusEqualToTokenIsAccepted() throws Exception {
    String text =
        edit(
            MINIMAL,
            "cluster_name: solo",
            "cluster_name: solo\n    token: 800\n    consensus: 800");

    assertEquals(Duration.ofMillis(800), read(new CorosyncConfReader(), text).totem().consensus());
  }

  @Test
  void twoNodeClusterTurnsOnWaitForAllByDefault() throws Exception {
    String text =
        """
        totem {
            cluster_name: pair
        }
        nodelist {
            node {
                nodeid: 1
                ring0_addr: 10.0.0.1
            }
            node {
                nodeid: 2
                ring0_addr: 10.0.0.2
            }
        }
        quorum {
            provider: corosync_votequorum
            two_node: 1
            auto_tie_breaker: off
            auto_tie_breaker_node: highest
        }
        """;

    QuorumConfig q = read(new CorosyncConfReader(), text).quorum();

    assertTrue(q.twoNode());
    assertTrue(q.waitForAll(), "wait_for_all defaults to two_node");
    assertFalse(q.autoTieBreaker());
    assertEquals("highest", q.autoTieBreakerNode());
    assertEquals(List.of(), q.autoTieBreakerNodeIds());

    QuorumConfig off =
        read(
                new CorosyncConfReader(),
                edit(text, "two_node: 1", "two_node: 1\n    wait_for_all: 0"))
            .quorum();
    assertTrue(off.twoNode());
    assertFalse(off.waitForAll(), "an explicit wait_for_all wins");
  }

  @Test
  void booleanSpellings() throws Exception {
    String text =
        VALID
            .replace("wait_for_all: on", "wait_for_all: no")
            .replace("last_man_standing: yes", "last_man_standing: off")
            .replace("auto_tie_breaker: 1", "auto_tie_breaker: 0")
            .replace("to_logfile: yes", "to_logfile: on")
            .replace("to_stderr: off", "to_stderr: 1");

    ClusterConfig c = read(new CorosyncConfReader(), text);

    assertFalse(c.quorum().waitForAll());
    assertFalse(c.quorum().lastManStanding());
    assertFalse(c.quorum().autoTieBreaker());
    assertTrue(c.logging().toLogfile());
    assertTrue(c.logging().toStderr());
  }

  @Test
  void logfileAbsolutePathStaysAndStderrDefaultsToNotLogfile() throws Exception {
    Path abs = dir.resolve("elsewhere/c.log").toAbsolutePath();
    String text =
        MINIMAL + "logging {\n    to_logfile: yes\n    logfile: " + abs + "\n    debug: trace\n}\n";

    LoggingConfig l = read(new CorosyncConfReader(), text).logging();

    assertEquals(new LoggingConfig(true, abs, false, true, true), l);
  }

  @Test
  void corosyncCompatibilityKeysAreAcceptedWithANote() throws Exception {
    String text =
        """
        totem {
            version: 2
            cluster_name: alpha
            transport: knet
            secauth: on
            crypto_model: nss
            ip_version: ipv4-6
            link_mode: passive
            knet_pmtud_interval: 30
            knet_compression_model: zlib
            config_version: 3
            interface {
                linknumber: 0
                knet_link_priority: 1
                knet_transport: udp
                bindnetaddr: 10.0.0.0
            }
        }
        nodelist {
            node {
                nodeid: 1
                name: n1
                ring0_addr: 10.0.0.1
                ring1_addr: 10.1.0.1
            }
        }
        quorum {
            provider: corosync_votequorum
            allow_downscale: 1
        }
        logging {
            to_syslog: yes
            syslog_facility: daemon
            fileline: off
            logger_subsys {
                subsys: QUORUM
                debug: on
            }
        }
        system {
            allow_knet_handle_fallback: yes
            sched_rr: no
        }
        """;
    Path file = write(dir, "corosync.conf", text);
    CorosyncConfReader reader = new CorosyncConfReader();

    ClusterConfig c = reader.read(file, dir);

    assertEquals("alpha", c.totem().clusterName());
    assertEquals(CorosyncConfReader.DEFAULT_PORT, c.totem().port());
    assertEquals(List.of(new ClusterNode(1, "n1", "10.0.0.1", 1)), c.nodes());
    List<String> notes = reader.notes();
    for (String key :
        List.of(
            "totem.transport",
            "totem.secauth",
            "totem.crypto_model",
            "totem.ip_version",
            "totem.link_mode",
            "totem.knet_pmtud_interval",
            "totem.knet_compression_model",
            "totem.config_version",
            "totem.interface.knet_link_priority",
            "totem.interface.knet_transport",
            "totem.interface.bindnetaddr",
            "nodelist.node.ring1_addr",
            "quorum.allow_downscale",
            "logging.to_syslog",
            "logging.syslog_facility",
            "logging.fileline",
            "logging.logger_subsys.subsys",
            "logging.logger_subsys.debug",
            "system.allow_knet_handle_fallback",
            "system.sched_rr")) {
      String leaf = key.substring(key.lastIndexOf('.') + 1);
      String expected =
          file
              + ":"
              + lineOf(text, " " + leaf + ":")
              + ": "
              + key
              + " is accepted for compatibility and has no effect in Paceline";
      assertTrue(notes.contains(expected), () -> "no note '" + expected + "' in " + notes);
    }
    assertEquals(20, notes.size(), () -> "notes: " + notes);
  }

  @Test
  void notesAreThoseOfTheLastRead() throws Exception {
    CorosyncConfReader reader = new CorosyncConfReader();
    read(reader, edit(MINIMAL, "cluster_name: solo", "cluster_name: solo\n    secauth: on"));
    assertEquals(1, reader.notes().size(), () -> "notes: " + reader.notes());

    read(reader, MINIMAL);

    assertEquals(List.of(), reader.notes());
  }

  @Test
  void ipv6RingAddressWithANameIsAccepted() throws Exception {
    String text = edit(MINIMAL, "ring0_addr: 127.0.0.1", "ring0_addr: fe80::1\n        name: v6");

    assertEquals(
        List.of(new ClusterNode(7, "v6", "fe80::1", 1)),
        read(new CorosyncConfReader(), text).nodes());
  }

  @Test
  void linkNumberOtherThanZeroDoesNotSetThePort() throws Exception {
    String text =
        edit(
            MINIMAL,
            "cluster_name: solo",
            """
            cluster_name: solo
                interface {
                    ringnumber: 1
                    mcastport: 6000
                }
                interface {
                    linknumber: 0
                    mcastport: 5999
                }""");

    assertEquals(5999, read(new CorosyncConfReader(), text).totem().port());
  }
}
