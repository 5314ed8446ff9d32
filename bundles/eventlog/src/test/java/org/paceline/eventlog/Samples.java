package org.paceline.eventlog;

import java.time.Instant;
import java.util.List;

/** One sample payload of every known event type, and sample events. */
public final class Samples {

  public static final Instant TIME = Instant.parse("2026-01-31T12:00:00.123Z");

  private Samples() {}

  public static List<EventPayload> payloads() {
    return List.of(
        new EventPayload.NodeJoined("n2", 2),
        new EventPayload.NodeLeft("n3", 3),
        new EventPayload.NodeLost("n3", 3),
        new EventPayload.QuorumChanged(true, 2, 3, 2, List.of("n1", "n2")),
        new EventPayload.DcChanged("n1", null),
        new EventPayload.CibChanged(
            "0.8.0",
            "0.7.3",
            true,
            "apply crm: primitive web ...",
            List.of("web"),
            List.of(),
            List.of()),
        new EventPayload.TransitionStarted(42, "0.8.0", 3, "cib.changed 0.8.0"),
        new EventPayload.TransitionCompleted(42, "complete", 3, 0, 812),
        new EventPayload.ResourceOpCompleted(
            "web", "n2", "ocf:heartbeat:apache", "start", 0, 0, "OCF_SUCCESS", 340),
        new EventPayload.ResourceFailed(
            "web", "n2", "monitor", 10_000, 7, "OCF_NOT_RUNNING", 1, "not running"),
        new EventPayload.ResourceMoved("web", "n2", "n1", "failure"),
        new EventPayload.FencingRequested("n3", "reboot", "n1", "node.lost"),
        new EventPayload.FencingCompleted("n3", "reboot", true, "ipmi-n3", "n1", null),
        new EventPayload.OperatorAction(
            "admin@127.0.0.1", "resource move web n1", "resource/web", true, null));
  }

  /** Event {@code seq} of cluster {@code cluster}: a resource op on resource r(seq % 7). */
  public static Event event(String cluster, long seq) {
    return Event.of(
        cluster,
        seq,
        TIME.plusMillis(seq),
        "n" + (1 + seq % 3),
        new EventPayload.ResourceOpCompleted(
            "r" + (seq % 7), "n1", "ocf:heartbeat:Dummy", "monitor", 10_000, 0, "OCF_SUCCESS", 3));
  }
}
