package org.paceline.fencing.external;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.ra.script.CommandRunner;

class ExternalFenceAgentRegistryTest {

  @TempDir Path tmp;

  private final List<String> events = new ArrayList<>();

  private ExternalFenceAgentRegistry registry(List<Path> dirs) {
    return new ExternalFenceAgentRegistry(
        ExternalFenceSettings.defaults().withDirs(dirs),
        new CommandRunner(Duration.ofMillis(200)),
        new ExternalFenceAgentRegistry.Listener() {
          @Override
          public void added(ExternalFenceAgent agent) {
            events.add("+" + agent.name());
          }

          @Override
          public void removed(ExternalFenceAgent agent) {
            events.add("-" + agent.name());
          }
        });
  }

  @Test
  void reportsAgentsAppearingAndDisappearingWithoutRunningThem() throws Exception {
    Path dir = tmp.resolve("sbin");
    TestFenceScripts.recorder(dir, "fence_a");
    TestFenceScripts.recorder(dir, "fence_b");
    ExternalFenceAgentRegistry registry = registry(List.of(dir));
    assertThat(registry.unavailableReason()).hasValue("not scanned yet");

    registry.rescan();
    assertThat(events).containsExactly("+fence_a", "+fence_b");
    assertThat(registry.agents()).containsOnlyKeys("fence_a", "fence_b");
    assertThat(registry.unavailableReason()).isEmpty();
    ExternalFenceAgent a = registry.agents().get("fence_a");

    Files.delete(dir.resolve("fence_b"));
    TestFenceScripts.recorder(dir, "fence_c");
    events.clear();
    registry.rescan();
    assertThat(events).containsExactly("-fence_b", "+fence_c");
    assertThat(registry.agents().get("fence_a")).isSameAs(a);

    events.clear();
    registry.rescan();
    assertThat(events).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no agent was run: nothing recorded")
          .containsExactlyInAnyOrder("fence_a", "fence_c");
    }
  }

  @Test
  void anAgentMovedToAnEarlierDirectoryIsReplaced() throws Exception {
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    Files.createDirectories(first);
    TestFenceScripts.recorder(second, "fence_a");
    ExternalFenceAgentRegistry registry = registry(List.of(first, second));
    registry.rescan();
    TestFenceScripts.recorder(first, "fence_a");
    events.clear();
    registry.rescan();
    assertThat(events).containsExactly("-fence_a", "+fence_a");
    assertThat(registry.agents().get("fence_a").script().file())
        .isEqualTo(first.resolve("fence_a"));
  }

  @Test
  void missingDirectoriesAreUnavailableNotFatal() {
    ExternalFenceAgentRegistry registry = registry(List.of(tmp.resolve("missing")));
    registry.rescan();
    assertThat(registry.agents()).isEmpty();
    assertThat(registry.unavailableReason()).isPresent();
  }
}
