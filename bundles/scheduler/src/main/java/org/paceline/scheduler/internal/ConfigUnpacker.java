package org.paceline.scheduler.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.ClusterOptions;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.PacemakerDurations;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.RuleContext;
import org.paceline.cib.model.Status;

/**
 * Phase "unpack", part 1: cluster options, nodes with their membership state, and the resource tree
 * (groups, clone instances) with their meta-attributes.
 */
final class ConfigUnpacker {

  private final Cluster c;

  private ConfigUnpacker(Cluster c) {
    this.c = c;
  }

  static Cluster unpack(Configuration config, Status status, Instant now, boolean quorate) {
    Cluster c = new Cluster(config, status, now, quorate);
    ConfigUnpacker u = new ConfigUnpacker(c);
    u.options();
    u.nodes();
    u.resources();
    return c;
  }

  private void options() {
    Map<String, String> props;
    try {
      props = c.config.effectiveProperties(RuleContext.at(c.now));
    } catch (RuntimeException e) {
      c.warnings.add("cluster properties: " + e.getMessage());
      props = c.config.properties();
    }
    ClusterOptions o = new ClusterOptions(props);
    c.fencingEnabled = option(() -> o.fencingEnabled(), true, "fencing-enabled");
    c.symmetric = option(() -> o.symmetricCluster(), true, "symmetric-cluster");
    c.noQuorumPolicy =
        option(() -> o.noQuorumPolicy(), ClusterOptions.NoQuorumPolicy.STOP, "no-quorum-policy");
    c.stopAll = option(() -> o.stopAllResources(), false, "stop-all-resources");
    c.maintenanceMode = option(() -> o.maintenanceMode(), false, "maintenance-mode");
    c.startFailureIsFatal = option(() -> o.startFailureIsFatal(), true, "start-failure-is-fatal");
    c.startupFencing = option(() -> o.startupFencing(), true, "startup-fencing");
    c.stopOrphanResources = option(() -> o.stopOrphanResources(), true, "stop-orphan-resources");
    c.stopOrphanActions = option(() -> o.stopOrphanActions(), true, "stop-orphan-actions");
    c.startupProbes = option(() -> o.enableStartupProbes(), true, "enable-startup-probes");
    c.placementStrategy =
        option(
            () -> o.placementStrategy(),
            ClusterOptions.PlacementStrategy.DEFAULT,
            "placement-strategy");
    c.fencingAction =
        option(() -> o.fencingAction(), ClusterOptions.FencingAction.REBOOT, "fencing-action")
                == ClusterOptions.FencingAction.OFF
            ? "off"
            : "reboot";
  }

  private <T> T option(Supplier<T> get, T dflt, String name) {
    try {
      return get.get();
    } catch (RuntimeException e) {
      c.warnings.add("ignoring bad cluster option " + name + ": " + e.getMessage());
      return dflt;
    }
  }

  // ---------------------------------------------------------------- nodes

  private void nodes() {
    List<Node> configured = new ArrayList<>(c.config.nodes());
    configured.sort((a, b) -> Scores.compareNames(a.uname(), b.uname()));
    Map<String, NodeStatus> states = new HashMap<>();
    for (NodeStatus ns : c.status.nodes()) {
      states.put(ns.node(), ns);
    }
    c.nodes = new SchedNode[configured.size()];
    for (int i = 0; i < configured.size(); i++) {
      Node cfg = configured.get(i);
      NodeStatus ns = states.get(cfg.uname());
      Map<String, String> attrs = new LinkedHashMap<>(cfg.attributes());
      if (ns != null) {
        attrs.putAll(ns.transientAttributes());
      }
      attrs.put("#uname", cfg.uname());
      attrs.put("#id", cfg.id());
      attrs.put("#kind", "cluster");
      SchedNode n = new SchedNode(i, cfg.uname(), cfg.id(), attrs);
      n.remote = cfg.type() == Node.Type.REMOTE;
      c.nodes[i] = n;
      c.nodesByName.put(n.name, n);
      c.nodesById.put(n.id, n);
      // All nodes are unclean until their status is seen (when fencing unseen nodes).
      n.unclean = c.fencingEnabled && c.startupFencing && cfg.type() != Node.Type.PING;
      if (ns != null) {
        nodeState(n, cfg, ns);
      }
      if (n.unclean && n.fenceReason == null) {
        n.fenceReason = "node is unclean";
      }
    }
    c.fenceActions = new Action[c.nodes.length];
  }

