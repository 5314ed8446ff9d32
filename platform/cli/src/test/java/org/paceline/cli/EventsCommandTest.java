package org.paceline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.EventPayload;

/**
 * {@code paceline events} against a real HTTP server standing in for a node's {@code GET
 * /api/v1/events}: it holds events written by the event log's own {@link EventCodec} and answers
 * with their bytes as the admin API does, long polls included.
 */
class EventsCommandTest {

  @TempDir Path tmp;

  private final EventCodec codec = new EventCodec();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  /** The journal: encoded events, seq i+1 at index i (from firstSeq on). */
  private final List<String> journal = new ArrayList<>();

  private long firstSeq = 1;
  private int status = 200;
  private String error;
  private boolean closed;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private Path node;

  @BeforeEach
  void fakeNode() throws IOException {
    assertThat(run("cluster", "init", "--name", "alpha", "--dir", tmp.toString(), "n1=127.0.0.1"))
        .isZero();
    node = tmp.resolve("n1");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/api/v1/events", this::answer);
    server.start();
    Path url = node.resolve("state/run/admin.url");
    Files.createDirectories(url.getParent());
    Files.writeString(url, "http://127.0.0.1:" + server.getAddress().getPort() + "/\n");
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
  }

  @AfterEach
  void stop() throws InterruptedException {
    shutDown();
    background.shutdownNow();
    assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  private void shutDown() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      notifyAll();
    }
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  private synchronized long lastSeq() {
    return firstSeq + journal.size() - 1;
  }

  private void add(EventPayload... payloads) {
    synchronized (this) {
      for (EventPayload p : payloads) {
        long seq = lastSeq() + 1;
        journal.add(
            codec.encodeToString(
                Event.of("alpha", seq, Instant.parse("2026-01-31T12:00:00Z"), "n2", p)));
      }
      notifyAll();
    }
  }

