package org.paceline.ra.builtin.internal.process;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;

/**
 * Runs operations of a {@link ProcessAgent} against a temporary state directory and remembers every
 * process the test may have caused, so {@link #cleanUp()} can kill them all, whatever the test did.
 * Reads {@code /proc} itself rather than through the code under test.
 */
final class Harness {

  final Path stateDir;
  final ProcessAgent agent = new ProcessAgent();
  private final Set<Long> sessions = ConcurrentHashMap.newKeySet();
  private final List<Process> spawned = new ArrayList<>();

  Harness(Path stateDir) {
    this.stateDir = stateDir;
  }

  /** Runs {@code action} with a 10 s timeout. */
  OperationResult run(String resource, AgentAction action, Map<String, String> params)
      throws InterruptedException {
    return run(agent, resource, action, params, Duration.ofSeconds(10));
  }

  /** Runs {@code action} on {@code with}, with {@code timeout} until the deadline. */
  OperationResult run(
      ProcessAgent with,
      String resource,
      AgentAction action,
      Map<String, String> params,
      Duration timeout)
      throws InterruptedException {
    OperationContext context = new OperationContext("n1", stateDir, Instant.now().plus(timeout));
    OperationResult r =
        with.execute(OperationRequest.of(resource, action, params, timeout), context);
    rememberPidFiles();
    return r;
  }

  /** Parameters: {@code key, value, key, value, ...}. */
  static Map<String, String> params(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  Path pidFile(String resource) {
    return stateDir.resolve("process").resolve(resource + ".pid");
  }

  /** The pid in {@code resource}'s default pid file. */
  long pid(String resource) throws IOException {
    long pid = Long.parseLong(Files.readAllLines(pidFile(resource)).get(0).strip());
    sessions.add(pid);
    return pid;
  }

  /** Starts a process outside the agent (killed by {@link #cleanUp()}). */
  Process spawn(String... command) throws IOException {
    Process p =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    spawned.add(p);
    return p;
  }

  /** Remembers a pid whose session {@link #cleanUp()} must kill. */
  void remember(long pid) {
    sessions.add(pid);
  }

  private void rememberPidFiles() {
    Path dir = stateDir.resolve("process");
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pid")) {
      for (Path f : files) {
        List<String> lines = Files.readAllLines(f);
        if (!lines.isEmpty() && lines.get(0).strip().matches("\\d+")) {
          sessions.add(Long.parseLong(lines.get(0).strip()));
        }
      }
    } catch (IOException e) {
      // a pid file being replaced; the next operation records it
    }
  }

  /** Whether {@code pid} is a live process (a zombie is not). */
  static boolean alive(long pid) {
    return stat(pid).map(f -> !f[0].equals("Z") && !f[0].equals("X")).orElse(false);
  }

  /** The live processes whose session id is {@code sid}. */
  static List<Long> session(long sid) {
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : dir) {
        long pid = Long.parseLong(p.getFileName().toString());
        stat(pid)
            .filter(f -> f[3].equals(Long.toString(sid)) && alive(pid))
            .ifPresent(f -> out.add(pid));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Fields of /proc/PID/stat after the command name: state, ppid, pgrp, session, ... */
  static Optional<String[]> stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.UTF_8);
      return Optional.of(s.substring(s.lastIndexOf(')') + 2).split(" "));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The command name of {@code pid} ({@code /proc/PID/comm}), or empty. */
  static String comm(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** Kills every process the test may have started and waits until they are gone. */
  void cleanUp() {
    Thread.interrupted();
    rememberPidFiles();
    for (Process p : spawned) {
      p.destroyForcibly();
    }
    for (long sid : sessions) {
      for (long pid : session(sid)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                spawned.stream().noneMatch(Process::isAlive)
                    && sessions.stream().allMatch(sid -> session(sid).isEmpty()));
  }
}
