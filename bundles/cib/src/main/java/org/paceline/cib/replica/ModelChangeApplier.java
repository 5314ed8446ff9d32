package org.paceline.cib.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.crm.ConfigurationEditException;
import org.paceline.cib.crm.ConfigurationEditor;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.crm.CrmScript;
import org.paceline.cib.crm.CrmSyntaxException;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.JoinState;
import org.paceline.cib.model.Membership;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.ResourceHistory;
import org.paceline.cib.model.Score;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibChange.ApplyCrm;
import org.paceline.cib.service.CibChange.ClearHistory;
import org.paceline.cib.service.CibChange.DeleteObjects;
import org.paceline.cib.service.CibChange.NodeFenced;
import org.paceline.cib.service.CibChange.RecordOperation;
import org.paceline.cib.service.CibChange.ReplaceConfiguration;
import org.paceline.cib.service.CibChange.ReplaceNodeHistory;
import org.paceline.cib.service.CibChange.SetNodeAttribute;
import org.paceline.cib.service.CibChange.SetNodeState;
import org.paceline.cib.service.CibChange.SetResourceMeta;
import org.paceline.cib.service.CibChange.SetTransientAttribute;
import org.paceline.cib.service.CibChangeException;

/**
 * The CIB's change rules: configuration edits through the crm editor, status edits on the model.
 * Pure and deterministic (no clock, no randomness, no I/O), as every replica must agree.
 */
public final class ModelChangeApplier implements ChangeApplier {

