package org.paceline.ring.group;

import org.paceline.api.ring.Group;
import org.paceline.api.ring.GroupListener;
import org.paceline.api.ring.GroupView;
import org.paceline.api.ring.MessageTooLargeException;
import org.paceline.ring.layer.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of one group: one {@link org.paceline.api.ring.GroupChannel#join} call.
 * Identified on the wire by its join id, so that a JOIN or LEAVE delivered late is never taken for
 * a later membership of the same group.
 */
final class LocalGroup implements Group {

  private static final Logger LOG = LoggerFactory.getLogger(LocalGroup.class);

  static final String LISTENER_ERRORS = "group_listener_errors";

  private final GroupMessaging channel;
  private final String name;
  private final long joinId;
  private final GroupListener listener;
  private final int me;
  private final Counters counters;
  private volatile boolean closed;
  private boolean leaveSent; // guarded by the channel's send lock

  LocalGroup(
      GroupMessaging channel,
      String name,
      long joinId,
      GroupListener listener,
      int me,
      Counters counters) {
    this.channel = channel;
    this.name = name;
    this.joinId = joinId;
    this.listener = listener;
    this.me = me;
    this.counters = counters;
  }

  @Override
  public String name() {
    return name;
  }

  long joinId() {
    return joinId;
  }

  boolean isClosed() {
    return closed;
  }

  /** Marks this membership closed: its listener hears nothing more. */
  void markClosed() {
    closed = true;
  }

  boolean leaveSent() {
    return leaveSent;
  }

  void leaveSent(boolean sent) {
    leaveSent = sent;
  }

  @Override
  public void send(byte[] message) throws MessageTooLargeException {
    channel.send(this, message);
  }

  /**
   * Leaves the group. Its listener is called no more once this returns (nor during it, unless
   * already running). If the ring's send queue stays full, throws {@link IllegalStateException} and
   * this node stays a member for the others; calling it again retries.
   */
  @Override
  public void close() {
    channel.leave(this);
  }

  void viewChanged(GroupView view) {
    if (closed) {
      return;
    }
    try {
      listener.viewChanged(view);
    } catch (RuntimeException e) {
      counters.inc(LISTENER_ERRORS);
      LOG.error("node {}: listener of group {} failed on view {}", me, name, view, e);
    }
  }

  void deliver(int sender, byte[] message) {
    if (closed) {
      return;
    }
    try {
      listener.deliver(sender, message);
    } catch (RuntimeException e) {
      counters.inc(LISTENER_ERRORS);
      LOG.error(
          "node {}: listener of group {} failed on a message of {} bytes from node {}",
          me,
          name,
          message.length,
          sender,
          e);
    }
  }

  @Override
  public String toString() {
    return "group " + name + " on node " + me + (closed ? " (left)" : "");
  }
}
