package org.paceline.cib.xml;

import java.io.IOException;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.ResourceHistory;
import org.paceline.cib.model.Status;

/** Writes {@code <status>}: node states, transient attributes and operation history. */
final class StatusWriter {

  private final XmlSink out;

  /** The sorted keys of each extra-attribute map seen; the maps are mostly shared instances. */
  private final Map<Map<String, String>, String[]> sortedKeys = new IdentityHashMap<>();

  private StatusWriter(XmlSink out) {
    this.out = out;
  }

  static void write(Status status, XmlSink out) throws IOException {
    new StatusWriter(out).status(status);
  }

  private void status(Status status) throws IOException {
    out.start("status");
    for (NodeStatus n : status.nodes()) {
      node(n);
    }
    out.end();
  }

  private void node(NodeStatus n) throws IOException {
    String id = n.id() == null ? n.node() : n.id();
    out.start("node_state");
    out.attr("id", id);
    out.attr("uname", n.node());
    out.attr("in_ccm", n.inCcm());
    out.attr("crmd", n.crmd());
    out.attr("join", n.join().name().toLowerCase(java.util.Locale.ROOT));
    out.attr("expected", n.expected());
    extra(n.extra());
    if (!n.transientAttributes().isEmpty()) {
      out.start("transient_attributes");
      out.attr("id", id);
      out.start("instance_attributes");
      String setId = IdAllocator.sanitize("status-" + id);
      out.attr("id", setId);
      for (Map.Entry<String, String> e : new TreeMap<>(n.transientAttributes()).entrySet()) {
        out.start("nvpair");
        out.attr("id", IdAllocator.sanitize(setId + "-" + e.getKey()));
        out.attr("name", e.getKey());
        out.attr("value", e.getValue());
        out.end();
      }
      out.end();
      out.end();
    }
    if (!n.resources().isEmpty()) {
      out.start("lrm");
      out.attr("id", id);
      out.start("lrm_resources");
      for (ResourceHistory h : n.resources()) {
        history(h);
      }
      out.end();
      out.end();
    }
    out.end();
  }

  private void history(ResourceHistory h) throws IOException {
    out.start("lrm_resource");
    out.attr("id", h.resource());
    if (h.agent() != null) {
      out.attr("class", h.agent().standard());
      out.attr("provider", h.agent().provider());
      out.attr("type", h.agent().type());
    }
    for (OperationRecord op : h.operations()) {
      op(h.resource(), op);
    }
    out.end();
  }

  private void op(String rsc, OperationRecord op) throws IOException {
    out.start("lrm_rsc_op");
    out.attr("id", op.id() == null ? op.key(rsc) : op.id());
    out.attr("operation_key", op.operationKey());
    out.attr("operation", op.operation());
    out.attr("transition-key", op.transitionKey());
    out.attr("transition-magic", op.transitionMagic());
    out.attr("exit-reason", op.exitReason());
    out.attr("on_node", op.onNode());
    out.attr("call-id", op.callId());
    out.attr("rc-code", op.rc());
    out.attr("op-status", op.status().code());
    out.attr("interval", op.intervalMs());
    if (op.lastRcChange() != 0) {
      out.attr("last-rc-change", op.lastRcChange());
    }
    if (op.lastRun() != 0) {
      out.attr("last-run", op.lastRun());
    }
    if (op.execTimeMs() != 0) {
      out.attr("exec-time", op.execTimeMs());
    }
    if (op.queueTimeMs() != 0) {
      out.attr("queue-time", op.queueTimeMs());
    }
    out.attr("op-digest", op.opDigest());
    out.attr("role", op.targetRole() == null ? null : op.targetRole().toString());
    extra(op.extra());
    out.end();
  }

  private void extra(Map<String, String> extra) throws IOException {
    if (extra.isEmpty()) {
      return;
    }
    String[] keys = sortedKeys.get(extra);
    if (keys == null) {
      keys = extra.keySet().toArray(new String[0]);
      Arrays.sort(keys);
      if (sortedKeys.size() < 4096) {
        sortedKeys.put(extra, keys);
      }
    }
    for (String k : keys) {
      out.dataAttr(k, extra.get(k));
    }
  }
}
