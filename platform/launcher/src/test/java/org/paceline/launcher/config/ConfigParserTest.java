package org.paceline.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paceline.launcher.config.ConfigAssertions.assertConfigError;
import static org.paceline.launcher.config.ConfigAssertions.lineOf;
import static org.paceline.launcher.config.ConfigAssertions.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {

  @TempDir Path dir;

  @Test
  void parsesSectionsEntriesPathsAndLines() throws Exception {
    String text =
        """
        # a comment
        totem {
            cluster_name:   alpha   \s
            # indented comment

            interface {
                mcastport: 5405
            }
        }
        nodelist {
            node {
                ring0_addr: fe80::1
                name:
            }
        }
        """;
    Path file = write(dir, "corosync.conf", text);

    ConfigTree.Section root = ConfigParser.parse(file);

    assertEquals("", root.name());
    assertEquals("", root.path());
    assertEquals(0, root.line());
    assertEquals(file, root.file());
    assertEquals(List.of(), root.entries());
    assertEquals(
        List.of("totem", "nodelist"), root.sections().stream().map(s -> s.name()).toList());

    ConfigTree.Section totem = root.sections("totem").get(0);
    assertEquals("totem", totem.path());
    assertEquals(2, totem.line());
    assertEquals(List.of(new ConfigTree.Entry("cluster_name", "alpha", 3)), totem.entries());
    assertEquals("totem.cluster_name", totem.keyPath("cluster_name"));

    ConfigTree.Section iface = totem.sections("interface").get(0);
    assertEquals("totem.interface", iface.path());
    assertEquals(6, iface.line());
    assertEquals(List.of(new ConfigTree.Entry("mcastport", "5405", 7)), iface.entries());
    assertEquals(file, iface.file());

    ConfigTree.Section node = root.sections("nodelist").get(0).sections("node").get(0);
    assertEquals("nodelist.node", node.path());
    assertEquals(
        List.of(
            new ConfigTree.Entry("ring0_addr", "fe80::1", lineOf(text, "ring0_addr")),
            new ConfigTree.Entry("name", "", lineOf(text, " name:"))),
        node.entries(),
        "the value is everything after the first ':', trimmed");
    assertTrue(root.sections("quorum").isEmpty());
  }

  @Test
  void acceptsWindowsLineEndingsAndCountsLines() throws Exception {
    Path file = write(dir, "c.conf", "totem {\r\n\r\n  token: 5\r\n}\r\n");

    ConfigTree.Section totem = ConfigParser.parse(file).sections().get(0);

    assertEquals(List.of(new ConfigTree.Entry("token", "5", 3)), totem.entries());
  }

  @Test
  void keyOutsideAnySectionIsRefused() throws Exception {
    String text = "# top\ntoken: 3000\ntotem {\n}\n";
    Path file = write(dir, "c.conf", text);

    assertConfigError(
        file, 2, "token", "keys belong inside a section", () -> ConfigParser.parse(file));
  }

  @Test
  void strayClosingBraceIsRefused() throws Exception {
    String text = "totem {\n    token: 1\n}\n}\n";
    Path file = write(dir, "c.conf", text);

    assertConfigError(file, 4, null, "'}' closes no open section", () -> ConfigParser.parse(file));
  }

  @Test
  void unclosedSectionNamesWhereItOpens() throws Exception {
    String text = "totem {\n    token: 1\n}\nlogging {\n    debug: on\n";
    Path file = write(dir, "c.conf", text);

    assertConfigError(
        file, 4, "logging", "section is never closed", () -> ConfigParser.parse(file));
  }

  @Test
  void unclosedNestedSectionNamesTheInnermost() throws Exception {
    String text = "totem {\n    interface {\n        mcastport: 5405\n}\n";
    Path file = write(dir, "c.conf", text);

    assertConfigError(file, 1, "totem", "never closed", () -> ConfigParser.parse(file));

    String inner = "nodelist {\n    node {\n        nodeid: 1\n";
    Path file2 = write(dir, "c2.conf", inner);
    assertConfigError(file2, 2, "nodelist.node", "never closed", () -> ConfigParser.parse(file2));
  }

  @Test
  void sectionNameMustBePlain() throws Exception {
    String text = "totem {\n}\nmy section {\n}\n";
    Path file = write(dir, "c.conf", text);

    assertConfigError(file, 3, null, "'my section {'", () -> ConfigParser.parse(file));
  }

  @Test
  void lineThatIsNeitherKeyNorSectionIsRefused() throws Exception {
    String text = "totem {\n    token 3000\n}\n";
    Path file = write(dir, "c.conf", text);

    assertConfigError(
        file, 2, null, "expected 'key: value', 'SECTION {' or '}'", () -> ConfigParser.parse(file));
  }

  @Test
  void emptyAndOddKeysAreRefused() throws Exception {
    Path empty = write(dir, "a.conf", "totem {\n    : 5\n}\n");
    assertConfigError(empty, 2, null, "expected 'key: value'", () -> ConfigParser.parse(empty));

    Path spaced = write(dir, "b.conf", "totem {\n\n    to ken: 5\n}\n");
    assertConfigError(spaced, 3, null, "bad key 'to ken'", () -> ConfigParser.parse(spaced));
  }

  @Test
  void missingFileIsReportedAsSuch() {
    Path file = dir.resolve("nope.conf");

    assertConfigError(file, 0, null, "file not found", () -> ConfigParser.parse(file));
  }

  @Test
  void fileOfExactlyMaxBytesIsRead() throws Exception {
    Path file = fileOfSize("max.conf", ConfigParser.MAX_FILE_BYTES);
    assertEquals(ConfigParser.MAX_FILE_BYTES, Files.size(file));

    ConfigTree.Section root = ConfigParser.parse(file);

    assertEquals(1, root.sections().size());
  }

  @Test
  void fileOverMaxBytesIsRefused() throws Exception {
    Path file = fileOfSize("big.conf", ConfigParser.MAX_FILE_BYTES + 1);
    assertEquals(ConfigParser.MAX_FILE_BYTES + 1, Files.size(file));

    assertConfigError(
        file,
        0,
        null,
        "file is larger than " + ConfigParser.MAX_FILE_BYTES + " bytes",
        () -> ConfigParser.parse(file));
  }

  /** A valid file of {@code size} bytes: one section, then padding comment lines. */
  private Path fileOfSize(String name, long size) throws IOException {
    StringBuilder sb = new StringBuilder("totem {\n    token: 1000\n}\n");
    char[] pad = new char[99];
    Arrays.fill(pad, 'x');
    String comment = "#" + new String(pad) + "\n";
    while (sb.length() + comment.length() <= size) {
      sb.append(comment);
    }
    while (sb.length() < size - 1) {
      sb.append('#');
    }
    if (sb.length() < size) {
      sb.append('\n');
    }
    return write(dir, name, sb.toString());
  }
}
