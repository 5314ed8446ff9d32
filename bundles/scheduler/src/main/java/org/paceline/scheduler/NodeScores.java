package org.paceline.scheduler;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map from node name to score, in node order, backed by two arrays: a compact form for
 * the scores of every resource in a schedule. Absent nodes are stored as {@link Integer#MIN_VALUE}.
 */
public final class NodeScores extends AbstractMap<String, Integer> {

  private final String[] nodes;
  private final int[] scores;
  private final int size;

  private NodeScores(String[] nodes, int[] scores) {
    this.nodes = nodes;
    this.scores = scores;
    int n = 0;
    for (int s : scores) {
      if (s != Integer.MIN_VALUE) {
        n++;
      }
    }
    this.size = n;
  }

  /**
   * Scores over {@code nodes}; {@code scores[i]} is node {@code i}'s score, or {@link
   * Integer#MIN_VALUE} if the node has none. Neither array may change afterwards.
   */
  public static NodeScores of(String[] nodes, int[] scores) {
    if (nodes.length != scores.length) {
      throw new IllegalArgumentException("nodes and scores differ in length");
    }
    return new NodeScores(nodes, scores);
  }

  @Override
  public Integer get(Object key) {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i].equals(key) && scores[i] != Integer.MIN_VALUE) {
        return scores[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Map.Entry<String, Integer>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Integer>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < scores.length && scores[i] == Integer.MIN_VALUE) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < scores.length;
          }

          @Override
          public Map.Entry<String, Integer> next() {
            if (next >= scores.length) {
              throw new NoSuchElementException();
            }
            int i = next;
            next = advance(i + 1);
            return new SimpleImmutableEntry<>(nodes[i], scores[i]);
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
