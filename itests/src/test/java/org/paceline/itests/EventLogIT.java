package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.paceline.itests.EventLogCluster.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event log's acceptance scenarios (issue 8, "Done when"): three real node processes whose
 * event log publishes to a real Kafka broker process started by the test. Every scenario ends with
 * the same check: a {@code read_committed} consumer reads {@code seq} 1..N from the topic with no
 * gap and no duplicate, each record keyed by its subject, and every node's journal (through the
 * admin API) holds exactly the same JSON events 1..N.
 */
class EventLogIT {

  static {
    // The test's own Kafka consumers log through slf4j-simple: only what matters.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private KafkaBroker broker;
  private EventLogCluster cluster;

  /** Where the nodes' and the broker's logs, the topic's and each journal's events are kept. */
  private String name;

  @BeforeEach
  void name(TestInfo info) {
    name = "EventLogIT-" + info.getTestMethod().map(m -> m.getName()).orElse("test");
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.close(name);
      }
    } finally {
      if (broker != null) {
        broker.close(name);
      }
    }
  }

  private void startAll(String clusterName) throws Exception {
    broker = KafkaBroker.start(tmp.resolve("kafka"));
    cluster = new EventLogCluster(tmp, clusterName, EventLogCluster.kafkaConf(broker.bootstrap()));
    cluster.startNodes();
  }

  // ------------------------------------------------------------------ scenarios

  /**
   * Config changes (load, a one-shot statement, an edit by load), a failed monitor, standby and
   * online, and a killed node fenced by the process device: the topic holds seq 1..N exactly once,
   * equal to every node's journal and to {@code paceline events --json}; Kafka's own console
   * consumer prints the same events as JSON lines.
   */
  @Test
  void aScriptedWorkloadReachesTheTopicExactlyOnceAndMatchesEveryJournal() throws Exception {
    startAll("evwork");
    cluster.configureWebService(
        "n1", "rsc_defaults resource-stickiness=100\nlocation no-g-on-n1 g -INFINITY: n1");
    String home = awaitGroup("n1");
    await().until(() -> Files.exists(cluster.ledger) && Files.size(cluster.ledger) > 0);

    // A one-shot statement through another node, then an edit of it by load --update.
    cluster.cli(
        "n2",
        "configure",
        "primitive",
        "extra",
        "ocf:heartbeat:Dummy",
        "op",
        "monitor",
        "interval=5s");
    await().until(() -> cluster.activeOn("n1", "extra").size() == 1);
    cluster.load(
        "n3",
        "extra.crm",
        "primitive extra ocf:heartbeat:Dummy meta target-role=Stopped op monitor interval=5s\n");
    await().until(() -> cluster.activeOn("n1", "extra").isEmpty());

    // A failure: the web server dies, its monitor fails, it is restarted in place.
    webServerDiesAndIsRestartedInPlace(home);

    // Standby moves the group to the other node that may run it; online brings nothing back.
    cluster.cli("n1", "node", "standby", home);
    await().until(() -> cluster.groupNode("n1").filter(n -> !n.equals(home)).isPresent());
    String second = cluster.groupNode("n1").orElseThrow();
    cluster.cli("n1", "node", "online", home);

    // The node running the group dies: the DC (n1) fences it and the group returns home.
    cluster.kill(second);
    await()
        .until(
            () ->
                cluster.groupNode("n1").equals(java.util.Optional.of(home))
                    && !Dist.running(cluster.node(second)));
    await()
        .until(
            () ->
                cluster.journal("n1", cluster.lastSeq("n1")).stream()
                    .anyMatch(
                        e ->
                            e.path("type").asText().equals("fencing.completed")
                                && e.path("payload").path("target").asText().equals(second)
                                && e.path("payload").path("success").asBoolean()));
    // It comes back and catches up with the events it missed.
    cluster.start(second);
    await()
        .until(
            () ->
                EventLogCluster.ALL.stream()
                    .allMatch(n -> Dist.ringMembers(cluster.node(n)).equals(EventLogCluster.ALL)));

    List<JsonNode> events = assertTopicMatchesJournals(EventLogCluster.ALL);
    Set<String> types = new TreeSet<>();
    events.forEach(e -> types.add(e.path("type").asText()));
    assertThat(types)
        .contains(
            "node.joined",
            "node.lost",
            "quorum.changed",
            "dc.changed",
            "cib.changed",
            "transition.started",
            "transition.completed",
            "resource.op.completed",
            "resource.failed",
            "resource.moved",
            "fencing.requested",
            "fencing.completed",
            "operator.action");
    assertThat(events)
        .as("the operator's standby of %s", home)
        .anyMatch(
            e ->
                e.path("type").asText().equals("operator.action")
                    && e.path("subject").asText().equals("node/" + home)
                    && e.path("payload").path("what").asText().contains("/nodes/" + home + "/")
                    && e.path("payload").path("success").asBoolean());
    assertThat(events)
        .as("a resource.failed of web on %s", home)
        .anyMatch(
            e ->
                e.path("type").asText().equals("resource.failed")
                    && e.path("subject").asText().equals("resource/web")
                    && e.path("payload").path("node").asText().equals(home));
    assertThat(events)
        .as("node.lost of %s", second)
        .anyMatch(
            e ->
                e.path("type").asText().equals("node.lost")
                    && e.path("subject").asText().equals("node/" + second));
    assertThat(events.stream().filter(e -> e.path("type").asText().equals("cib.changed")))
        .as("configuration changes")
        .filteredOn(e -> e.path("payload").path("configuration").asBoolean())
        .hasSizeGreaterThanOrEqualTo(3);

    // paceline events --json prints the journal exactly as the topic holds it.
    List<JsonNode> printed = cluster.eventsCli(second);
    assertThat(printed.size()).isGreaterThanOrEqualTo(events.size());
    assertSameEvents(
        printed.subList(0, events.size()), events, "paceline events --json on " + second);

    // Kafka's own console consumer, which knows nothing of Paceline, reads JSON lines.
    List<JsonNode> console = consoleConsumer(events.size());
    assertSameEvents(console, events, "kafka ConsoleConsumer");
  }

  /**
   * The DC is SIGKILLed while a stream of operator commands produces events: the next DC fences its
   * producer, reads back the last committed seq and continues; when the old DC returns it takes
   * over again. The topic holds 1..N with no gap and no duplicate.
   */
  @Test
  void killingTheDcWhileItPublishesLosesAndRepeatsNothing() throws Exception {
    startAll("evdc");
    StringBuilder crm = new StringBuilder();
    for (int i = 1; i <= 4; i++) {
      crm.append("primitive d").append(i).append(" ocf:heartbeat:Dummy\n");
    }
    cluster.load("n2", "dummies.crm", crm.toString());
    await()
        .until(
            () ->
                List.of("d1", "d2", "d3", "d4").stream()
                    .allMatch(d -> cluster.activeOn("n2", d).size() == 1));
    assertThat(cluster.dc("n2")).contains("n1");

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger accepted = new AtomicInteger();
    ExecutorService load =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "eventlog-it-workload");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<?> workload = load.submit(() -> stopAndStartDummies(running, accepted));
      long atStart = committed("n1");
      // The DC publishes the stream as it comes...
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  "PUBLISHING".equals(cluster.eventLog("n1").path("publisher").asText())
                      && committed("n1") >= atStart + 30);
      // ... and dies in the middle of it.
      long beforeKill = committed("n1");
      cluster.kill("n1");
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  cluster.dc("n2").equals(java.util.Optional.of("n2"))
                      && "PUBLISHING".equals(cluster.eventLog("n2").path("publisher").asText())
                      && committed("n2") >= beforeKill + 30);
      int acceptedBeforeStop = accepted.get();
      running.set(false);
      workload.get(60, TimeUnit.SECONDS);
      assertThat(acceptedBeforeStop).as("operator commands accepted").isGreaterThan(10);
    } finally {
      running.set(false);
      load.shutdownNow();
    }
    // The old DC comes back and becomes DC again (lowest node id): a third publisher.
    cluster.start("n1");
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                EventLogCluster.ALL.stream()
                        .allMatch(
                            n -> Dist.ringMembers(cluster.node(n)).equals(EventLogCluster.ALL))
                    && cluster.dc("n1").equals(java.util.Optional.of("n1")));

    List<JsonNode> events = assertTopicMatchesJournals(EventLogCluster.ALL);
    assertThat(events)
        .as("dc.changed to n2 after n1 died")
        .anyMatch(
            e ->
                e.path("type").asText().equals("dc.changed")
                    && e.path("payload").path("dc").asText().equals("n2")
                    && e.path("payload").path("previous").asText().equals("n1"));
    assertThat(events)
        .as("node.lost of n1")
        .anyMatch(
            e ->
                e.path("type").asText().equals("node.lost")
                    && e.path("subject").asText().equals("node/n1"));
  }

  /**
   * The broker is down for 30 s while the web service fails and fails over: the cluster keeps
   * working, the DC's status shows the publisher retrying with a growing lag, and once the broker
   * is back every event arrives in order exactly once.
   */
  @Test
  void aBrokerOutageDelaysEventsButLosesAndRepeatsNone() throws Exception {
    startAll("evout");
    cluster.configureWebService("n1", "rsc_defaults resource-stickiness=100");
    String home = awaitGroup("n1");
    await().until(() -> Files.exists(cluster.ledger) && Files.size(cluster.ledger) > 0);
    await()
        .until(
            () ->
                "PUBLISHING".equals(cluster.eventLog("n1").path("publisher").asText())
                    && lag("n1") == 0);
    long committedBefore = committed("n1");

    broker.stop();
    long down = System.nanoTime();
    // The cluster keeps working: a failure, restarted in place, then a failover by standby.
    webServerDiesAndIsRestartedInPlace(home);
    cluster.cli("n2", "node", "standby", home);
    await().until(() -> cluster.groupNode("n1").filter(n -> !n.equals(home)).isPresent());
    String moved = cluster.groupNode("n1").orElseThrow();
    cluster.cli("n3", "node", "online", home);

    // Status shows the lag: the events wait in the journal while the publisher retries.
    await()
        .until(
            () -> {
              JsonNode ev = cluster.eventLog("n1");
              return !"PUBLISHING".equals(ev.path("publisher").asText())
                  && ev.path("lag").asLong() > 0
                  && ev.path("lastError").isTextual();
            });
    long lagged = lag("n1");
    // paceline status says so too.
    assertThat(cluster.cli("n1", "status"))
        .containsPattern(
            "Event log: journal 1\\.\\.\\d+, Kafka topic "
                + java.util.regex.Pattern.quote(cluster.topic())
                + ": (retrying|connecting), lag [1-9]\\d* events? \\(committed up to \\d+\\);"
                + " last error: ");
    // ... and keeps showing it, nothing committed, until the broker has been down for 30 s.
    Duration left = Duration.ofSeconds(30).minusNanos(System.nanoTime() - down);
    if (!left.isNegative() && !left.isZero()) {
      await()
          .during(left)
          .atMost(left.plusSeconds(30))
          .until(
              () -> {
                JsonNode ev = cluster.eventLog("n1");
                return ev.path("lag").asLong() >= lagged
                    && ev.path("lastCommittedSeq").asLong() <= committedBefore
                    && !"PUBLISHING".equals(ev.path("publisher").asText());
              });
    }
    long lastWhileDown = cluster.lastSeq("n1");

    broker.start();
    List<JsonNode> events = assertTopicMatchesJournals(EventLogCluster.ALL);
    assertThat(events.size()).isGreaterThanOrEqualTo((int) lastWhileDown);
    List<JsonNode> duringOutage =
        events.stream()
            .filter(e -> e.path("seq").asLong() > committedBefore)
            .filter(e -> e.path("seq").asLong() <= lastWhileDown)
            .toList();
    assertThat(duringOutage)
        .as("events of the outage")
        .anyMatch(
            e ->
                e.path("type").asText().equals("resource.failed")
                    && e.path("subject").asText().equals("resource/web"))
        .anyMatch(
            e ->
                e.path("type").asText().equals("resource.moved")
                    && e.path("payload").path("from").asText().equals(home)
                    && e.path("payload").path("to").asText().equals(moved));
  }

  // ------------------------------------------------------------------ checks

  /**
   * Waits until the cluster is quiet and the DC has published everything (every listed node
   * journals the same last seq, the DC's publisher has no lag), then reads the topic with a {@code
   * read_committed} consumer and asserts: seq 1..N, no gap, no duplicate, each record keyed by its
   * subject, and each node's journal holding exactly these events. Returns them.
   */
  private List<JsonNode> assertTopicMatchesJournals(List<String> nodes) throws Exception {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              String dc = cluster.dc(nodes.get(0)).orElse(null);
              if (dc == null || !nodes.contains(dc)) {
                return false;
              }
              JsonNode ev = cluster.eventLog(dc);
              long last = ev.path("lastSeq").asLong(-1);
              return "PUBLISHING".equals(ev.path("publisher").asText())
                  && ev.path("lag").asLong(-1) == 0
                  && ev.path("lastCommittedSeq").asLong() == last
                  && nodes.stream().allMatch(n -> cluster.lastSeq(n) == last);
            });
    long committed = committed(cluster.dc(nodes.get(0)).orElseThrow());
    List<KafkaBroker.TopicRecord> records = broker.readCommitted(cluster.topic());
    List<JsonNode> events = new ArrayList<>();
    for (KafkaBroker.TopicRecord r : records) {
      JsonNode e = JSON.readTree(r.value());
      assertThat(r.key())
          .as("key of the record at offset %d", r.offset())
          .isEqualTo(e.path("subject").asText());
      assertThat(e.path("cluster").asText()).isEqualTo(cluster.name);
      events.add(e);
    }
    keep("topic.jsonl", events);
    for (String n : nodes) {
      keep(n + "-journal.jsonl", cluster.journal(n, Long.MAX_VALUE));
    }
    assertGapFree(events, "topic " + cluster.topic());
    assertNoEventTwice(events, "topic " + cluster.topic());
    assertThat((long) events.size())
        .as("events in the topic vs the DC's last committed seq")
        .isGreaterThanOrEqualTo(committed);
    for (String n : nodes) {
      JsonNode ev = cluster.eventLog(n);
      assertThat(ev.path("firstSeq").asLong()).as("first seq journaled on %s", n).isEqualTo(1);
      assertSameEvents(cluster.journal(n, events.size()), events, "journal of " + n);
    }
    return events;
  }

  /** Writes events, one JSON line each, to target/it-logs/NAME/FILE for a look later. */
  private void keep(String file, List<JsonNode> events) throws IOException {
    Path dir = Path.of("target", "it-logs", name);
    Files.createDirectories(dir);
    StringBuilder text = new StringBuilder();
    events.forEach(e -> text.append(e).append('\n'));
    Files.writeString(dir.resolve(file), text);
  }

  /** Asserts that the events' seqs are 1..N in order, naming any gap or duplicate. */
  private static void assertGapFree(List<JsonNode> events, String what) {
    Map<Long, Integer> counts = new TreeMap<>();
    List<Long> outOfOrder = new ArrayList<>();
    long prev = 0;
    for (JsonNode e : events) {
      long seq = e.path("seq").asLong();
      counts.merge(seq, 1, Integer::sum);
      if (seq != prev + 1) {
        outOfOrder.add(seq);
      }
      prev = seq;
    }
    List<Long> duplicates =
        counts.entrySet().stream().filter(c -> c.getValue() > 1).map(Map.Entry::getKey).toList();
    long max = counts.isEmpty() ? 0 : ((TreeMap<Long, Integer>) counts).lastKey();
    List<Long> missing = new ArrayList<>();
    for (long s = 1; s <= max; s++) {
      if (!counts.containsKey(s)) {
        missing.add(s);
      }
    }
    if (!duplicates.isEmpty() || !missing.isEmpty() || !outOfOrder.isEmpty()) {
      fail(
          "%s: %d records, seq up to %d; duplicates %s, missing %s, out of order at %s",
          what, events.size(), max, duplicates, missing, outOfOrder);
    }
    assertThat(events).as("%s holds events", what).isNotEmpty();
  }

  /**
   * Asserts that no event appears twice under different seqs: no two events with the same origin,
   * time (milliseconds), type and payload.
   */
  private static void assertNoEventTwice(List<JsonNode> events, String what) {
    Map<String, List<Long>> seqs = new java.util.LinkedHashMap<>();
    for (JsonNode e : events) {
      String key =
          e.path("node").asText()
              + " "
              + e.path("time").asText()
              + " "
              + e.path("type").asText()
              + " "
              + e.path("payload");
      seqs.computeIfAbsent(key, k -> new ArrayList<>()).add(e.path("seq").asLong());
    }
    List<String> twice =
        seqs.entrySet().stream()
            .filter(x -> x.getValue().size() > 1)
            .map(x -> "seq " + x.getValue() + ": " + x.getKey())
            .toList();
    assertThat(twice).as("%s: the same event under several seqs", what).isEmpty();
  }

  /** Asserts that {@code actual} are the same JSON events as {@code expected}, naming the first. */
  private static void assertSameEvents(
      List<JsonNode> actual, List<JsonNode> expected, String what) {
    List<Long> differ = new ArrayList<>();
    int first = -1;
    for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
      if (!actual.get(i).equals(expected.get(i))) {
        differ.add(expected.get(i).path("seq").asLong());
        first = first < 0 ? i : first;
      }
    }
    if (first >= 0) {
      fail(
          "%s differs from the topic at seq %s; the first:%n  topic: %s%n  %s: %s",
          what, differ, expected.get(first), what, actual.get(first));
    }
    assertThat(actual).as("%s: number of events", what).hasSameSizeAs(expected);
  }

  /**
   * Runs Kafka's console consumer ({@code kafka-console-consumer.sh}'s class) as its own process
   * and returns what it printed, each line parsed as JSON.
   */
  private List<JsonNode> consoleConsumer(int count) throws Exception {
    Path out = tmp.resolve("console-consumer.out");
    Path err = tmp.resolve("console-consumer.err");
    Process p =
        KafkaBroker.java(
            List.of(
                "org.apache.kafka.tools.consumer.ConsoleConsumer",
                "--bootstrap-server",
                broker.bootstrap(),
                "--topic",
                cluster.topic(),
                "--from-beginning",
                "--isolation-level",
                "read_committed",
                "--max-messages",
                Integer.toString(count),
                "--timeout-ms",
                "30000"),
            out,
            err);
    try {
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the console consumer finished").isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).as("console consumer: %s", Files.readString(err)).isZero();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        events.add(JSON.readTree(line));
      } catch (IOException e) {
        fail("the console consumer printed a line that is not JSON: %s (%s)", line, e);
      }
    }
    return events;
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Stops and starts d1..d4 in turn through node n2 until told to stop, counting accepted commands.
   * Commands refused while the cluster changes its view are tried again with the next one.
   */
  private Void stopAndStartDummies(AtomicBoolean running, AtomicInteger accepted)
      throws IOException, InterruptedException {
    int i = 0;
    while (running.get()) {
      String rsc = "d" + (i % 4 + 1);
      String action = (i / 4) % 2 == 0 ? "stop" : "start";
      i++;
      try {
        Map.Entry<Integer, JsonNode> r =
            Dist.post(
                cluster.node("n2"),
                "resources/" + rsc + "/" + action,
                "{}",
                Duration.ofSeconds(10));
        if (r.getKey() / 100 == 2) {
          accepted.incrementAndGet();
        }
      } catch (IOException e) {
        // n2 busy or the view changing: go on with the next command
      }
      // Paced by the events themselves: the next command once n2 journals a new event (or 2 s).
      Dist.api(cluster.node("n2"), "events?from=" + (cluster.lastSeq("n2") + 1) + "&max=1&wait=2s");
    }
    return null;
  }

  private String awaitGroup(String via) {
    await().until(() -> cluster.groupNode(via).isPresent());
    return cluster.groupNode(via).orElseThrow();
  }

  /** The DC's last committed seq as node {@code n}'s status says, -1 when it does not answer. */
  private long committed(String n) {
    return cluster.eventLog(n).path("lastCommittedSeq").asLong(-1);
  }

  private long lag(String n) {
    return cluster.eventLog(n).path("lag").asLong(-1);
  }

  /** Kills the web server: its monitor fails and it is restarted in place, on {@code home}. */
  private void webServerDiesAndIsRestartedInPlace(String home) throws Exception {
    long pid = cluster.lastWebPid();
    Dist.signal(pid, "KILL");
    await()
        .until(
            () ->
                cluster.failCount("n1", "web", home) == 1
                    && cluster.lastWebPid() != pid
                    && cluster.groupNode("n1").equals(java.util.Optional.of(home)));
  }
}
