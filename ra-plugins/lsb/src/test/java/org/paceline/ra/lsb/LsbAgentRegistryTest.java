package org.paceline.ra.lsb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.ra.script.CommandRunner;

class LsbAgentRegistryTest {

  @TempDir Path etc;

  private final List<String> events = new ArrayList<>();

  private LsbAgentRegistry registry() {
    return new LsbAgentRegistry(
        LsbSettings.defaults().withDirs(etc.resolve("init.d"), etc),
        new CommandRunner(Duration.ofMillis(100)),
        new LsbAgentRegistry.Listener() {
          @Override
          public void added(LsbAgent agent) {
            events.add("+" + agent.id());
          }

          @Override
          public void removed(LsbAgent agent) {
            events.add("-" + agent.id());
          }
        });
  }

  @Test
  void findsServicesAndFollowsChanges() throws Exception {
    Path init = etc.resolve("init.d");
    InitScripts.write(init, "nginx", "exit 0\n");
    InitScripts.write(init, "hwclock.sh", "exit 0\n");
    for (String skipped :
        List.of("rc", "rcS", "skeleton", "README", ".hidden", "nginx.dpkg-old", "x~", "a b")) {
      InitScripts.write(init, skipped, "exit 0\n");
    }
    InitScripts.write(init, "plain", "exit 0\n");
    Files.setPosixFilePermissions(
        init.resolve("plain"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.createDirectories(init.resolve("subdir"));

    LsbAgentRegistry registry = registry();
    registry.rescan();
    assertThat(events).containsExactly("+lsb:hwclock.sh", "+lsb:nginx");
    assertThat(registry.unavailableReason()).isEmpty();

    events.clear();
    InitScripts.write(init, "postfix", "exit 0\n");
    Files.delete(init.resolve("nginx"));
    registry.rescan();
    assertThat(events).containsExactly("-lsb:nginx", "+lsb:postfix");
    registry.rescan();
    assertThat(events).hasSize(2);
  }

  @Test
  void missingInitDirectoryMakesTheClassUnavailable() {
    LsbAgentRegistry registry = registry();
    registry.rescan();
    assertThat(registry.agents()).isEmpty();
    assertThat(registry.unavailableReason())
        .hasValueSatisfying(r -> assertThat(r).contains("init.d does not exist"));
  }
}
