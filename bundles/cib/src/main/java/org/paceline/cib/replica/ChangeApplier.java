package org.paceline.cib.replica;

import org.paceline.cib.model.Cib;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibChangeException;

/**
 * Applies one change to a CIB: a pure, deterministic function, since every replica runs it on the
 * same input and must reach the same result. It leaves {@link Cib#versions()} alone (the replica
 * raises them) and returns {@code cib} itself when the change alters nothing.
 */
@FunctionalInterface
public interface ChangeApplier {

  /**
   * The CIB after {@code change}.
   *
   * @throws CibChangeException naming why the change cannot be applied
   */
  Cib apply(Cib cib, CibChange change) throws CibChangeException;
}
