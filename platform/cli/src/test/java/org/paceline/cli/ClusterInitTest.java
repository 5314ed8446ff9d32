package org.paceline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.launcher.config.NodeConfigLoader;

class ClusterInitTest {

  private static final List<String> FILES =
      List.of("corosync.conf", "paceline.conf", "authkey", "credential");

  @TempDir Path dir;

  private static List<ClusterInit.NodeSpec> nodes(String... args) {
    return Stream.of(args).map(ClusterInit.NodeSpec::parse).toList();
  }

  private ClusterInit.Spec spec(boolean force, String... args) {
    return new ClusterInit.Spec("alpha", dir, nodes(args), 3000, 5999, 0, force);
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private NodeConfiguration load(Path nodeDir) throws Exception {
    return new NodeConfigLoader().load(nodeDir, dir.resolve("deploy"));
  }

  @Test
  void writesEveryFileForEveryNodeInNodeOrder() throws Exception {
    List<Path> written = ClusterInit.write(spec(false, "n1=127.0.0.1", "n2=127.0.0.2"));

    assertEquals(List.of(dir.resolve("n1"), dir.resolve("n2")), written);
    for (Path nodeDir : written) {
      for (String f : FILES) {
        assertTrue(Files.isRegularFile(nodeDir.resolve(f)), nodeDir.resolve(f) + " written");
      }
    }
  }

  @Test
  void authkeyIs32PrivateBytesSharedByAllNodes() throws Exception {
    List<Path> written =
        ClusterInit.write(spec(false, "n1=127.0.0.1", "n2=127.0.0.2", "n3=127.0.0.3"));

    byte[] first = Files.readAllBytes(written.get(0).resolve("authkey"));
    assertEquals(Secrets.AUTHKEY_BYTES, first.length);
    assertEquals(32, first.length);
    assertFalse(Arrays.equals(new byte[32], first), "random, not zeros");
    for (Path nodeDir : written) {
      Path key = nodeDir.resolve("authkey");
      assertArrayEquals(first, Files.readAllBytes(key), key + " is the shared key");
      assertEquals("rw-------", mode(key));
    }
  }

  @Test
  void credentialIsPrivateSharedAndForAdmin() throws Exception {
    List<Path> written = ClusterInit.write(spec(false, "n1=127.0.0.1", "n2=127.0.0.2"));

    String first = Files.readString(written.get(0).resolve("credential"), StandardCharsets.UTF_8);
    assertTrue(first.startsWith("admin:"), first);
    assertTrue(first.endsWith("\n"), "one line");
    assertEquals(1, first.strip().lines().count());
    assertTrue(first.strip().length() > "admin:".length() + 16, "a long random password");
    for (Path nodeDir : written) {
      Path cred = nodeDir.resolve("credential");
      assertEquals(first, Files.readString(cred, StandardCharsets.UTF_8));
      assertEquals("rw-------", mode(cred));
    }
  }

  @Test
  void eachInitMakesNewSecrets(@TempDir Path other) throws Exception {
    ClusterInit.write(spec(false, "n1=127.0.0.1"));
    ClusterInit.write(
        new ClusterInit.Spec("alpha", other, nodes("n1=127.0.0.1"), 3000, 5999, 0, false));

    assertFalse(
        Arrays.equals(
            Files.readAllBytes(dir.resolve("n1/authkey")),
            Files.readAllBytes(other.resolve("n1/authkey"))));
    assertFalse(
        Files.readString(dir.resolve("n1/credential"))
            .equals(Files.readString(other.resolve("n1/credential"))));
  }

  @Test
  void twoNodeClusterLoadsBackWithTheLaunchersLoader() throws Exception {
    List<Path> written = ClusterInit.write(spec(false, "n1=127.0.0.1", "n2=127.0.0.2"));

    for (int i = 0; i < written.size(); i++) {
      NodeConfiguration c = load(written.get(i));

      assertEquals("n" + (i + 1), c.node().name());
      assertEquals("alpha", c.cluster().totem().clusterName());
      assertEquals(Duration.ofMillis(3000), c.cluster().totem().token());
      assertEquals(5999, c.cluster().totem().port());
      assertEquals("aes256", c.cluster().totem().cryptoCipher());
      assertEquals("sha256", c.cluster().totem().cryptoHash());
      assertEquals(
          List.of(
              new ClusterNode(1, "n1", "127.0.0.1", 1), new ClusterNode(2, "n2", "127.0.0.2", 1)),
          c.cluster().nodes());
      assertEquals("corosync_votequorum", c.cluster().quorum().provider());
      assertTrue(c.cluster().quorum().twoNode());
      assertTrue(c.cluster().quorum().waitForAll(), "two_node implies wait_for_all");
      assertEquals(0, c.node().admin().port());
      assertEquals(
          written.get(i).resolve("credential").toRealPath(),
          c.node().admin().credentialFile().toRealPath());
      assertEquals(written.get(i).resolve("state"), c.node().stateDir());
      assertEquals("127.0.0." + (i + 1), c.node().admin().bind(), "loopback nodes bind their own");
    }
  }

  @Test
  void threeNodeClusterHasNoTwoNode() throws Exception {
    List<Path> written =
        ClusterInit.write(spec(false, "a=127.0.0.1", "b=127.0.0.2", "c=127.0.0.3"));

    NodeConfiguration c = load(written.get(2));

    assertEquals("c", c.self().name());
    assertEquals(3, c.self().nodeId());
    assertEquals(3, c.cluster().nodes().size());
    assertFalse(c.cluster().quorum().twoNode());
  }

  @Test
  void nonLoopbackAddressesBindTheAdminApiToLoopback() throws Exception {
    List<Path> written =
        ClusterInit.write(spec(false, "n1=10.0.0.1", "n2=localhost", "n3=node3.example.com"));

    for (Path nodeDir : written) {
      assertEquals("127.0.0.1", load(nodeDir).node().admin().bind(), nodeDir.toString());
    }
  }

  @Test
  void ipv6LoopbackLoadsBack() throws Exception {
    List<Path> written = ClusterInit.write(spec(false, "n1=::1"));

    NodeConfiguration c = load(written.get(0));

    assertEquals("::1", c.self().ring0Address());
    assertEquals("::1", c.node().admin().bind());
  }

  @Test
  void refusesDuplicateNames() {
    CliException e =
        assertThrows(
            CliException.class,
            () -> ClusterInit.write(spec(false, "n1=127.0.0.1", "n1=127.0.0.2")));

    assertEquals(ExitCodes.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("'n1' is given twice"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("n1")), "nothing written");
  }

  @Test
  void refusesDuplicateAddresses() {
    CliException e =
        assertThrows(
            CliException.class,
            () -> ClusterInit.write(spec(false, "n1=127.0.0.1", "n2=127.0.0.1")));

    assertEquals(ExitCodes.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("n1")), "nothing written");
  }

