package org.paceline.cib.crm;

import java.util.List;

/**
 * A change that cannot be applied to a configuration: an id already in use, a reference to a
 * missing object, or a deletion that constraints still depend on ({@link #blockers()}).
 */
public class ConfigurationEditException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<String> blockers;

  public ConfigurationEditException(String message) {
    this(message, List.of());
  }

  /**
   * @param blockers the ids of the objects that prevent the change (constraints that refer to a
   *     resource being deleted), in configuration order
   */
  public ConfigurationEditException(String message, List<String> blockers) {
    super(message);
    this.blockers = List.copyOf(blockers);
  }

  /** The ids of the objects preventing the change; empty if none. */
  public List<String> blockers() {
    return blockers;
  }
}
