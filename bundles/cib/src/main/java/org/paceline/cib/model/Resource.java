package org.paceline.cib.model;

import java.util.Map;

/** A configured resource: a primitive, a group or a clone (which may be promotable). */
public sealed interface Resource permits Primitive, Group, Clone {

  String id();

  /** Meta-attributes ({@code meta_attributes}). */
  Map<String, String> meta();

  /** The {@code target-role} meta-attribute, if set. */
  default java.util.Optional<Role> targetRole() {
    String v = meta().get("target-role");
    return v == null ? java.util.Optional.empty() : java.util.Optional.of(Role.parse(v));
  }

  /**
   * This resource with meta-attribute {@code name} set to {@code value}, or removed when it is
   * null.
   */
  Resource withMeta(String name, String value);

  /** Whether the {@code is-managed} meta-attribute is true (the default). */
  default boolean managed() {
    String v = meta().get("is-managed");
    return v == null || Checks.bool(v, "resource '" + id() + "' is-managed");
  }
}
