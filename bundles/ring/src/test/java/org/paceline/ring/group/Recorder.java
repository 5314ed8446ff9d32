package org.paceline.ring.group;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;
import org.paceline.api.ring.GroupListener;
import org.paceline.api.ring.GroupView;

/** Records what one group member's listener was given, in order. */
final class Recorder implements GroupListener {

  /** A delivered message. */
  record Delivered(int sender, byte[] body) {}

  /** Views and messages as text ("view ..." or "msg sender length crc"), in delivery order. */
  final List<String> events = new CopyOnWriteArrayList<>();

  final List<GroupView> views = new CopyOnWriteArrayList<>();
  final List<Delivered> messages = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();
  private final boolean keepBodies;

  Recorder() {
    this(true);
  }

  /**
   * @param keepBodies whether to keep each message (else only its text form)
   */
  Recorder(boolean keepBodies) {
    this.keepBodies = keepBodies;
  }

  @Override
  public void viewChanged(GroupView view) {
    threads.add(Thread.currentThread().getName());
    views.add(view);
    events.add(
        "view " + view.ringId() + " " + view.members() + " +" + view.joined() + " -" + view.left());
  }

  @Override
  public void deliver(int sender, byte[] message) {
    threads.add(Thread.currentThread().getName());
    events.add(describe(sender, message));
    messages.add(new Delivered(sender, keepBodies ? message : new byte[0]));
  }

  static String describe(int sender, byte[] message) {
    CRC32 crc = new CRC32();
    crc.update(message);
    return "msg " + sender + " " + message.length + " " + Long.toHexString(crc.getValue());
  }

  /** The members of the last view (empty before any). */
  List<Integer> members() {
    return views.isEmpty() ? List.of() : views.get(views.size() - 1).members();
  }

  GroupView lastView() {
    return views.get(views.size() - 1);
  }

  /** The message events (not views), in order. */
  List<String> messageEvents() {
    return events.stream().filter(e -> e.startsWith("msg")).toList();
  }

  /** The events from index {@code from} on. */
  List<String> eventsFrom(int from) {
    return List.copyOf(events.subList(from, events.size()));
  }
}
