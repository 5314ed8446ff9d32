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
 */
public record ResourceSet(
    String id, List<String> resources, Role role, boolean sequential, boolean requireAll) {

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

  /** A sequential, require-all set of these resources in any role. */
  public static ResourceSet of(String id, String... resources) {
    return new ResourceSet(id, List.of(resources), null, true, true);
  }
}