  @Override
  public Cib apply(Cib cib, CibChange change) throws CibChangeException {
    try {
      if (change instanceof ReplaceConfiguration r) {
        return r.configuration().equals(cib.configuration())
            ? cib
            : cib.withConfiguration(r.configuration());
      } else if (change instanceof ApplyCrm a) {
        return withConfiguration(cib, applyCrm(cib.configuration(), a));
      } else if (change instanceof DeleteObjects d) {
        Configuration config = cib.configuration();
        for (String id : d.ids()) {
          config = ConfigurationEditor.delete(config, id, d.force()).configuration();
        }
        return withConfiguration(cib, config);
      } else if (change instanceof SetNodeAttribute n) {
        return withConfiguration(cib, setNodeAttribute(cib.configuration(), n));
      } else if (change instanceof SetResourceMeta m) {
        return withConfiguration(cib, setResourceMeta(cib.configuration(), m));
      } else if (change instanceof RecordOperation r) {
        return recordOperation(cib, r);
      } else if (change instanceof SetTransientAttribute t) {
        return setTransient(cib, t);
      } else if (change instanceof ClearHistory c) {
        return clearHistory(cib, c);
      } else if (change instanceof SetNodeState n) {
        return setNodeState(cib, n);
      } else if (change instanceof NodeFenced f) {
        return nodeFenced(cib, f);
      } else if (change instanceof ReplaceNodeHistory h) {
        return replaceNodeHistory(cib, h);
      }
      throw new CibChangeException("unknown change " + change.describe());
    } catch (CrmSyntaxException e) {
      throw new CibChangeException(e.getMessage(), e);
    } catch (ConfigurationEditException e) {
      throw new CibChangeException(e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new CibChangeException(e.getMessage(), e);
    }
  }

  private static Cib withConfiguration(Cib cib, Configuration next) {
    return next.equals(cib.configuration()) ? cib : cib.withConfiguration(next);
  }

  private static Configuration applyCrm(Configuration config, ApplyCrm a)
      throws CibChangeException {
    CrmScript script = CrmParser.parseScript(a.statements());
    if (script.statements().isEmpty()) {
      throw new CibChangeException("no crm statement to apply");
    }
    return ConfigurationEditor.apply(config, script, a.replace());
  }

  private static Configuration setNodeAttribute(Configuration config, SetNodeAttribute n) {
    List<Node> nodes = new ArrayList<>(config.nodes());
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).uname().equals(n.node())) {
        nodes.set(i, nodes.get(i).withAttribute(n.name(), n.value()));
        return config.withNodes(nodes);
      }
    }
    if (n.value() == null) {
      return config;
    }
    nodes.add(new Node(n.node(), n.node(), Map.of(n.name(), n.value())));
    return config.withNodes(nodes);
  }

  private static Configuration setResourceMeta(Configuration config, SetResourceMeta m)
      throws CibChangeException {
    if (config.resource(m.resource()).isEmpty()) {
      throw new CibChangeException("no resource '" + m.resource() + "' in the configuration");
    }
    List<Resource> next = new ArrayList<>();
    for (Resource r : config.resources()) {
      next.add(withMeta(r, m));
    }
    return config.withResources(next);
  }

  private static Resource withMeta(Resource r, SetResourceMeta m) {
    if (r.id().equals(m.resource())) {
      return r.meta().get(m.name()) == null && m.value() == null
              || m.value() != null && m.value().equals(r.meta().get(m.name()))
          ? r
          : r.withMeta(m.name(), m.value());
    }
    if (r instanceof Group g) {
      List<Primitive> members = new ArrayList<>();
      for (Primitive p : g.members()) {
        members.add((Primitive) withMeta(p, m));
      }
      return new Group(g.id(), members, g.meta(), g.params());
    }
    if (r instanceof Clone c) {
      return new Clone(c.id(), withMeta(c.child(), m), c.meta());
    }
    return r;
  }

  private static NodeStatus statusOf(Cib cib, String node) {
    return cib.status()
        .node(node)
        .orElseGet(() -> new NodeStatus(node, Membership.ONLINE, JoinState.MEMBER));
  }

  private static Cib recordOperation(Cib cib, RecordOperation r) {
    NodeStatus ns = statusOf(cib, r.node());
    AgentId agent = AgentId.parse(r.agent());
    OperationRecord rec = r.record();
    List<ResourceHistory> histories = new ArrayList<>(ns.resources());
    boolean found = false;
    for (int i = 0; i < histories.size(); i++) {
      ResourceHistory h = histories.get(i);
      if (h.resource().equals(r.resource())) {
        List<OperationRecord> ops = new ArrayList<>();
        for (OperationRecord o : h.operations()) {
          if (!(o.operation().equals(rec.operation()) && o.intervalMs() == rec.intervalMs())) {
            ops.add(o);
          }
        }
        ops.add(rec);
        histories.set(i, new ResourceHistory(h.resource(), ops, agent));
        found = true;
        break;
      }
    }
    if (!found) {
      histories.add(new ResourceHistory(r.resource(), List.of(rec), agent));
    }
    NodeStatus next = ns.withResources(histories);
    if (r.countFailure()) {
      Map<String, String> attrs = new TreeMap<>(ns.transientAttributes());
      String count = NodeStatus.failCountAttribute(r.resource(), rec.operation(), rec.intervalMs());
      Score old = attrs.containsKey(count) ? Score.parse(attrs.get(count)) : Score.ZERO;
      // A failed start with start-failure-is-fatal (the default) bars the node at once.
      boolean fatal =
          "start".equals(rec.operation())
              && cib.configuration().clusterOptions().startFailureIsFatal();
      Score now = fatal ? Score.INFINITY : old.plus(Score.of(1));
      attrs.put(count, now.isInfinity() ? "INFINITY" : Integer.toString(now.value()));
      attrs.put(
          NodeStatus.lastFailureAttribute(r.resource(), rec.operation(), rec.intervalMs()),
          Long.toString(rec.lastRcChange()));
      next = next.withTransientAttributes(attrs);
    }
    return cib.withStatus(cib.status().withNode(next));
  }

  private static Cib setNodeState(Cib cib, SetNodeState n) {
    NodeStatus ns = statusOf(cib, n.node());
    String inCcm = Boolean.toString(n.inCcm());
    String crmd = n.crmdOnline() ? "online" : "offline";
    String id = n.id() == null ? ns.id() : n.id();
    Map<String, String> attrs = n.inCcm() ? ns.transientAttributes() : Map.of();
    Map<String, String> extra = ns.extra();
    if (!n.inCcm() && extra.containsKey("shutdown")) {
      extra = new TreeMap<>(extra);
      extra.remove("shutdown");
    }
    Membership m =
        NodeStatus.membership(inCcm, crmd, n.join(), n.expected(), extra.get("shutdown"));
    NodeStatus next =
        new NodeStatus(
            n.node(), m, n.join(), attrs, ns.resources(), id, inCcm, crmd, n.expected(), extra);
    return next.equals(ns) && cib.status().node(n.node()).isPresent()
        ? cib
        : cib.withStatus(cib.status().withNode(next));
  }

  private static Cib nodeFenced(Cib cib, NodeFenced f) {
    NodeStatus ns = statusOf(cib, f.node());
    Map<String, String> extra = new TreeMap<>(ns.extra());
    extra.remove("shutdown");
    NodeStatus next =
        new NodeStatus(
            f.node(),
            Membership.OFFLINE,
            JoinState.DOWN,
            Map.of(),
            List.of(),
            ns.id(),
            "false",
            "offline",
            "down",
            extra);
    return cib.withStatus(cib.status().withNode(next));
  }

  private static Cib replaceNodeHistory(Cib cib, ReplaceNodeHistory h) {
    NodeStatus ns = statusOf(cib, h.node());
    if (ns.resources().equals(h.resources()) && cib.status().node(h.node()).isPresent()) {
      return cib;
    }
    return cib.withStatus(cib.status().withNode(ns.withResources(h.resources())));
  }

  private static Cib setTransient(Cib cib, SetTransientAttribute t) {
    NodeStatus ns = statusOf(cib, t.node());
    Map<String, String> attrs = new TreeMap<>(ns.transientAttributes());
    String old = t.value() == null ? attrs.remove(t.name()) : attrs.put(t.name(), t.value());
    if (t.value() == null ? old == null : t.value().equals(old)) {
      return cib;
    }
    return cib.withStatus(cib.status().withNode(ns.withTransientAttributes(attrs)));
  }

  private static Cib clearHistory(Cib cib, ClearHistory c) {
    Cib out = cib;
    for (NodeStatus ns : cib.status().nodes()) {
      if (c.node() != null && !c.node().equals(ns.node())) {
        continue;
      }
      List<ResourceHistory> kept =
          ns.resources().stream()
              .filter(h -> !NodeStatus.primitiveOf(h.resource()).equals(c.resource()))
              .toList();
      Map<String, String> attrs = new TreeMap<>();
      ns.transientAttributes()
          .forEach(
              (k, v) -> {
                if (!isFailureAttribute(k, c.resource())) {
                  attrs.put(k, v);
                }
              });
      if (kept.size() != ns.resources().size() || attrs.size() != ns.transientAttributes().size()) {
        out =
            out.withStatus(
                out.status().withNode(ns.withResources(kept).withTransientAttributes(attrs)));
      }
    }
    return out;
  }

  private static boolean isFailureAttribute(String name, String resource) {
    for (String prefix : List.of("fail-count-", "last-failure-")) {
      if (name.startsWith(prefix)) {
        String rest = name.substring(prefix.length());
        int hash = rest.indexOf('#');
        String rsc = hash < 0 ? rest : rest.substring(0, hash);
        if (NodeStatus.primitiveOf(rsc).equals(resource)) {
          return true;
        }
      }
    }
    return false;
  }
}
