package org.paceline.admin.internal.osgi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paceline.admin.internal.EventFeed;
import org.paceline.admin.internal.events.EventLogFeed;
import org.paceline.eventlog.EventLog;

/**
 * Offers the admin API an {@link EventFeed} while the event log bundle's {@link EventLog} service
 * runs. Kept apart from {@link AdminServlet} so that the servlet never loads the event log's types:
 * without the event log bundle this component stays unsatisfied and the API answers 503 for {@code
 * /events}.
 */
@Component(service = EventFeed.class)
public final class EventLogFeedComponent implements EventFeed {

  private final EventLogFeed feed;

  @Activate
  public EventLogFeedComponent(@Reference EventLog log) {
    this.feed = new EventLogFeed(log);
  }

  @Override
  public void operatorAction(
      String who, String what, String target, boolean success, String error) {
    feed.operatorAction(who, what, target, success, error);
  }

  @Override
  public List<Entry> read(long fromSeq, int max) throws IOException {
    return feed.read(fromSeq, max);
  }

  @Override
  public long firstSeq() {
    return feed.firstSeq();
  }

  @Override
  public long lastSeq() {
    return feed.lastSeq();
  }

  @Override
  public boolean awaitAfter(long seq, Duration timeout) throws InterruptedException {
    return feed.awaitAfter(seq, timeout);
  }

  @Override
  public Set<String> types() {
    return feed.types();
  }

  @Override
  public ObjectNode status() {
    return feed.status();
  }
}
