package org.paceline.ring.group;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.paceline.ring.group.GroupWire.Fragment;
import org.paceline.ring.group.GroupWire.Kind;
import org.paceline.ring.group.GroupWire.MalformedChunkException;
import org.paceline.ring.layer.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds messages from their fragments, in agreed order, on the delivery thread. A sender sends
 * one message's fragments before the next message's, and agreed order keeps them in that order, so
 * each sender has at most one message in progress: a fragment that does not continue it is
 * malformed, and a new first fragment replaces an unfinished message (its sender gave up on it).
 *
 * <p>Counters: {@code group_malformed} (unreadable or out-of-sequence chunks), {@code
 * group_partials_discarded} (unfinished messages dropped), {@code group_orphan_fragments} (later
 * fragments of a message whose start this node did not see, e.g. after a merge).
 */
final class Reassembler {

  private static final Logger LOG = LoggerFactory.getLogger(Reassembler.class);

  static final String MALFORMED = "group_malformed";
  static final String PARTIALS_DISCARDED = "group_partials_discarded";
  static final String ORPHANS = "group_orphan_fragments";

  /** A whole message. */
  record Message(Kind kind, int sender, String group, byte[] body) {}

  /** A message in progress (touched by the delivery thread only). */
  private static final class Partial {
    final Kind kind;
    final long messageId;
    final int count;
    final String group;
    final byte[] body;
    int next = 1;
    int filled;

    Partial(Fragment first) {
      kind = first.kind();
      messageId = first.messageId();
      count = first.count();
      group = first.group();
      body = new byte[first.totalLength()];
    }

    void append(Fragment f) {
      System.arraycopy(f.chunk(), f.dataOffset(), body, filled, f.dataLength());
      filled += f.dataLength();
    }
  }

  private final int me;
  private final Counters counters;
  // Concurrent only so that tests and status can look at which senders have a partial message.
  private final Map<Integer, Partial> partials = new ConcurrentHashMap<>();

  Reassembler(int me, Counters counters) {
    this.me = me;
    this.counters = counters;
  }

  /** Takes the next chunk of {@code sender}; returns the message it completes, or null. */
  Message accept(int sender, byte[] chunk) {
    Fragment f;
    try {
      f = GroupWire.decode(chunk);
    } catch (MalformedChunkException e) {
      return malformed(sender, e.getMessage());
    }
    if (f.index() == 0) {
      Partial old = partials.remove(sender);
      if (old != null) {
        counters.inc(PARTIALS_DISCARDED);
        LOG.debug(
            "node {}: node {} gave up message {} after {} of {} fragments",
            me,
            sender,
            old.messageId,
            old.next,
            old.count);
      }
      Partial p = new Partial(f);
      p.append(f);
      return f.count() == 1 ? complete(sender, p) : store(sender, p);
    }
    Partial p = partials.get(sender);
    if (p == null) {
      counters.inc(ORPHANS);
      return null;
    }
    if (f.messageId() != p.messageId
        || f.kind() != p.kind
        || f.count() != p.count
        || f.index() != p.next) {
      partials.remove(sender);
      return malformed(
          sender,
          "fragment "
              + f.index()
              + "/"
              + f.count()
              + " of message "
              + f.messageId()
              + " while expecting "
              + p.next
              + "/"
              + p.count
              + " of message "
              + p.messageId);
    }
    if (f.dataLength() > p.body.length - p.filled) {
      partials.remove(sender);
      return malformed(sender, "fragments exceed the announced " + p.body.length + " bytes");
    }
    p.append(f);
    p.next++;
    if (p.next < p.count) {
      return null;
    }
    partials.remove(sender);
    return complete(sender, p);
  }

  private Message store(int sender, Partial p) {
    partials.put(sender, p);
    return null;
  }

  private Message complete(int sender, Partial p) {
    if (p.filled != p.body.length) {
      return malformed(
          sender, "message of " + p.filled + " bytes announced as " + p.body.length + " bytes");
    }
    return new Message(p.kind, sender, p.group, p.body);
  }

  private Message malformed(int sender, String why) {
    counters.inc(MALFORMED);
    LOG.debug("node {}: malformed group chunk from node {}: {}", me, sender, why);
    return null;
  }

  /**
   * Drops the unfinished messages of senders outside {@code members} (they left the ring view).
   *
   * @return how many were dropped
   */
  int retainSenders(Collection<Integer> members) {
    int dropped = 0;
    for (var e : partials.entrySet()) {
      if (!members.contains(e.getKey())) {
        partials.remove(e.getKey());
        dropped++;
        counters.inc(PARTIALS_DISCARDED);
        LOG.info(
            "node {}: node {} left the ring: discarding its unfinished message {} ({} of {}"
                + " fragments)",
            me,
            e.getKey(),
            e.getValue().messageId,
            e.getValue().next,
            e.getValue().count);
      }
    }
    return dropped;
  }

  /** The senders with an unfinished message now (read from any thread; for status and tests). */
  Set<Integer> partialSenders() {
    return Set.copyOf(partials.keySet());
  }
}
