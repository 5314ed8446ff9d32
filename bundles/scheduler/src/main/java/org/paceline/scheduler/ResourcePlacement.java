package org.paceline.scheduler;

import java.util.List;
import org.paceline.cib.model.Role;

/**
 * Where a primitive (or one clone instance of it) is and where it goes.
 *
 * @param resource the resource (instance) id, e.g. {@code web} or {@code db:1}
 * @param primitive the configured primitive id
 * @param parents the enclosing group and/or clone ids, innermost first
 * @param currentRole the role it is in now ({@code Stopped} if inactive)
 * @param currentNodes the nodes it is active on now (more than one if it is wrongly multi-active)
 * @param targetRole the role it should be in after the transition
 * @param targetNode the node it should be on, or null if it should be stopped
 * @param failed whether it has failed and needs recovery
 * @param managed whether the cluster manages it
 * @param blocked whether a failure blocks any further action on it
 * @param orphan whether it is no longer configured
 */
public record ResourcePlacement(
    String resource,
    String primitive,
    List<String> parents,
    Role currentRole,
    List<String> currentNodes,
    Role targetRole,
    String targetNode,
    boolean failed,
    boolean managed,
    boolean blocked,
    boolean orphan) {

  public ResourcePlacement {
    parents = List.copyOf(parents);
    currentNodes = List.copyOf(currentNodes);
  }
}