  @Test
  void refusesNoNodesBadClusterNameAndOutOfRangeNumbers() {
    List<ClusterInit.NodeSpec> one = nodes("n1=127.0.0.1");
    for (ClusterInit.Spec bad :
        List.of(
            new ClusterInit.Spec("alpha", dir, List.of(), 3000, 5999, 0, false),
            new ClusterInit.Spec("al pha", dir, one, 3000, 5999, 0, false),
            new ClusterInit.Spec("-alpha", dir, one, 3000, 5999, 0, false),
            new ClusterInit.Spec("alpha", dir, one, 49, 5999, 0, false),
            new ClusterInit.Spec("alpha", dir, one, 3_600_001, 5999, 0, false),
            new ClusterInit.Spec("alpha", dir, one, 3000, 0, 0, false),
            new ClusterInit.Spec("alpha", dir, one, 3000, 65_536, 0, false),
            new ClusterInit.Spec("alpha", dir, one, 3000, 5999, -1, false),
            new ClusterInit.Spec("alpha", dir, one, 3000, 5999, 65_536, false))) {
      CliException e = assertThrows(CliException.class, () -> ClusterInit.write(bad));
      assertEquals(ExitCodes.USAGE, e.exitCode(), bad.toString());
    }
    assertFalse(Files.exists(dir.resolve("n1")), "nothing written");
  }

