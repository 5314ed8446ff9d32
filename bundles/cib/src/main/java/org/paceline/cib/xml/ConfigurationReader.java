package org.paceline.cib.xml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paceline.cib.model.ClusterOptions;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Tag;

/**
 * Reads {@code <configuration>}. Cluster options written with Pacemaker 2 names ({@code
 * stonith-enabled}, ...) are renamed to Pacemaker 3's ({@link ClusterOptions#RENAMED}); rule-less
 * sets are merged, rule-conditioned ones become {@link ConditionalSet}s.
 */
final class ConfigurationReader {

  private ConfigurationReader() {}

  /** Reads the {@code <configuration>} element the source is on. */
  static Configuration read(XmlSource src) throws CibXmlException {
    int line = src.line();
    int col = src.column();
    src.checkAttributes();
    Map<String, String> properties = Map.of();
    Map<String, String> rscDefaults = Map.of();
    Map<String, String> opDefaults = Map.of();
    List<ConditionalSet> conditional = new ArrayList<>();
    List<Node> nodes = List.of();
    ResourceReader.Resources resources = new ResourceReader.Resources(List.of(), List.of());
    List<Constraint> constraints = List.of();
    List<FencingLevel> topology = List.of();
    List<Tag> tags = List.of();
    Set<String> seen = new HashSet<>();
    while (src.nextChild()) {
      String element = src.element();
      if (!seen.add(element)) {
        throw src.error("appears twice in <configuration>");
      }
      switch (element) {
        case "crm_config" -> {
          src.checkAttributes();
          properties =
              section(
                  src,
                  ConditionalSet.Section.CLUSTER_PROPERTIES,
                  "cluster_property_set",
                  conditional);
        }
        case "rsc_defaults" -> {
          src.checkAttributes();
          rscDefaults =
              section(src, ConditionalSet.Section.RSC_DEFAULTS, "meta_attributes", conditional);
          NvSet.normalizeRoles(rscDefaults);
        }
        case "op_defaults" -> {
          src.checkAttributes();
          opDefaults =
              section(src, ConditionalSet.Section.OP_DEFAULTS, "meta_attributes", conditional);
        }
        case "nodes" -> nodes = nodes(src);
        case "resources" -> resources = ResourceReader.read(src);
        case "constraints" -> constraints = ConstraintReader.read(src);
        case "fencing-topology" -> topology = topology(src);
        case "tags" -> tags = tags(src);
        case "acls", "alerts" ->
            throw src.error("is not supported by Paceline; remove the section to import the CIB");
        default -> throw src.error("is not a configuration section");
      }
    }
    try {
      return new Configuration(
          properties,
          nodes,
          resources.resources(),
          constraints,
          rscDefaults,
          opDefaults,
          resources.templates(),
          tags,
          topology,
          conditional);
    } catch (IllegalArgumentException e) {
      throw new CibXmlException("<configuration>: " + e.getMessage(), line, col, e);
    }
  }

