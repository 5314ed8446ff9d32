package org.paceline.api.ra;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An agent's identity, {@code class:provider:type} as Pacemaker writes it: {@code
 * ocf:heartbeat:IPaddr2}, {@code ocf:paceline:Dummy}, {@code lsb:nginx}, {@code systemd:nginx},
 * {@code stonith:fence_dummy}. Only the {@code ocf} class has a provider.
 *
 * @param standard the agent class ({@code ocf}, {@code lsb}, {@code systemd}, {@code service},
 *     {@code stonith})
 * @param provider the OCF provider, or {@code null} for classes without one
 * @param type the agent's type name
 */
public record AgentId(String standard, String provider, String type)
    implements Comparable<AgentId> {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@+-]*");

  /** Stonith types may name a plugin in a subdirectory, e.g. {@code stonith:external/ipmi}. */
  private static final Pattern STONITH_TYPE =
      Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@+-]*(/[A-Za-z0-9_][A-Za-z0-9_.@+-]*)*");

  public AgentId {
    Objects.requireNonNull(standard, "standard");
    Objects.requireNonNull(type, "type");
    if (!NAME.matcher(standard).matches()) {
      throw new IllegalArgumentException("invalid agent class '" + standard + "'");
    }
    if (!("stonith".equals(standard) ? STONITH_TYPE : NAME).matcher(type).matches()) {
      throw new IllegalArgumentException("invalid agent type '" + type + "'");
    }
    if ("ocf".equals(standard)) {
      if (provider == null || !NAME.matcher(provider).matches()) {
        throw new IllegalArgumentException(
            "an ocf agent needs a provider: ocf:PROVIDER:TYPE, got provider '" + provider + "'");
      }
    } else if (provider != null) {
      throw new IllegalArgumentException(
          "only ocf agents have a provider; '" + standard + "' agents are " + standard + ":TYPE");
    }
  }

  /** An OCF agent, {@code ocf:provider:type}. */
  public static AgentId ocf(String provider, String type) {
    return new AgentId("ocf", provider, type);
  }

  /**
   * Parses {@code class:provider:type} or {@code class:type}.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static AgentId parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.split(":", -1);
    try {
      return switch (parts.length) {
        case 3 -> new AgentId(parts[0], parts[1], parts[2]);
        case 2 -> new AgentId(parts[0], null, parts[1]);
        default ->
            throw new IllegalArgumentException(
                "expected CLASS:PROVIDER:TYPE (ocf) or CLASS:TYPE (lsb, systemd, stonith)");
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad agent '" + text + "': " + e.getMessage(), e);
    }
  }

  @Override
  public int compareTo(AgentId o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    return provider == null ? standard + ":" + type : standard + ":" + provider + ":" + type;
  }
}
