package org.paceline.ra.ocf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.ra.AgentId;
import org.paceline.ra.script.CommandRunner;

class OcfAgentRegistryTest {

  @TempDir Path root;
  @TempDir Path second;

  private final List<String> events = new ArrayList<>();

  private OcfAgentRegistry registry(List<Path> roots) {
    return new OcfAgentRegistry(
        OcfSettings.defaults().withRoots(roots),
        new CommandRunner(Duration.ofMillis(100)),
        new OcfAgentRegistry.Listener() {
          @Override
          public void added(OcfAgent agent) {
            events.add("+" + agent.id() + "@" + agent.script().root().getFileName());
          }

          @Override
          public void removed(OcfAgent agent) {
            events.add("-" + agent.id());
          }
        });
  }

  @Test
  void rescanPicksUpAddedAndRemovedScripts() throws Exception {
    TestAgents.write(root, "acme", "Web", "exit 0\n");
    TestAgents.write(root, "acme", "Db", "exit 0\n");
    OcfAgentRegistry registry = registry(List.of(root));
    assertThat(registry.unavailableReason()).isPresent(); // not scanned yet
    registry.rescan();
    assertThat(registry.unavailableReason()).isEmpty();
    assertThat(registry.agents().keySet())
        .containsExactly(AgentId.ocf("acme", "Db"), AgentId.ocf("acme", "Web"));
    String r = root.getFileName().toString();
    assertThat(events).containsExactly("+ocf:acme:Db@" + r, "+ocf:acme:Web@" + r);

    events.clear();
    registry.rescan();
    assertThat(events).isEmpty(); // nothing changed, nothing reported

    Path web = root.resolve("resource.d/acme/Web");
    OcfAgent webAgent = registry.agents().get(AgentId.ocf("acme", "Web"));
    TestAgents.write(root, "other", "Queue", "exit 0\n");
    Files.delete(root.resolve("resource.d/acme/Db"));
    registry.rescan();
    assertThat(events).containsExactly("-ocf:acme:Db", "+ocf:other:Queue@" + r);
    assertThat(registry.agents().get(AgentId.ocf("acme", "Web"))).isSameAs(webAgent);

    events.clear();
    Files.setPosixFilePermissions(web, PosixFilePermissions.fromString("rw-r--r--"));
    registry.rescan();
    assertThat(events).containsExactly("-ocf:acme:Web");
    assertThat(registry.agents().keySet()).containsExactly(AgentId.ocf("other", "Queue"));
  }

  @Test
  void skipsHiddenFilesDirectoriesBadNamesAndNonExecutables() throws Exception {
    TestAgents.write(root, "acme", "Good", "exit 0\n");
    TestAgents.write(root, "acme", ".hidden", "exit 0\n");
    TestAgents.write(root, "acme", "bad name", "exit 0\n");
    TestAgents.write(root, "acme", "Plain", "exit 0\n");
    Files.setPosixFilePermissions(
        root.resolve("resource.d/acme/Plain"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.createDirectories(root.resolve("resource.d/acme/subdir"));
    Files.createSymbolicLink(
        root.resolve("resource.d/acme/Linked"), root.resolve("resource.d/acme/Good"));
    Files.createSymbolicLink(
        root.resolve("resource.d/acme/Dangling"), root.resolve("resource.d/acme/nothing"));
    Files.writeString(root.resolve("resource.d/stray-file"), "not a provider");
    OcfAgentRegistry registry = registry(List.of(root));
    registry.rescan();
    assertThat(registry.agents().keySet())
        .containsExactly(AgentId.ocf("acme", "Good"), AgentId.ocf("acme", "Linked"));
  }

  @Test
  void firstRootWinsAndMovingAScriptReplacesTheAgent() throws Exception {
    TestAgents.write(root, "acme", "Web", "exit 0\n");
    TestAgents.write(second, "acme", "Web", "exit 0\n");
    OcfAgentRegistry registry = registry(List.of(root, second));
    registry.rescan();
    assertThat(registry.agents().get(AgentId.ocf("acme", "Web")).script().root()).isEqualTo(root);
    events.clear();
    Files.delete(root.resolve("resource.d/acme/Web"));
    registry.rescan();
    assertThat(events).containsExactly("-ocf:acme:Web", "+ocf:acme:Web@" + second.getFileName());
  }

  @Test
  void missingRootsMakeTheClassUnavailable() throws Exception {
    OcfAgentRegistry registry = registry(List.of(root.resolve("nope"), second));
    registry.rescan();
    assertThat(registry.agents()).isEmpty();
    assertThat(registry.unavailableReason())
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains(root.resolve("nope") + " does not exist")
                    .contains(second.resolve("resource.d") + " does not exist")
                    .contains(OcfSettings.ROOT));
    TestAgents.write(second, "acme", "Web", "exit 0\n");
    registry.rescan();
    assertThat(registry.unavailableReason()).isEmpty();
    assertThat(registry.agents()).hasSize(1);
  }
}
