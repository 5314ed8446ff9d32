package org.paceline.scheduler;

import java.util.List;
import java.util.Map;

/**
 * Why a resource scored what it did on each node.
 *
 * @param resource the resource id (primitive, instance, group or clone)
 * @param kind {@code primitive}, {@code group} or {@code clone}
 * @param scores its final score per node at assignment, in node order ({@code ±1000000} for
 *     ±INFINITY); nodes it may not run on at all are absent
 * @param contributions what contributed, in the order applied
 * @param node the node it was assigned to, or null
 */
public record ScoreExplanation(
    String resource,
    String kind,
    Map<String, Integer> scores,
    List<Contribution> contributions,
    String node) {

  public ScoreExplanation {
    if (!(scores instanceof NodeScores)) {
      scores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(scores));
    }
    contributions = List.copyOf(contributions);
  }

  /**
   * One contribution.
   *
   * @param node the node it applies to, or null for every node (or several)
   * @param score the score added ({@code ±1000000} for ±INFINITY)
   * @param reason what it is, e.g. {@code location constraint loc1} or {@code resource-stickiness}
   */
  public record Contribution(String node, int score, String reason) {}
}
