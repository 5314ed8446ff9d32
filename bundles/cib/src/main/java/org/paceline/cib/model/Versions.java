package org.paceline.cib.model;

import java.util.Comparator;

/**
 * The CIB version triple. Pacemaker orders versions by {@code admin_epoch}, then {@code epoch},
 * then {@code num_updates}; the higher version wins when partitions merge.
 *
 * @param adminEpoch raised only by an administrator, to force a configuration to win
 * @param epoch raised by every configuration change
 * @param numUpdates raised by every status change, reset when {@code epoch} rises
 */
public record Versions(long adminEpoch, long epoch, long numUpdates)
    implements Comparable<Versions> {

  public static final Versions INITIAL = new Versions(0, 0, 0);

  private static final Comparator<Versions> ORDER =
      Comparator.comparingLong(Versions::adminEpoch)
          .thenComparingLong(Versions::epoch)
          .thenComparingLong(Versions::numUpdates);

  public Versions {
    if (adminEpoch < 0 || epoch < 0 || numUpdates < 0) {
      throw new IllegalArgumentException(
          "versions must not be negative: admin_epoch="
              + adminEpoch
              + " epoch="
              + epoch
              + " num_updates="
              + numUpdates);
    }
  }

  /** The version after a configuration change: epoch + 1, num_updates reset. */
  public Versions nextEpoch() {
    return new Versions(adminEpoch, epoch + 1, 0);
  }

  /** The version after a status change: num_updates + 1. */
  public Versions nextUpdate() {
    return new Versions(adminEpoch, epoch, numUpdates + 1);
  }

  public boolean isNewerThan(Versions other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(Versions o) {
    return ORDER.compare(this, o);
  }

  /** {@code admin_epoch.epoch.num_updates}, as {@code cibadmin} prints it. */
  @Override
  public String toString() {
    return adminEpoch + "." + epoch + "." + numUpdates;
  }
}
