package org.paceline.cib.model;

/**
 * A whole CIB: configuration, status and version.
 *
 * @param configuration the configuration section
 * @param status the status section
 * @param versions admin_epoch, epoch and num_updates
 */
public record Cib(Configuration configuration, Status status, Versions versions) {

  public static final Cib EMPTY = new Cib(Configuration.EMPTY, Status.EMPTY, Versions.INITIAL);

  public Cib {
    Checks.required(configuration, "CIB configuration");
    status = status == null ? Status.EMPTY : status;
    versions = versions == null ? Versions.INITIAL : versions;
  }

  /** This CIB with a new configuration and the next epoch. */
  public Cib withConfiguration(Configuration next) {
    return new Cib(next, status, versions.nextEpoch());
  }

  /** This CIB with a new status and the next num_updates. */
  public Cib withStatus(Status next) {
    return new Cib(configuration, next, versions.nextUpdate());
  }
}
