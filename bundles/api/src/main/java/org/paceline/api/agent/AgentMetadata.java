package org.paceline.api.agent;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an agent says about itself (OCF 1.1 {@code meta-data}): its parameters, the actions it
 * supports and their default timeouts and intervals.
 *
 * @param name the agent's type name, e.g. {@code Dummy}
 * @param version the agent's own version, e.g. {@code 1.0.0}
 * @param shortDescription one line
 * @param longDescription a paragraph, may be empty
 * @param parameters the instance parameters the agent accepts
 * @param actions the actions the agent supports, with their defaults
 */
public record AgentMetadata(
    String name,
    String version,
    String shortDescription,
    String longDescription,
    List<ParameterSpec> parameters,
    List<ActionSpec> actions) {

  public AgentMetadata {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    shortDescription = shortDescription == null ? "" : shortDescription;
    longDescription = longDescription == null ? "" : longDescription;
    parameters = List.copyOf(parameters);
    actions = List.copyOf(actions);
  }

  /** The parameter named {@code name}, if the agent declares it. */
  public Optional<ParameterSpec> parameter(String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The first declared action named {@code name} (for monitor: the first depth/role variant). */
  public Optional<ActionSpec> action(String name) {
    return actions.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** Whether the agent declares the action named {@code name}. */
  public boolean supports(String name) {
    return action(name).isPresent();
  }

  /** The default timeout of action {@code name}, if the agent declares one. */
  public Optional<Duration> defaultTimeout(String name) {
    return action(name).map(ActionSpec::timeout).filter(Objects::nonNull);
  }
}
