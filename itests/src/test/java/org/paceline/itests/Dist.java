package org.paceline.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The built distribution under test, and a way to run its CLI as a real process. */
final class Dist {

  /** What one CLI run printed and returned. */
  record Result(int exitCode, String out, String err) {
    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(out);
    }
  }

  static Path home() {
    String dir = System.getProperty("paceline.dist");
    if (dir == null) {
      throw new IllegalStateException(
          "system property paceline.dist is not set (run through Maven)");
    }
    Path home = Path.of(dir).toAbsolutePath().normalize();
    if (!Files.isExecutable(home.resolve("bin/paceline"))) {
      throw new IllegalStateException(home + "/bin/paceline is missing: build platform/dist first");
    }
    return home;
  }

  /** Runs {@code bin/paceline args...} and waits for it (at most two minutes). */
  static Result cli(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(home().resolve("bin/paceline").toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "cli", ".out");
    Path err = Files.createTempFile(workDir, "cli", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().remove("PACELINE_CONF");
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("paceline " + String.join(" ", args) + " did not finish");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** A UDP port free on 127.0.0.1 right now. */
  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The pid in a node's pid file, if the file exists. */
  static Optional<Long> pid(Path nodeDir) {
    try {
      return Optional.of(
          Long.parseLong(Files.readString(nodeDir.resolve("state/run/paceline.pid")).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Kills a node process left running by a failed test, and waits for it to go. */
  static void kill(Path nodeDir) {
    pid(nodeDir)
        .flatMap(ProcessHandle::of)
        .ifPresent(
            p -> {
              p.destroyForcibly();
              p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
  }

  private Dist() {}
}
