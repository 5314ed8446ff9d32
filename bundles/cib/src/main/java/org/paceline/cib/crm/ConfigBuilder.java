package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.Tag;
import org.paceline.cib.model.Template;

/** A mutable copy of every part of a configuration, for edits that touch several parts. */
final class ConfigBuilder {

  final Map<String, String> properties;
  List<Node> nodes;
  List<Resource> resources;
  List<Constraint> constraints;
  final Map<String, String> rscDefaults;
  final Map<String, String> opDefaults;
  List<Template> templates;
  List<Tag> tags;
  List<FencingLevel> fencingTopology;
  List<ConditionalSet> conditionalSets;

  ConfigBuilder(Configuration c) {
    properties = new LinkedHashMap<>(c.properties());
    nodes = new ArrayList<>(c.nodes());
    resources = new ArrayList<>(c.resources());
    constraints = new ArrayList<>(c.constraints());
    rscDefaults = new LinkedHashMap<>(c.rscDefaults());
    opDefaults = new LinkedHashMap<>(c.opDefaults());
    templates = new ArrayList<>(c.templates());
    tags = new ArrayList<>(c.tags());
    fencingTopology = new ArrayList<>(c.fencingTopology());
    conditionalSets = new ArrayList<>(c.conditionalSets());
  }

  ConfigBuilder() {
    this(Configuration.EMPTY);
  }

  Configuration build() {
    return new Configuration(
        properties,
        nodes,
        resources,
        constraints,
        rscDefaults,
        opDefaults,
        templates,
        tags,
        fencingTopology,
        ordered(conditionalSets));
  }

  /**
   * {@code sets} with each section's sets sorted by score, highest first (stable), each section
   * keeping the positions its sets had in the list: the order the model requires, and no change to
   * a list already in that order.
   */
  static List<ConditionalSet> ordered(List<ConditionalSet> sets) {
    Map<ConditionalSet.Section, List<ConditionalSet>> bySection =
        new EnumMap<>(ConditionalSet.Section.class);
    for (ConditionalSet s : sets) {
      bySection.computeIfAbsent(s.section(), k -> new ArrayList<>()).add(s);
    }
    bySection.values().forEach(l -> l.sort((a, b) -> b.score().compareTo(a.score())));
    Map<ConditionalSet.Section, Integer> next = new EnumMap<>(ConditionalSet.Section.class);
    List<ConditionalSet> out = new ArrayList<>();
    for (ConditionalSet s : sets) {
      int i = next.merge(s.section(), 1, Integer::sum) - 1;
      out.add(bySection.get(s.section()).get(i));
    }
    return out;
  }
}