  private void nodeState(SchedNode n, Node cfg, NodeStatus ns) {
    n.unclean = false;
    n.unseen = false;
    String shutdownAttr = n.attribute("shutdown");
    n.shutdown =
        shutdownAttr != null && !shutdownAttr.isBlank() && !"0".equals(shutdownAttr.trim());
    n.expectedUp = !n.shutdown && "member".equals(ns.expected());
    boolean online;
    if (cfg.type() == Node.Type.PING) {
      online = false;
    } else if (!c.fencingEnabled) {
      online = onlineWithoutFencing(n, ns);
    } else {
      online = onlineWithFencing(n, ns);
    }
    n.online = online;
    if (Scores.isTrue(n.attribute("standby"))) {
      n.standby = true;
    }
    if (Scores.isTrue(n.attribute("maintenance"))) {
      n.maintenance = true;
    }
  }

  private static long member(NodeStatus ns) {
    String v = ns.inCcm();
    if (v == null) {
      return -1;
    }
    String t = v.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "true", "yes", "y", "on", "1":
        return 1;
      case "false", "no", "n", "off", "0":
        return 0;
      default:
        try {
          return Math.max(0, Long.parseLong(t));
        } catch (NumberFormatException e) {
          return -1;
        }
    }
  }

  private static long controller(NodeStatus ns) {
    String v = ns.crmd();
    if (v == null) {
      return 0;
    }
    String t = v.trim().toLowerCase(Locale.ROOT);
    if (t.equals("online")) {
      return 1;
    }
    if (t.equals("offline")) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(t));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String join(NodeStatus ns) {
    return ns.join() == null ? "down" : ns.join().name().toLowerCase(Locale.ROOT);
  }

  private boolean onlineWithoutFencing(SchedNode n, NodeStatus ns) {
    long member = member(ns);
    long online = controller(ns);
    if (member <= 0) {
      return false;
    }
    if (online > 0) {
      return "member".equals(join(ns));
    }
    if (!n.expectedUp) {
      return false;
    }
    fence(n, "peer is unexpectedly down");
    return false;
  }

  private boolean onlineWithFencing(SchedNode n, NodeStatus ns) {
    long member = member(ns);
    long online = controller(ns);
    String join = join(ns);
    String expected = ns.expected() == null ? "down" : ns.expected();
    String terminate = n.attribute("terminate");
    boolean terminateRequested =
        Scores.isTrue(terminate)
            || (terminate != null
                && !terminate.isEmpty()
                && Character.isDigit(terminate.charAt(0))
                && terminate.charAt(0) != '0');
    if (n.shutdown) {
      return online > 0;
    }
    if (member < 0) {
      fence(n, "peer has not been seen by the cluster");
      return false;
    }
    if ("banned".equals(join)) {
      fence(n, "peer failed Pacemaker membership criteria");
    } else if (terminateRequested) {
      if (member <= 0 && online <= 0 && "down".equals(join)) {
        return false;
      }
      fence(n, "fencing was requested");
    } else if ("down".equals(expected)) {
      if (member > 0 || online > 0) {
        n.standby = true;
        n.pending = true;
      }
    } else if (member <= 0) {
      fence(n, "peer is no longer part of the cluster");
    } else if (online <= 0) {
      fence(n, "peer process is no longer available");
    } else if ("member".equals(join)) {
      // active
    } else if ("pending".equals(join) || "down".equals(join)) {
      n.standby = true;
      n.pending = true;
    } else {
      fence(n, "peer was in an unknown state");
    }
    return member > 0;
  }

  /** Marks a node unclean (Pacemaker's "fence node"), keeping the first reason. */
  static void fence(SchedNode n, String reason) {
    if (!n.unclean) {
      n.unclean = true;
      n.fenceReason = reason;
    }
  }

  // ---------------------------------------------------------------- resources

  private void resources() {
    int n = c.nodes.length;
    List<SchedResource> top = new ArrayList<>();
    for (Resource r : c.config.resources()) {
      SchedResource sr = build(r, null, -1, n);
      top.add(sr);
    }
    // Process order: priority (highest first), then configuration order (stable sort).
    top.sort((a, b) -> Integer.compare(b.priority, a.priority));
    c.resources.addAll(top);
    for (SchedResource r : c.resources) {
      if (c.symmetric) {
        symmetricDefault(r);
      }
    }
  }

  private void symmetricDefault(SchedResource r) {
    for (SchedNode node : c.nodes) {
      if (node.remote) {
        continue;
      }
      if (r.allowed[node.index] == Scores.MISSING) {
        r.allowed[node.index] = 0;
      }
    }
    for (SchedResource ch : r.children) {
      symmetricDefault(ch);
    }
  }

  private SchedResource build(Resource r, SchedResource parent, int instance, int n) {
    String suffix = instance >= 0 ? ":" + instance : "";
    if (r instanceof Primitive p) {
      SchedPrimitive sp = new SchedPrimitive(p.id() + suffix, p.id(), instance, p, parent, n);
      register(sp, p.id(), instance);
      primitiveMeta(sp, parent);
      return sp;
    }
    if (r instanceof Group g) {
      SchedGroup sg = new SchedGroup(g.id() + suffix, g.id(), instance, parent, n);
      register(sg, g.id(), instance);
      sg.meta = meta(g.meta(), parent, null);
      commonMeta(sg);
      sg.ordered = !"false".equalsIgnoreCase(sg.meta.getOrDefault("ordered", "true"));
      sg.colocated = !"false".equalsIgnoreCase(sg.meta.getOrDefault("collocated", "true"));
      for (Primitive m : g.members()) {
        sg.children.add(build(m, sg, instance, n));
      }
      return sg;
    }
    Clone cl = (Clone) r;
    SchedClone sc = new SchedClone(cl.id(), cl.child(), n);
    register(sc, cl.id(), -1);
    Map<String, String> m = meta(cl.meta(), null, null);
    if (!m.containsKey("resource-stickiness")) {
      // Clone instances are sticky by default (Pacemaker 2.1+).
      m = new LinkedHashMap<>(m);
      m.put("resource-stickiness", "1");
    }
    sc.meta = m;
    commonMeta(sc);
    sc.promotable = cl.promotable();
    sc.maxTotal = intMeta(m, "clone-max", c.nodes.length);
    sc.maxPerNode = Math.max(1, intMeta(m, "clone-node-max", 1));
    sc.promotedMax = intMeta(m, m.containsKey("promoted-max") ? "promoted-max" : "master-max", 1);
    sc.promotedNodeMax =
        intMeta(m, m.containsKey("promoted-node-max") ? "promoted-node-max" : "master-node-max", 1);
    String gu = m.get("globally-unique");
    sc.unique = gu == null ? sc.maxPerNode > 1 : Scores.isTrue(gu);
    sc.interleave = Scores.isTrue(m.get("interleave"));
    sc.orderedClone = Scores.isTrue(m.get("ordered"));
    sc.notifyEnabled = Scores.isTrue(m.get("notify"));
    for (int i = 0; i < sc.maxTotal; i++) {
      sc.children.add(build(cl.child(), sc, i, n));
    }
    sc.configuredInstances = sc.maxTotal;
    for (SchedResource ch : sc.children) {
      markUnique(ch, sc.unique);
    }
    return sc;
  }

  private static void markUnique(SchedResource r, boolean unique) {
    r.unique = unique;
    for (SchedResource ch : r.children) {
      markUnique(ch, unique);
    }
  }

  private void register(SchedResource r, String configId, int instance) {
    c.byId.put(r.id, r);
    if (instance <= 0) {
      c.byConfigId.putIfAbsent(configId, r);
    }
  }

  /** Adds an orphan clone instance (history of an instance number beyond clone-max). */
  SchedResource addCloneInstance(SchedClone sc) {
    int number = sc.children.size();
    SchedResource inst = build(sc.template, sc, number, c.nodes.length);
    markUnique(inst, sc.unique);
    markOrphan(inst);
    sc.children.add(inst);
    if (c.symmetric) {
      symmetricDefault(inst);
    }
    return inst;
  }

  static void markOrphan(SchedResource r) {
    r.orphan = true;
    for (SchedResource ch : r.children) {
      markOrphan(ch);
    }
  }

  static ConfigUnpacker forCluster(Cluster c) {
    return new ConfigUnpacker(c);
  }

  /** Adds an orphan primitive: history of a resource that is no longer configured. */
  SchedPrimitive addOrphan(String id, Primitive definition) {
    SchedPrimitive sp = new SchedPrimitive(id, id, -1, definition, null, c.nodes.length);
    c.byId.put(id, sp);
    c.byConfigId.put(id, sp);
    sp.meta = meta(Map.of(), null, definition);
    commonMeta(sp);
    primitiveSettings(sp);
    sp.orphan = true;
    if (c.symmetric) {
      symmetricDefault(sp);
    }
    c.resources.add(sp);
    return sp;
  }

  /** Resource defaults in effect, per agent (conditional sets may test the agent). */
  private final Map<String, Map<String, String>> defaultsByAgent = new HashMap<>();

  private Map<String, String> defaults(Primitive forAgent) {
    if (c.config.conditionalSets().isEmpty()) {
      return c.config.rscDefaults();
    }
    String key = forAgent == null ? "" : forAgent.agent().toString();
    return defaultsByAgent.computeIfAbsent(
        key,
        k -> {
          try {
            RuleContext ctx = RuleContext.at(c.now);
            if (forAgent != null) {
              ctx = ctx.withAgent(forAgent.agent());
            }
            return c.config.effectiveRscDefaults(ctx);
          } catch (RuntimeException e) {
            return c.config.rscDefaults();
          }
        });
  }

  private Map<String, String> meta(
      Map<String, String> own, SchedResource parent, Primitive forAgent) {
    Map<String, String> defaults = defaults(forAgent);
    if (parent == null && defaults.isEmpty()) {
      return own;
    }
    if (parent == null && own.isEmpty()) {
      return defaults;
    }
    Map<String, String> out = new LinkedHashMap<>();
    out.putAll(defaults);
    if (parent != null) {
      out.putAll(parent.meta);
    }
    out.putAll(own);
    return out;
  }

  private void primitiveMeta(SchedPrimitive sp, SchedResource parent) {
    sp.meta = meta(sp.definition.meta(), parent, sp.definition);
    commonMeta(sp);
    primitiveSettings(sp);
  }

  private void commonMeta(SchedResource r) {
    Map<String, String> m = r.meta;
    r.priority = Scores.parse(m.get("priority"));
    String st = m.get("resource-stickiness");
    if (st == null) {
      st = m.get("default-resource-stickiness");
    }
    r.stickiness = Scores.parse(st);
    String managed = m.get("is-managed");
    if (managed != null && !Scores.isTrue(managed)) {
      r.managed = false;
    }
    if (Scores.isTrue(m.get("maintenance")) || c.maintenanceMode) {
      r.managed = false;
      r.maintenance = true;
    }
    String critical = m.get("critical");
    if (critical != null && !Scores.isTrue(critical)) {
      r.critical = false;
    }
    String tr = m.get("target-role");
    if (tr != null && !tr.isBlank() && !"default".equalsIgnoreCase(tr.trim())) {
      try {
        r.targetRole = Role.parse(tr);
        r.nextRole = r.targetRole;
      } catch (IllegalArgumentException e) {
        c.warnings.add("resource " + r.id + ": " + e.getMessage());
      }
    }
  }

  private void primitiveSettings(SchedPrimitive sp) {
    Map<String, String> m = sp.meta;
    sp.fencingDevice = "stonith".equals(sp.agent.standard());
    if (sp.fencingDevice) {
      c.haveFencingDevice |= !sp.orphan;
    }
    String mt = m.get("migration-threshold");
    if (mt != null) {
      sp.migrationThreshold = Math.max(0, Scores.parse(mt));
    }
    String ft = m.get("failure-timeout");
    if (ft != null && !ft.isBlank()) {
      try {
        sp.failureTimeoutMs = PacemakerDurations.parse(ft, "failure-timeout").toMillis();
      } catch (IllegalArgumentException e) {
        c.warnings.add("resource " + sp.id + ": " + e.getMessage());
      }
    }
    String ma = m.get("multiple-active");
    if (ma != null) {
      switch (ma.trim().toLowerCase(Locale.ROOT)) {
        case "stop_only" -> sp.recovery = SchedPrimitive.Recovery.STOP_ONLY;
        case "block" -> sp.recovery = SchedPrimitive.Recovery.BLOCK;
        case "stop_unexpected" -> sp.recovery = SchedPrimitive.Recovery.STOP_UNEXPECTED;
        default -> sp.recovery = SchedPrimitive.Recovery.STOP_START;
      }
    }
    sp.requires = requires(sp, m.get("requires"));
  }

  private SchedPrimitive.Requires requires(SchedPrimitive sp, String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "nothing":
        return SchedPrimitive.Requires.NOTHING;
      case "quorum":
        return SchedPrimitive.Requires.QUORUM;
      case "fencing":
        return SchedPrimitive.Requires.FENCING;
      case "unfencing":
        if (sp.fencingDevice || !c.fencingEnabled) {
          return SchedPrimitive.Requires.QUORUM;
        }
        return SchedPrimitive.Requires.UNFENCING;
      default:
        if (sp.fencingDevice) {
          return SchedPrimitive.Requires.QUORUM;
        }
        if (c.fencingEnabled) {
          return SchedPrimitive.Requires.FENCING;
        }
        if (c.noQuorumPolicy == ClusterOptions.NoQuorumPolicy.IGNORE) {
          return SchedPrimitive.Requires.NOTHING;
        }
        return SchedPrimitive.Requires.QUORUM;
    }
  }

  private static int intMeta(Map<String, String> m, String key, int dflt) {
    String v = m.get(key);
    if (v == null) {
      return dflt;
    }
    return Math.max(0, Scores.parse(v));
  }
}
