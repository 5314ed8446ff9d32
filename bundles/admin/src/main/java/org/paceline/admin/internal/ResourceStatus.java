package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.ResourceHistory;
import org.paceline.cib.model.ResourceState;
import org.paceline.cib.model.Role;

/**
 * The resources part of {@code GET /status}, from the CIB as crm_mon reads it: every primitive with
 * where and in which role it is active (one entry per active instance, so clone instances appear
 * once each; one {@code Stopped} entry when it runs nowhere), its parent group or clone, and the
 * failed operations Pacemaker lists under "Failed Resource Actions".
 */
final class ResourceStatus {

  private ResourceStatus() {}

  /** Fills {@code resources} with an entry per active instance or stopped primitive. */
  static void resources(Cib cib, ArrayNode resources) {
    for (Resource top : cib.configuration().resources()) {
      add(cib, top, null, resources);
    }
  }

  private static void add(Cib cib, Resource r, String parent, ArrayNode out) {
    add(cib, r, parent, null, out);
  }

  private static void add(Cib cib, Resource r, String parent, String parentType, ArrayNode out) {
    if (r instanceof Primitive p) {
      primitive(cib, p, parent, parentType, out);
    } else if (r instanceof Group g) {
      for (Resource m : g.members()) {
        add(cib, m, g.id(), "group", out);
      }
    } else if (r instanceof Clone c) {
      add(cib, c.child(), c.id(), c.promotable() ? "promotable" : "clone", out);
    }
  }

  private static void primitive(
      Cib cib, Primitive p, String parent, String parentType, ArrayNode out) {
    boolean any = false;
    for (NodeStatus ns : cib.status().nodes()) {
      for (ResourceHistory h : ns.instanceHistories(p.id())) {
        ResourceState state = h.currentState();
        if (!state.active() && !state.failed()) {
          continue;
        }
        ObjectNode e = out.addObject();
        e.put("id", h.resource());
        e.put("agent", p.agent().toString());
        String role = state.failed() ? "Failed" : roleName(state.role());
        if ("promotable".equals(parentType) && role.equals("Started")) {
          role = "Unpromoted"; // a started instance of a promotable clone is unpromoted
        }
        e.put("role", role);
        e.put("node", ns.node());
        if (parent == null) {
          e.putNull("parent");
        } else {
          e.put("parent", parent);
        }
        e.put("managed", !"false".equalsIgnoreCase(p.meta().getOrDefault("is-managed", "true")));
        putParentType(e, parentType);
        any = true;
      }
    }
    if (!any) {
      ObjectNode e = out.addObject();
      e.put("id", p.id());
      e.put("agent", p.agent().toString());
      e.put("role", "Stopped");
      e.putNull("node");
      if (parent == null) {
        e.putNull("parent");
      } else {
        e.put("parent", parent);
      }
      e.put("managed", !"false".equalsIgnoreCase(p.meta().getOrDefault("is-managed", "true")));
      putParentType(e, parentType);
    }
  }

  private static void putParentType(ObjectNode e, String parentType) {
    if (parentType == null) {
      e.putNull("parentType");
    } else {
      e.put("parentType", parentType);
    }
  }

  private static String roleName(Role role) {
    return switch (role) {
      case PROMOTED -> "Promoted";
      case UNPROMOTED -> "Unpromoted";
      case STOPPED -> "Stopped";
      default -> "Started";
    };
  }

  /**
   * Fills {@code failed} with the failed operations as crm_mon's "Failed Resource Actions" lists
   * them: every operation with a recorded failure ({@code last-failure-RSC#OP_INTERVAL}, kept until
   * cleanup even after the resource recovered), and any operation whose last result failed.
   */
  static void failedActions(Cib cib, ArrayNode failed) {
    String prefix = "last-failure-";
    for (NodeStatus ns : cib.status().nodes()) {
      java.util.Set<String> listed = new java.util.HashSet<>();
      for (java.util.Map.Entry<String, String> a : ns.transientAttributes().entrySet()) {
        if (!a.getKey().startsWith(prefix)) {
          continue;
        }
        String rest = a.getKey().substring(prefix.length());
        int hash = rest.lastIndexOf('#');
        int under = rest.lastIndexOf('_');
        if (hash < 0 || under < hash) {
          continue;
        }
        String rsc = rest.substring(0, hash);
        String op = rest.substring(hash + 1, under);
        long interval;
        long when;
        try {
          interval = Long.parseLong(rest.substring(under + 1));
          when = Long.parseLong(a.getValue().trim());
        } catch (NumberFormatException e) {
          continue;
        }
        ObjectNode e = failed.addObject();
        e.put("resource", rsc);
        e.put("node", ns.node());
        e.put("operation", op);
        e.put("intervalMs", interval);
        e.put("failCount", ns.failCount(rsc, op, interval).toString());
        e.put("lastRcChange", when);
        OperationRecord current = ns.history(rsc).flatMap(h -> h.latest(op, interval)).orElse(null);
        if (current != null && isFailure(current)) {
          e.put("rc", current.rc());
          e.put("status", current.status().name().toLowerCase(java.util.Locale.ROOT));
          e.put("exitReason", current.exitReason() == null ? "" : current.exitReason());
          e.put("recovered", false);
        } else {
          e.put("recovered", true);
        }
        listed.add(rsc + "#" + op + "_" + interval);
      }
      for (ResourceHistory h : ns.resources()) {
        for (OperationRecord o : h.inCallOrder()) {
          if (!isFailure(o)
              || listed.contains(h.resource() + "#" + o.operation() + "_" + o.intervalMs())) {
            continue;
          }
          ObjectNode e = failed.addObject();
          e.put("resource", h.resource());
          e.put("node", ns.node());
          e.put("operation", o.operation());
          e.put("intervalMs", o.intervalMs());
          e.put("failCount", "0");
          e.put("lastRcChange", o.lastRcChange());
          e.put("rc", o.rc());
          e.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
          e.put("exitReason", o.exitReason() == null ? "" : o.exitReason());
          e.put("recovered", false);
        }
      }
    }
  }

  /** Whether a recorded result failed: the CIB model's rule, against its transition key. */
  static boolean isFailure(OperationRecord o) {
    return o.countsAsFailure();
  }

  /** The expected rc of a transition key {@code ACTION:TRANSITION:RC:UUID}, or -1. */
  static int expectedRc(String key) {
    return OperationRecord.expectedRc(key);
  }

  /** The nodes whose CIB state says they must be fenced (lost while expected up). */
  static List<String> uncleanNodes(Cib cib) {
    List<String> out = new ArrayList<>();
    for (NodeStatus ns : cib.status().nodes()) {
      if (ns.membership() == org.paceline.cib.model.Membership.UNCLEAN) {
        out.add(ns.node());
      }
    }
    return out;
  }
}