  /**
   * Reads the sets of {@code crm_config}, {@code rsc_defaults} or {@code op_defaults}: returns the
   * merged rule-less values and adds the rule-conditioned sets, in Pacemaker's order of precedence,
   * to {@code conditional}. A conditional value that a rule-less set of higher precedence always
   * overrides never applies in Pacemaker either: it is dropped with a warning.
   */
  private static Map<String, String> section(
      XmlSource src,
      ConditionalSet.Section section,
      String setElement,
      List<ConditionalSet> conditional)
      throws CibXmlException {
    List<NvSet> sets = new ArrayList<>();
    while (src.nextChild()) {
      if (!src.element().equals(setElement)) {
        throw src.error("is not allowed in <" + section.element() + ">; expected " + setElement);
      }
      NvSet set = NvSet.read(src, true);
      if (section == ConditionalSet.Section.CLUSTER_PROPERTIES) {
        set = renameOptions(set);
      }
      sets.add(set);
    }
    Map<String, String> base = new LinkedHashMap<>();
    Map<String, NvSet> baseSetOf = new HashMap<>();
    List<NvSet> unconditional = new ArrayList<>();
    for (NvSet s : NvSet.byPrecedence(sets)) {
      if (s.rule() == null) {
        unconditional.add(s);
        s.values().keySet().forEach(k -> baseSetOf.putIfAbsent(k, s));
        continue;
      }
      LinkedHashMap<String, String> live = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : s.values().entrySet()) {
        NvSet over = baseSetOf.get(e.getKey());
        if (over == null) {
          live.put(e.getKey(), e.getValue());
        } else {
          src.warn(
              s.element(),
              s.line(),
              s.column(),
              "'"
                  + e.getKey()
                  + "' in set '"
                  + s.id()
                  + "' never applies: set '"
                  + over.id()
                  + "' (line "
                  + over.line()
                  + ") sets it without a rule and comes first in order of precedence; dropped");
        }
      }
      if (live.isEmpty()) {
        continue;
      }
      try {
        conditional.add(new ConditionalSet(section, s.id(), s.score(), s.rule(), live));
      } catch (IllegalArgumentException e) {
        throw new CibXmlException(
            "<" + s.element() + ">: " + e.getMessage(), s.line(), s.column(), e);
      }
    }
    base.putAll(NvSet.merge(src, unconditional, section.element() + " option"));
    return base;
  }

  /** The set with Pacemaker 2 option names replaced by Pacemaker 3's. */
  private static NvSet renameOptions(NvSet set) throws CibXmlException {
    LinkedHashMap<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : set.values().entrySet()) {
      String name = ClusterOptions.RENAMED.getOrDefault(e.getKey(), e.getKey());
      String before = values.putIfAbsent(name, e.getValue());
      if (before != null && !before.equals(e.getValue())) {
        throw new CibXmlException(
            "<"
                + set.element()
                + ">: '"
                + name
                + "' is set to '"
                + before
                + "' and, under its older name, to '"
                + e.getValue()
                + "'",
            set.line(),
            set.column(),
            null);
      }
    }
    return new NvSet(
        set.element(), set.id(), set.score(), set.rule(), values, set.line(), set.column());
  }

  private static List<Node> nodes(XmlSource src) throws CibXmlException {
    src.checkAttributes();
    List<Node> nodes = new ArrayList<>();
    while (src.nextChild()) {
      if (!src.element().equals("node")) {
        throw src.error("is not allowed in <nodes>");
      }
      int line = src.line();
      int col = src.column();
      String id = src.attr("id");
      String uname = src.attr("uname");
      String type = src.attr("type");
      src.checkAttributes();
      List<NvSet> attributes = new ArrayList<>();
      List<NvSet> utilization = new ArrayList<>();
      while (src.nextChild()) {
        switch (src.element()) {
          case "instance_attributes" -> attributes.add(NvSet.read(src, false));
          case "utilization" -> utilization.add(NvSet.read(src, false));
          default -> throw src.error("is not allowed in a <node>");
        }
      }
      try {
        nodes.add(
            new Node(
                id,
                uname,
                type == null ? null : Node.Type.parse(type),
                NvSet.merge(src, attributes, "node attribute"),
                NvSet.merge(src, utilization, "node utilization")));
      } catch (IllegalArgumentException e) {
        throw new CibXmlException("<node>: " + e.getMessage(), line, col, e);
      }
    }
    return nodes;
  }

  private static List<FencingLevel> topology(XmlSource src) throws CibXmlException {
    src.checkAttributes();
    List<FencingLevel> levels = new ArrayList<>();
    while (src.nextChild()) {
      if (!src.element().equals("fencing-level")) {
        throw src.error("is not allowed in <fencing-topology>");
      }
      String id = src.attr("id");
      String index = src.attr("index");
      String target = src.attr("target");
      String pattern = src.attr("target-pattern");
      String attribute = src.attr("target-attribute");
      String value = src.attr("target-value");
      String devices = src.attr("devices");
      src.checkAttributes();
      try {
        if (index == null) {
          throw new IllegalArgumentException("attribute 'index' is missing");
        }
        if (devices == null) {
          throw new IllegalArgumentException("attribute 'devices' is missing");
        }
        int i;
        try {
          i = Integer.parseInt(index.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("index '" + index + "' is not an integer", e);
        }
        List<String> ids = new ArrayList<>();
        for (String d : devices.split(",", -1)) {
          ids.add(d.trim());
        }
        levels.add(new FencingLevel(id, i, target, pattern, attribute, value, ids));
      } catch (IllegalArgumentException e) {
        throw src.error(e);
      }
      src.noChildren();
    }
    return levels;
  }

  private static List<Tag> tags(XmlSource src) throws CibXmlException {
    src.checkAttributes();
    List<Tag> tags = new ArrayList<>();
    while (src.nextChild()) {
      if (!src.element().equals("tag")) {
        throw src.error("is not allowed in <tags>");
      }
      int line = src.line();
      int col = src.column();
      String id = src.attr("id");
      src.checkAttributes();
      List<String> refs = new ArrayList<>();
      while (src.nextChild()) {
        if (!src.element().equals("obj_ref")) {
          throw src.error("is not allowed in a <tag>");
        }
        refs.add(src.required("id"));
        src.checkAttributes();
        src.noChildren();
      }
      try {
        tags.add(new Tag(id, refs));
      } catch (IllegalArgumentException e) {
        throw new CibXmlException("<tag>: " + e.getMessage(), line, col, e);
      }
    }
    return tags;
  }
}
