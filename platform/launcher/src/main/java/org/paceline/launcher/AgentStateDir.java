package org.paceline.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' state directory behaves like {@code /run}: it survives node and bundle restarts (a
 * supervised process's pid file, a Dummy's state, HA_RSCTMP markers), but not a reboot, after which
 * every service it describes is gone. The directory remembers the kernel's boot id; when the node
 * starts after a reboot, its contents are removed, so no probe reports a service as running because
 * of a file from before the reboot.
 */
final class AgentStateDir {

  private static final Logger LOG = LoggerFactory.getLogger(AgentStateDir.class);

  /** The file in the directory that holds the boot id it belongs to. */
  static final String BOOT_ID_FILE = ".boot_id";

  private AgentStateDir() {}

  /** The kernel's boot id ({@code /proc/sys/kernel/random/boot_id}), if the system has one. */
  static Optional<String> currentBootId(Path procBootId) {
    try {
      return Optional.of(Files.readString(procBootId, StandardCharsets.US_ASCII).strip())
          .filter(s -> !s.isEmpty());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Creates {@code dir}, and empties it if it was written during another boot.
   *
   * @return whether old contents were removed
   */
  static boolean prepare(Path dir, Optional<String> bootId) throws IOException {
    Files.createDirectories(dir);
    if (bootId.isEmpty()) {
      return false;
    }
    Path marker = dir.resolve(BOOT_ID_FILE);
    String recorded;
    try {
      recorded = Files.readString(marker, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      recorded = null;
    }
    boolean cleared = false;
    if (!bootId.get().equals(recorded)) {
      try (var entries = Files.list(dir)) {
        for (Path p : entries.toList()) {
          if (!p.getFileName().toString().equals(BOOT_ID_FILE)) {
            deleteTree(p);
            cleared = true;
          }
        }
      }
      if (cleared) {
        LOG.info("agent state in {} was from before a reboot: cleared", dir);
      }
      Files.writeString(marker, bootId.get() + "\n", StandardCharsets.US_ASCII);
    }
    return cleared;
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
