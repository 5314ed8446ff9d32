package org.paceline.cib.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole CIB: configuration, status and version.
 *
 * @param configuration the configuration section
 * @param status the status section
 * @param versions admin_epoch, epoch and num_updates
 * @param attributes the other attributes of the {@code <cib>} element, e.g. {@code validate-with},
 *     {@code crm_feature_set}, {@code have-quorum}, {@code dc-uuid}, {@code execution-date}
 */
public record Cib(
    Configuration configuration, Status status, Versions versions, Map<String, String> attributes) {

  /** The attributes with their own fields ({@link Versions}), not allowed in {@code attributes}. */
  private static final List<String> VERSION_ATTRIBUTES =
      List.of("admin_epoch", "epoch", "num_updates");

  public static final Cib EMPTY = new Cib(Configuration.EMPTY, Status.EMPTY, Versions.INITIAL);

  public Cib {
    Checks.required(configuration, "CIB configuration");
    status = status == null ? Status.EMPTY : status;
    versions = versions == null ? Versions.INITIAL : versions;
    attributes = Checks.attributes(attributes, "cib");
    for (String k : VERSION_ATTRIBUTES) {
      if (attributes.containsKey(k)) {
        throw new IllegalArgumentException("cib attribute '" + k + "' belongs in the versions");
      }
    }
  }

  public Cib(Configuration configuration, Status status, Versions versions) {
    this(configuration, status, versions, Map.of());
  }

  /** This CIB with a new configuration and the next epoch. */
  public Cib withConfiguration(Configuration next) {
    return new Cib(next, status, versions.nextEpoch(), attributes);
  }

  /** This CIB with a new status and the next num_updates. */
  public Cib withStatus(Status next) {
    return new Cib(configuration, next, versions.nextUpdate(), attributes);
  }

  /** {@code validate-with}: the schema the CIB follows, if recorded. */
  public Optional<String> validateWith() {
    return Optional.ofNullable(attributes.get("validate-with"));
  }

  /** {@code have-quorum}: whether the partition that wrote the CIB had quorum; default false. */
  public boolean haveQuorum() {
    String v = attributes.get("have-quorum");
    return v != null && Checks.bool(v, "cib have-quorum");
  }

  /** {@code dc-uuid}: the node id of the DC that wrote the CIB, if recorded. */
  public Optional<String> dcUuid() {
    return Optional.ofNullable(attributes.get("dc-uuid"));
  }

  /**
   * {@code execution-date}: the time a saved scheduler input is to be evaluated at (seconds since
   * the epoch), if recorded; tools use it as "now" when replaying a CIB.
   */
  public Optional<Instant> executionDate() {
    String v = attributes.get("execution-date");
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(v.trim())));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cib execution-date '" + v + "' is not epoch seconds", e);
    }
  }
}
