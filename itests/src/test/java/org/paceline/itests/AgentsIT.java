package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real node process with the agent plugins of the dist and the OCF agents Debian's
 * resource-agents and pacemaker-resource-agents packages install under /usr/lib/ocf, plus a test
 * OCF root (paceline.conf {@code agents { ocf_root }}) holding an agent that hangs. {@code ra list}
 * shows the classes and agents; {@code ra run} drives agents with the codes Pacemaker would see.
 */
class AgentsIT {

  private static final String HANG = "ocf:itest:Hang";

  @TempDir static Path tmp;
  private static AgentNode node;

  @BeforeAll
  static void startNode() throws Exception {
    Path agent = tmp.resolve("ocf/resource.d/itest/Hang");
    Files.createDirectories(agent.getParent());
    Files.writeString(agent, HANG_SCRIPT);
    Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    node =
        AgentNode.start(
            Dist.home(),
            tmp.resolve("work"),
            "AgentsIT",
            "agents {\n    ocf_root: " + tmp.resolve("ocf") + ":/usr/lib/ocf\n}");
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void listsTheClassesAndTheAgentsOfEveryPlugin() throws Exception {
    JsonNode list = node.list();

    JsonNode classes = list.path("classes");
    assertThat(find(classes, "class", "ocf").path("available").asBoolean()).isTrue();
    assertThat(find(classes, "class", "lsb").isMissingNode()).isFalse();
    JsonNode systemd = find(classes, "class", "systemd");
    if (!Files.readString(Path.of("/proc/1/comm")).strip().equals("systemd")) {
      assertThat(systemd.path("available").asBoolean()).isFalse();
      assertThat(systemd.path("reason").asText()).contains("systemd is not PID 1");
    }
    List<String> ids = new ArrayList<>();
    list.path("agents").forEach(a -> ids.add(a.path("id").asText()));
    assertThat(ids)
        .contains(
            "ocf:heartbeat:Dummy",
            "ocf:heartbeat:anything",
            "ocf:pacemaker:Stateful",
            "ocf:paceline:Dummy",
            "ocf:paceline:Process",
            "ocf:paceline:Stateful",
            "stonith:fence_dummy",
            "stonith:fence_paceline_process",
            HANG);
    JsonNode dummy = find(list.path("agents"), "id", "ocf:heartbeat:Dummy");
    assertThat(dummy.path("bundle").asText()).isEqualTo("org.paceline.ra.ocf");
    assertThat(dummy.path("class").asText()).isEqualTo("ocf");
    assertThat(dummy.path("provider").asText()).isEqualTo("heartbeat");
    assertThat(dummy.path("type").asText()).isEqualTo("Dummy");

    // Meta-data is read in the background: every agent is described sooner or later.
    Awaitility.await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> pending(Dist.api(node.dir(), "agents")) == 0);
    JsonNode hang = find(Dist.api(node.dir(), "agents").path("agents"), "id", HANG);
    assertThat(hang.path("shortDescription").asText()).isEqualTo("Hangs in start (test agent)");

    Dist.Result text = node.ra("list");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("Agent classes:", "  ocf        available");
    assertThat(text.out()).containsPattern("(?m)^ocf:heartbeat:Dummy +1\\.0 +\\S");
  }

