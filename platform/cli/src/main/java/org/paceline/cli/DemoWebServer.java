package org.paceline.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The web server of {@code paceline demo}'s service: run by {@code ocf:paceline:Process} with the
 * dist's own java ({@code java -cp lib/paceline-cli.jar org.paceline.cli.DemoWebServer PORT
 * MARKER}), so the demo needs nothing outside the dist. Every GET answers one line that names the
 * node running it, which the node's process marker ({@code PACELINE_NODE_PIDFILE}, {@code
 * <cluster>/<node>/state/run/paceline.pid}) tells, and its pid; the demo's failover measurement
 * reads it. {@code MARKER} only makes the process easy to find ({@code ps}, leftover checks).
 */
public final class DemoWebServer {

  private DemoWebServer() {}

  /** The line a GET answers. */
  static String answer(String node, long pid, Instant since) {
    return "Paceline demo web service on node "
        + node
        + " (pid "
        + pid
        + ", up since "
        + since
        + ")";
  }

  /**
   * The node named by a process marker {@code <cluster>/<node>/state/run/paceline.pid}, or {@code
   * "?"}.
   */
  static String nodeOf(String marker) {
    if (marker == null || marker.isBlank()) {
      return "?";
    }
    Path p = Path.of(marker).normalize();
    Path nodeDir = p.getParent() == null ? null : p.getParent().getParent();
    nodeDir = nodeDir == null ? null : nodeDir.getParent();
    return nodeDir == null || nodeDir.getFileName() == null
        ? "?"
        : nodeDir.getFileName().toString();
  }

  /**
   * The node's name as {@link #answer} wrote it, or null when {@code body} is not such an answer.
   */
  static String nodeInAnswer(String body) {
    String prefix = "Paceline demo web service on node ";
    if (body == null || !body.startsWith(prefix)) {
      return null;
    }
    int end = body.indexOf(' ', prefix.length());
    return end < 0 ? null : body.substring(prefix.length(), end);
  }

  /**
   * Serves until SIGTERM.
   *
   * @param args {@code PORT [MARKER]}
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || !args[0].matches("\\d{1,5}")) {
      System.err.println("usage: DemoWebServer PORT [MARKER]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Map<String, String> env = System.getenv();
    String node = nodeOf(env.get("PACELINE_NODE_PIDFILE"));
    long pid = ProcessHandle.current().pid();
    Instant since = Instant.now();
    byte[] body = (answer(node, pid, since) + "\n").getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 16);
    ExecutorService pool =
        new ThreadPoolExecutor(
            1,
            2,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(64),
            r -> new Thread(r, "demo-web-http"));
    server.setExecutor(pool);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    // The server's dispatcher thread keeps the JVM alive; SIGTERM ends it.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(0);
                  pool.shutdownNow();
                },
                "demo-web-stop"));
    server.start();
    System.out.println(answer(node, pid, since) + ", listening on http://127.0.0.1:" + port + "/");
    System.out.flush();
  }
}
