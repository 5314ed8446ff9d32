package org.paceline.ra.builtin.internal.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.paceline.api.ra.OcfResultCode;

/**
 * What the agent remembers about a process it started, in a file rather than in memory, so that any
 * instance of the agent (after the bundle is updated, or the node restarted) finds it again. The
 * first line is the bare pid, as other tools expect of a pid file:
 *
 * <pre>
 * 12345
 * started=2025-05-01T10:00:00.120Z
 * command=/usr/sbin/nginx -g 'daemon off;'
 * </pre>
 *
 * @param pid the process id, which is also its session and process group id
 * @param started the process's start instant as {@link ProcessHandle.Info#startInstant()} gave it
 *     right after the start: the guard against the pid being reused by another process
 * @param command the command line, for people reading the file
 */
record PidFile(long pid, Instant started, String command) {

  PidFile {
    Objects.requireNonNull(started, "started");
    command = command == null ? "" : command.replace('\n', ' ').replace('\r', ' ');
    if (pid <= 1) {
      throw new IllegalArgumentException("pid must be above 1, got " + pid);
    }
  }

  /**
   * Reads {@code file}; empty when there is none.
   *
   * @throws OperationFailed ({@code OCF_ERR_GENERIC}) naming the file when it cannot be read or is
   *     not a pid file this agent wrote
   */
  static Optional<PidFile> read(Path file) throws OperationFailed {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new OperationFailed(
          OcfResultCode.ERR_GENERIC, "cannot read pid file " + file + ": " + e);
    }
    try {
      if (lines.isEmpty()) {
        throw new IllegalArgumentException("it is empty");
      }
      long pid = Long.parseLong(lines.get(0).strip());
      Instant started = null;
      String command = "";
      for (String line : lines.subList(1, lines.size())) {
        if (line.startsWith("started=")) {
          started = Instant.parse(line.substring("started=".length()).strip());
        } else if (line.startsWith("command=")) {
          command = line.substring("command=".length());
        }
      }
      if (started == null) {
        throw new IllegalArgumentException("it has no started= line");
      }
      return Optional.of(new PidFile(pid, started, command));
    } catch (NumberFormatException e) {
      throw malformed(file, "the first line is not a pid");
    } catch (DateTimeParseException e) {
      throw malformed(file, "the started= line is not an instant");
    } catch (IllegalArgumentException e) {
      throw malformed(file, e.getMessage());
    }
  }

  private static OperationFailed malformed(Path file, String why) {
    return new OperationFailed(
        OcfResultCode.ERR_GENERIC,
        "pid file " + file + " is malformed (" + why + "); remove it once no process of it runs");
  }

  /** Writes the file atomically: a temporary file beside it, flushed to disk, then renamed. */
  void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
    String text = pid + "\nstarted=" + started + "\ncommand=" + command + "\n";
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
