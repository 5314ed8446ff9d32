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
import java.util.Map;
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
    return cli(home(), workDir, args);
  }

  /**
   * Runs {@code bin/paceline args...} of the dist at {@code home} (e.g. a {@link #copy}) and waits
   * for it (at most two minutes).
   */
  static Result cli(Path home, Path workDir, String... args)
      throws IOException, InterruptedException {
    return run(home, workDir, Map.of(), List.of(args));
  }

  /** Runs {@code bin/paceline args...} with extra environment variables (e.g. PACELINE_CONF). */
  static Result cliWithEnv(Path workDir, Map<String, String> env, List<String> args)
      throws IOException, InterruptedException {
    return run(home(), workDir, env, args);
  }

  /** Runs {@code bin/paceline ARGS} of the dist in {@code home} with {@code env} added. */
  static Result cliWithEnv(Path home, Path workDir, Map<String, String> env, List<String> args)
      throws IOException, InterruptedException {
    return run(home, workDir, env, args);
  }

  private static Result run(Path home, Path workDir, Map<String, String> env, List<String> args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(home.resolve("bin/paceline").toString());
    cmd.addAll(args);
    Path out = Files.createTempFile(workDir, "cli", ".out");
    Path err = Files.createTempFile(workDir, "cli", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().remove("PACELINE_CONF");
    pb.environment().putAll(env);
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

  /**
   * Copies the built dist to {@code target} (file modes kept), for a test that changes the dist's
   * own files (e.g. replaces a jar in plugins/) without touching the tree other tests use.
   */
  static Path copy(Path target) throws IOException {
    Path from = home();
    try (java.util.stream.Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path to = target.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return target;
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

  /** GETs {@code /api/v1/<path>} from a running node with its credential; null if unreachable. */
  static JsonNode api(Path nodeDir, String path) {
    try {
      String url = Files.readString(nodeDir.resolve("state/run/admin.url")).trim();
      String credential = Files.readString(nodeDir.resolve("credential")).strip();
      java.net.http.HttpRequest req =
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "api/v1/" + path))
              .timeout(java.time.Duration.ofSeconds(5))
              .header(
                  "Authorization",
                  "Basic "
                      + java.util.Base64.getEncoder()
                          .encodeToString(credential.getBytes(StandardCharsets.UTF_8)))
              .build();
      java.net.http.HttpResponse<String> resp =
          HTTP.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
      return resp.statusCode() == 200 ? new ObjectMapper().readTree(resp.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * POSTs a JSON body to {@code /api/v1/<path>} of a running node with its credential and returns
   * the answer's status and JSON body (waiting at most {@code timeout}).
   */
  static Map.Entry<Integer, JsonNode> post(
      Path nodeDir, String path, String body, java.time.Duration timeout)
      throws IOException, InterruptedException {
    String url = Files.readString(nodeDir.resolve("state/run/admin.url")).trim();
    String credential = Files.readString(nodeDir.resolve("credential")).strip();
    java.net.http.HttpRequest req =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "api/v1/" + path))
            .timeout(timeout)
            .header(
                "Authorization",
                "Basic "
                    + java.util.Base64.getEncoder()
                        .encodeToString(credential.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
            .build();
    java.net.http.HttpResponse<String> resp =
        HTTP.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
    return Map.entry(resp.statusCode(), new ObjectMapper().readTree(resp.body()));
  }

  private static final java.net.http.HttpClient HTTP =
      java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();

  /** The ring members (node names) a running node reports, or an empty list. */
  static List<String> ringMembers(Path nodeDir) {
    JsonNode s = api(nodeDir, "status");
    List<String> out = new ArrayList<>();
    if (s != null && s.path("ring").path("state").asText().equals("OPERATIONAL")) {
      s.path("ring").path("members").forEach(m -> out.add(m.asText()));
    }
    return out;
  }

  /** Copies every node's log under {@code cluster} to target/it-logs/NAME/ for a look later. */
  static void keepLogs(Path cluster, String name) throws IOException {
    Path dest = Path.of("target", "it-logs", name);
    Files.createDirectories(dest);
    try (var dirs = Files.list(cluster)) {
      for (Path d : dirs.toList()) {
        Path log = d.resolve("paceline.log");
        if (Files.exists(log)) {
          Files.copy(
              log,
              dest.resolve(d.getFileName() + ".log"),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Sends a signal (e.g. STOP, CONT) to a process. */
  static void signal(long pid, String signal) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
    }
  }

  /** Whether the node's process runs: it holds the lock on run/node.lock for its whole life. */
  static boolean running(Path nodeDir) {
    Path lock = nodeDir.resolve("state/run/node.lock");
    if (!Files.exists(lock)) {
      return false;
    }
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.channels.FileLock l = ch.tryLock();
      if (l == null) {
        return true;
      }
      l.release();
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Kills a node process left running by a test, and waits until it has let go of its lock (a
   * killed process may stay a zombie when nobody reaps it, so its exit is not waited for).
   */
  static void kill(Path nodeDir) {
    if (!running(nodeDir)) {
      return;
    }
    pid(nodeDir).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> !running(nodeDir));
  }

  private Dist() {}
}
