package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One real node process of a one-node cluster, started from a dist through its CLI, for tests of
 * agents: {@code ra list}, {@code ra run}. Kill it (and keep its log) with {@link #close}.
 */
final class AgentNode implements AutoCloseable {

  private final Path home;
  private final Path work;
  private final Path cluster;
  private final Path dir;
  private final String testName;

  private AgentNode(Path home, Path work, String testName) {
    this.home = home;
    this.work = work;
    this.cluster = work.resolve("cluster");
    this.dir = cluster.resolve("n1");
    this.testName = testName;
  }

  /**
   * Writes a one-node cluster under {@code work} and starts its node from the dist at {@code home};
   * {@code extraConf} is appended to the node's paceline.conf (e.g. an {@code agents { }} section),
   * and the deploy folder is {@code work/deploy}.
   */
  static AgentNode start(Path home, Path work, String testName, String extraConf) throws Exception {
    AgentNode n = new AgentNode(home, work, testName);
    Files.createDirectories(work);
    Dist.Result init =
        Dist.cli(
            home,
            work,
            "cluster",
            "init",
            "--name",
            "agents",
            "--dir",
            n.cluster.toString(),
            "--port",
            Integer.toString(Dist.freeUdpPort()),
            "--admin-port",
            "0",
            "n1=127.0.0.1");
    assertThat(init.exitCode()).as(init.err()).isZero();
    Path conf = n.dir.resolve("paceline.conf");
    Path deploy = work.resolve("deploy");
    Files.createDirectories(deploy);
    Files.writeString(
        conf,
        Files.readString(conf)
                .replace("state_dir: state", "state_dir: state\n    deploy_dir: " + deploy)
            + "\n"
            + extraConf
            + "\n");
    Dist.Result start = n.cli("node", "start", "--config", n.dir.toString());
    assertThat(start.exitCode()).as(start.out() + start.err()).isZero();
    return n;
  }

  /** The node's configuration folder. */
  Path dir() {
    return dir;
  }

  /** The node's deploy folder. */
  Path deploy() {
    return work.resolve("deploy");
  }

  /** Where agents keep state ({@code <state_dir>/agents}). */
  Path agentState() {
    return dir.resolve("state/agents");
  }

  /** Runs the dist's CLI. */
  Dist.Result cli(String... args) throws IOException, InterruptedException {
    return Dist.cli(home, work, args);
  }

  /** Runs {@code paceline ra ARGS... --config DIR}. */
  Dist.Result ra(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>();
    all.add("ra");
    all.addAll(List.of(args));
    all.add("--config");
    all.add(dir.toString());
    return cli(all.toArray(String[]::new));
  }

  /** {@code ra list --json}, which must succeed. */
  JsonNode list() throws IOException, InterruptedException {
    Dist.Result r = ra("list", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.json();
  }

  /** The agent {@code id} in {@code ra list --json}, if the node has it. */
  Optional<JsonNode> agent(String id) throws IOException, InterruptedException {
    for (JsonNode a : list().path("agents")) {
      if (a.path("id").asText().equals(id)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code ra run AGENT ACTION --resource RESOURCE ARGS... --json}; the agent must answer (exit
   * status 0) and the JSON result is returned.
   */
  JsonNode run(String agent, String action, String resource, String... args)
      throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("run", agent, action, "--resource", resource));
    all.addAll(List.of(args));
    all.add("--json");
    Dist.Result r = ra(all.toArray(String[]::new));
    assertThat(r.exitCode()).as(agent + " " + action + ": " + r.out() + r.err()).isZero();
    return r.json();
  }

  /**
   * Runs one operation through the admin API ({@code POST /agents/AGENT/run}, what {@code ra run}
   * does, without starting a CLI process) and returns its result.
   *
   * @param body the JSON body's fields after action and resource, e.g. {@code "params":{...}}
   */
  JsonNode api(String agent, String action, String resource, String body)
      throws IOException, InterruptedException {
    String json =
        "{\"action\":\""
            + action
            + "\",\"resource\":\""
            + resource
            + "\""
            + (body.isEmpty() ? "" : "," + body)
            + "}";
    Map.Entry<Integer, JsonNode> r =
        Dist.post(dir, "agents/" + agent + "/run", json, Duration.ofSeconds(90));
    assertThat(r.getKey()).as(agent + " " + action + ": " + r.getValue()).isEqualTo(200);
    return r.getValue();
  }

  /** The OCF code of {@link #api}; the agent must have answered. */
  int rc(String agent, String action, String resource, String body)
      throws IOException, InterruptedException {
    JsonNode r = api(agent, action, resource, body);
    assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("DONE");
    return r.path("rc").asInt();
  }

  /** The OCF code of a one-time {@link #api} run without parameters. */
  int rc(String agent, String action, String resource) throws IOException, InterruptedException {
    return rc(agent, action, resource, "");
  }

  /** Kills the node if it still runs and keeps its log under target/it-logs/TEST. */
  @Override
  public void close() throws IOException {
    Dist.kill(dir);
    Dist.keepLogs(cluster, testName);
  }
}
