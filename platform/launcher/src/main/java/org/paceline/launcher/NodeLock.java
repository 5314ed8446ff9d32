package org.paceline.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The run files of a node: an exclusive lock held for the node's lifetime (the operating system
 * releases it if the process dies, so a stale pid file never blocks a restart) and the pid file.
 */
final class NodeLock implements AutoCloseable {

  private final Path pidFile;
  private final FileChannel channel;
  private final FileLock lock;

  private NodeLock(Path pidFile, FileChannel channel, FileLock lock) {
    this.pidFile = pidFile;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of the node whose pid file is {@code pidFile} and writes this process's pid.
   *
   * @throws IllegalStateException if another live process holds it, naming that pid
   */
  static NodeLock acquire(Path pidFile) throws IOException {
    Files.createDirectories(pidFile.getParent());
    Path lockFile = pidFile.resolveSibling("node.lock");
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      String holder = readPid(pidFile).map(p -> " with pid " + p).orElse("");
      throw new IllegalStateException(
          "another node process"
              + holder
              + " is running on state directory "
              + pidFile.getParent().getParent());
    }
    Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
    Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    Files.move(
        tmp,
        pidFile,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return new NodeLock(pidFile, channel, lock);
  }

  /** The pid written in {@code pidFile}, if there is one. */
  static Optional<Long> readPid(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(pidFile);
    lock.release();
    channel.close();
  }
}
