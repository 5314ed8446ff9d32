package org.paceline.ra.builtin.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paceline.ra.builtin.internal.process.Harness.params;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationResult;

/**
 * The TCP and HTTP checks of {@code ocf:paceline:Process}, against servers this test runs in its
 * own JVM, with a real {@code sleep} as the supervised process.
 */
class ProcessChecksTest {

  @TempDir Path stateDir;
  private Harness h;
  private ServerSocket tcp;
  private HttpServer http;
  private final AtomicInteger healthRequests = new AtomicInteger();

  @BeforeEach
  void setUp() throws IOException {
    h = new Harness(stateDir);
    tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/ok", ex -> answer(ex, 200));
    http.createContext("/moved", ex -> answer(ex, 302));
    http.createContext("/missing", ex -> answer(ex, 404));
    http.createContext("/broken", ex -> answer(ex, 500));
    // unavailable for the first two requests, then healthy: a service that takes a while to start
    http.createContext(
        "/warming", ex -> answer(ex, healthRequests.incrementAndGet() <= 2 ? 503 : 200));
    http.start();
  }

  private static void answer(com.sun.net.httpserver.HttpExchange ex, int code) throws IOException {
    if (code == 302) {
      ex.getResponseHeaders().add("Location", "/elsewhere");
    }
    byte[] body = ("status " + code).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ex.sendResponseHeaders(code, body.length);
    try (var out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @AfterEach
  void cleanUp() throws IOException {
    h.cleanUp();
    http.stop(0);
    tcp.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + path;
  }

  private String tcpTarget() {
    return "127.0.0.1:" + tcp.getLocalPort();
  }

  /** A loopback port nobody listens on (bound then released). */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void monitorFollowsTheTcpCheck() throws Exception {
    Map<String, String> p = params("command", "sleep 1000", "check_tcp", tcpTarget());

    OperationResult start = h.run("web", AgentAction.START, p);
    assertThat(start.rc()).as(start.exitReason()).isEqualTo(OcfResultCode.OK);
    assertThat(h.run("web", AgentAction.MONITOR, p).rc()).isEqualTo(OcfResultCode.OK);

    tcp.close();
    OperationResult monitor = h.run("web", AgentAction.MONITOR, p);

    assertThat(monitor.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(monitor.exitReason()).contains("runs but check_tcp " + tcpTarget());
  }

  @Test
  void startWaitsUntilTheHttpCheckPasses() throws Exception {
    Map<String, String> p = params("command", "sleep 1000", "check_http", url("/warming"));

    OperationResult start = h.run("web", AgentAction.START, p);

    assertThat(start.rc()).as(start.exitReason()).isEqualTo(OcfResultCode.OK);
    assertThat(healthRequests.get()).isEqualTo(3);
  }

  @Test
  void twoAndThreeHundredsPassOthersFail() throws Exception {
    Map<String, String> p = params("command", "sleep 1000", "check_http", url("/ok"));
    assertThat(h.run("web", AgentAction.START, p).rc()).isEqualTo(OcfResultCode.OK);

    assertThat(monitor(url("/moved")).rc()).isEqualTo(OcfResultCode.OK);
    OperationResult missing = monitor(url("/missing"));
    assertThat(missing.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(missing.exitReason()).contains("check_http " + url("/missing") + ": answered 404");
    assertThat(monitor(url("/broken")).exitReason()).contains("answered 500");

    http.stop(0);
    OperationResult down = monitor(url("/ok"));
    assertThat(down.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(down.exitReason()).contains("check_http " + url("/ok"));
  }

  private OperationResult monitor(String checkUrl) throws InterruptedException {
    return h.run(
        "web", AgentAction.MONITOR, params("command", "sleep 1000", "check_http", checkUrl));
  }

  @Test
  void bothChecksMustPass() throws Exception {
    Map<String, String> p =
        params("command", "sleep 1000", "check_tcp", tcpTarget(), "check_http", url("/ok"));
    assertThat(h.run("web", AgentAction.START, p).rc()).isEqualTo(OcfResultCode.OK);

    p.put("check_http", url("/broken"));

    assertThat(h.run("web", AgentAction.MONITOR, p).exitReason()).contains("answered 500");
  }

  @Test
  void startFailsWhenTheCheckNeverPassesAndStopCleansUp() throws Exception {
    String target = "127.0.0.1:" + closedPort();
    Map<String, String> p =
        params("command", "sleep 1000", "check_tcp", target, "check_timeout", "200ms");

    OperationResult start = h.run(h.agent, "web", AgentAction.START, p, Duration.ofSeconds(2));

    assertThat(start.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(start.exitReason())
        .contains("not ready before the start timeout", "check_tcp " + target);
    long pid = h.pid("web");
    assertThat(Harness.alive(pid)).as("left for the stop that follows a failed start").isTrue();
    assertThat(h.run("web", AgentAction.STOP, p).rc()).isEqualTo(OcfResultCode.OK);
    assertThat(Harness.alive(pid)).isFalse();
  }

  @Test
  void aProbeOfARunningProcessRunsTheChecks() throws Exception {
    Map<String, String> p = params("command", "sleep 1000");
    assertThat(h.run("web", AgentAction.START, p).rc()).isEqualTo(OcfResultCode.OK);

    p.put("check_tcp", "127.0.0.1:" + closedPort());
    OperationResult probe = h.run("web", AgentAction.MONITOR, p);

    assertThat(probe.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(probe.exitReason()).contains("runs but check_tcp");
  }
}
