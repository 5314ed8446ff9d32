package org.paceline.admin.internal.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.paceline.admin.internal.EventFeed;
import org.paceline.eventlog.Event;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.EventLog;
import org.paceline.eventlog.EventLogStatus;
import org.paceline.eventlog.EventPayload;
import org.paceline.eventlog.EventType;

/**
 * The {@link EventFeed} over the event log bundle's {@link EventLog}: every event as its {@link
 * EventCodec} writes it, so the API and {@code paceline events --json} show the Kafka record's
 * bytes. The only class of the admin that uses the event log's types (their package is an optional
 * import of this bundle).
 */
public final class EventLogFeed implements EventFeed {

  private static final Set<String> TYPES;

  static {
    Set<String> names = new TreeSet<>();
    for (EventType t : EventType.values()) {
      names.add(t.wireName());
    }
    TYPES = Collections.unmodifiableSet(names);
  }

  private final EventLog log;
  private final EventCodec codec = new EventCodec();

  public EventLogFeed(EventLog log) {
    this.log = log;
  }

  @Override
  public List<Entry> read(long fromSeq, int max) throws IOException {
    List<Event> events = log.read(fromSeq, max);
    List<Entry> out = new ArrayList<>(events.size());
    for (Event e : events) {
      out.add(new Entry(e.seq(), e.type(), codec.toTree(e)));
    }
    return out;
  }

  @Override
  public void operatorAction(
      String who, String what, String target, boolean success, String error) {
    log.emit(new EventPayload.OperatorAction(who, what, target, success, error));
  }

  @Override
  public long firstSeq() {
    return log.firstSeq();
  }

  @Override
  public long lastSeq() {
    return log.lastSeq();
  }

  @Override
  public boolean awaitAfter(long seq, Duration timeout) throws InterruptedException {
    return log.awaitAfter(seq, timeout);
  }

  @Override
  public Set<String> types() {
    return TYPES;
  }

  @Override
  public ObjectNode status() {
    EventLogStatus s = log.status();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("firstSeq", s.firstSeq());
    o.put("lastSeq", s.lastSeq());
    o.put("journalBytes", s.journalBytes());
    o.put("kafka", s.kafka());
    o.put("publisher", s.publisher());
    o.put("lastCommittedSeq", s.lastCommittedSeq());
    o.put("lag", s.lag());
    o.put("lastError", s.lastError());
    return o;
  }
}
