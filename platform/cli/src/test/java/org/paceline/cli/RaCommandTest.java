package org.paceline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paceline ra list|info|run} against a real HTTP server that stands in for a node's admin
 * API with canned answers.
 */
class RaCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ObjectMapper json = new ObjectMapper();

  /** Canned answers by request path: status and body. */
  private final Map<String, Map.Entry<Integer, String>> answers = new ConcurrentHashMap<>();

  /** Requests seen: "METHOD path body". */
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private HttpServer server;
  private Path node;

  @BeforeEach
  void fakeNode() throws IOException {
    assertThat(run("cluster", "init", "--name", "t", "--dir", tmp.toString(), "n1=127.0.0.1"))
        .isZero();
    node = tmp.resolve("n1");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/", this::answer);
    server.start();
    Path url = node.resolve("state/run/admin.url");
    Files.createDirectories(url.getParent());
    Files.writeString(url, "http://127.0.0.1:" + server.getAddress().getPort() + "/\n");
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = ex.getRequestURI().getRawPath();
    requests.add(ex.getRequestMethod() + " " + path + " " + body);
    Map.Entry<Integer, String> a =
        ex.getRequestHeaders().getFirst("Authorization") == null
            ? Map.entry(401, "{\"error\":\"no credential\"}")
            : answers.getOrDefault(path, Map.entry(404, "{\"error\":\"no such endpoint\"}"));
    byte[] bytes = a.getValue().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(a.getKey(), bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private int run(String... args) {
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    int code = Paceline.commandLine(o, e).execute(args);
    o.flush();
    e.flush();
    return code;
  }

  private int ra(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "ra";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--config";
    all[args.length + 2] = node.toString();
    return run(all);
  }

  private static final String LIST =
      """
      {"node":"n1",
       "classes":[{"class":"lsb","available":true,"reason":null,"bundle":"b"},
                  {"class":"systemd","available":false,
                   "reason":"systemd is not PID 1 on this node","bundle":"b"}],
       "agents":[
        {"id":"lsb:nginx","pending":false,"version":"","shortDescription":"nginx web server",
         "warnings":["lsb:nginx is enabled at boot"]},
        {"id":"ocf:heartbeat:Dummy","pending":false,"version":"1.0",
         "shortDescription":"Example stateless resource agent","warnings":[]},
        {"id":"ocf:heartbeat:apache","pending":true,"version":null,"shortDescription":null,
         "warnings":[]}],
       "pending":1}
      """;

  @Test
  void listShowsClassesThenOneLinePerAgent() {
    answers.put("/api/v1/agents", Map.entry(200, LIST));

    assertThat(ra("list")).isZero();

    assertThat(out.toString().lines().toList())
        .containsExactly(
            "Agent classes:",
            "  lsb        available",
            "  systemd    unavailable: systemd is not PID 1 on this node",
            "",
            "AGENT                      VERSION  DESCRIPTION",
            "lsb:nginx                ! -        nginx web server",
            "ocf:heartbeat:Dummy        1.0      Example stateless resource agent",
            "ocf:heartbeat:apache     ? -        (meta-data not read yet)",
            "3 agents, 1 with warnings (!), 1 still reading their meta-data (?)");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void listJsonIsTheApiAnswer() throws Exception {
    answers.put("/api/v1/agents", Map.entry(200, LIST));

    assertThat(ra("list", "--json")).isZero();

    assertThat(json.readTree(out.toString())).isEqualTo(json.readTree(LIST));
  }

  @Test
  void infoStartsWithTheWarnings() {
    answers.put(
        "/api/v1/agents/lsb:nginx",
        Map.entry(
            200,
            """
            {"id":"lsb:nginx","kind":"resource","version":"","bundle":"org.paceline.ra.lsb",
             "bundleVersion":"0.1.0","shortDescription":"nginx web server","longDescription":"",
             "warnings":["lsb:nginx is enabled at boot: two managers would start it"],
             "parameters":[],"actions":[{"name":"start","timeoutMillis":15000}]}
            """));

    assertThat(ra("info", "lsb:nginx")).isZero();

    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("WARNING: lsb:nginx is enabled at boot: two managers would start it");
    assertThat(lines.get(1)).isEmpty();
    assertThat(lines.get(2)).isEqualTo("lsb:nginx (resource agent)");
    assertThat(lines).contains("  start          timeout=15s");
  }

  private static String result(String status, int rc, String rcText, String reason) {
    return """
        {"node":"n1","agent":"ocf:heartbeat:Dummy","resource":"web","action":"start",
         "intervalMillis":0,"timeoutMillis":20000,"callId":3,"status":"%s","rc":%d,
         "rcName":"X","rcText":"%s","exitReason":"%s","output":"line one\\nline two",
         "queued":"2025-01-01T00:00:00Z","queueTimeMillis":1,"runTimeMillis":35}
        """
        .formatted(status, rc, rcText, reason);
  }

  @Test
  void runPostsTheOperationAndPrintsOneLine() throws Exception {
    answers.put(
        "/api/v1/agents/ocf:heartbeat:Dummy/run", Map.entry(200, result("DONE", 0, "ok", "")));

    int code =
        ra(
            "run",
            "ocf:heartbeat:Dummy",
            "start",
            "--resource",
            "web",
            "-p",
            "state=/tmp/x=y",
            "--param",
            "fake=1",
            "--meta",
            "clone-max=2",
            "--timeout",
            "5s");

    assertThat(code).isZero();
    assertThat(out.toString()).isEqualTo("ocf:heartbeat:Dummy start web: rc=0 (ok) in 35 ms\n");
    assertThat(requests).hasSize(1);
    String[] req = requests.get(0).split(" ", 3);
    assertThat(req[0]).isEqualTo("POST");
    assertThat(req[1]).isEqualTo("/api/v1/agents/ocf:heartbeat:Dummy/run");
    assertThat(json.readTree(req[2]))
        .isEqualTo(
            json.readTree(
                "{\"action\":\"start\",\"resource\":\"web\","
                    + "\"params\":{\"state\":\"/tmp/x=y\",\"fake\":\"1\"},"
                    + "\"meta\":{\"clone-max\":\"2\"},\"timeout\":\"5s\"}"));
  }

  @Test
  void probeIsAMonitorWithoutInterval() throws Exception {
    answers.put(
        "/api/v1/agents/ocf:heartbeat:Dummy/run",
        Map.entry(200, result("DONE", 7, "not running", "")));

    assertThat(ra("run", "ocf:heartbeat:Dummy", "probe", "-r", "web", "--expect", "7")).isZero();

    JsonNode sent = json.readTree(requests.get(0).split(" ", 3)[2]);
    assertThat(sent.get("action").asText()).isEqualTo("monitor");
    assertThat(sent.has("interval")).isFalse();
    assertThat(out.toString()).contains(": rc=7 (not running) in 35 ms");
  }

  @Test
  void anAnswerOtherThanExpectedExitsOne() {
    answers.put(
        "/api/v1/agents/ocf:heartbeat:Dummy/run",
        Map.entry(200, result("DONE", 7, "not running", "")));

    assertThat(ra("run", "ocf:heartbeat:Dummy", "monitor", "-r", "web")).isZero();
    assertThat(ra("run", "ocf:heartbeat:Dummy", "monitor", "-r", "web", "--expect", "OCF_SUCCESS"))
        .isEqualTo(ExitCodes.FAILED);

    assertThat(err.toString().strip())
        .isEqualTo("paceline: error: expected rc=0 (ok), got rc=7 (not running)");
  }

  @Test
  void noAnswerFromTheAgentExitsOne() {
    answers.put(
        "/api/v1/agents/ocf:heartbeat:Dummy/run",
        Map.entry(200, result("TIMEOUT", 1, "error", "timed out after 35 ms")));

    int code = ra("run", "ocf:heartbeat:Dummy", "start", "-r", "web", "-v");

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(out.toString().lines().toList())
        .containsExactly(
            "ocf:heartbeat:Dummy start web: TIMEOUT after 35 ms, rc=1 (error)",
            "  reason: timed out after 35 ms",
            "  output:",
            "    line one",
            "    line two");
    assertThat(err.toString().strip())
        .isEqualTo("paceline: error: ocf:heartbeat:Dummy start web did not complete: TIMEOUT");
  }

  @Test
  void runJsonIsTheApiAnswer() throws Exception {
    answers.put(
        "/api/v1/agents/ocf:heartbeat:Dummy/run", Map.entry(200, result("DONE", 0, "ok", "")));

    assertThat(ra("run", "ocf:heartbeat:Dummy", "stop", "-r", "web", "--json")).isZero();

    assertThat(json.readTree(out.toString()).get("callId").asInt()).isEqualTo(3);
  }

  @Test
  void refusedRequestIsAUsageError() {
    answers.put(
        "/api/v1/agents/ocf:heartbeat:Dummy/run",
        Map.entry(400, "{\"error\":\"timeout: 'soon' is not a duration\"}"));

    int code = ra("run", "ocf:heartbeat:Dummy", "start", "-r", "web", "--timeout", "soon");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().strip())
        .isEqualTo("paceline: error: timeout: 'soon' is not a duration");
  }

  @Test
  void unknownAgentIsAUsageError() {
    int code = ra("run", "ocf:heartbeat:Nope", "start", "-r", "web");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("no such endpoint");
  }

  @Test
  void badCommandLinesAreUsageErrorsAndSendNothing() {
    assertThat(ra("run", "ocf:heartbeat:Dummy", "start")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Missing required option: '--resource=ID'");

    assertThat(ra("run", "ocf:Dummy", "start", "-r", "w")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("bad agent 'ocf:Dummy'");

    assertThat(ra("run", "ocf:heartbeat:Dummy", "start", "-r", "w", "--expect", "42"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--expect: '42' is not an OCF return code");

    assertThat(ra("run", "ocf:heartbeat:Dummy", "probe", "-r", "w", "--interval", "10s"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("a probe has no interval");

    assertThat(requests).isEmpty();
  }

  @Test
  void runHelpDocumentsTheExitStatus() {
    assertThat(ra("run", "--help")).isZero();

    assertThat(out.toString()).contains("Exit status: 0 when the agent answered");
  }
}
