package org.paceline.cib.xml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.model.AttributeMap;
import org.paceline.cib.model.ExecStatus;
import org.paceline.cib.model.JoinState;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.ResourceHistory;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Status;

/**
 * Reads {@code <status>}: per node its state, transient attributes and operation history. This is
 * most of a large CIB, so it reads attributes in one pass and shares repeated values.
 */
final class StatusReader {

  private final XmlSource src;
  private final Map<String, AgentId> agents = new HashMap<>();
  private final String[] extraNames = new String[64];
  private final String[] extraValues = new String[64];
  private Map<String, String> lastExtra;

  private StatusReader(XmlSource src) {
    this.src = src;
  }

  static Status read(XmlSource src) throws CibXmlException {
    return new StatusReader(src).status();
  }

  private Status status() throws CibXmlException {
    int line = src.line();
    int col = src.column();
    src.checkAttributes();
    List<NodeStatus> nodes = new ArrayList<>();
    while (src.nextChild()) {
      switch (src.element()) {
        case "node_state" -> nodes.add(nodeState());
        case "tickets" -> throw src.error("tickets are not supported by Paceline");
        default -> throw src.error("is not allowed in <status>");
      }
    }
    try {
      return new Status(nodes);
    } catch (IllegalArgumentException e) {
      throw new CibXmlException("<status>: " + e.getMessage(), line, col, e);
    }
  }

