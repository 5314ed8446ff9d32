package org.paceline.bench.ring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link RingNodeMain} process as the harness sees it: its stdout lines as they come (read by a
 * named thread), its stdin for commands, its stderr in a log file.
 */
final class NodeProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeProcess.class);

  private final int id;
  private final Process process;
  private final Writer stdin;
  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  private NodeProcess(int id, Process process) {
    this.id = id;
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readLines, "bench-node-" + id + "-pid-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command} for node {@code id}, its stderr appended to {@code log}. */
  static NodeProcess start(int id, List<String> command, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    LOG.debug("node {} started as pid {}", id, p.pid());
    return new NodeProcess(id, p);
  }

  int id() {
    return id;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  private void readLines() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("ERROR")) {
          LOG.warn("node {}: {}", id, line);
        }
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException e) {
      LOG.debug("node {}: stdout closed", id, e);
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /** The number of lines read so far: a mark for {@link #await}. */
  synchronized int mark() {
    return lines.size();
  }

  /** The lines from {@code from} on, as read so far. */
  synchronized List<String> linesFrom(int from) {
    return List.copyOf(lines.subList(Math.min(from, lines.size()), lines.size()));
  }

  /**
   * The first line at index {@code from} or later that matches, waiting up to {@code timeout}.
   *
   * @throws BenchException if none came in time or the process ended first
   */
  synchronized String await(int from, Predicate<String> match, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int i = from;
    while (true) {
      for (; i < lines.size(); i++) {
        if (match.test(lines.get(i))) {
          return lines.get(i);
        }
      }
      long left = deadline - System.nanoTime();
      if (ended || left <= 0) {
        throw new BenchException(
            "node "
                + id
                + " (pid "
                + process.pid()
                + "): no "
                + what
                + (ended ? ": the process ended" : " within " + timeout.toMillis() + " ms"));
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Writes one command line to the node. */
  void send(String command) {
    try {
      synchronized (stdin) {
        stdin.write(command);
        stdin.write('\n');
        stdin.flush();
      }
    } catch (IOException e) {
      throw new BenchException("node " + id + ": cannot send '" + command + "': " + e, e);
    }
  }

  /** SIGKILL (on Linux {@link Process#destroyForcibly} sends SIGKILL). */
  void kill() {
    process.destroyForcibly();
  }

  /** Waits for the process to end. */
  boolean waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks the node to quit, then kills it if it has not ended within two seconds. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    try {
      send("QUIT");
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (BenchException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
