package org.paceline.cib.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.crm.ConstraintReferences;
import org.paceline.cib.crm.CrmScript;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.ResourceSet;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.RuleExpression;
import org.paceline.cib.model.Tag;
import org.paceline.cib.model.Template;

/**
 * {@code configure verify}: checks a configuration and lists what is wrong with it, errors first,
 * then by object id and message. The checks:
 *
 * <ul>
 *   <li>ids used twice anywhere (resources, templates, tags, constraints, fencing levels,
 *       conditional sets, rules, resource sets);
 *   <li>references: constraints and resource sets naming anything but a resource, tag or template,
 *       tags naming unknown objects; location constraints and fencing levels naming unknown nodes
 *       (a warning, when nodes are configured); constraints on group members or clone children
 *       (warnings); promote/demote and Promoted/Unpromoted on resources that are not promotable
 *       (warnings); fencing levels naming unknown devices or resources that are not fencing
 *       devices;
 *   <li>operations: two operations with the same name and interval (Pacemaker tells operations
 *       apart by name and interval only, whatever their roles); recurring operations other than
 *       monitor (warning); unparsable times and values in operation attributes and op_defaults;
 *   <li>values: cluster properties (unknown or deprecated names are warnings, bad values errors),
 *       resource meta-attributes and rsc_defaults (scores, times, roles, booleans), node standby
 *       and maintenance flags; a colocation score of 0 (warning);
 *   <li>fencing enabled (the default) with no fencing device configured (warning, as crm_verify);
 *   <li>agents: an agent no node reports (warning), and each warning an agent carries.
 * </ul>
 *
 * For crm text, {@link #validate(CrmScript)} first reports what keeps the text from becoming a
 * configuration: undefined group members or clone children, a resource in two groups or clones, a
 * group or clone of something that is not a primitive or group, duplicate definitions.
 */
public final class ConfigurationValidator {

  private final Predicate<AgentId> knownAgents;
  private final Map<AgentId, List<String>> agentWarnings;

  /**
   * @param knownAgents which agents the nodes report; {@code null} skips the agent check
   * @param agentWarnings warnings nodes report about agents (for example {@code systemd:nginx is
   *     enabled at boot}), repeated for every resource using the agent
   */
  public ConfigurationValidator(
      Predicate<AgentId> knownAgents, Map<AgentId, List<String>> agentWarnings) {
    this.knownAgents = knownAgents;
    Map<AgentId, List<String>> copy = new LinkedHashMap<>();
    if (agentWarnings != null) {
      agentWarnings.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    }
    this.agentWarnings = Map.copyOf(copy);
  }

  /** A validator that checks agents against {@code agents}. */
  public static ConfigurationValidator withAgents(
      Set<AgentId> agents, Map<AgentId, List<String>> agentWarnings) {
    Set<AgentId> known = Set.copyOf(Objects.requireNonNull(agents, "agents"));
    return new ConfigurationValidator(known::contains, agentWarnings);
  }

  /** A validator that does not check agents (no node has reported its agents). */
  public static ConfigurationValidator withoutAgents() {
    return new ConfigurationValidator(null, Map.of());
  }

  /** Every finding for {@code config}, sorted. */
  public List<Finding> validate(Configuration config) {
    Findings f = new Findings();
    duplicateIds(config, f);
    ReferenceChecks.check(config, f);
    ValueChecks.check(config, f);
    agents(config, f);
    return f.sorted();
  }

  /**
   * Every finding for crm text: its unresolvable references (as errors naming line and column);
   * when there are none, the findings for the configuration it describes.
   */
  public List<Finding> validate(CrmScript script) {
    List<CrmScript.Problem> problems = script.problems();
    if (problems.isEmpty()) {
      return validate(script.toConfiguration());
    }
    Findings f = new Findings();
    for (CrmScript.Problem p : problems) {
      f.error(p.objectId(), p.position() + ": " + p.message());
    }
    return f.sorted();
  }

  private void agents(Configuration config, Findings f) {
    for (Primitive p : config.primitives()) {
      agent(p.id(), p.agent(), f);
    }
    for (Template t : config.templates()) {
      agent(t.id(), t.agent(), f);
    }
  }

  private void agent(String id, AgentId agent, Findings f) {
    if (knownAgents != null && !knownAgents.test(agent)) {
      f.warning(id, "agent '" + agent + "' is not available on any node");
    }
    for (String w : agentWarnings.getOrDefault(agent, List.of())) {
      f.warning(id, "agent '" + agent + "': " + w);
    }
  }

  /** Ids must be unique across the whole configuration, as XML ids in the CIB are. */
  private static void duplicateIds(Configuration c, Findings f) {
    Map<String, List<String>> owners = new LinkedHashMap<>();
    for (Resource r : c.allResources()) {
      own(owners, r.id(), kind(r) + " '" + r.id() + "'");
    }
    c.templates().forEach(t -> own(owners, t.id(), "template '" + t.id() + "'"));
    for (Tag t : c.tags()) {
      own(owners, t.id(), "tag '" + t.id() + "'");
    }
    for (FencingLevel l : c.fencingTopology()) {
      own(owners, l.id(), "fencing level '" + l.id() + "'");
    }
    for (ConditionalSet s : c.conditionalSets()) {
      own(owners, s.id(), s.section().element() + " set '" + s.id() + "'");
      rules(owners, s.rule(), s.section().element() + " set '" + s.id() + "'");
    }
    for (Constraint k : c.constraints()) {
      String what = ReferenceChecks.kind(k) + " '" + k.id() + "'";
      own(owners, k.id(), what);
      for (ResourceSet s : ConstraintReferences.sets(k)) {
        own(owners, s.id(), "resource set of " + what);
      }
      if (k instanceof LocationConstraint l) {
        l.rules().forEach(r -> rules(owners, r, what));
      }
    }
    owners.forEach(
        (id, who) -> {
          if (who.size() > 1) {
            f.error(
                id,
                "id '"
                    + id
                    + "' is used by "
                    + String.join(" and ", who)
                    + "; ids must be unique in the whole configuration");
          }
        });
  }

  private static void rules(Map<String, List<String>> owners, Rule r, String where) {
    own(owners, r.id(), "a rule of " + where);
    for (RuleExpression e : r.expressions()) {
      if (e instanceof Rule nested) {
        rules(owners, nested, where);
      }
    }
  }

  private static void own(Map<String, List<String>> owners, String id, String who) {
    owners.computeIfAbsent(id, k -> new ArrayList<>()).add(who);
  }

  static String kind(Resource r) {
    if (r instanceof Primitive) {
      return "primitive";
    }
    if (r instanceof Group) {
      return "group";
    }
    return ((Clone) r).promotable() ? "promotable clone" : "clone";
  }
}
