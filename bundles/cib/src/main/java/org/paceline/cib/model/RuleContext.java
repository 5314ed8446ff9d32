package org.paceline.cib.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.paceline.api.ra.AgentId;

/**
 * What a rule is evaluated against ({@link RuleEvaluator}). Nothing here reads a clock: the caller
 * passes the time.
 *
 * @param nodeAttributes the node's attributes, including {@code #uname}, {@code #id} and {@code
 *     #kind} (the caller supplies them, with any transient attributes)
 * @param role the role being placed, or {@code null}; a rule with a role matches only that role
 * @param now the current time, or {@code null} if no date expression is expected (evaluating one
 *     then fails)
 * @param zone the zone of date-times written without an offset, default UTC
 * @param agent the resource's agent, for {@code rsc_expression}, or {@code null}
 * @param operation the operation name, for {@code op_expression}, or {@code null}
 * @param interval the operation interval, for {@code op_expression}, or {@code null}
 */
public record RuleContext(
    Map<String, String> nodeAttributes,
    Role role,
    Instant now,
    ZoneId zone,
    AgentId agent,
    String operation,
    Duration interval) {

  public RuleContext {
    nodeAttributes = Checks.attributes(nodeAttributes, "rule context node attributes");
    zone = zone == null ? ZoneOffset.UTC : zone;
  }

  /** A context for a node's attributes at a time. */
  public static RuleContext of(Map<String, String> nodeAttributes, Instant now) {
    return new RuleContext(nodeAttributes, null, now, null, null, null, null);
  }

  /** A context with only a time, for cluster property and defaults rules. */
  public static RuleContext at(Instant now) {
    return new RuleContext(Map.of(), null, now, null, null, null, null);
  }

  public RuleContext withRole(Role r) {
    return new RuleContext(nodeAttributes, r, now, zone, agent, operation, interval);
  }

  public RuleContext withZone(ZoneId z) {
    return new RuleContext(nodeAttributes, role, now, z, agent, operation, interval);
  }

  public RuleContext withAgent(AgentId a) {
    return new RuleContext(nodeAttributes, role, now, zone, a, operation, interval);
  }

  public RuleContext withOperation(String name, Duration opInterval) {
    return new RuleContext(nodeAttributes, role, now, zone, agent, name, opInterval);
  }
}
