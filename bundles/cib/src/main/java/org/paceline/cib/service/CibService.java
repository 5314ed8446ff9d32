package org.paceline.cib.service;

import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;
import org.paceline.cib.model.Cib;

/** The local replica of the cluster's CIB. */
@ProviderType
public interface CibService {

  /** The CIB as this node last applied it. */
  Cib current();

  /** Where the replica stands: synced, version, digest. */
  ReplicaStatus status();

  /**
   * Sends {@code change} through the ring. The future completes with the CIB after the change once
   * this node has applied it in ring order, or fails with a {@link CibChangeException} naming why
   * it was refused (syntax, unknown id, no quorum, ...). A configuration change in a partition
   * without quorum is refused unless {@code force} is set, as with Pacemaker.
   */
  CompletableFuture<Cib> propose(CibChange change, boolean force);

  /**
   * What {@code change} would make of the current CIB, without sending it: the same rules every
   * replica applies (versions are left as they are). Returns the current CIB itself when the change
   * would alter nothing.
   *
   * @throws CibChangeException naming why the change would be refused
   */
  Cib preview(CibChange change) throws CibChangeException;

  /** Adds a listener for applied changes; closing the handle removes it. */
  AutoCloseable addListener(CibListener listener);
}
