package org.paceline.ra.ocf;

import java.nio.file.Path;
import java.util.Objects;
import org.paceline.api.ra.AgentId;

/**
 * One agent script: {@code <root>/resource.d/<provider>/<type>}.
 *
 * @param id {@code ocf:<provider>:<type>}
 * @param root the OCF root the script was found under ({@code OCF_ROOT})
 * @param file the script
 */
public record OcfScript(AgentId id, Path root, Path file) {

  public OcfScript {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(file, "file");
    if (!"ocf".equals(id.standard())) {
      throw new IllegalArgumentException("not an OCF agent: " + id);
    }
  }

  /** The script of {@code ocf:provider:type} under {@code root}. */
  public static OcfScript under(Path root, String provider, String type) {
    return new OcfScript(
        AgentId.ocf(provider, type),
        root,
        root.resolve("resource.d").resolve(provider).resolve(type));
  }

  /** Where ocf-shellfuncs and the other shell helpers live ({@code OCF_FUNCTIONS_DIR}). */
  public Path functionsDir() {
    return root.resolve("lib").resolve("heartbeat");
  }
}
