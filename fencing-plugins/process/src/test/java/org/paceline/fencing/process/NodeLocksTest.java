package org.paceline.fencing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLocksTest {

  @TempDir Path tmp;

  @Test
  void readsHoldersFromProcLocksText() {
    String text =
        """
        1: FLOCK  ADVISORY  WRITE 300 fe:00:77 0 EOF
        2: POSIX  ADVISORY  WRITE 29525 fe:00:77 0 EOF
        2: -> POSIX  ADVISORY  WRITE 29600 fe:00:77 0 EOF
        3: POSIX  ADVISORY  WRITE 400 fe:01:77 0 EOF
        4: POSIX  ADVISORY  READ 401 fe:00:78 0 EOF
        5: OFDLCK ADVISORY  WRITE -1 fe:00:77 0 EOF
        garbage line
        6: POSIX  ADVISORY  WRITE x fe:00:77 0 EOF
        """;
    assertThat(NodeLocks.holders(text, 0xfe, 0, 77)).containsExactly(29525L);
    assertThat(NodeLocks.holders(text, 0xfe, 1, 77)).containsExactly(400L);
    assertThat(NodeLocks.holders(text, 0xfe, 0, 99)).isEmpty();
  }

  @Test
  void seesAJavaFileLock() throws Exception {
    Path file = tmp.resolve(NodeLocks.LOCK_FILE);
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      assertThat(NodeLocks.holders(file)).isEmpty();
      FileLock lock = ch.lock();
      assertThat(NodeLocks.holders(file)).containsExactly(ProcessHandle.current().pid());
      lock.release();
      assertThat(NodeLocks.holders(file)).isEmpty();
    }
  }

  @Test
  void aMissingFileIsAnError() {
    assertThatThrownBy(() -> NodeLocks.holders(tmp.resolve("none")))
        .isInstanceOf(IOException.class);
  }
}
