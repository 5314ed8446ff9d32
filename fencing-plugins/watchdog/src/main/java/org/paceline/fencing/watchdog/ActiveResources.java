package org.paceline.fencing.watchdog;

import java.util.List;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.ResourceHistory;

/**
 * The resources a CIB says are active on one node: those whose history ends in an active role
 * (started, promoted, unpromoted, or failed while assumed active). Fence devices do not count: they
 * touch no shared data, and the quorate side does not wait for them.
 */
public final class ActiveResources {

  private ActiveResources() {}

  /** The ids (history ids: clone instances as {@code ID:N}) active on {@code node}, in order. */
  public static List<String> on(Cib cib, String node) {
    return cib.status().node(node).map(NodeStatus::resources).orElse(List.of()).stream()
        .filter(h -> h.currentState().active())
        .filter(h -> !fencingDevice(cib, h))
        .map(ResourceHistory::resource)
        .toList();
  }

  private static boolean fencingDevice(Cib cib, ResourceHistory history) {
    if (history.agent() != null) {
      return "stonith".equals(history.agent().standard());
    }
    return cib.configuration()
        .primitive(history.primitive())
        .map(Primitive::fencingDevice)
        .orElse(false);
  }
}
