package org.paceline.cib.xml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.Score;

/**
 * One name/value set as read ({@code instance_attributes}, {@code meta_attributes}, {@code
 * utilization}, {@code cluster_property_set}): its id, score, optional rule and pairs, with where
 * it was. nvpair ids are not kept; the writer makes them from the set id and the name.
 */
record NvSet(
    String element,
    String id,
    Score score,
    Rule rule,
    LinkedHashMap<String, String> values,
    int line,
    int column) {

  /** Reads the set the source is on; {@code rules} says whether a {@code <rule>} is allowed. */
  static NvSet read(XmlSource src, boolean rules) throws CibXmlException {
    String element = src.element();
    int line = src.line();
    int col = src.column();
    String id = src.attr("id");
    if (src.attr("id-ref") != null) {
      throw src.error("set references (id-ref) are not supported; write the set in full");
    }
    String scoreText = src.attr("score");
    src.checkAttributes();
    Score score;
    try {
      score = scoreText == null ? Score.ZERO : Score.parse(scoreText);
    } catch (IllegalArgumentException e) {
      throw src.error(e);
    }
    LinkedHashMap<String, String> values = new LinkedHashMap<>();
    Rule rule = null;
    while (src.nextChild()) {
      switch (src.element()) {
        case "nvpair" -> {
          src.attr("id");
          if (src.attr("id-ref") != null) {
            throw src.error("nvpair references (id-ref) are not supported");
          }
          String name = src.iattr("name");
          String value = src.iattr("value");
          src.checkAttributes();
          if (name == null || name.isBlank()) {
            throw src.error("the nvpair has no name");
          }
          if (value == null) {
            throw src.error("nvpair '" + name + "' has no value");
          }
          String before = values.putIfAbsent(name, value);
          if (before != null && !before.equals(value)) {
            src.warn(
                "nvpair",
                src.line(),
                src.column(),
                "'"
                    + name
                    + "' is set twice in "
                    + element
                    + " '"
                    + id
                    + "': the first value '"
                    + before
                    + "' applies, as in Pacemaker; '"
                    + value
                    + "' is dropped");
          }
          src.noChildren();
        }
        case "rule" -> {
          if (!rules) {
            throw src.error(
                "rules in <"
                    + element
                    + "> are not supported here (only in crm_config,"
                    + " rsc_defaults and op_defaults)");
          }
          if (rule != null) {
            throw src.error("a set has at most one rule");
          }
          rule = RuleReader.rule(src, false);
        }
        default -> throw src.error("is not allowed in <" + element + ">");
      }
    }
    return new NvSet(element, id, score, rule, values, line, col);
  }

  /** Pacemaker's order of precedence: highest score first, then document order. */
  static List<NvSet> byPrecedence(List<NvSet> sets) {
    List<NvSet> sorted = new ArrayList<>(sets);
    sorted.sort(Comparator.comparing(NvSet::score).reversed());
    return sorted;
  }

  /**
   * Merges rule-less sets into one map the way Pacemaker applies them: in order of precedence, the
   * first value of a name wins. A later, different value has no effect; it is dropped with a
   * warning.
   */
  static Map<String, String> merge(XmlSource src, List<NvSet> sets, String what) {
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    for (NvSet s : byPrecedence(sets)) {
      for (Map.Entry<String, String> e : s.values().entrySet()) {
        String before = out.putIfAbsent(e.getKey(), e.getValue());
        if (before != null && !before.equals(e.getValue())) {
          src.warn(
              s.element(),
              s.line(),
              s.column(),
              what
                  + " '"
                  + e.getKey()
                  + "' is set to '"
                  + before
                  + "' by a set of higher precedence: '"
                  + e.getValue()
                  + "' in set '"
                  + s.id()
                  + "' has no effect and is dropped");
        }
      }
    }
    return out;
  }

  /** Renames Pacemaker 1 role names in a {@code target-role} value: Master, Slave. */
  static void normalizeRoles(Map<String, String> meta) {
    String v = meta.get("target-role");
    if (v != null) {
      String t = v.trim();
      if (t.equalsIgnoreCase("master") || t.equalsIgnoreCase("slave")) {
        meta.put("target-role", Role.parse(t).toString());
      }
    }
  }
}
