package org.paceline.ra.ocf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;

/** Helpers to write agent scripts into a temporary OCF root and to build requests. */
final class TestAgents {

  private TestAgents() {}

  /** Meta-data of the test agents: two parameters, validate-all listed. */
  static final String META =
      """
      <?xml version="1.0"?>
      <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
      <resource-agent name="%s" version="0.1">
      <version>1.1</version>
      <shortdesc lang="en">test agent</shortdesc>
      <parameters>
      <parameter name="dump" required="1"><content type="string"/></parameter>
      <parameter name="valid"><content type="boolean" default="true"/></parameter>
      </parameters>
      <actions>
      <action name="start" timeout="20s"/>
      <action name="stop" timeout="20s"/>
      <action name="monitor" timeout="20s" interval="10s"/>
      <action name="validate-all" timeout="5s"/>
      <action name="meta-data" timeout="5s"/>
      </actions>
      </resource-agent>
      """;

  /**
   * A well-behaved agent: records each action in {@code $OCF_RESKEY_dump.actions} and its
   * environment (NUL-separated) in {@code $OCF_RESKEY_dump.<action>}; validate-all fails with 6
   * when {@code valid=false}; every other action exits with {@code $OCF_RESKEY_rc} (default 0).
   */
  static Path recorder(Path root, String provider, String type) throws IOException {
    return write(
        root,
        provider,
        type,
        "case \"$1\" in\n"
            + "meta-data) cat <<'END'\n"
            + String.format(META, type)
            + "END\nexit 0;;\nesac\n"
            + "echo \"$1\" >> \"$OCF_RESKEY_dump.actions\"\n"
            + "env -0 > \"$OCF_RESKEY_dump.$1\"\n"
            + "case \"$1\" in\n"
            + "validate-all) if [ \"$OCF_RESKEY_valid\" = false ]; then"
            + " echo 'ocf-exit-reason:valid is false' >&2; exit 6; fi; exit 0;;\n"
            + "esac\n"
            + "exit ${OCF_RESKEY_rc:-0}\n");
  }

  /**
   * An executable script {@code root/resource.d/provider/type} with {@code body} after #!/bin/sh.
   */
  static Path write(Path root, String provider, String type, String body) throws IOException {
    Path file = root.resolve("resource.d").resolve(provider).resolve(type);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /** Reads an {@code env -0} dump. */
  static Map<String, String> readEnv(Path file) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String entry : Files.readString(file, StandardCharsets.UTF_8).split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return env;
  }

  static List<String> actions(Path dump) throws IOException {
    return Files.readAllLines(Path.of(dump + ".actions"));
  }

  static OperationRequest request(String id, AgentAction action, Map<String, String> params) {
    return new OperationRequest(
        id, action, params, Map.of(), Duration.ofSeconds(20), Duration.ZERO);
  }

  static OperationContext context(Path stateDir, Duration timeout) {
    return new OperationContext("node-1", stateDir, Instant.now().plus(timeout));
  }

  /** Whether {@code pid} runs (exists and is not a zombie). */
  static boolean isLive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }
}
