package org.paceline.fencing.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

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
    Process p =
        new ProcessBuilder("setsid", "sh", "-c", script)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
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

  /** Kills whatever is left of every tree started. */
  @Override
  public void close() {
    for (long pid : marked()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    for (long leader : leaders) {
      for (long pid : tree(leader)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
