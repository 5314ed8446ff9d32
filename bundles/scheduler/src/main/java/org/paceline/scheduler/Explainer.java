package org.paceline.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Explains, as readable lines, why a resource is placed where it is: its target, the score on each
 * node, and which constraint, stickiness, failure or colocation contributed what.
 */
public final class Explainer {

  private Explainer() {}

  /**
   * Lines explaining {@code resource} (a primitive, instance, group or clone id).
   *
   * @throws IllegalArgumentException if the schedule has no such resource
   */
  public static List<String> explain(Schedule schedule, String resource) {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(resource, "resource");
    ScoreExplanation e = schedule.explanations().get(resource);
    List<ResourcePlacement> placements = new ArrayList<>();
    for (ResourcePlacement p : schedule.placements()) {
      if (p.resource().equals(resource)
          || p.primitive().equals(resource)
          || p.parents().contains(resource)) {
        placements.add(p);
      }
    }
    if (e == null && placements.isEmpty()) {
      throw new IllegalArgumentException("no resource '" + resource + "' in the schedule");
    }
    List<String> out = new ArrayList<>();
    for (ResourcePlacement p : placements) {
      String now =
          p.currentNodes().isEmpty()
              ? "stopped"
              : p.currentRole() + " on " + String.join(", ", p.currentNodes());
      String next = p.targetNode() == null ? "stopped" : p.targetRole() + " on " + p.targetNode();
      out.add(p.resource() + ": " + now + " -> " + next + flags(p));
    }
    if (e != null) {
      out.add("scores of " + e.resource() + ":");
      for (Map.Entry<String, Integer> s : e.scores().entrySet()) {
        out.add(
            "  "
                + s.getKey()
                + ": "
                + SimulationFormatter.scoreText(s.getValue())
                + (s.getKey().equals(e.node()) ? "  (chosen)" : ""));
      }
      if (!e.contributions().isEmpty()) {
        out.add("because of:");
        for (ScoreExplanation.Contribution c : e.contributions()) {
          String where = c.node() == null ? "everywhere" : "on " + c.node();
          out.add(
              c.score() == 0
                  ? "  " + where + ": " + c.reason()
                  : "  " + signed(c.score()) + " " + where + ": " + c.reason());
        }
      }
    }
    for (Change ch : schedule.changes()) {
      if (ch.subject().equals(resource)
          || placements.stream().anyMatch(p -> p.resource().equals(ch.subject()))) {
        out.add(
            "transition: "
                + ch.verb()
                + " "
                + ch.subject()
                + " ("
                + ch.details()
                + ")"
                + (ch.reason().isEmpty() ? "" : " " + ch.reason()));
      }
    }
    return out;
  }

  private static String flags(ResourcePlacement p) {
    List<String> f = new ArrayList<>();
    if (p.failed()) {
      f.add("failed");
    }
    if (p.blocked()) {
      f.add("blocked");
    } else if (!p.managed()) {
      f.add("unmanaged");
    }
    if (p.orphan()) {
      f.add("orphaned");
    }
    return f.isEmpty() ? "" : " (" + String.join(", ", f) + ")";
  }

  private static String signed(int score) {
    String t = SimulationFormatter.scoreText(score);
    return score >= 0 ? "+" + t : t;
  }
}
