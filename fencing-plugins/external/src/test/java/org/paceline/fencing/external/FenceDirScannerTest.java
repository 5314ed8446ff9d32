package org.paceline.fencing.external;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FenceDirScannerTest {

  @TempDir Path tmp;

  @Test
  void findsExecutableFenceAgentsOnly() throws Exception {
    Path dir = tmp.resolve("sbin");
    TestFenceScripts.write(dir, "fence_a", "exit 0\n");
    TestFenceScripts.write(dir, "fence_ilo3_ssh", "exit 0\n");
    TestFenceScripts.write(dir, "fence_bad.name", "exit 0\n");
    TestFenceScripts.write(dir, "fence_", "exit 0\n");
    TestFenceScripts.write(dir, "sbd", "exit 0\n");
    TestFenceScripts.write(dir, "fence_paceline_process", "exit 0\n");
    TestFenceScripts.write(dir, "fence_watchdog", "exit 0\n");
    Files.writeString(dir.resolve("fence_notexec"), "#!/bin/sh\n");
    Files.createDirectories(dir.resolve("fence_dir"));
    Files.createSymbolicLink(dir.resolve("fence_link"), dir.resolve("fence_a"));
    Files.createSymbolicLink(dir.resolve("fence_dangling"), dir.resolve("missing"));

    FenceDirScanner.Result r = FenceDirScanner.scan(List.of(dir));

    assertThat(r.unavailableReason()).isEmpty();
    assertThat(r.agents()).containsOnlyKeys("fence_a", "fence_ilo3_ssh", "fence_link");
    assertThat(r.agents().get("fence_link").file()).isEqualTo(dir.resolve("fence_link"));
  }

  @Test
  void theFirstDirectoryWins() throws Exception {
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    TestFenceScripts.write(first, "fence_x", "exit 0\n");
    TestFenceScripts.write(second, "fence_x", "exit 0\n");
    TestFenceScripts.write(second, "fence_y", "exit 0\n");
    FenceDirScanner.Result r = FenceDirScanner.scan(List.of(tmp.resolve("missing"), first, second));
    assertThat(r.unavailableReason()).isEmpty();
    assertThat(r.agents().get("fence_x").file()).isEqualTo(first.resolve("fence_x"));
    assertThat(r.agents().get("fence_y").file()).isEqualTo(second.resolve("fence_y"));
  }

  @Test
  void noDirectoryAtAllIsReported() {
    FenceDirScanner.Result r = FenceDirScanner.scan(List.of(tmp.resolve("nope")));
    assertThat(r.agents()).isEmpty();
    assertThat(r.unavailableReason())
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains(tmp.resolve("nope") + " does not exist")
                    .contains("paceline.fence.dir"));
  }
}
