package org.paceline.launcher.config;

import static org.paceline.launcher.config.ConfigAssertions.assertConfigError;
import static org.paceline.launcher.config.ConfigAssertions.assertContains;
import static org.paceline.launcher.config.ConfigAssertions.edit;
import static org.paceline.launcher.config.ConfigAssertions.lineOf;
import static org.paceline.launcher.config.ConfigAssertions.write;
import static org.paceline.launcher.config.CorosyncConfReaderTest.MINIMAL;
import static org.paceline.launcher.config.CorosyncConfReaderTest.VALID;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * corosync.conf files that are wrong: every error names the file, the line and the dotted key. Each
 * case is {@link CorosyncConfReaderTest#VALID} (which reads fine) with one thing changed.
 */
class CorosyncConfReaderErrorTest {

  @TempDir Path dir;

  private Path file;

  @BeforeEach
  void setUp() {
    file = dir.resolve("corosync.conf");
  }

  /**
   * Asserts that reading {@code text} fails on {@code line} (0: the whole file) about {@code key}.
   */
  private ConfigException fails(String text, int line, String key, String problem)
      throws Exception {
    write(dir, "corosync.conf", text);
    return assertConfigError(
        file, line, key, problem, () -> new CorosyncConfReader().read(file, dir));
  }

  @Test
  void validBaseReads() throws Exception {
    write(dir, "corosync.conf", VALID);
    new CorosyncConfReader().read(file, dir);
  }

  // ---- structure

  @Test
  void unknownTopLevelSection() throws Exception {
    String text = VALID + "\nbogus {\n    x: 1\n}\n";
    fails(text, lineOf(text, "bogus {"), "bogus", "unknown section");
  }

  @Test
  void unknownSectionInsideTotem() throws Exception {
    String text = edit(VALID, "    interface {", "    frobnicate {\n    }\n    interface {");
    fails(text, lineOf(text, "frobnicate {"), "totem.frobnicate", "unknown section inside 'totem'");
  }

  @Test
  void unknownSectionInsideNode() throws Exception {
    String text = edit(VALID, "name: n2", "name: n2\n        extra {\n        }");
    fails(
        text,
        lineOf(text, "extra {"),
        "nodelist.node.extra",
        "unknown section inside 'nodelist.node'");
  }

  @Test
  void unknownSectionInsideLogging() throws Exception {
    String text = edit(VALID, "debug: on", "debug: on\n    sub {\n    }");
    fails(text, lineOf(text, "sub {"), "logging.sub", "unknown section inside 'logging'");
  }

  @Test
  void unknownKeyInTotem() throws Exception {
    String text = edit(VALID, "token: 3000", "tokn: 3000");
    fails(text, lineOf(text, "tokn"), "totem.tokn", "unknown key in section 'totem'");
  }

  @Test
  void unknownKeyInInterface() throws Exception {
    String text = edit(VALID, "mcastport: 5500", "mcastport: 5500\n        mcastprot: 1");
    fails(text, lineOf(text, "mcastprot"), "totem.interface.mcastprot", "unknown key");
  }

  @Test
  void unknownKeyInNodeQuorumAndLogging() throws Exception {
    String node = edit(VALID, "quorum_votes: 2", "quorum_votes: 2\n        weight: 3");
    fails(node, lineOf(node, "weight"), "nodelist.node.weight", "unknown key");

    String quorum = edit(VALID, "expected_votes: 4", "expected_votes: 4\n    votes: 3");
    fails(quorum, lineOf(quorum, " votes: 3"), "quorum.votes", "unknown key in section 'quorum'");

    String logging = edit(VALID, "debug: on", "debug: on\n    colour: yes");
    fails(logging, lineOf(logging, "colour"), "logging.colour", "unknown key");
  }

  @Test
  void keyDirectlyInNodelist() throws Exception {
    String text = edit(VALID, "nodelist {", "nodelist {\n    nodeid: 9");
    fails(text, lineOf(text, "nodeid: 9"), "nodelist.nodeid", "unknown key in section 'nodelist'");
  }

  @Test
  void keySetTwice() throws Exception {
    String text = edit(VALID, "join: 1s", "join: 1s\n    token: 4000");
    ConfigException e = fails(text, lineOf(text, "token: 4000"), "totem.token", "set twice");
    assertContains(e.getMessage(), "first on line " + lineOf(text, "token: 3000"));
  }

  @Test
  void keySetTwiceInANode() throws Exception {
    String text = edit(VALID, "name: n2", "name: n2\n        name: n2b");
    fails(text, lineOf(text, "n2b"), "nodelist.node.name", "set twice");
  }

  @Test
  void sectionTwice() throws Exception {
    String text = VALID + "quorum {\n    two_node: 0\n}\n";
    ConfigException e = fails(text, lineOf(text, "quorum {", 2), "quorum", "section appears twice");
    assertContains(e.getMessage(), "first on line " + lineOf(text, "quorum {", 1));
  }

  @Test
  void keyOutsideAnySection() throws Exception {
    String text = "token: 3000\n" + VALID;
    fails(text, 1, "token", "keys belong inside a section");
  }

  @Test
  void unclosedSection() throws Exception {
    String text = VALID.substring(0, VALID.lastIndexOf('}'));
    fails(text, lineOf(text, "logging {"), "logging", "never closed");
  }

  @Test
  void strayClosingBrace() throws Exception {
    String text = VALID + "}\n";
    fails(text, (int) VALID.lines().count() + 1, null, "'}' closes no open section");
  }

  // ---- required parts

  @Test
  void missingNodelist() throws Exception {
    String text = "totem {\n    cluster_name: a\n}\n";
    ConfigException e =
        fails(text, 0, "nodelist", "required section 'nodelist { ... }' is missing");
    assertContains(e.getMessage(), file.toString());
  }

  @Test
  void missingTotem() throws Exception {
    String text = MINIMAL.substring(MINIMAL.indexOf("nodelist"));
    fails(text, 0, "totem", "required section 'totem { ... }' is missing");
  }

  @Test
  void missingClusterName() throws Exception {
    String text = edit(VALID, "cluster_name: alpha\n", "");
    fails(text, lineOf(text, "totem {"), "totem.cluster_name", "required key is missing");
  }

  @Test
  void badClusterName() throws Exception {
    String text = edit(VALID, "cluster_name: alpha", "cluster_name: my cluster");
    fails(text, lineOf(text, "cluster_name"), "totem.cluster_name", "'my cluster' must be");
  }

  @Test
  void emptyNodelist() throws Exception {
    String text = "totem {\n    cluster_name: a\n}\n\nnodelist {\n}\n";
    fails(text, 5, "nodelist", "has no 'node { ... }' entries");
  }

  @Test
  void nodeWithoutNodeid() throws Exception {
    String text = edit(VALID, "nodeid: 2\n", "");
    fails(text, lineOf(text, "node {", 2), "nodelist.node.nodeid", "required key is missing");
  }

  @Test
  void nodeWithoutRingAddress() throws Exception {
    String text = edit(VALID, "ring0_addr: n3.example\n", "");
    fails(text, lineOf(text, "node {", 3), "nodelist.node.ring0_addr", "required key is missing");
  }

  // ---- values

  @Test
  void tokenNotADuration() throws Exception {
    String text = edit(VALID, "token: 3000", "token: fast");
    fails(text, lineOf(text, "token: fast"), "totem.token", "'fast' is not a duration");
  }

  @Test
  void nodeidNotANumber() throws Exception {
    String text = edit(VALID, "nodeid: 2", "nodeid: x");
    fails(text, lineOf(text, "nodeid: x"), "nodelist.node.nodeid", "'x' is not a whole number");
  }

  @Test
  void mcastportNotANumber() throws Exception {
    String text = edit(VALID, "mcastport: 5500", "mcastport: http");
    fails(text, lineOf(text, "mcastport"), "totem.interface.mcastport", "not a whole number");
  }

  @Test
  void tokenOutOfRange() throws Exception {
    String small = edit(VALID, "token: 3000", "token: 10");
    fails(small, lineOf(small, "token: 10"), "totem.token", "'10' is out of range [50 ms");

    String big = edit(VALID, "token: 3000", "token: 2h");
    fails(big, lineOf(big, "token: 2h"), "totem.token", "out of range");
  }

  @Test
  void mcastportOutOfRange() throws Exception {
    String text = edit(VALID, "mcastport: 5500", "mcastport: 70000");
    fails(
        text,
        lineOf(text, "mcastport"),
        "totem.interface.mcastport",
        "70000 is out of range [1, 65535]");
  }

  @Test
  void nodeidOutOfRange() throws Exception {
    String zero = edit(VALID, "nodeid: 3", "nodeid: 0");
    fails(zero, lineOf(zero, "nodeid: 0"), "nodelist.node.nodeid", "0 is out of range");

    String negative = edit(VALID, "nodeid: 3", "nodeid: -4");
    fails(negative, lineOf(negative, "nodeid: -4"), "nodelist.node.nodeid", "out of range");
  }

  @Test
  void netmtuAndVotesOutOfRange() throws Exception {
    String mtu = edit(VALID, "netmtu: 1400", "netmtu: 100");
    fails(mtu, lineOf(mtu, "netmtu"), "totem.netmtu", "100 is out of range [576, 65000]");

    String votes = edit(VALID, "quorum_votes: 2", "quorum_votes: 1001");
    fails(votes, lineOf(votes, "quorum_votes"), "nodelist.node.quorum_votes", "out of range");
  }

  @Test
  void badBoolean() throws Exception {
    String text = edit(VALID, "wait_for_all: on", "wait_for_all: maybe");
    fails(text, lineOf(text, "wait_for_all"), "quorum.wait_for_all", "'maybe' is not yes/no");
  }

  @Test
  void badChoices() throws Exception {
    String cipher = edit(VALID, "crypto_cipher: aes128", "crypto_cipher: rot13");
    fails(cipher, lineOf(cipher, "crypto_cipher"), "totem.crypto_cipher", "'rot13' is not one of");

    String transport = edit(VALID, "transport: udpu", "transport: sctp");
    fails(transport, lineOf(transport, "transport"), "totem.transport", "'sctp' is not one of");

    String version = edit(VALID, "version: 2", "version: 1");
    fails(version, lineOf(version, "version"), "totem.version", "'1' is not one of 2");

    String provider = edit(VALID, "provider: corosync_votequorum", "provider: corosync_quorum");
    fails(provider, lineOf(provider, "provider"), "quorum.provider", "is not one of");

    String debug = edit(VALID, "debug: on", "debug: loud");
    fails(debug, lineOf(debug, "debug"), "logging.debug", "'loud' is not one of");
  }

  @Test
  void consensusBelowTokenIsRefused() throws Exception {
    String text = edit(VALID, "consensus: 3600ms", "consensus: 2s");
    fails(text, lineOf(text, "consensus"), "totem.consensus", "must be at least token (3000 ms)");
  }

  @Test
  void duplicateNodeid() throws Exception {
    String text = edit(VALID, "nodeid: 2", "nodeid: 1");
    ConfigException e =
        fails(
            text, lineOf(text, "nodeid: 1", 2), "nodelist.node.nodeid", "'1' is used by two nodes");
    assertContains(e.getMessage(), "line " + lineOf(text, "node {", 1));
  }

  @Test
  void duplicateName() throws Exception {
    String text = edit(VALID, "name: n2", "name: n1");
    fails(text, lineOf(text, "name: n1", 2), "nodelist.node.name", "'n1' is used by two nodes");
  }

  @Test
  void duplicateRingAddress() throws Exception {
    String text = edit(VALID, "ring0_addr: 10.0.0.2", "ring0_addr: 10.0.0.1");
    fails(
        text,
        lineOf(text, "ring0_addr: 10.0.0.1", 2),
        "nodelist.node.ring0_addr",
        "'10.0.0.1' is used by two nodes");
  }

  @Test
  void duplicateRingAddressOfUnnamedNodesBlamesTheAddress() throws Exception {
    String text =
        """
        totem {
            cluster_name: a
        }
        nodelist {
            node {
                nodeid: 1
                ring0_addr: 10.0.0.1
            }
            node {
                nodeid: 2
                ring0_addr: 10.0.0.1
            }
        }
        """;
    fails(text, 11, "nodelist.node.ring0_addr", "'10.0.0.1' is used by two nodes");
  }

  @Test
  void ipv6RingAddressWithoutNameAsksForAName() throws Exception {
    String text = edit(MINIMAL, "ring0_addr: 127.0.0.1", "ring0_addr: fe80::1");
    fails(text, lineOf(text, "ring0_addr"), "nodelist.node.ring0_addr", "'fe80::1'");
  }

  @Test
  void badNodeName() throws Exception {
    String text = edit(VALID, "name: n2", "name: -n2");
    fails(text, lineOf(text, "-n2"), "nodelist.node.name", "'-n2' is not a valid node name");
  }

  @Test
  void linkZeroTwice() throws Exception {
    String text =
        edit(
            VALID,
            "    interface {",
            "    interface {\n        mcastport: 6000\n    }\n    interface {");
    fails(text, lineOf(text, "interface {", 2), "totem.interface", "link 0 is configured twice");
  }

  // ---- quorum

  @Test
  void twoNodeWithThreeNodes() throws Exception {
    String text = edit(VALID, "wait_for_all: on", "wait_for_all: on\n    two_node: yes");
    fails(
        text,
        lineOf(text, "two_node"),
        "quorum.two_node",
        "two_node needs exactly 2 nodes in the nodelist, found 3");
  }

  @Test
  void autoTieBreakerWithLastManStandingNeedsWaitForAllWithOddVotes() throws Exception {
    String text =
        edit(
            edit(VALID, "wait_for_all: on", "wait_for_all: off"),
            "quorum_votes: 2",
            "quorum_votes: 1");
    fails(
        text,
        lineOf(text, "auto_tie_breaker: 1"),
        "quorum.auto_tie_breaker",
        "odd number of votes (3) needs wait_for_all: 1");
  }

  @Test
  void autoTieBreakerNodeUnknownId() throws Exception {
    String text = edit(VALID, "auto_tie_breaker_node: 3 1", "auto_tie_breaker_node: 3 9");
    fails(
        text,
        lineOf(text, "auto_tie_breaker_node"),
        "quorum.auto_tie_breaker_node",
        "node id 9 is not in the nodelist");
  }

  @Test
  void autoTieBreakerNodeNotANumber() throws Exception {
    String text = edit(VALID, "auto_tie_breaker_node: 3 1", "auto_tie_breaker_node: first");
    fails(
        text,
        lineOf(text, "auto_tie_breaker_node"),
        "quorum.auto_tie_breaker_node",
        "'first' is not lowest, highest or a list of node ids");
  }

  @Test
  void quorumDeviceIsRefused() throws Exception {
    String text =
        edit(
            VALID,
            "expected_votes: 4",
            "expected_votes: 4\n    device {\n        model: net\n        net {\n            host: qd\n        }\n    }");
    fails(
        text,
        lineOf(text, "device {"),
        "quorum.device",
        "quorum devices (qdevice) are not supported");
  }

  @Test
  void otherQuorumSubsectionIsUnknown() throws Exception {
    String text = edit(VALID, "expected_votes: 4", "expected_votes: 4\n    votes {\n    }");
    fails(text, lineOf(text, "votes {"), "quorum.votes", "unknown section inside 'quorum'");
  }

  // ---- logging

  @Test
  void logfileMissingWhileToLogfileIsOn() throws Exception {
    String text = edit(VALID, "logfile: log/../log/corosync.log\n", "");
    fails(text, lineOf(text, "logging {"), "logging.logfile", "to_logfile is yes but no logfile");
  }
}
