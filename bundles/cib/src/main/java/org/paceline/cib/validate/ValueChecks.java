package org.paceline.cib.validate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.PacemakerDurations;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.Template;

/** Checks attribute values: cluster properties, meta-attributes, operations, fencing. */
final class ValueChecks {

  private ValueChecks() {}

  static void check(Configuration c, Findings f) {
    properties(c.properties(), "", f);
    Map<String, String> rscDefaults = c.rscDefaults();
    meta(rscDefaults, "rsc_defaults", "rsc_defaults", f);
    operationDefaults(c.opDefaults(), "op_defaults", f);
    for (ConditionalSet s : c.conditionalSets()) {
      String where = s.section().element() + " set '" + s.id() + "'";
      switch (s.section()) {
        case CLUSTER_PROPERTIES -> properties(s.values(), " (in " + where + ")", f);
        case RSC_DEFAULTS -> meta(s.values(), s.id(), where, f);
        case OP_DEFAULTS -> operationDefaults(s.values(), s.id(), f);
      }
    }
    for (Resource r : c.allResources()) {
      meta(r.meta(), r.id(), ConfigurationValidator.kind(r) + " '" + r.id() + "'", f);
    }
    for (Primitive p : c.primitives()) {
      operations(p.id(), "primitive '" + p.id() + "'", p.operations(), f);
    }
    for (Template t : c.templates()) {
      meta(t.meta(), t.id(), "template '" + t.id() + "'", f);
      operations(t.id(), "template '" + t.id() + "'", t.operations(), f);
    }
    for (Node n : c.nodes()) {
      for (String flag : new String[] {"standby", "maintenance"}) {
        String v = n.attributes().get(flag);
        String problem = v == null ? null : ValueType.BOOLEAN.problem(v);
        if (problem != null) {
          f.error(n.uname(), "node '" + n.uname() + "' " + flag + " '" + v + "' " + problem);
        }
      }
    }
    fencing(c, f);
  }

  private static void properties(Map<String, String> props, String where, Findings f) {
    props.forEach(
        (name, value) -> {
          ValueType type = KnownOptions.CLUSTER.get(name);
          if (KnownOptions.DEPRECATED.containsKey(name)) {
            f.warning(
                name,
                "cluster property '"
                    + name
                    + "'"
                    + where
                    + " is deprecated; use "
                    + KnownOptions.DEPRECATED.get(name));
          } else if (type == null) {
            String near = nearest(name);
            f.warning(
                name,
                "unknown cluster property '"
                    + name
                    + "'"
                    + where
                    + (near == null ? "" : "; did you mean '" + near + "'?"));
          } else {
            String problem = type.problem(value);
            if (problem != null) {
              f.error(
                  name,
                  "cluster property '" + name + "'" + where + " value '" + value + "' " + problem);
            }
          }
        });
  }

  /** The known option closest to {@code name} within two edits, or {@code null}. */
  private static String nearest(String name) {
    String best = null;
    int bestDistance = 3;
    for (String known : KnownOptions.CLUSTER.keySet()) {
      int d = distance(name.toLowerCase(Locale.ROOT), known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static void meta(Map<String, String> meta, String id, String what, Findings f) {
    meta.forEach(
        (name, value) -> {
          if (name.equals("target-role") && value.matches("(?i)#?default")) {
            f.warning(
                id,
                what
                    + " meta-attribute target-role '"
                    + value
                    + "' is Pacemaker 1's way of leaving it unset; remove it");
            return;
          }
          ValueType type = KnownOptions.RESOURCE_META.get(name);
          String problem = type == null ? null : type.problem(value);
          if (problem != null) {
            f.error(id, what + " meta-attribute " + name + " '" + value + "' " + problem);
          }
        });
  }

  private static void operationDefaults(Map<String, String> defaults, String id, Findings f) {
    defaults.forEach(
        (name, value) -> {
          ValueType type = KnownOptions.OPERATION.get(name);
          String problem = type == null ? null : type.problem(value);
          if (problem != null) {
            f.error(id, "op_defaults " + name + " '" + value + "' " + problem);
          }
        });
  }

  private static void operations(String id, String what, List<Operation> ops, Findings f) {
    Map<String, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : ops) {
      byKey
          .computeIfAbsent(op.name() + "@" + op.interval().toMillis(), k -> new ArrayList<>())
          .add(op);
      String interval = PacemakerDurations.format(op.interval());
      if (op.recurring() && !op.name().equals("monitor")) {
        f.warning(
            id,
            what
                + " operation '"
                + op.name()
                + "' has interval "
                + interval
                + "; only monitor operations recur");
      }
      op.extra()
          .forEach(
              (name, value) -> {
                ValueType type = KnownOptions.OPERATION.get(name);
                String problem = type == null ? null : type.problem(value);
                if (problem != null) {
                  f.error(
                      id,
                      what
                          + " operation '"
                          + op.name()
                          + "' interval "
                          + interval
                          + ": "
                          + name
                          + " '"
                          + value
                          + "' "
                          + problem);
                }
              });
    }
    byKey.forEach(
        (key, same) -> {
          if (same.size() > 1) {
            Operation op = same.get(0);
            List<String> roles = new ArrayList<>();
            same.forEach(o -> roles.add(o.role() == null ? "any role" : o.role().toString()));
            Duration interval = op.interval();
            f.error(
                id,
                what
                    + " has "
                    + same.size()
                    + " '"
                    + op.name()
                    + "' operations with interval "
                    + PacemakerDurations.format(interval)
                    + " (for "
                    + String.join(", ", roles)
                    + "); operations with the same name need different intervals, even for"
                    + " different roles");
          }
        });
  }

  private static void fencing(Configuration c, Findings f) {
    boolean enabled;
    try {
      enabled = c.clusterOptions().fencingEnabled();
    } catch (IllegalArgumentException e) {
      return; // the bad value is reported as a property error
    }
    boolean anyDevice = c.primitives().stream().anyMatch(Primitive::fencingDevice);
    if (enabled && !anyDevice) {
      String name =
          c.properties().containsKey("fencing-enabled") ? "fencing-enabled" : "stonith-enabled";
      f.warning(
          name,
          name
              + " is true"
              + (c.properties().containsKey(name) ? "" : " (the default)")
              + " but no fencing device (a stonith: primitive) is configured: resources will not"
              + " start; configure a fencing device or set "
              + name
              + "=false");
    }
  }
}
