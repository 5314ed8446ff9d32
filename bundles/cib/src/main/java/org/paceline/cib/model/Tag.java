package org.paceline.cib.model;

import java.util.List;

/**
 * A tag ({@code <tag>}): a name for several configuration objects (resources, usually), usable
 * where a constraint names a resource.
 *
 * @param id the tag id
 * @param references the ids it names ({@code obj_ref}), in order; at least one, no duplicates
 */
public record Tag(String id, List<String> references) {

  public Tag {
    Checks.id(id, "tag");
    references = Checks.list(references, "tag '" + id + "' references");
    if (references.isEmpty()) {
      throw new IllegalArgumentException("tag '" + id + "' names nothing");
    }
    for (String r : references) {
      Checks.id(r, "tag '" + id + "' reference");
    }
    Checks.unique(references, "tag '" + id + "' reference");
  }
}
