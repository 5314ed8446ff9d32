package org.paceline.cib.model;

import java.util.List;

/**
 * A resource set ({@code <resource_set>}): several resources a constraint treats together.
 *
 * @param id the set id
 * @param resources the resource ids, in order; at least one, no duplicates
 * @param role the role the set applies to, or {@code null} for any
 * @param sequential whether the members are ordered or colocated among themselves (default true)
 * @param requireAll whether all members are required, or any one suffices (default true)
 * @param action the action an order constraint's set orders ({@code action}), or {@code null} for
 *     the constraint's default
 * @param score the set's own score ({@code score}), or {@code null} for the constraint's
 */
public record ResourceSet(
    String id,
    List<String> resources,
    Role role,
    boolean sequential,
    boolean requireAll,
    ResourceAction action,
    Score score) {

  public ResourceSet {
    Checks.id(id, "resource set");
    resources = Checks.list(resources, "resource set '" + id + "' resources");
    if (resources.isEmpty()) {
      throw new IllegalArgumentException("resource set '" + id + "' has no resources");
    }
    for (String r : resources) {
      Checks.id(r, "resource set '" + id + "' member");
    }
    Checks.unique(resources, "resource set '" + id + "' member");
  }

  public ResourceSet(
      String id, List<String> resources, Role role, boolean sequential, boolean requireAll) {
    this(id, resources, role, sequential, requireAll, null, null);
  }

  /** A sequential, require-all set of these resources in any role. */
  public static ResourceSet of(String id, String... resources) {
    return new ResourceSet(id, List.of(resources), null, true, true, null, null);
  }
}