  @Test
  void dummyAnswersLikePacemakerExpects() throws Exception {
    String agent = "ocf:heartbeat:Dummy";

    assertThat(node.rc(agent, "monitor", "d1")).as("probe").isEqualTo(7);
    assertThat(node.rc(agent, "start", "d1")).isZero();
    assertThat(node.rc(agent, "monitor", "d1", "\"interval\":\"10s\"")).isZero();
    assertThat(node.rc(agent, "start", "d1")).as("starting a started resource").isZero();
    assertThat(node.rc(agent, "stop", "d1")).isZero();
    assertThat(node.rc(agent, "monitor", "d1")).isEqualTo(7);
    assertThat(node.rc(agent, "stop", "d1")).as("stopping a stopped resource").isZero();

    Dist.Result line = node.ra("run", agent, "probe", "-r", "d1", "--expect", "7");
    assertThat(line.exitCode()).as(line.err()).isZero();
    assertThat(line.out())
        .matches("ocf:heartbeat:Dummy monitor d1: rc=7 \\(not running\\) in \\d+ ms\n");
    Dist.Result wrong = node.ra("run", agent, "probe", "-r", "d1", "--expect", "0");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err()).contains("expected rc=0 (ok), got rc=7 (not running)");
  }

  @Test
  void statefulIsPromotedAndDemoted() throws Exception {
    String agent = "ocf:pacemaker:Stateful";

    assertThat(node.rc(agent, "monitor", "s1")).as("probe").isEqualTo(7);
    assertThat(node.rc(agent, "start", "s1")).isZero();
    assertThat(node.rc(agent, "monitor", "s1", "\"interval\":11000")).isZero();
    assertThat(node.rc(agent, "promote", "s1")).isZero();
    assertThat(node.rc(agent, "monitor", "s1", "\"interval\":10000")).isEqualTo(8);
    assertThat(node.rc(agent, "monitor", "s1")).as("probe of a promoted one").isEqualTo(8);
    assertThat(node.rc(agent, "demote", "s1")).isZero();
    assertThat(node.rc(agent, "monitor", "s1", "\"interval\":11000")).isZero();
    assertThat(node.rc(agent, "stop", "s1")).isZero();
    assertThat(node.rc(agent, "monitor", "s1")).isEqualTo(7);
  }

  @Test
  void builtinStatefulAnswersTheSame() throws Exception {
    String agent = "ocf:paceline:Stateful";

    assertThat(node.rc(agent, "monitor", "b1")).as("probe").isEqualTo(7);
    assertThat(node.rc(agent, "start", "b1")).isZero();
    assertThat(node.rc(agent, "promote", "b1")).isZero();
    assertThat(node.rc(agent, "monitor", "b1")).isEqualTo(8);
    assertThat(node.rc(agent, "demote", "b1")).isZero();
    assertThat(node.rc(agent, "monitor", "b1")).isZero();
    assertThat(node.rc(agent, "stop", "b1")).isZero();
    assertThat(node.rc(agent, "monitor", "b1")).isEqualTo(7);
  }

  @Test
  void anythingSupervisesACommand() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "ocf:heartbeat:anything starts its command with 'su - USER' (user root by default),"
            + " which works only when the node runs as root; this test runs as "
            + System.getProperty("user.name"));
    String agent = "ocf:heartbeat:anything";
    String params = "\"params\":{\"binfile\":\"/bin/sleep\",\"cmdline_options\":\"4242\"}";
    Path pidFile = node.agentState().resolve("ocf/run/anything_any1.pid");
    try {
      assertThat(node.rc(agent, "monitor", "any1", params)).as("probe").isEqualTo(7);
      assertThat(node.rc(agent, "start", "any1", params)).isZero();
      assertThat(node.rc(agent, "monitor", "any1", params)).isZero();
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle sleep = ProcessHandle.of(pid).orElseThrow();
      assertThat(sleep.info().commandLine().orElse("")).contains("sleep", "4242");

      assertThat(node.rc(agent, "stop", "any1", params)).isZero();

      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !sleep.isAlive());
      assertThat(node.rc(agent, "monitor", "any1", params)).isEqualTo(7);
    } finally {
      killFrom(pidFile);
    }
  }

  @Test
  void anAgentThatHangsTimesOutAndIsKilled() throws Exception {
    Path pids = tmp.resolve("hang.pids");

    Dist.Result r =
        node.ra(
            "run", HANG, "start", "-r", "h1", "-p", "pids=" + pids, "--timeout", "1s", "--json");

    try {
      assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
      assertThat(r.err()).contains("ocf:itest:Hang start h1 did not complete: TIMEOUT");
      JsonNode result = r.json();
      assertThat(result.path("status").asText()).isEqualTo("TIMEOUT");
      assertThat(result.path("rc").asInt()).isEqualTo(1);
      assertThat(result.path("timeoutMillis").asLong()).isEqualTo(1000);
      List<ProcessHandle> started = new ArrayList<>();
      for (String pid : Files.readString(pids).strip().split(" ")) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(started::add);
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
    } finally {
      if (Files.exists(pids)) {
        for (String pid : Files.readString(pids).strip().split(" ")) {
          ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  private static int pending(JsonNode list) {
    return list == null ? -1 : list.path("pending").asInt(-1);
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (n.path(field).asText().equals(value)) {
        return n;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static void killFrom(Path pidFile) {
    try {
      Optional<ProcessHandle> p =
          ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
      p.ifPresent(ProcessHandle::destroyForcibly);
    } catch (Exception e) {
      // no pid file: nothing runs
    }
  }

  /** An OCF agent whose start writes its pid and its child's, then never returns. */
  private static final String HANG_SCRIPT =
      """
      #!/bin/sh
      # Test agent: start hangs (with a child process) until it is killed.
      case "$1" in
      meta-data)
          cat <<'END'
      <?xml version="1.0"?>
      <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
      <resource-agent name="Hang" version="1.0">
      <version>1.1</version>
      <longdesc lang="en">Start writes its pid and its child's pid to a file, then waits.</longdesc>
      <shortdesc lang="en">Hangs in start (test agent)</shortdesc>
      <parameters>
      <parameter name="pids" required="1">
      <longdesc lang="en">Where start writes the pids.</longdesc>
      <shortdesc lang="en">pid file</shortdesc>
      <content type="string"/>
      </parameter>
      </parameters>
      <actions>
      <action name="start" timeout="20s"/>
      <action name="stop" timeout="20s"/>
      <action name="monitor" timeout="20s" interval="10s"/>
      <action name="meta-data" timeout="5s"/>
      </actions>
      </resource-agent>
      END
          exit 0;;
      start)
          sleep 600 &
          echo "$$ $!" > "$OCF_RESKEY_pids.tmp" && mv "$OCF_RESKEY_pids.tmp" "$OCF_RESKEY_pids"
          wait
          exit 0;;
      stop) exit 0;;
      monitor) exit 7;;
      *) exit 3;;
      esac
      """;
}