  private NodeStatus nodeState() throws CibXmlException {
    int line = src.line();
    int col = src.column();
    String id = null;
    String uname = null;
    String inCcm = null;
    String crmd = null;
    String join = null;
    String expected = null;
    Map<String, String> extra = new LinkedHashMap<>();
    for (int i = 0; i < src.attributeCount(); i++) {
      String v = src.interner.intern(src.attributeValue(i));
      src.use(i);
      switch (src.attributeName(i)) {
        case "id" -> id = v;
        case "uname" -> uname = v;
        case "in_ccm" -> inCcm = v;
        case "crmd" -> crmd = v;
        case "join" -> join = v;
        case "expected" -> expected = v;
        default -> extra.put(src.interner.intern(src.attributeName(i)), v);
      }
    }
    JoinState joinState;
    try {
      joinState =
          join == null ? JoinState.DOWN : JoinState.valueOf(join.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw src.error("join '" + join + "' is not one of member, down, pending, banned");
    }
    Map<String, String> transientAttributes = Map.of();
    List<ResourceHistory> histories = List.of();
    boolean sawTransient = false;
    boolean sawLrm = false;
    while (src.nextChild()) {
      switch (src.element()) {
        case "transient_attributes" -> {
          if (sawTransient) {
            throw src.error("appears twice in a node_state");
          }
          sawTransient = true;
          transientAttributes = transientAttributes();
        }
        case "lrm" -> {
          if (sawLrm) {
            throw src.error("appears twice in a node_state");
          }
          sawLrm = true;
          histories = lrm();
        }
        default -> throw src.error("is not allowed in a node_state");
      }
    }
    try {
      return new NodeStatus(
          uname,
          NodeStatus.membership(inCcm, crmd, joinState, expected, extra.get("shutdown")),
          joinState,
          transientAttributes,
          histories,
          id,
          inCcm,
          crmd,
          expected,
          src.interner.intern(AttributeMap.copyOf(extra)));
    } catch (IllegalArgumentException e) {
      throw new CibXmlException("<node_state>: " + e.getMessage(), line, col, e);
    }
  }

  private Map<String, String> transientAttributes() throws CibXmlException {
    src.attr("id");
    src.checkAttributes();
    List<NvSet> sets = new ArrayList<>();
    while (src.nextChild()) {
      if (!src.element().equals("instance_attributes")) {
        throw src.error("is not allowed in transient_attributes");
      }
      sets.add(NvSet.read(src, false));
    }
    return NvSet.merge(src, sets, "transient attribute");
  }

  private List<ResourceHistory> lrm() throws CibXmlException {
    src.attr("id");
    src.checkAttributes();
    List<ResourceHistory> out = new ArrayList<>();
    boolean sawResources = false;
    while (src.nextChild()) {
      if (!src.element().equals("lrm_resources") || sawResources) {
        throw src.error("is not allowed in <lrm>");
      }
      sawResources = true;
      src.attr("id");
      src.checkAttributes();
      while (src.nextChild()) {
        if (!src.element().equals("lrm_resource")) {
          throw src.error("is not allowed in <lrm_resources>");
        }
        out.add(lrmResource());
      }
    }
    return out;
  }

  private ResourceHistory lrmResource() throws CibXmlException {
    int line = src.line();
    int col = src.column();
    String id = null;
    String standard = null;
    String provider = null;
    String type = null;
    for (int i = 0; i < src.attributeCount(); i++) {
      String v = src.attributeValue(i);
      switch (src.attributeName(i)) {
        case "id" -> id = src.interner.intern(v);
        case "class" -> standard = v;
        case "provider" -> provider = v;
        case "type" -> type = v;
        default -> {
          continue;
        }
      }
      src.use(i);
    }
    src.checkAttributes();
    AgentId agent = standard == null && type == null ? null : agent(standard, provider, type);
    List<OperationRecord> ops = new ArrayList<>();
    while (src.nextChild()) {
      if (!src.element().equals("lrm_rsc_op")) {
        throw src.error("is not allowed in <lrm_resource>");
      }
      ops.add(op());
    }
    try {
      return new ResourceHistory(id, ops, agent);
    } catch (IllegalArgumentException e) {
      throw new CibXmlException("<lrm_resource>: " + e.getMessage(), line, col, e);
    }
  }

  private AgentId agent(String standard, String provider, String type) throws CibXmlException {
    String key = standard + '\u0000' + provider + '\u0000' + type;
    AgentId a = agents.get(key);
    if (a == null) {
      try {
        a = new AgentId(standard, provider, type);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw src.error(
            "bad agent class '"
                + standard
                + "', provider '"
                + provider
                + "', type '"
                + type
                + "': "
                + e.getMessage());
      }
      agents.put(key, a);
    }
    return a;
  }

  private OperationRecord op() throws CibXmlException {
    String id = null;
    String operation = null;
    String operationKey = null;
    String transitionKey = null;
    String transitionMagic = null;
    String opDigest = null;
    String exitReason = null;
    String onNode = null;
    long interval = -1;
    long rc = Long.MIN_VALUE;
    long opStatus = Long.MIN_VALUE;
    long callId = Long.MIN_VALUE;
    long lastRcChange = 0;
    long lastRun = 0;
    long execTime = 0;
    long queueTime = 0;
    Role role = null;
    int extras = 0;
    Interner in = src.interner;
    int n = src.attributeCount();
    String name = null;
    try {
      for (int i = 0; i < n; i++) {
        name = src.attributeName(i);
        String v = src.attributeValue(i);
        src.use(i);
        switch (name) {
          case "id" -> id = v;
          case "operation" -> operation = in.intern(v);
          case "operation_key" -> operationKey = v;
          case "transition-key" -> transitionKey = v;
          case "transition-magic" -> transitionMagic = v;
          case "op-digest" -> opDigest = v;
          case "exit-reason" -> exitReason = in.intern(v);
          case "on_node" -> onNode = in.intern(v);
          case "interval" -> interval = number(v);
          case "rc-code" -> rc = number(v);
          case "op-status" -> opStatus = number(v);
          case "call-id" -> callId = number(v);
          case "last-rc-change" -> lastRcChange = number(v);
          case "last-run" -> lastRun = number(v);
          case "exec-time" -> execTime = number(v);
          case "queue-time" -> queueTime = number(v);
          case "role" -> role = Role.parse(v);
          default -> {
            if (extras == extraNames.length) {
              throw new IllegalArgumentException("too many attributes");
            }
            extraNames[extras] = in.intern(name);
            extraValues[extras++] = in.intern(v);
          }
        }
      }
      name = null;
      if (operation == null) {
        throw new IllegalArgumentException("attribute 'operation' is missing");
      }
      if (interval < 0) {
        throw new IllegalArgumentException("attribute 'interval' is missing or negative");
      }
      if (rc == Long.MIN_VALUE || rc < Integer.MIN_VALUE || rc > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("attribute 'rc-code' is missing or out of range");
      }
      if (opStatus == Long.MIN_VALUE || opStatus < -1 || opStatus > 100) {
        throw new IllegalArgumentException("attribute 'op-status' is missing or out of range");
      }
      if (callId == Long.MIN_VALUE) {
        throw new IllegalArgumentException("attribute 'call-id' is missing");
      }
      OperationRecord r =
          new OperationRecord(
              operation,
              interval,
              (int) rc,
              ExecStatus.of((int) opStatus),
              callId,
              lastRcChange,
              execTime,
              role,
              id,
              operationKey,
              transitionKey,
              transitionMagic,
              opDigest,
              exitReason,
              onNode,
              lastRun,
              queueTime,
              extras(extras));
      src.noChildren();
      return r;
    } catch (IllegalArgumentException e) {
      if (name != null) {
        throw src.error("attribute '" + name + "': " + e.getMessage());
      }
      throw src.error(e);
    }
  }

  /**
   * The extra attributes of the operation just read, as a map shared with the previous operation
   * when they are the same (they mostly are: feature set, debug origin): no map built per record.
   */
  private Map<String, String> extras(int n) {
    if (n == 0) {
      return AttributeMap.empty();
    }
    if (lastExtra != null && lastExtra.size() == n) {
      boolean same = true;
      for (int i = 0; i < n && same; i++) {
        same = extraValues[i].equals(lastExtra.get(extraNames[i]));
      }
      if (same) {
        return lastExtra;
      }
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      if (m.put(extraNames[i], extraValues[i]) != null) {
        throw new IllegalArgumentException("attribute '" + extraNames[i] + "' appears twice");
      }
    }
    lastExtra = src.interner.intern(AttributeMap.copyOf(m));
    return lastExtra;
  }

  /** A decimal integer, parsed without allocating. */
  private static long number(String s) {
    int n = s.length();
    if (n == 0 || n > 18) {
      throw new IllegalArgumentException("'" + s + "' is not an integer");
    }
    int i = 0;
    boolean negative = false;
    if (s.charAt(0) == '-') {
      negative = true;
      i = 1;
      if (n == 1) {
        throw new IllegalArgumentException("'" + s + "' is not an integer");
      }
    }
    long v = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("'" + s + "' is not an integer");
      }
      v = v * 10 + (c - '0');
    }
    return negative ? -v : v;
  }
}
