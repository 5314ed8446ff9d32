package org.paceline.api.agent;

import java.util.Objects;

/**
 * One instance parameter an agent accepts.
 *
 * @param name parameter name as used in the configuration ({@code OCF_RESKEY_<name>})
 * @param type {@code string}, {@code integer}, {@code boolean} or {@code select}
 * @param defaultValue the default, or {@code null} if none
 * @param required whether the configuration must set it
 * @param unique whether two resources of this agent must not share the value
 * @param shortDescription one line
 * @param longDescription a paragraph, may be empty
 */
public record ParameterSpec(
    String name,
    String type,
    String defaultValue,
    boolean required,
    boolean unique,
    String shortDescription,
    String longDescription) {

  public ParameterSpec {
    Objects.requireNonNull(name, "name");
    type = type == null || type.isBlank() ? "string" : type;
    shortDescription = shortDescription == null ? "" : shortDescription;
    longDescription = longDescription == null ? "" : longDescription;
  }

  /** A plain optional string parameter. */
  public static ParameterSpec optional(String name, String defaultValue, String description) {
    return new ParameterSpec(name, "string", defaultValue, false, false, description, "");
  }
}
