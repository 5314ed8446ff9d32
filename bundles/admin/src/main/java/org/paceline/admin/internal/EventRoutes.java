package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code GET /events?from=SEQ&max=N&type=T&wait=D}: the node's event journal, oldest first, each
 * event exactly as the event log's codec writes it. With {@code wait}, a long poll: the answer
 * comes as soon as a matching event at or after {@code from} exists, or empty when the wait is
 * over. {@code next} in the answer is the {@code from} of the following request.
 */
final class EventRoutes {

  /** The most events one answer holds. */
  static final int MAX_EVENTS = 1000;

  /** The default number of events per answer. */
  static final int DEFAULT_EVENTS = 100;

  /** The longest wait a request may ask for. */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  /** The most events one request looks at while filtering by type. */
  static final int SCAN_LIMIT = 10_000;

  private static final int BATCH = 500;

  private final String nodeName;
  private final String clusterName;
  private final Supplier<Optional<EventFeed>> feed;
  private final EventWaits waits;

  EventRoutes(
      String nodeName, String clusterName, Supplier<Optional<EventFeed>> feed, EventWaits waits) {
    this.nodeName = nodeName;
    this.clusterName = clusterName;
    this.feed = feed;
    this.waits = waits;
  }

  /** The parsed query. */
  private record Query(long from, int max, Predicate<String> types, Duration waitFor) {}

  CompletableFuture<AdminApi.Response> read(RouteTable.Call call) {
    Optional<EventFeed> log = feed.get();
    if (log.isEmpty()) {
      return done(notRunning());
    }
    Query q;
    try {
      q = parse(call, log.get().types());
    } catch (BadRequest e) {
      return done(Responses.error(400, e.getMessage()));
    }
    long deadline = System.nanoTime() + q.waitFor().toNanos();
    return poll(q, q.from(), deadline);
  }

  private CompletableFuture<AdminApi.Response> poll(Query q, long from, long deadlineNanos) {
    Optional<EventFeed> log = feed.get();
    if (log.isEmpty()) {
      return done(notRunning());
    }
    ObjectNode body;
    try {
      body = scan(log.get(), q, from);
    } catch (IOException e) {
      return done(
          Responses.error(
              500, "cannot read the event journal of node " + nodeName + ": " + e.getMessage()));
    }
    long remaining = deadlineNanos - System.nanoTime();
    if (!body.path("events").isEmpty() || q.max() == 0 || remaining <= 0) {
      return done(Responses.ok(body));
    }
    long next = body.path("next").asLong();
    CompletableFuture<Boolean> woken;
    try {
      woken = waits.awaitAfter(next - 1, Duration.ofNanos(remaining));
    } catch (EventWaits.Full e) {
      return done(Responses.error(503, e.getMessage()));
    }
    return woken.thenCompose(
        newer ->
            newer ? poll(q, next, deadlineNanos) : CompletableFuture.completedFuture(ok(body)));
  }

  private static AdminApi.Response ok(ObjectNode body) {
    return Responses.ok(body);
  }

  /** Up to {@code max} matching events from {@code from} on, looking at most at SCAN_LIMIT. */
  private ObjectNode scan(EventFeed log, Query q, long from) throws IOException {
    ObjectNode body = Responses.object();
    body.put("node", nodeName);
    body.put("cluster", clusterName);
    long first = log.firstSeq();
    long last = log.lastSeq();
    body.put("firstSeq", first);
    body.put("lastSeq", last);
    body.put("from", from);
    body.set("kafka", log.status().path("kafka"));
    ArrayNode events = body.putArray("events");
    long cursor = Math.max(from, 1);
    long lastScanned = -1;
    int scanned = 0;
    int found = 0;
    outer:
    while (found < q.max() && scanned < SCAN_LIMIT) {
      List<EventFeed.Entry> batch = log.read(cursor, Math.min(BATCH, SCAN_LIMIT - scanned));
      if (batch.isEmpty()) {
        break;
      }
      for (EventFeed.Entry e : batch) {
        scanned++;
        lastScanned = e.seq();
        if (q.types().test(e.type())) {
          events.add(e.json());
          if (++found == q.max()) {
            break outer;
          }
        }
      }
      cursor = lastScanned + 1;
    }
    body.put("next", lastScanned >= 0 ? lastScanned + 1 : Math.max(from, last + 1));
    return body;
  }

  private AdminApi.Response notRunning() {
    return Responses.error(
        503,
        "the event log is not running on node "
            + nodeName
            + " (bundle org.paceline.eventlog missing or not started)");
  }

  private static CompletableFuture<AdminApi.Response> done(AdminApi.Response r) {
    return CompletableFuture.completedFuture(r);
  }

  private static Query parse(RouteTable.Call call, Set<String> known) throws BadRequest {
    for (String name : call.query().keySet()) {
      if (!Set.of("from", "max", "type", "wait").contains(name)) {
        throw new BadRequest(
            "unknown query parameter '" + name + "' (known: from, max, type, wait)");
      }
    }
    long from = number(call, "from", 0, 0, Long.MAX_VALUE);
    int max = (int) number(call, "max", DEFAULT_EVENTS, 0, MAX_EVENTS);
    Duration wait = Duration.ZERO;
    Optional<String> w = call.first("wait");
    if (w.isPresent()) {
      try {
        wait = DurationText.parse(w.get());
      } catch (IllegalArgumentException e) {
        throw new BadRequest("wait: " + e.getMessage());
      }
      if (wait.compareTo(MAX_WAIT) > 0) {
        throw new BadRequest(
            "wait: " + DurationText.format(wait) + " is longer than the most, 60 s");
      }
    }
    return new Query(from, max, types(call.all("type"), known), wait);
  }

  private static long number(RouteTable.Call call, String name, long dflt, long min, long max)
      throws BadRequest {
    Optional<String> text = call.first(name);
    if (text.isEmpty()) {
      return dflt;
    }
    long v;
    try {
      v = Long.parseLong(text.get().trim());
    } catch (NumberFormatException e) {
      throw new BadRequest(name + ": '" + text.get() + "' is not a whole number");
    }
    if (v < min || v > max) {
      throw new BadRequest(name + ": " + v + " is out of range [" + min + ", " + max + "]");
    }
    return v;
  }

  /**
   * The filter for {@code type} values: each a type ({@code node.joined}) or a family ({@code node}
   * or {@code node.*}: every type below it), comma-separated or repeated; none: every type.
   */
  static Predicate<String> types(List<String> values, Set<String> known) throws BadRequest {
    Set<String> exact = new LinkedHashSet<>();
    List<String> prefixes = new ArrayList<>();
    for (String value : values) {
      for (String part : value.split(",", -1)) {
        String t = part.strip();
        if (t.isEmpty()) {
          throw new BadRequest("type: empty type name in '" + value + "'");
        }
        if (known.contains(t)) {
          exact.add(t);
          continue;
        }
        String family = (t.endsWith(".*") ? t.substring(0, t.length() - 2) : t) + ".";
        if (known.stream().anyMatch(k -> k.startsWith(family))) {
          prefixes.add(family);
          continue;
        }
        throw new BadRequest(
            "type: unknown event type '"
                + t
                + "' (known: "
                + String.join(", ", known)
                + "; a family such as 'resource' or 'node.*' takes all its types)");
      }
    }
    if (exact.isEmpty() && prefixes.isEmpty()) {
      return type -> true;
    }
    return type -> exact.contains(type) || prefixes.stream().anyMatch(type::startsWith);
  }
}
