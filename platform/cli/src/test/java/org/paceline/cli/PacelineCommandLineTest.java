package org.paceline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacelineCommandLineTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    int code = Paceline.commandLine(o, e).execute(args);
    o.flush();
    e.flush();
    return code;
  }

  @Test
  void helpListsTheCommands() {
    assertEquals(ExitCodes.OK, run("--help"));

    String help = out.toString();
    for (String command :
        List.of(
            "keygen",
            "cluster",
            "node",
            "ra",
            "status",
            "configure",
            "completion",
            "resource",
            "simulate",
            "explain",
            "events",
            "demo",
            "help")) {
      assertTrue(help.contains("  " + command + " "), command + " listed in:\n" + help);
    }
    assertTrue(help.contains("Exit status: 0 ok"), help);
    assertEquals("", err.toString());
  }

  @Test
  void noArgumentsPrintsUsage() {
    assertEquals(ExitCodes.OK, run());

    assertTrue(out.toString().startsWith("Usage: paceline"), out.toString());
  }

  @Test
  void unknownOptionIsAUsageErrorOnStderr() {
    assertEquals(ExitCodes.USAGE, run("--bogus"));

    String e = err.toString();
    assertTrue(e.startsWith("paceline: error: "), e);
    assertTrue(e.contains("--bogus"), e);
    assertTrue(e.contains("Try 'paceline --help'."), e);
    assertEquals("", out.toString());
  }

  @Test
  void unknownOptionOfASubcommandPointsToItsHelp() {
    assertEquals(ExitCodes.USAGE, run("keygen", "--bogus"));

    assertTrue(err.toString().contains("Try 'paceline keygen --help'."), err.toString());
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertEquals(ExitCodes.USAGE, run("frobnicate"));

    assertTrue(err.toString().contains("frobnicate"), err.toString());
  }

  @Test
  void demoRefusesBadOptionsBeforeStartingAnything() {
    assertEquals(ExitCodes.USAGE, run("demo", "--admin-port", "70000"));
    assertTrue(err.toString().contains("--admin-port 70000 is not a TCP port"), err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void aConfigureStatementTakesNegativeScoresAsWordsAndNeedsARunningNode(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    assertEquals(0, run("cluster", "init", "--name", "s", "--dir", tmp.toString(), "n1=127.0.0.1"));
    err.getBuffer().setLength(0);

    int code =
        run(
            "configure",
            "location",
            "--config",
            tmp.resolve("n1").toString(),
            "ban",
            "web",
            "-inf:",
            "n1");

    assertEquals(ExitCodes.FAILED, code, err.toString());
    assertTrue(err.toString().contains("n1 is not running"), err.toString());
  }

  @Test
  void completionPrintsABashScriptThatBashAccepts(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    assertEquals(ExitCodes.OK, run("completion"));

    String script = out.toString();
    assertTrue(script.contains("complete -F"), script.substring(0, Math.min(200, script.length())));
    for (String word : List.of("configure", "primitive", "import-xml", "ra", "--config")) {
      assertTrue(script.contains(word), word + " completes");
    }
    java.nio.file.Path file = tmp.resolve("paceline.bash");
    java.nio.file.Files.writeString(file, script);
    Process bash =
        new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
    String syntax =
        new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(bash.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, bash.exitValue(), syntax);
  }

  @Test
  void configureLoadOfAMissingFileIsAUsageError() {
    assertEquals(ExitCodes.USAGE, run("configure", "load", "/nonexistent/web.crm"));

    assertTrue(err.toString().contains("no such file: /nonexistent/web.crm"), err.toString());
  }

  @Test
  void statusWithoutARunningNodeSaysSoWithExitOne(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    assertEquals(0, run("cluster", "init", "--name", "s", "--dir", tmp.toString(), "n1=127.0.0.1"));
    out.getBuffer().setLength(0);

    assertEquals(1, run("status", "--config", tmp.resolve("n1").toString()));

    assertTrue(err.toString().contains("node n1 is not running"), err.toString());
  }

  @Test
  void keygenWritesAPrivate32ByteKey() throws Exception {
    Path key = dir.resolve("keys/authkey");

    assertEquals(ExitCodes.OK, run("keygen", "--out", key.toString()));

    assertEquals(32, Files.readAllBytes(key).length);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertTrue(out.toString().contains(key.toString()), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void keygenRefusesToOverwriteWithoutForce() throws Exception {
    Path key = dir.resolve("authkey");
    assertEquals(ExitCodes.OK, run("keygen", "--out", key.toString()));
    byte[] first = Files.readAllBytes(key);

    assertEquals(ExitCodes.USAGE, run("keygen", "--out", key.toString()));

    assertTrue(err.toString().contains("already exists"), err.toString());
    assertTrue(err.toString().contains("--force"), err.toString());
    assertArrayEquals(first, Files.readAllBytes(key), "the old key is kept");
  }

  @Test
  void keygenForceReplacesTheKey() throws Exception {
    Path key = dir.resolve("authkey");
    Files.writeString(key, "old");

    assertEquals(ExitCodes.OK, run("keygen", "--out", key.toString(), "--force"));

    assertEquals(32, Files.readAllBytes(key).length);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
  }

  @Test
  void clusterInitWritesEveryNode() throws Exception {
    int code =
        run(
            "cluster",
            "init",
            "--name",
            "alpha",
            "--dir",
            dir.toString(),
            "--token",
            "2000",
            "n1=127.0.0.1",
            "n2=127.0.0.2");

    assertEquals(ExitCodes.OK, code, err.toString());
    assertTrue(out.toString().contains("cluster alpha: 2 node(s) written"), out.toString());
    assertTrue(Files.readString(dir.resolve("n2/corosync.conf")).contains("token: 2000"));
    assertTrue(Files.exists(dir.resolve("n1/credential")));
  }

  @Test
  void clusterInitWithBogusFencingIsAUsageError() {
    int code =
        run(
            "cluster",
            "init",
            "--name",
            "alpha",
            "--dir",
            dir.toString(),
            "--fencing",
            "bogus",
            "n1=127.0.0.1");

    assertEquals(ExitCodes.USAGE, code);
    assertTrue(err.toString().contains("--fencing 'bogus'"), err.toString());
    assertFalse(Files.exists(dir.resolve("n1")), "nothing written");
  }

  @Test
  void clusterInitWithProcessFencingGivesEveryNodeTheSameCibWithTheDevice() throws Exception {
    int code =
        run(
            "cluster",
            "init",
            "--name",
            "alpha",
            "--dir",
            dir.toString(),
            "--fencing",
            "process",
            "n1=127.0.0.1",
            "n2=127.0.0.2");

    assertEquals(ExitCodes.OK, code, err.toString());
    byte[] n1 = Files.readAllBytes(dir.resolve("n1/state/cib/cib.xml"));
    byte[] n2 = Files.readAllBytes(dir.resolve("n2/state/cib/cib.xml"));
    assertTrue(java.util.Arrays.equals(n1, n2), "same bytes on every node");
    org.paceline.cib.model.Cib cib =
        org.paceline.cib.xml.CibXml.read(new java.io.ByteArrayInputStream(n1));
    org.paceline.cib.model.Primitive device =
        cib.configuration().primitive(InitialCib.PROCESS_DEVICE).orElseThrow();
    assertEquals("stonith:fence_paceline_process", device.agent().toString());
    assertEquals("n1 n2", device.params().get("pcmk_host_list"));
    assertEquals(
        dir.toAbsolutePath().normalize().resolve("%n/state/run/paceline.pid").toString(),
        device.params().get("pidfile_pattern"));
    assertEquals(1, cib.versions().epoch());
    assertTrue(out.toString().contains("fencing: device fence-process"), out.toString());
  }

  @Test
  void clusterInitWithABadNodeIsAUsageError() {
    assertEquals(
        ExitCodes.USAGE,
        run("cluster", "init", "--name", "alpha", "--dir", dir.toString(), "n1:127.0.0.1"));

    assertTrue(err.toString().contains("expected NAME=ADDRESS"), err.toString());
  }

  @Test
  void clusterInitNeedsItsRequiredOptions() {
    assertEquals(ExitCodes.USAGE, run("cluster", "init", "n1=127.0.0.1"));

    assertTrue(err.toString().contains("--name"), err.toString());
    assertTrue(err.toString().contains("Try 'paceline cluster init --help'."), err.toString());
  }
}
