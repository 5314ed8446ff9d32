package org.paceline.controller.internal.osgi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node fencing itself: everything it started dies (SIGKILL to every descendant process), its
 * agents' runtime state is marked as from before a reboot (as a machine's /run is gone after one),
 * and the JVM halts at once, without shutdown hooks: no resource is stopped cleanly, nothing is
 * said to the cluster, exactly as if the machine had been reset.
 */
final class SelfFence {

  private static final Logger LOG = LoggerFactory.getLogger(SelfFence.class);

  /** The exit status of a node that fenced itself. */
  static final int STATUS = 137;

  private SelfFence() {}

  static void now(String node, Path agentStateDir, String reason) {
    LOG.error("node {}: fencing itself now ({}): killing its processes and halting", node, reason);
    List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      if (Files.isDirectory(agentStateDir)) {
        Files.writeString(
            agentStateDir.resolve(".boot_id"),
            "fenced-" + System.currentTimeMillis() + "\n",
            StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      LOG.warn("node {}: could not mark {} as from before the fencing: {}", node, agentStateDir, e);
    }
    LOG.error("node {}: halting ({} process(es) killed)", node, children.size());
    Runtime.getRuntime().halt(STATUS);
  }
}
