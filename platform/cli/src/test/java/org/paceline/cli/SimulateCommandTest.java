package org.paceline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paceline simulate} and {@code paceline explain} run through the command line's main entry,
 * on files in a temp dir and, for {@code --live}, on a real HTTP server standing in for a node's
 * admin API.
 */
class SimulateCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private Path crm;
  private Path xml;

  /** Two nodes, web (with a monitor) prefers n2; a fresh cluster. */
  private static final String CRM =
      """
      node n1
      node n2
      primitive web ocf:heartbeat:Dummy op monitor interval=10s
      location web-prefers-n2 web 100: n2
      property stonith-enabled=false
      """;

  /** web runs on n1 (with its monitor), db on n2 where it prefers to be; every node probed. */
  private static final String XML =
      """
      <cib epoch="3" num_updates="0" admin_epoch="0" have-quorum="1" execution-date="1700000000">
        <configuration>
          <crm_config>
            <cluster_property_set id="options">
              <nvpair id="options-fencing" name="stonith-enabled" value="false"/>
            </cluster_property_set>
          </crm_config>
          <nodes>
            <node id="1" uname="n1"/>
            <node id="2" uname="n2"/>
          </nodes>
          <resources>
            <primitive id="web" class="ocf" provider="heartbeat" type="Dummy">
              <operations>
                <op id="web-monitor-10s" name="monitor" interval="10s"/>
              </operations>
            </primitive>
            <primitive id="db" class="ocf" provider="heartbeat" type="Dummy"/>
          </resources>
          <constraints>
            <rsc_location id="db-prefers-n2" rsc="db" node="n2" score="50"/>
          </constraints>
        </configuration>
        <status>
          <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member"
              expected="member">
            <lrm id="1">
              <lrm_resources>
                <lrm_resource id="web" class="ocf" provider="heartbeat" type="Dummy">
                  <lrm_rsc_op id="web_last_0" operation_key="web_start_0" operation="start"
                      transition-key="1:1:0:t" transition-magic="0:0;1:1:0:t" call-id="2"
                      rc-code="0" op-status="0" interval="0" last-rc-change="1699990000"/>
                  <lrm_rsc_op id="web_monitor_10000" operation_key="web_monitor_10000"
                      operation="monitor" transition-key="2:1:0:t" transition-magic="0:0;2:1:0:t"
                      call-id="3" rc-code="0" op-status="0" interval="10000"
                      last-rc-change="1699990000"/>
                </lrm_resource>
                <lrm_resource id="db" class="ocf" provider="heartbeat" type="Dummy">
                  <lrm_rsc_op id="db_last_0" operation_key="db_monitor_0" operation="monitor"
                      transition-key="3:1:7:t" transition-magic="0:7;3:1:7:t" call-id="1"
                      rc-code="7" op-status="0" interval="0" last-rc-change="1699990000"/>
                </lrm_resource>
              </lrm_resources>
            </lrm>
          </node_state>
          <node_state id="2" uname="n2" in_ccm="true" crmd="online" join="member"
              expected="member">
            <lrm id="2">
              <lrm_resources>
                <lrm_resource id="web" class="ocf" provider="heartbeat" type="Dummy">
                  <lrm_rsc_op id="web_last_0" operation_key="web_monitor_0" operation="monitor"
                      transition-key="4:1:7:t" transition-magic="0:7;4:1:7:t" call-id="1"
                      rc-code="7" op-status="0" interval="0" last-rc-change="1699990000"/>
                </lrm_resource>
                <lrm_resource id="db" class="ocf" provider="heartbeat" type="Dummy">
                  <lrm_rsc_op id="db_last_0" operation_key="db_start_0" operation="start"
                      transition-key="5:1:0:t" transition-magic="0:0;5:1:0:t" call-id="2"
                      rc-code="0" op-status="0" interval="0" last-rc-change="1699990000"/>
                </lrm_resource>
              </lrm_resources>
            </lrm>
          </node_state>
        </status>
      </cib>
      """;

  @BeforeEach
  void files() throws IOException {
    crm = Files.writeString(dir.resolve("cluster.crm"), CRM);
    xml = Files.writeString(dir.resolve("cib.xml"), XML);
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    int code = Paceline.commandLine(o, e).execute(args);
    o.flush();
    e.flush();
    return code;
  }

  /** One section of the simulate output: its title line up to the next title or the end. */
  private String section(String title) {
    String text = out.toString();
    int start = text.indexOf(title + ":\n");
    assertThat(start).as("section %s in:%n%s", title, text).isNotNegative();
    Matcher next = Pattern.compile("\n\n(?=\\S)").matcher(text);
    int end = next.find(start) ? next.start() + 1 : text.length();
    return text.substring(start, end);
  }

  @Test
  void simulatesAFreshClusterFromCrm() {
    assertThat(run("simulate", "--cib", crm.toString())).isZero();

    assertThat(err.toString()).isEmpty();
    assertThat(section("Current cluster status"))
        .contains("    * Online: [ n1 n2 ]\n")
        .contains("    * web\t(ocf:heartbeat:Dummy):\t Stopped\n");
    assertThat(section("Transition Summary"))
        .isEqualTo("Transition Summary:\n  * Start      web     (    n2 )\n");
    assertThat(section("Executing Cluster Transition"))
        .contains("  * Resource action: web             monitor on n1\n")
        .contains("  * Resource action: web             start on n2\n")
        .contains("  * Resource action: web             monitor=10000 on n2\n");
    assertThat(out.toString())
        .contains("Revised Cluster Status:\n")
        .endsWith("    * web\t(ocf:heartbeat:Dummy):\t Started n2\n")
        .doesNotContain("Allocation scores");
  }

  @Test
  void simulatesAPacemakerCibWithItsStatus() {
    assertThat(run("simulate", "--xml", xml.toString())).isZero();

    assertThat(out.toString())
        .startsWith("Using the original execution date of: 2023-11-14 22:13:20Z\n")
        .contains("    * web\t(ocf:heartbeat:Dummy):\t Started n1\n")
        .contains("    * db\t(ocf:heartbeat:Dummy):\t Started n2\n");
    assertThat(section("Transition Summary")).isEqualTo("Transition Summary:\n");
  }

  @Test
  void nodeDownMovesItsResources() {
    assertThat(run("simulate", "--xml", xml.toString(), "--node-down", "n1")).isZero();

    assertThat(section("Current cluster status"))
        .contains("    * Online: [ n2 ]\n")
        .contains("    * OFFLINE: [ n1 ]\n");
    assertThat(section("Transition Summary"))
        .isEqualTo("Transition Summary:\n  * Start      web     (    n2 )\n");
    assertThat(out.toString())
        .endsWith(
            "    * web\t(ocf:heartbeat:Dummy):\t Started n2\n"
                + "    * db\t(ocf:heartbeat:Dummy):\t Started n2\n");
  }

  @Test
  void anInjectedFailureIsRecovered() {
    assertThat(run("simulate", "-x", xml.toString(), "--op-fail", "web_monitor_10000@n1=7"))
        .isZero();

    assertThat(section("Transition Summary"))
        .isEqualTo("Transition Summary:\n  * Recover    web     (    n1 )\n");
    assertThat(section("Executing Cluster Transition"))
        .contains("web             stop on n1\n")
        .contains("web             start on n1\n");
  }

  @Test
  void showScoresPrintsEachNodesScore() {
    assertThat(run("simulate", "--xml", xml.toString(), "--show-scores")).isZero();

    assertThat(section("Allocation scores"))
        .contains("  * pcmk__primitive_assign: db allocation score on n1: 0\n")
        .contains("  * pcmk__primitive_assign: db allocation score on n2: 50\n");
  }

  @Test
  void theSameInputGivesTheSameBytes() {
    assertThat(run("simulate", "--xml", xml.toString(), "--node-fail", "n2", "-s")).isZero();
    String first = out.toString();
    assertThat(run("simulate", "--xml", xml.toString(), "--node-fail", "n2", "-s")).isZero();

    assertThat(out.toString()).isEqualTo(first);
  }

  @Test
  void explainNamesTheConstraintsThatDecided() {
    assertThat(run("explain", "web", "--cib", crm.toString())).isZero();

    assertThat(out.toString())
        .startsWith("web: stopped -> Started on n2\n")
        .contains("  n2: 100  (chosen)\n")
        .contains("  +100 on n2: location constraint web-prefers-n2\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void explainTakesWhatIfs() {
    assertThat(run("explain", "web", "--xml", xml.toString(), "--node-down", "n1")).isZero();

    assertThat(out.toString()).startsWith("web: stopped -> Started on n2\n");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("missing.xml");

    assertThat(run("simulate", "--xml", missing.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().strip()).isEqualTo("paceline: error: no such file: " + missing);
    assertThat(out.toString()).isEmpty();

    assertThat(run("explain", "web", "--cib", missing.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("no such file: " + missing);

    assertThat(run("simulate", "--cib", dir.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains(dir + " is a directory");
  }

  @Test
  void parseErrorsGiveTheLineAndColumn() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.xml"), "<cib>\n<configuration>\n</cib>\n");
    assertThat(run("simulate", "--xml", bad.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .startsWith("paceline: error: " + bad + ": line 3, column ")
        .contains("configuration");

    Path badCrm = Files.writeString(dir.resolve("bad.crm"), "node n1\nprimitiv web Dummy\n");
    assertThat(run("simulate", "--cib", badCrm.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .startsWith("paceline: error: " + badCrm + ": line 2, column 1: ")
        .contains("'primitiv'");
  }

  @Test
  void unknownNodesAndResourcesAreNamed() {
    assertThat(run("simulate", "--xml", xml.toString(), "--node-down", "n9"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().strip())
        .isEqualTo("paceline: error: --node-down n9: no node 'n9' is configured");

    assertThat(run("simulate", "--cib", crm.toString(), "--op-fail", "nope_monitor_0@n1=1"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--op-fail nope_monitor_0@n1=1: no resource 'nope'");

    assertThat(run("simulate", "--cib", crm.toString(), "--op-fail", "web@n1")).isEqualTo(2);
    assertThat(err.toString()).contains("expected RSC_TASK_INTERVAL@NODE=RC");

    assertThat(run("explain", "nope", "--xml", xml.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("no resource 'nope'");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void theSourceMustBeOneFileOrLive() {
    assertThat(run("simulate")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("give one of --xml FILE, --cib FILE, --live");

    assertThat(run("simulate", "--xml", xml.toString(), "--cib", crm.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("give only one of --xml FILE, --cib FILE, --live");

    assertThat(run("simulate", "--xml")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--xml").contains("Try 'paceline simulate --help'.");

    assertThat(run("explain", "--xml", xml.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("RSC");
  }

  @Test
  void aDateSetsNow() {
    assertThat(run("simulate", "--xml", xml.toString(), "--date", "2024-05-01 12:00:00")).isZero();
    assertThat(out.toString()).doesNotContain("Using the original execution date");

    assertThat(run("simulate", "--xml", xml.toString(), "--date", "yesterday"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("bad date 'yesterday'");
  }

  @Test
  void helpDescribesEveryOption() {
    assertThat(run("simulate", "--help")).isZero();
    assertThat(out.toString())
        .contains("Usage: paceline simulate")
        .contains("--xml=FILE", "--cib=FILE", "--live", "--node-up=NODE", "--node-down=NODE")
        .contains("--node-fail=NODE", "--op-fail", "=RSC_OP_INTERVAL@NODE=RC", "--show-scores")
        .contains("--config=DIR");

    assertThat(run("explain", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: paceline explain").contains("RSC", "--xml=FILE");
  }

  @Test
  void completionKnowsTheNewCommandsAndOptions() {
    assertThat(run("completion")).isZero();

    assertThat(out.toString())
        .contains("simulate", "explain", "--node-down", "--op-fail", "--show-scores", "--live");
  }

  /** Canned admin API answers by request path. */
  private final Map<String, String> answers = new ConcurrentHashMap<>();

  private final List<String> requests = new CopyOnWriteArrayList<>();

  private void answer(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    requests.add(ex.getRequestMethod() + " " + path);
    String body = answers.get(path);
    byte[] bytes =
        (body == null ? "{\"error\":\"no such endpoint\"}" : body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Test
  void liveReadsTheRunningClustersCibAndMembership() throws IOException {
    assertThat(run("cluster", "init", "--name", "t", "--dir", dir.toString(), "n1=127.0.0.1"))
        .isZero();
    Path node = dir.resolve("n1");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/", this::answer);
    server.start();
    try {
      Path url = node.resolve("state/run/admin.url");
      Files.createDirectories(url.getParent());
      Files.writeString(url, "http://127.0.0.1:" + server.getAddress().getPort() + "/\n");
      ObjectNode cib = JsonNodeFactory.instance.objectNode();
      cib.put("format", "xml");
      // the CIB knows n1 and n2; the ring also has n3, which is not in the CIB yet; n1 is down
      cib.put("text", XML);
      answers.put("/api/v1/configuration/xml", cib.toString());
      answers.put(
          "/api/v1/status",
          """
          {"cluster":"t","node":"n2","quorate":true,"quorum":{"quorate":true},
           "nodes":[{"name":"n1","id":1,"state":"offline"},
                    {"name":"n2","id":2,"state":"online"},
                    {"name":"n3","id":3,"state":"online"}]}
          """);

      assertThat(run("simulate", "--live", "--config", node.toString())).isZero();
      assertThat(err.toString()).isEmpty();
      assertThat(section("Current cluster status"))
          .contains("    * Online: [ n2 n3 ]\n")
          .contains("    * OFFLINE: [ n1 ]\n");
      assertThat(out.toString()).contains("web\t(ocf:heartbeat:Dummy):\t Started n");
      assertThat(requests).contains("GET /api/v1/configuration/xml", "GET /api/v1/status");

      // explain without a file reads the live cluster too
      assertThat(run("explain", "db", "--config", node.toString())).isZero();
      assertThat(out.toString()).startsWith("db: Started on n2 -> Started on n2\n");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void liveNeedsARunningNode() {
    assertThat(run("cluster", "init", "--name", "t", "--dir", dir.toString(), "n1=127.0.0.1"))
        .isZero();

    assertThat(run("simulate", "--live", "--config", dir.resolve("n1").toString()))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("node n1 is not running");

    assertThat(run("simulate", "--live", "--config", dir.resolve("none").toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("configuration folder").contains("does not exist");
  }
}
