package org.paceline.cib.service;

import java.util.List;
import java.util.Objects;
import org.paceline.cib.model.Versions;

/**
 * Where this replica stands.
 *
 * @param synced whether the replica agrees with its partition (false while it waits for another
 *     replica's CIB after a view change)
 * @param versions the local CIB's version
 * @param digest SHA-256 of the local CIB's canonical form, hex
 * @param members the node ids of the partition the replica last synchronised with
 */
public record ReplicaStatus(
    boolean synced, Versions versions, String digest, List<Integer> members) {
  public ReplicaStatus {
    Objects.requireNonNull(versions, "versions");
    Objects.requireNonNull(digest, "digest");
    members = List.copyOf(members);
  }
}
