package org.paceline.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Status;
import org.paceline.cib.model.Versions;
import org.paceline.cib.xml.CibXml;

/**
 * The CIB a new cluster starts with, written by {@code cluster init} into every node's state
 * directory ({@code <node>/state/cib/cib.xml}, where the node loads it at start). Every node gets
 * the same bytes, so the first sync round finds nothing to transfer.
 */
final class InitialCib {

  /** The id of the device {@code --fencing process} configures. */
  static final String PROCESS_DEVICE = "fence-process";

  private InitialCib() {}

  /**
   * Configures fencing with the process device for a cluster whose nodes all run on this host:
   * {@code stonith:fence_paceline_process} finds each node's pid file under {@code clusterDir}.
   *
   * @return the device's id
   */
  static String writeProcessFencing(
      Path clusterDir, List<ClusterInit.NodeSpec> nodes, List<Path> nodeDirs) throws IOException {
    String hosts = nodes.stream().map(ClusterInit.NodeSpec::name).collect(Collectors.joining(" "));
    String crm =
        "primitive "
            + PROCESS_DEVICE
            + " stonith:fence_paceline_process params pidfile_pattern=\""
            + clusterDir.resolve("%n/state/run/paceline.pid")
            + "\" pcmk_host_list=\""
            + hosts
            + "\" op monitor interval=60s\n"
            + "property fencing-enabled=true\n";
    Configuration config = CrmParser.parse(crm);
    Cib cib = new Cib(config, Status.EMPTY, new Versions(0, 1, 0));
    for (Path nodeDir : nodeDirs) {
      Path file = nodeDir.resolve("state/cib/cib.xml");
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        CibXml.write(cib, out);
      }
    }
    return PROCESS_DEVICE;
  }
}
