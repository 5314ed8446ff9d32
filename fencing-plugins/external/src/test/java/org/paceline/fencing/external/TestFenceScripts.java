package org.paceline.fencing.external;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceRequest;

/** Fence agent scripts written into a temporary directory, and requests for them. */
final class TestFenceScripts {

  private TestFenceScripts() {}

  /** Meta-data of the recorder: a plug, a password, list and monitor declared. */
  static final String META =
      """
      <?xml version="1.0" ?>
      <resource-agent name="%s" shortdesc="test fence agent">
      <longdesc>Records what it is asked.</longdesc>
      <parameters>
      <parameter name="action" unique="0" required="1">
      <content type="string" default="reboot"/><shortdesc lang="en">Fencing action</shortdesc>
      </parameter>
      <parameter name="plug" unique="0" required="1" obsoletes="port">
      <content type="string"/><shortdesc lang="en">Plug</shortdesc>
      </parameter>
      <parameter name="port" unique="0" required="1" deprecated="1">
      <content type="string"/><shortdesc lang="en">Plug</shortdesc>
      </parameter>
      <parameter name="password" unique="0" required="0">
      <content type="string"/><shortdesc lang="en">Login password</shortdesc>
      </parameter>
      <parameter name="rc" unique="0" required="0">
      <content type="integer" default="0"/><shortdesc lang="en">Exit status</shortdesc>
      </parameter>
      </parameters>
      <actions>
      <action name="on" automatic="0"/>
      <action name="off"/>
      <action name="reboot"/>
      <action name="status"/>
      <action name="list"/>
      <action name="monitor"/>
      <action name="metadata"/>
      </actions>
      </resource-agent>
      """;

  /**
   * A fence agent that answers {@code -o metadata} with {@code metadata} (counting the calls in
   * {@code <dir>/<name>.metadata-calls}) and otherwise reads its standard input, saves it as {@code
   * <dir>/<name>.stdin}, appends the action to {@code <dir>/<name>.actions}, writes its pid to
   * {@code <dir>/<name>.pid} and then: for {@code hang=1} waits on a child sleep (its pid in {@code
   * <dir>/<name>.child}); for {@code hold=1} waits until {@code <dir>/release} exists; for {@code
   * list} prints two ports; otherwise exits with {@code rc} (default 0), saying {@code Failed:} on
   * stderr when that is not 0.
   */
  static Path recorder(Path dir, String name, String metadata) throws IOException {
    String d = dir.toString();
    return write(
        dir,
        name,
        "DIR='"
            + d
            + "'\n"
            + "N='"
            + name
            + "'\n"
            + "if [ \"$1\" = -o ] && [ \"$2\" = metadata ]; then\n"
            + "  echo x >> \"$DIR/$N.metadata-calls\"\n"
            + "  cat <<'END'\n"
            + metadata
            + (metadata.endsWith("\n") ? "" : "\n")
            + "END\n"
            + "  exit 0\n"
            + "fi\n"
            + "if [ $# -ne 0 ]; then echo \"unexpected arguments: $*\" >&2; exit 9; fi\n"
            + "input=$(cat)\n"
            + "printf '%s\\n' \"$input\" > \"$DIR/$N.stdin\"\n"
            + "echo $$ > \"$DIR/$N.pid\"\n"
            + "get() { printf '%s\\n' \"$input\" | sed -n \"s/^$1=//p\"; }\n"
            + "action=$(get action)\n"
            + "echo \"$action\" >> \"$DIR/$N.actions\"\n"
            + "if [ \"$(get hang)\" = 1 ]; then sleep 1000 & echo $! > \"$DIR/$N.child\"; wait;"
            + " fi\n"
            + "if [ \"$(get hold)\" = 1 ]; then\n"
            + "  while [ ! -e \"$DIR/release\" ]; do sleep 0.05; done\n"
            + "fi\n"
            + "if [ \"$action\" = list ]; then echo 'node-a,alias-a'; echo 'node-b,alias-b';"
            + " echo 'node-a,again'; exit 0; fi\n"
            + "rc=$(get rc)\n"
            + "if [ \"${rc:-0}\" != 0 ]; then\n"
            + "  echo 'WARNING:root:Parse error: something' >&2\n"
            + "  echo \"ERROR:root:Failed: told to exit $rc\" >&2\n"
            + "fi\n"
            + "echo \"Success: $action done\"\n"
            + "exit ${rc:-0}\n");
  }

  /** The recorder with {@link #META}. */
  static Path recorder(Path dir, String name) throws IOException {
    return recorder(dir, name, String.format(META, name));
  }

  /** An executable {@code dir/name} with {@code body} after #!/bin/sh. */
  static Path write(Path dir, String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(dir);
    Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
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

  static long readPid(Path file) throws IOException {
    return Long.parseLong(Files.readString(file).strip());
  }

  static FenceRequest request(FenceAction action, String target, Map<String, String> params) {
    return new FenceRequest("dev1", action, target, null, params, Duration.ofSeconds(20));
  }
}
