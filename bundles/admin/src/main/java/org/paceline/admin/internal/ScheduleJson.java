package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.scheduler.ActionOrdering;
import org.paceline.scheduler.Change;
import org.paceline.scheduler.ResourcePlacement;
import org.paceline.scheduler.Schedule;
import org.paceline.scheduler.ScheduledAction;
import org.paceline.scheduler.ScoreExplanation;

/**
 * A scheduler run as JSON: the transition graph's actions (each with the actions it waits for), the
 * transition summary, the placements and a resource's score explanation. Scores are integers,
 * ±1000000 meaning ±INFINITY.
 */
final class ScheduleJson {

  private ScheduleJson() {}

  /**
   * The graph's actions in execution order: {@code {"id", "key", "task", "resource", "node",
   * "agent", "intervalMs", "pseudo", "expectedRc", "fenceAction", "after": [ids]}} (+ {@code
   * notification} for clone notifications).
   */
  static ArrayNode actions(Schedule s) {
    Map<Integer, List<Integer>> after = new LinkedHashMap<>();
    for (ActionOrdering o : s.orderings()) {
      after.computeIfAbsent(o.then(), k -> new ArrayList<>()).add(o.first());
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (ScheduledAction a : s.actions()) {
      ObjectNode o = out.addObject();
      o.put("id", a.id());
      o.put("key", a.key());
      o.put("task", a.task());
      o.put("resource", a.resource());
      o.put("node", a.node());
      o.put("agent", a.agent());
      o.put("intervalMs", a.intervalMs());
      o.put("pseudo", a.pseudo());
      o.put("expectedRc", a.expectedRc());
      o.put("fenceAction", a.fenceAction());
      if (!a.notification().isEmpty()) {
        ObjectNode n = o.putObject("notification");
        a.notification().forEach(n::put);
      }
      ArrayNode deps = o.putArray("after");
      after.getOrDefault(a.id(), List.of()).stream().sorted().forEach(deps::add);
    }
    return out;
  }

  /** The transition summary: {@code {"verb", "subject", "details", "reason"}}. */
  static ArrayNode changes(List<Change> changes) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (Change c : changes) {
      ObjectNode o = out.addObject();
      o.put("verb", c.verb());
      o.put("subject", c.subject());
      o.put("details", c.details());
      o.put("reason", c.reason());
    }
    return out;
  }

  /** Where each primitive (instance) is and goes. */
  static ArrayNode placements(List<ResourcePlacement> placements) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (ResourcePlacement p : placements) {
      ObjectNode o = out.addObject();
      o.put("resource", p.resource());
      o.put("primitive", p.primitive());
      ArrayNode parents = o.putArray("parents");
      p.parents().forEach(parents::add);
      o.put("currentRole", String.valueOf(p.currentRole()));
      ArrayNode nodes = o.putArray("currentNodes");
      p.currentNodes().forEach(nodes::add);
      o.put("targetRole", String.valueOf(p.targetRole()));
      o.put("targetNode", p.targetNode());
      o.put("failed", p.failed());
      o.put("managed", p.managed());
      o.put("blocked", p.blocked());
      o.put("orphan", p.orphan());
    }
    return out;
  }

  /**
   * Adds to {@code out} what the explanation of {@code resource} rests on (the same selection as
   * the explain lines): {@code placements}, {@code scores} ({@code {"resource", "kind", "scores":
   * {node: score}, "chosen", "contributions": [{"node", "score", "reason"}]}} or null) and {@code
   * summary} (the transition summary lines about it).
   */
  static void explanation(Schedule s, String resource, ObjectNode out) {
    List<ResourcePlacement> mine = new ArrayList<>();
    for (ResourcePlacement p : s.placements()) {
      if (p.resource().equals(resource)
          || p.primitive().equals(resource)
          || p.parents().contains(resource)) {
        mine.add(p);
      }
    }
    out.set("placements", placements(mine));
    ScoreExplanation e = s.explanations().get(resource);
    if (e == null) {
      out.putNull("scores");
    } else {
      ObjectNode o = out.putObject("scores");
      o.put("resource", e.resource());
      o.put("kind", e.kind());
      ObjectNode scores = o.putObject("scores");
      e.scores().forEach(scores::put);
      o.put("chosen", e.node());
      ArrayNode contributions = o.putArray("contributions");
      for (ScoreExplanation.Contribution c : e.contributions()) {
        ObjectNode co = contributions.addObject();
        co.put("node", c.node());
        co.put("score", c.score());
        co.put("reason", c.reason());
      }
    }
    List<Change> changes = new ArrayList<>();
    for (Change c : s.changes()) {
      if (c.subject().equals(resource)
          || mine.stream().anyMatch(p -> p.resource().equals(c.subject()))) {
        changes.add(c);
      }
    }
    out.set("summary", changes(changes));
  }
}
