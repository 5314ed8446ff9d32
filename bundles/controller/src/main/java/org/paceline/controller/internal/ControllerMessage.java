package org.paceline.controller.internal;

import java.util.Objects;

/** A message of the ring group {@code controller}. */
sealed interface ControllerMessage
    permits ActionRequest, ControllerMessage.HistoryUploaded, ControllerMessage.FencingResult {

  /**
   * A node has recorded its own resource history in the CIB for the ring view {@code ringSeq} (the
   * change is applied everywhere before this message arrives, as both travel in one agreed order).
   * The DC schedules a view only once every member has said so.
   */
  record HistoryUploaded(String node, long ringSeq, int ringRepresentative)
      implements ControllerMessage {
    public HistoryUploaded {
      Objects.requireNonNull(node, "node");
    }
  }

  /**
   * The outcome of a fencing operation, as {@code FencingRecord.toAttributes()}: the fencing node
   * tells every member, so each node's fencing history holds the cluster's, not only its own.
   */
  record FencingResult(java.util.Map<String, String> record) implements ControllerMessage {
    public FencingResult {
      record = java.util.Map.copyOf(record);
    }
  }
}
