package org.paceline.cib.model;

import java.util.List;

/**
 * One level of the fencing topology ({@code <fencing-level>}): to fence a matching node, try the
 * levels in index order; a level succeeds when all its devices succeed. The target is a node name,
 * a regular expression over node names, or a node attribute and value; exactly one is given.
 *
 * @param id the level id
 * @param index the level's position, 1 to 9
 * @param target the node name, or {@code null}
 * @param targetPattern a regular expression over node names, or {@code null}
 * @param targetAttribute a node attribute name, or {@code null}
 * @param targetValue the value {@code targetAttribute} must have; given exactly with it
 * @param devices the fencing device ids, in order; at least one
 */
public record FencingLevel(
    String id,
    int index,
    String target,
    String targetPattern,
    String targetAttribute,
    String targetValue,
    List<String> devices) {

  public FencingLevel {
    Checks.id(id, "fencing level");
    String what = "fencing level '" + id + "'";
    if (index < 1 || index > 9) {
      throw new IllegalArgumentException(what + " index must be 1 to 9, got " + index);
    }
    int targets =
        (target == null ? 0 : 1)
            + (targetPattern == null ? 0 : 1)
            + (targetAttribute == null ? 0 : 1);
    if (targets != 1) {
      throw new IllegalArgumentException(
          what + " needs exactly one of target, target-pattern and target-attribute");
    }
    if ((targetAttribute == null) != (targetValue == null)) {
      throw new IllegalArgumentException(
          what + " needs target-value exactly when target-attribute is given");
    }
    if (targetPattern != null) {
      try {
        java.util.regex.Pattern.compile(targetPattern);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new IllegalArgumentException(
            what + " target-pattern '" + targetPattern + "' is not a valid regular expression", e);
      }
    }
    devices = Checks.list(devices, what + " devices");
    if (devices.isEmpty()) {
      throw new IllegalArgumentException(what + " has no devices");
    }
    for (String d : devices) {
      Checks.id(d, what + " device");
    }
  }

  /** A level for one node by name. */
  public static FencingLevel forNode(String id, int index, String node, List<String> devices) {
    return new FencingLevel(id, index, node, null, null, null, devices);
  }
}