  private void answer(HttpExchange ex) throws IOException {
    Map<String, List<String>> q = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    queries.add(raw == null ? "" : raw);
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        q.computeIfAbsent(kv[0], k -> new ArrayList<>())
            .add(URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
      }
    }
    long from = Long.parseLong(q.getOrDefault("from", List.of("0")).get(0));
    int max = Integer.parseInt(q.getOrDefault("max", List.of("100")).get(0));
    List<String> types = new ArrayList<>();
    q.getOrDefault("type", List.of()).forEach(t -> types.addAll(List.of(t.split(","))));
    String body;
    int code;
    synchronized (this) {
      if (q.containsKey("wait")) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!closed && lastSeq() < Math.max(from, 1) && System.nanoTime() < until) {
          try {
            wait(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (closed) {
          ex.close();
          return;
        }
      }
      code = status;
      if (status != 200) {
        body = "{\"error\":\"" + error + "\"}";
      } else {
        StringBuilder events = new StringBuilder();
        long next = Math.max(from, lastSeq() + 1);
        int found = 0;
        for (long seq = Math.max(from, firstSeq); seq <= lastSeq() && found < max; seq++) {
          String e = journal.get((int) (seq - firstSeq));
          next = seq + 1;
          if (!types.isEmpty() && types.stream().noneMatch(t -> e.contains("\"type\":\"" + t))) {
            continue;
          }
          events.append(found++ == 0 ? "" : ",").append(e);
        }
        body =
            "{\"node\":\"n1\",\"cluster\":\"alpha\",\"firstSeq\":"
                + firstSeq
                + ",\"lastSeq\":"
                + lastSeq()
                + ",\"from\":"
                + from
                + ",\"kafka\":\"paceline.alpha.events\",\"next\":"
                + next
                + ",\"events\":["
                + events
                + "]}";
      }
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length);
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

  private int events(String... args) {
    List<String> all = new ArrayList<>(List.of("events", "--config", node.toString()));
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }

  private List<String> lines() {
    return out.toString().lines().toList();
  }

  private static EventPayload joined(String n) {
    return new EventPayload.NodeJoined(n, 2);
  }

  private static EventPayload failed(String rsc) {
    return new EventPayload.ResourceFailed(
        rsc, "n2", "monitor", 10_000, 7, "OCF_NOT_RUNNING", 3, "gone \"away\" — é\u0007");
  }

  @Test
  void jsonPrintsEveryEventExactlyAsTheTopicHoldsIt() {
    add(
        joined("n2"),
        failed("web"),
        new EventPayload.QuorumChanged(true, 2, 3, 2, List.of("n1", "n2")),
        new EventPayload.CibChanged(
            "0.5.1",
            "0.4.0",
            true,
            "apply crm: primitive web",
            List.of("web"),
            List.of(),
            List.of()),
        new EventPayload.OperatorAction(
            "admin@127.0.0.1", "resource move web n2", null, true, null));

    assertThat(events("--json")).isZero();

    List<String> expected;
    synchronized (this) {
      expected = List.copyOf(journal);
    }
    assertThat(lines()).containsExactlyElementsOf(expected);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void theDefaultIsOneReadableLinePerEvent() {
    add(
        joined("n2"),
        failed("web"),
        new EventPayload.DcChanged("n1", null),
        new EventPayload.ResourceMoved("web", "n1", "n2", "node.lost n1"),
        new EventPayload.FencingCompleted("n3", "reboot", false, "fence1", "n1", "timed out"));

    assertThat(events()).isZero();

    assertThat(lines()).hasSize(5);
    assertThat(lines().get(0))
        .matches(" +1  2026-01-31 12:00:00.000Z  n2 +node\\.joined +node/n2 +node n2 joined.*");
    assertThat(lines().get(1))
        .contains("resource.failed", "resource/web")
        .contains("web monitor/10s on n2 failed: not running (7), fail-count 3: gone \"away\" — é")
        .doesNotContain("\u0007");
    assertThat(lines().get(2)).contains("dc.changed", "DC is n1").doesNotContain("was");
    assertThat(lines().get(3)).contains("web n1 -> n2 (node.lost n1)");
    assertThat(lines().get(4)).contains("reboot of n3 FAILED: timed out (device fence1) by n1");
  }

  @Test
  void fromAndTypeGoToTheNodeAndManyEventsArePaged() {
    for (int i = 0; i < 1200; i++) {
      add(i % 2 == 0 ? joined("n" + i) : failed("r" + i));
    }

    assertThat(events("--from", "101", "--type", "node.joined,dc.changed", "--type", "fencing"))
        .isZero();

    assertThat(lines()).hasSize(550);
    assertThat(lines().get(0)).startsWith("   101  ");
    assertThat(queries.get(0))
        .isEqualTo("from=101&max=500&type=node.joined&type=dc.changed&type=fencing");
    assertThat(queries).hasSize(2);
  }

  @Test
  void unknownTypesBadFromAndRefusalsAreOneLineErrors() {
    status = 400;
    error = "type: unknown event type 'node.exploded' (known: node.joined, ...)";
    assertThat(events("--type", "node.exploded")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().strip())
        .isEqualTo(
            "paceline: error: type: unknown event type 'node.exploded' (known: node.joined, ...)");

    err.getBuffer().setLength(0);
    assertThat(events("--from", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--from 0: sequence numbers start at 1");

    err.getBuffer().setLength(0);
    assertThat(events("--from", "ten")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--from", "ten");

    err.getBuffer().setLength(0);
    status = 503;
    error = "the event log is not running on node n1";
    assertThat(events()).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString().strip())
        .isEqualTo("paceline: error: the event log is not running on node n1");
  }

  @Test
  void aStoppedNodeIsAClearFailure() throws IOException {
    Files.delete(node.resolve("state/run/admin.url"));

    assertThat(events()).isEqualTo(ExitCodes.FAILED);

    assertThat(err.toString()).contains("node n1 is not running", "paceline node start");
    assertThat(err.toString().lines()).hasSize(1);
  }

  @Test
  void eventsNoLongerInTheJournalAreNamed() {
    synchronized (this) {
      firstSeq = 40;
    }
    add(joined("n2"), joined("n3"));

    assertThat(events("--from", "5")).isZero();

    assertThat(lines()).hasSize(2);
    assertThat(err.toString())
        .contains(
            "events 5..39 are no longer in node n1's journal (it holds 40..41);"
                + " Kafka topic paceline.alpha.events has them");
  }

  @Test
  void followPrintsTheLastTenThenNewEventsAndEndsWhenTheNodeGoes() throws Exception {
    for (int i = 0; i < 25; i++) {
      add(joined("n" + i));
    }

    Future<Integer> code = background.submit(() -> events("-f"));

    await().atMost(Duration.ofSeconds(20)).until(() -> lines().size() == 10);
    assertThat(lines().get(0)).startsWith("    16  ");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> queries.stream().anyMatch(q -> q.contains("wait=")));
    add(failed("web"));
    await().atMost(Duration.ofSeconds(20)).until(() -> lines().size() == 11);
    assertThat(lines().get(10)).contains("26", "resource.failed");
    add(joined("n99"), joined("n100"));
    await().atMost(Duration.ofSeconds(20)).until(() -> lines().size() == 13);

    shutDown();
    assertThat(code.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("stopped following node n1");
    assertThat(queries.stream().filter(q -> q.contains("wait=")))
        .allMatch(q -> q.contains("wait=10000ms"));
  }

  @Test
  void followFromAGivenSeqWithAFilter() throws Exception {
    add(joined("n1"), failed("a"), joined("n2"));

    Future<Integer> code =
        background.submit(() -> events("-f", "--from", "2", "--type", "resource"));

    await().atMost(Duration.ofSeconds(20)).until(() -> lines().size() == 1);
    add(joined("n3"), failed("b"));
    await().atMost(Duration.ofSeconds(20)).until(() -> lines().size() == 2);
    assertThat(lines().get(1)).contains("resource/b");
    shutDown();
    assertThat(code.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void helpAndCompletionKnowTheCommand() {
    assertThat(run("events", "--help")).isZero();
    assertThat(out.toString())
        .contains("Usage: paceline events", "-f, --follow", "--from=SEQ", "--type=TYPE", "--json");

    out.getBuffer().setLength(0);
    assertThat(run("completion", "bash")).isZero();
    assertThat(out.toString()).contains("events", "--follow", "--from", "--type");
    assertThat(run("completion", "fish")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("no completion for shell 'fish' (only bash is supported)");
  }

  /** What bash's completion offers for {@code words} (the last one being completed). */
  private List<String> complete(Path script, String... words) throws Exception {
    String line = String.join(" ", words);
    String program =
        "source "
            + script
            + "; COMP_WORDS=("
            + line
            + "); COMP_CWORD="
            + (words.length - 1)
            + "; COMP_LINE='"
            + line
            + "'; COMP_POINT=${#COMP_LINE}; _complete_paceline 2>/dev/null;"
            + " printf '%s\\n' \"${COMPREPLY[@]}\"";
    Process bash = new ProcessBuilder("bash", "--norc", "-c", program).start();
    try {
      String stdout = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return stdout.lines().filter(l -> !l.isEmpty()).toList();
    } finally {
      bash.destroyForcibly();
    }
  }

  @Test
  void bashCompletesTheEventsCommandAndItsOptions() throws Exception {
    assertThat(run("completion", "bash")).isZero();
    Path script = tmp.resolve("paceline.bash");
    Files.writeString(script, out.toString());

    assertThat(complete(script, "paceline", "ev")).containsExactly("events");
    assertThat(complete(script, "paceline", "events", "--f")).containsExactly("--follow", "--from");
    assertThat(complete(script, "paceline", "events", "--j")).containsExactly("--json");
  }
}
