package org.paceline.launcher.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * paceline.conf's {@code agents { }} section: where the agent plugin bundles look for agent
 * scripts. The node hands each setting to the plugins as the framework property the plugin reads.
 *
 * @param ocfRoots OCF roots searched in order ({@code ocf_root}, framework property {@value
 *     #OCF_ROOT}); empty for the plugin's default {@code /usr/lib/ocf}
 * @param lsbInitDir the LSB init scripts' folder ({@code lsb_initdir}, framework property {@value
 *     #LSB_INIT_DIR}); empty for the plugin's default {@code /etc/init.d}
 */
public record AgentSettings(List<Path> ocfRoots, Optional<Path> lsbInitDir) {

  /** The OCF bundle's framework property for its roots (comma-separated). */
  public static final String OCF_ROOT = "paceline.ocf.root";

  /** The LSB bundle's framework property for its init folder. */
  public static final String LSB_INIT_DIR = "paceline.lsb.initdir";

  public AgentSettings {
    ocfRoots = List.copyOf(ocfRoots);
    lsbInitDir = lsbInitDir == null ? Optional.empty() : lsbInitDir;
  }

  /** Nothing set: every plugin uses its defaults. */
  public static AgentSettings defaults() {
    return new AgentSettings(List.of(), Optional.empty());
  }

  /** The framework properties these settings give the node's bundles; only what is set. */
  public Map<String, String> frameworkProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    if (!ocfRoots.isEmpty()) {
      props.put(OCF_ROOT, ocfRoots.stream().map(Path::toString).collect(Collectors.joining(",")));
    }
    lsbInitDir.ifPresent(d -> props.put(LSB_INIT_DIR, d.toString()));
    return props;
  }
}
