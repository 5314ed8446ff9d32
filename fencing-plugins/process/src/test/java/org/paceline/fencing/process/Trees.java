package org.paceline.fencing.process;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.paceline.ra.script.NodeMarker;

/**
 * Throwaway process trees, each in a session of its own (as {@code paceline node start} runs a
 * node), and their cleanup.
 */
final class Trees implements AutoCloseable {

  private final List<Long> leaders = new ArrayList<>();

  /** A sleep argument no other process on the host uses: finds this test's sleeps anywhere. */
  private final String marker = "1000." + (100000 + ThreadLocalRandom.current().nextInt(900000));

  /** {@code sleep <marker>}: a long sleep that {@link #marked()} finds wherever it ends up. */
  String sleep() {
    return "sleep " + marker;
  }

  /** The live processes whose arguments include this instance's marker. */
  Set<Long> marked() {
    Set<Long> found = new TreeSet<>();
    for (long pid : ProcTable.liveProcesses().keySet()) {
      try {
        String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
        if (List.of(cmdline.split("\0")).contains(marker)) {
          found.add(pid);
        }
      } catch (IOException e) {
        // gone meanwhile
      }
    }
    return found;
  }

  /**
   * Starts {@code sh -c script} as the leader of a new session and writes its pid to {@code
   * pidFile} (after the start, as the launcher does).
   */
  Process start(String script, Path pidFile) throws IOException {
    return start(script, pidFile, Map.of());
  }

  /**
   * Like {@link #start(String, Path)} with {@code env} added to the leader's environment (which its
   * children inherit), e.g. a node's marker.
   */
  Process start(String script, Path pidFile, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("setsid", "sh", "-c", script);
    pb.environment().remove(NodeMarker.VARIABLE);
    pb.environment().putAll(env);
    Process p =
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    leaders.add(p.pid());
    if (pidFile != null) {
      Files.createDirectories(pidFile.getParent());
      Files.writeString(pidFile, p.pid() + "\n");
    }
    return p;
  }

  /** The live processes of the tree of {@code leader} (its session and descendants). */
  static Set<Long> tree(long leader) {
    return ProcessTree.members(leader, true, ProcTable.liveProcesses());
  }

  /**
   * Kills whatever is left of every tree started, again and again until nothing is: a shell killed
   * while it forks may leave a child in its session.
   */
  @Override
  public void close() {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(this::killRound);
  }

  /** Kills every process still found; true when none was. */
  private boolean killRound() {
    Set<Long> left = new TreeSet<>(marked());
    for (long leader : leaders) {
      left.addAll(tree(leader));
    }
    for (long pid : left) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    return left.isEmpty();
  }
}
