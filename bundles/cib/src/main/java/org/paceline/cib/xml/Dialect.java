package org.paceline.cib.xml;

import java.util.Map;
import java.util.TreeMap;
import org.paceline.cib.model.ClusterOptions;

/**
 * The spelling {@link CibXml} writes. Both dialects use Promoted/Unpromoted roles and promotable
 * {@code <clone>}s (schema pacemaker-3.7, which Pacemaker 2.1 accepts); they differ in the names of
 * the cluster options Pacemaker 3 renamed ({@link ClusterOptions#RENAMED}). Reading accepts both.
 */
public enum Dialect {
  /** Pacemaker 3: {@code fencing-enabled}, {@code fencing-action}, ... The default. */
  PACEMAKER_3,
  /**
   * Pacemaker 2.1: {@code stonith-enabled}, {@code stonith-action}, ..., which Pacemaker 2.1
   * understands (it ignores the {@code fencing-*} names).
   */
  PACEMAKER_2_1;

  /** Cluster options under this dialect's names, sorted; the newer name wins if both are set. */
  Map<String, String> optionNames(Map<String, String> properties) {
    Map<String, String> out = new TreeMap<>();
    properties.forEach((k, v) -> out.put(name(k), v));
    properties.forEach(
        (k, v) -> {
          if (!ClusterOptions.RENAMED.containsKey(k)) {
            out.put(name(k), v);
          }
        });
    return out;
  }

  private String name(String option) {
    if (this == PACEMAKER_3) {
      return ClusterOptions.RENAMED.getOrDefault(option, option);
    }
    for (Map.Entry<String, String> e : ClusterOptions.RENAMED.entrySet()) {
      if (e.getValue().equals(option)) {
        return e.getKey();
      }
    }
    return option;
  }
}
