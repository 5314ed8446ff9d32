package org.paceline.cib.service;

import org.paceline.cib.model.Cib;

/**
 * Hears every applied change, in ring order, on the replica's delivery thread: implementations must
 * return quickly and hand longer work to their own thread.
 */
@FunctionalInterface
public interface CibListener {

  /**
   * The CIB went from {@code before} to {@code after}.
   *
   * @param cause the change that did it, or null when the replica adopted another replica's CIB
   *     (after joining or a partition heal)
   */
  void changed(Cib before, Cib after, CibChange cause);
}
