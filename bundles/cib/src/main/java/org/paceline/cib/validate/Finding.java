package org.paceline.cib.validate;

import java.util.Comparator;
import java.util.Objects;

/**
 * One result of {@link ConfigurationValidator}: what is wrong with which object.
 *
 * @param severity error or warning
 * @param objectId the id of the object concerned (resource, constraint, node name, property name,
 *     ...)
 * @param message what is wrong, naming the object and the value
 */
public record Finding(Severity severity, String objectId, String message)
    implements Comparable<Finding> {

  private static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::objectId)
          .thenComparing(Finding::message);

  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(message, "message");
  }

  static Finding error(String objectId, String message) {
    return new Finding(Severity.ERROR, objectId, message);
  }

  static Finding warning(String objectId, String message) {
    return new Finding(Severity.WARNING, objectId, message);
  }

  /** Errors first, then by object id, then by message. */
  @Override
  public int compareTo(Finding o) {
    return ORDER.compare(this, o);
  }

  /** {@code ERROR: id: message}, as {@code configure verify} prints it. */
  @Override
  public String toString() {
    return severity + ": " + objectId + ": " + message;
  }
}
