package org.paceline.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStateDirTest {

  @TempDir Path tmp;

  @Test
  void keepsStateWithinOneBootAndClearsItAfterAReboot() throws Exception {
    Path dir = tmp.resolve("agents");
    assertFalse(AgentStateDir.prepare(dir, Optional.of("boot-a")));
    Files.createDirectories(dir.resolve("process"));
    Files.writeString(dir.resolve("process/web.pid"), "123\n");
    Files.writeString(dir.resolve("Dummy.state"), "");

    assertFalse(AgentStateDir.prepare(dir, Optional.of("boot-a")), "a node restart keeps state");
    assertTrue(Files.exists(dir.resolve("process/web.pid")));

    assertTrue(AgentStateDir.prepare(dir, Optional.of("boot-b")), "a reboot clears it");
    try (var left = Files.list(dir)) {
      assertEquals(
          java.util.List.of(AgentStateDir.BOOT_ID_FILE),
          left.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void withoutABootIdNothingIsCleared() throws Exception {
    Path dir = tmp.resolve("agents");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("x"), "1");
    assertFalse(AgentStateDir.prepare(dir, Optional.empty()));
    assertTrue(Files.exists(dir.resolve("x")));
  }

  @Test
  void readsThisMachinesBootId() {
    Path proc = Path.of("/proc/sys/kernel/random/boot_id");
    if (Files.isReadable(proc)) {
      assertTrue(AgentStateDir.currentBootId(proc).orElseThrow().length() >= 32);
    }
    assertTrue(AgentStateDir.currentBootId(tmp.resolve("missing")).isEmpty());
  }
}