  @Test
  void refusesExistingFilesWithoutForce() throws Exception {
    ClusterInit.write(spec(false, "n1=127.0.0.1", "n2=127.0.0.2"));
    byte[] key = Files.readAllBytes(dir.resolve("n1/authkey"));

    CliException e =
        assertThrows(
            CliException.class,
            () -> ClusterInit.write(spec(false, "n1=127.0.0.1", "n2=127.0.0.2")));

    assertEquals(ExitCodes.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertTrue(e.getMessage().contains("--force"), e.getMessage());
    assertArrayEquals(key, Files.readAllBytes(dir.resolve("n1/authkey")), "key kept");
  }

  @Test
  void refusingLeavesEveryNodeUntouched() throws Exception {
    // only n2 exists; refusing must not have written n1 first
    ClusterInit.write(spec(false, "n2=127.0.0.2"));

    assertThrows(
        CliException.class, () -> ClusterInit.write(spec(false, "n1=127.0.0.1", "n2=127.0.0.2")));

    assertFalse(Files.exists(dir.resolve("n1")), "n1 not written before refusing n2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"authkey", "credential", "paceline.conf"})
  void refusesAnyExistingFileWithoutForce(String existing) throws Exception {
    Path file = dir.resolve("n1").resolve(existing);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "keep me");

    CliException e =
        assertThrows(CliException.class, () -> ClusterInit.write(spec(false, "n1=127.0.0.1")));

    assertEquals(ExitCodes.USAGE, e.exitCode());
    assertEquals("keep me", Files.readString(file));
  }

  @Test
  void forceReplacesExistingFilesWithNewSecrets() throws Exception {
    ClusterInit.write(spec(false, "n1=127.0.0.1", "n2=127.0.0.2"));
    byte[] oldKey = Files.readAllBytes(dir.resolve("n1/authkey"));

    ClusterInit.write(spec(true, "n1=127.0.0.1", "n2=127.0.0.2"));

    byte[] newKey = Files.readAllBytes(dir.resolve("n1/authkey"));
    assertFalse(Arrays.equals(oldKey, newKey));
    assertArrayEquals(newKey, Files.readAllBytes(dir.resolve("n2/authkey")));
    assertEquals("rw-------", mode(dir.resolve("n1/authkey")));
    assertEquals("rw-------", mode(dir.resolve("n1/credential")));
  }

  @Test
  void nodeSpecParses() {
    assertEquals(
        new ClusterInit.NodeSpec("n1", "127.0.0.1"), ClusterInit.NodeSpec.parse("n1=127.0.0.1"));
    assertEquals(
        new ClusterInit.NodeSpec("db-1.a_b", "fe80::1"),
        ClusterInit.NodeSpec.parse("db-1.a_b=fe80::1"));
    assertEquals(
        new ClusterInit.NodeSpec("n1", "host.example.com"),
        ClusterInit.NodeSpec.parse("n1=host.example.com"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "n1",
        "=127.0.0.1",
        "n1=",
        "",
        "=",
        "-n1=127.0.0.1",
        ".n1=127.0.0.1",
        "n 1=127.0.0.1",
        "n/1=127.0.0.1",
        "n1=127.0.0.1/24",
        "n1=a b",
        "n1=127.0.0.1=x",
        "n1=[::1]"
      })
  void nodeSpecRejectsBadArguments(String arg) {
    CliException e = assertThrows(CliException.class, () -> ClusterInit.NodeSpec.parse(arg));

    assertEquals(ExitCodes.USAGE, e.exitCode());
    assertTrue(e.getMessage().startsWith("bad "), e.getMessage());
    assertTrue(e.getMessage().contains("'"), e.getMessage());
  }

  @Test
  void nodeSpecLoopback() {
    assertTrue(ClusterInit.NodeSpec.parse("n=127.0.0.5").loopback());
    assertTrue(ClusterInit.NodeSpec.parse("n=::1").loopback());
    assertTrue(ClusterInit.NodeSpec.parse("n=localhost").loopback());
    assertFalse(ClusterInit.NodeSpec.parse("n=10.0.0.1").loopback());
    assertFalse(ClusterInit.NodeSpec.parse("n=1127.0.0.1").loopback());
  }
}
