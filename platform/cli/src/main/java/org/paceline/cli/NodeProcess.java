package org.paceline.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paceline.api.config.NodeConfiguration;

/** Starts and stops node processes. */
final class NodeProcess {

  /**
   * JVM options for a node, chosen for a small, steady footprint: the serial collector keeps pauses
   * short on a small heap and costs no extra threads. {@code PACELINE_NODE_OPTS} adds to them.
   */
  static final List<String> DEFAULT_JVM_OPTIONS =
      List.of(
          "-Xms16m",
          "-Xmx256m",
          "-XX:+UseSerialGC",
          "-Xss512k",
          "-XX:MaxMetaspaceSize=128m",
          "-XX:ReservedCodeCacheSize=64m",
          "-XX:CICompilerCount=2",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.net.preferIPv4Stack=true");

  private static final String MAIN_CLASS = "org.paceline.launcher.Main";

  private final NodeConfiguration config;
  private final Path home;

  NodeProcess(NodeConfiguration config, Path home) {
    this.config = config;
    this.home = home;
  }

  /** The command line that runs this node in the foreground. */
  List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(DEFAULT_JVM_OPTIONS);
    String extra = System.getenv("PACELINE_NODE_OPTS");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.trim().split("\\s+")));
    }
    cmd.add("-Dpaceline.home=" + home);
    cmd.add("-cp");
    cmd.add(home.resolve("lib") + File.separator + "*");
    cmd.add(MAIN_CLASS);
    cmd.add("--config");
    cmd.add(config.configDir().toString());
    return cmd;
  }

  /**
   * The pid of the running node, if it runs. A node holds an exclusive lock on {@code
   * run/node.lock} for its whole life; a pid file without that lock is left over from a node that
   * was killed (its pid may even belong to a zombie or to another process by now).
   */
  Optional<ProcessHandle> running() {
    if (!lockHeld(config.node().runDir().resolve("node.lock"))) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(config.node().pidFile()).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              p ->
                  p.info()
                      .arguments()
                      .map(args -> List.of(args).contains(MAIN_CLASS))
                      .orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether some process holds the exclusive lock on {@code lockFile}. */
  static boolean lockHeld(Path lockFile) {
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.channels.FileLock lock = ch.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Marks the node process and everything it starts with {@code PACELINE_NODE_PIDFILE}, so the
   * {@code process} fence device finds the node's daemons even after the node itself died (as a
   * reboot would end them).
   */
  private void markNode(ProcessBuilder pb) {
    pb.environment()
        .put(
            "PACELINE_NODE_PIDFILE",
            config.node().pidFile().toAbsolutePath().normalize().toString());
  }

  /** Runs the node in this terminal until it stops; returns its exit status. */
  int runForeground() throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command()).inheritIO();
    markNode(pb);
    Process p = pb.start();
    return p.waitFor();
  }

  /**
   * Starts the node in the background (its own session, output to {@code run/console.log}) and
   * waits until its admin API answers.
   *
   * @return the node's pid
   */
  long startBackground(Duration timeout) throws IOException, InterruptedException {
    Optional<ProcessHandle> already = running();
    if (already.isPresent()) {
      throw new CliException(
          ExitCodes.FAILED,
          "node " + config.node().name() + " is already running (pid " + already.get().pid() + ")");
    }
    Path console = config.node().runDir().resolve("console.log");
    Files.createDirectories(console.getParent());
    Files.deleteIfExists(config.node().adminUrlFile());
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.addAll(command());
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
            .redirectErrorStream(true);
    markNode(pb);
    Process p = pb.start();
    AdminClient admin = new AdminClient(config);
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new CliException(
            ExitCodes.FAILED,
            "node "
                + config.node().name()
                + " exited with status "
                + p.exitValue()
                + " during start-up:\n"
                + tail(console, 15));
      }
      if (Files.exists(config.node().adminUrlFile()) && admin.healthy()) {
        return running().map(ProcessHandle::pid).orElse(p.pid());
      }
      waitFor(p, Duration.ofMillis(50));
    }
    throw new CliException(
        ExitCodes.FAILED,
        "node "
            + config.node().name()
            + " (pid "
            + p.pid()
            + ") did not answer within "
            + timeout.toSeconds()
            + " s; see "
            + console);
  }

  private static void waitFor(Process p, Duration d) throws InterruptedException {
    p.waitFor(d.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /**
   * Stops the running node: SIGTERM, then waits up to {@code timeout} for a clean stop, then
   * SIGKILL.
   *
   * @return false if the node was not running
   */
  boolean stop(Duration timeout) throws InterruptedException {
    Optional<ProcessHandle> handle = running();
    if (handle.isEmpty()) {
      return false;
    }
    ProcessHandle p = handle.get();
    p.destroy();
    try {
      p.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      p.destroyForcibly();
      throw new CliException(
          ExitCodes.FAILED,
          "node "
              + config.node().name()
              + " (pid "
              + p.pid()
              + ") did not stop within "
              + timeout.toSeconds()
              + " s and was killed");
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  private static String javaBinary() {
    String javaHome = System.getProperty("java.home");
    Path java = Path.of(javaHome, "bin", "java");
    return Files.isExecutable(java) ? java.toString() : "java";
  }
}
