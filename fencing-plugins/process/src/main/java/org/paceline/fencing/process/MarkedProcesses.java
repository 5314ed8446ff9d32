package org.paceline.fencing.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.paceline.ra.script.NodeMarker;

/**
 * The processes of one node found by the {@linkplain NodeMarker marker} in their environment: every
 * live process whose {@code /proc/PID/environ} holds {@value NodeMarker#VARIABLE}{@code =<the
 * node's pid file>}. This finds what the node started even after the node's process has died and
 * init adopted its daemons, which the {@link ProcessTree} cannot.
 *
 * <p>The value must name the same file as the device's pid file: the same absolute path once {@code
 * .} and {@code ..} are resolved, or the same path once symbolic links in the folders are resolved.
 * A longer or shorter path (another node's) never matches.
 *
 * <p>Reading another user's environment needs root (or the same user): a process whose environment
 * cannot be read is counted in {@link Scan#unreadable()} and otherwise skipped, as is a process
 * that exits while it is read. Pid 1 is never included, nor are kernel threads (pid 2 and its
 * children), whose environments are not even read: on a host that shows them they are most of the
 * processes, and a fencing waits for this scan.
 */
public final class MarkedProcesses {

  /** Reads a process's environment: the bytes of its {@code /proc/PID/environ}. */
  @FunctionalInterface
  interface EnvironReader {
    byte[] read(long pid) throws IOException;
  }

  /**
   * What one scan found.
   *
   * @param pids the live processes that carry the marker
   * @param unreadable how many live processes' environments could not be read (permission denied)
   */
  public record Scan(Set<Long> pids, int unreadable) {
    public Scan {
      pids = Set.copyOf(pids);
    }
  }

  private static final byte[] PREFIX =
      (NodeMarker.VARIABLE + "=").getBytes(StandardCharsets.ISO_8859_1);

  /** The kernel's thread daemon: its children are kernel threads. */
  private static final long KTHREADD = 2;

  private final Path pidFile;
  private final Set<String> accepted;
  private final EnvironReader reader;

  private MarkedProcesses(Path pidFile, EnvironReader reader) {
    this.pidFile = pidFile.toAbsolutePath().normalize();
    this.reader = Objects.requireNonNull(reader, "reader");
    Set<String> values = new LinkedHashSet<>();
    values.add(this.pidFile.toString());
    Path dir = this.pidFile.getParent();
    if (dir != null && this.pidFile.getFileName() != null) {
      try {
        values.add(dir.toRealPath().resolve(this.pidFile.getFileName()).toString());
      } catch (IOException e) {
        // the folder is gone: the path as given is all there is to compare
      }
    }
    this.accepted = Set.copyOf(values);
  }

  /** The processes marked with {@code pidFile}, read from {@code /proc}. */
  public static MarkedProcesses of(Path pidFile) {
    return new MarkedProcesses(
        pidFile, pid -> Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")));
  }

  /** Like {@link #of(Path)} with another way to read environments (tests). */
  static MarkedProcesses of(Path pidFile, EnvironReader reader) {
    return new MarkedProcesses(pidFile, reader);
  }

  /** The pid file whose marker this looks for (absolute, normalized). */
  public Path pidFile() {
    return pidFile;
  }

  /** The marked processes among {@code live} (pid to stat, as {@link ProcTable} lists them). */
  public Scan scan(Map<Long, ProcTable.Stat> live) {
    Set<Long> found = new TreeSet<>();
    int unreadable = 0;
    for (Map.Entry<Long, ProcTable.Stat> process : live.entrySet()) {
      long pid = process.getKey();
      if (pid <= KTHREADD || process.getValue().ppid() == KTHREADD) {
        continue; // init, and kernel threads: no environment, nothing a node started
      }
      byte[] environ;
      try {
        environ = reader.read(pid);
      } catch (AccessDeniedException e) {
        unreadable++;
        continue;
      } catch (NoSuchFileException e) {
        continue; // exited meanwhile
      } catch (IOException e) {
        // ESRCH and the like while the process exits; not a process of ours to judge
        continue;
      }
      if (carries(environ)) {
        found.add(pid);
      }
    }
    return new Scan(found, unreadable);
  }

  /** Whether {@code environ} (NUL-separated {@code NAME=value} entries) holds this marker. */
  boolean carries(byte[] environ) {
    int start = 0;
    while (start < environ.length) {
      int end = start;
      while (end < environ.length && environ[end] != 0) {
        end++;
      }
      if (end - start > PREFIX.length
          && Arrays.equals(environ, start, start + PREFIX.length, PREFIX, 0, PREFIX.length)
          && names(
              new String(
                  environ,
                  start + PREFIX.length,
                  end - start - PREFIX.length,
                  StandardCharsets.UTF_8))) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  private boolean names(String value) {
    if (accepted.contains(value)) {
      return true;
    }
    try {
      Path p = Path.of(value);
      if (!p.isAbsolute() || p.getParent() == null) {
        return false;
      }
      p = p.normalize();
      if (accepted.contains(p.toString())) {
        return true;
      }
      if (!p.getFileName().equals(pidFile.getFileName())) {
        return false;
      }
      return accepted.contains(p.getParent().toRealPath().resolve(p.getFileName()).toString());
    } catch (InvalidPathException | IOException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return NodeMarker.VARIABLE + "=" + pidFile;
  }
}
