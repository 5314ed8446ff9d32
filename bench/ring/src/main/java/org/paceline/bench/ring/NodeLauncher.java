package org.paceline.bench.ring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts {@link RingNodeMain} processes with this JVM's java and classpath, and kills every one
 * still running when the harness exits (a shutdown hook; a node also ends when its stdin closes, so
 * even a killed harness leaves none behind).
 */
final class NodeLauncher {

  private final List<String> jvmOptions;
  private final Path logDir;
  private final Set<NodeProcess> live = ConcurrentHashMap.newKeySet();

  NodeLauncher(List<String> jvmOptions, Path logDir) throws IOException {
    this.jvmOptions = List.copyOf(jvmOptions);
    this.logDir = Files.createDirectories(logDir);
    Runtime.getRuntime().addShutdownHook(new Thread(this::killAll, "bench-reaper"));
  }

  /** Starts node {@code id} with {@code args}; its stderr goes to {@code <logDir>/<log>.log}. */
  NodeProcess launch(int id, List<String> args, String log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(RingNodeMain.class.getName());
    cmd.addAll(args);
    NodeProcess p = NodeProcess.start(id, cmd, logDir.resolve(log + ".log"));
    live.removeIf(n -> !n.isAlive());
    live.add(p);
    return p;
  }

  Path logDir() {
    return logDir;
  }

  private void killAll() {
    for (NodeProcess p : live) {
      p.kill();
    }
  }
}
