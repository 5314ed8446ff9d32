package org.paceline.cib.crm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.crm.CrmStatement.CloneStatement;
import org.paceline.cib.crm.CrmStatement.DerivedPrimitiveStatement;
import org.paceline.cib.crm.CrmStatement.GroupStatement;
import org.paceline.cib.crm.CrmStatement.MonitorStatement;
import org.paceline.cib.crm.CrmStatement.NodeStatement;
import org.paceline.cib.crm.CrmStatement.PrimitiveStatement;
import org.paceline.cib.crm.CrmStatement.TemplateStatement;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.PacemakerDurations;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Template;

/**
 * Parses {@code node}, {@code primitive}, {@code rsc_template}, {@code monitor}, {@code group} and
 * {@code clone}.
 */
final class ResourceSyntax {

  private static final String AGENT = "an agent (CLASS:PROVIDER:TYPE, CLASS:TYPE or TYPE)";

  private ResourceSyntax() {}

  /** {@code node [$id=ID] [ID:] UNAME[:TYPE] [attributes k=v ...] [utilization k=v ...]}. */
  static NodeStatement node(Tokens t) {
    String id = null;
    Token p = t.peek();
    if (p != null && p.assignment() && !p.quoted() && p.key().equals("$id")) {
      t.next("$id=");
      id = p.value();
    }
    Token first = t.next("a node name");
    Token nameTok = first;
    if (first.colon() && !first.quoted()) {
      if (id != null) {
        throw Tokens.problem(first, "node id given twice ($id= and '" + first.text() + "')");
      }
      id = first.beforeColon();
      nameTok = t.next("a node name after the node id");
    }
    if (nameTok.assignment() || Syntax.isPunctuation(nameTok) || nameTok.text().isBlank()) {
      throw t.error(nameTok, "a node name");
    }
    String uname = nameTok.text();
    Node.Type type = null;
    int colon = uname.lastIndexOf(':');
    if (colon > 0 && nameTok.unquotedFrom(colon)) {
      try {
        type = Node.Type.parse(uname.substring(colon + 1));
        uname = uname.substring(0, colon);
      } catch (IllegalArgumentException e) {
        type = null; // a colon in the name itself
      }
    }
    if (id != null && id.isBlank()) {
      throw t.error(first, "a node id");
    }
    String what = "node '" + uname + "'";
    Map<String, String> attributes = new LinkedHashMap<>();
    Map<String, String> utilization = new LinkedHashMap<>();
    while (!t.atEnd()) {
      Token tok = t.peek();
      if (tok.is("attributes")) {
        t.next("attributes");
        Syntax.attributes(t, attributes, what + " attributes");
      } else if (tok.is("utilization")) {
        t.next("utilization");
        Syntax.attributes(t, utilization, what + " utilization");
      } else if (tok.assignment() && tok.key().equals("description")) {
        throw Tokens.problem(tok, "descriptions are not supported");
      } else {
        throw t.error(tok, "attributes, utilization or the end of the node statement");
      }
    }
    try {
      return new NodeStatement(
          new Node(id == null ? uname : id, uname, type, attributes, utilization));
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(first, e.getMessage());
    }
  }

  /** {@code primitive ID AGENT ...} or {@code primitive ID @TEMPLATE ...}. */
  static CrmStatement primitive(Tokens t) {
    Token head = t.statement().tokens().get(0);
    String id = Syntax.id(t, "a primitive id");
    Token agentTok = t.next(AGENT + " or @TEMPLATE");
    String what = "primitive '" + id + "'";
    if (!agentTok.quoted() && agentTok.text().startsWith("@")) {
      String template = agentTok.text().substring(1);
      if (!CrmText.validId(template)) {
        throw t.error(agentTok, "@TEMPLATE, a template id " + CrmText.ID_RULE);
      }
      Body b = body(t, what);
      return new DerivedPrimitiveStatement(id, template, b.params, b.meta, b.utilization, b.ops);
    }
    AgentId agent = agent(t, agentTok);
    Body b = body(t, what);
    try {
      return new PrimitiveStatement(
          new Primitive(id, agent, b.params, b.meta, b.utilization, b.ops));
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(head, e.getMessage());
    }
  }

  /** {@code rsc_template ID AGENT [params ...] [meta ...] [utilization ...] [op ...]}. */
  static TemplateStatement template(Tokens t) {
    Token head = t.statement().tokens().get(0);
    String id = Syntax.id(t, "a template id");
    AgentId agent = agent(t, t.next(AGENT));
    Body b = body(t, "template '" + id + "'");
    try {
      return new TemplateStatement(new Template(id, agent, b.params, b.meta, b.utilization, b.ops));
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(head, e.getMessage());
    }
  }

  /** The clauses of a primitive or template after its agent. */
  private record Body(
      Map<String, String> params,
      Map<String, String> meta,
      Map<String, String> utilization,
      List<Operation> ops) {}

  private static Body body(Tokens t, String what) {
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, String> meta = new LinkedHashMap<>();
    Map<String, String> utilization = new LinkedHashMap<>();
    List<OperationSyntax> ops = new ArrayList<>();
    while (!t.atEnd()) {
      Token tok = t.peek();
      if (tok.assignment() && !tok.quoted() && tok.key().equals("description")) {
        throw Tokens.problem(tok, "descriptions are not supported");
      } else if (tok.assignment()) {
        Syntax.attributes(t, params, what + " params");
      } else if (tok.is("params")) {
        t.next("params");
        Syntax.attributes(t, params, what + " params");
      } else if (tok.is("meta")) {
        t.next("meta");
        Syntax.attributes(t, meta, what + " meta");
      } else if (tok.is("utilization")) {
        t.next("utilization");
        Syntax.attributes(t, utilization, what + " utilization");
      } else if (tok.is("op")) {
        t.next("op");
        OperationSyntax op = new OperationSyntax(t, what);
        ops.add(op);
        op.read(t, OperationSyntax.Part.INLINE);
      } else if (tok.isAny("op_params", "op_meta")) {
        if (ops.isEmpty()) {
          throw t.error(tok, "op before " + tok.text());
        }
        t.next(tok.text());
        ops.get(ops.size() - 1)
            .read(t, tok.is("op_params") ? OperationSyntax.Part.PARAMS : OperationSyntax.Part.META);
      } else if (tok.is("operations")) {
        throw Tokens.problem(tok, "operation sets ('operations $id=...') are not supported");
      } else {
        throw t.error(tok, "params, meta, utilization, op or name=value (an agent parameter)");
      }
    }
    List<Operation> operations = new ArrayList<>();
    for (OperationSyntax op : ops) {
      operations.add(op.build());
    }
    return new Body(params, meta, utilization, operations);
  }

  /**
   * {@code [class:[provider:]]type}; the default class is ocf and the default provider heartbeat.
   */
  static AgentId agent(Tokens t, Token tok) {
    if (tok.assignment() || tok.quoted() || Syntax.isPunctuation(tok)) {
      throw t.error(tok, AGENT);
    }
    String text = tok.text();
    if (text.startsWith("@")) {
      throw t.error(tok, AGENT + " (a template cannot be made from a template)");
    }
    String[] parts = text.split(":", -1);
    try {
      return switch (parts.length) {
        case 1 -> AgentId.ocf("heartbeat", parts[0]);
        case 2 ->
            parts[0].equals("ocf")
                ? AgentId.ocf("heartbeat", parts[1])
                : new AgentId(parts[0], null, parts[1]);
        case 3 -> new AgentId(parts[0], parts[1], parts[2]);
        default -> throw new IllegalArgumentException("too many ':'");
      };
    } catch (IllegalArgumentException e) {
      throw new CrmSyntaxException(
          tok.line(), tok.column(), AGENT + " (" + e.getMessage() + ")", text);
    }
  }

  /** {@code monitor RSC[:ROLE] INTERVAL[:TIMEOUT]}. */
  static MonitorStatement monitor(Tokens t) {
    Token rsc = t.next("a primitive id, optionally with :ROLE");
    String id = rsc.text();
    Role role = null;
    int colon = id.lastIndexOf(':');
    if (colon > 0 && rsc.unquotedFrom(colon) && isRole(id.substring(colon + 1))) {
      role = Role.parse(id.substring(colon + 1));
      id = id.substring(0, colon);
    }
    if (!CrmText.validId(id) || rsc.assignment()) {
      throw t.error(rsc, "a primitive id " + CrmText.ID_RULE);
    }
    Token times = t.next("INTERVAL[:TIMEOUT], e.g. 10s:20s");
    String[] parts = times.text().split(":", -1);
    if (parts.length > 2 || times.assignment()) {
      throw t.error(times, "INTERVAL[:TIMEOUT], e.g. 10s:20s");
    }
    Duration interval = duration(times, parts[0], "a monitor interval");
    Duration timeout = parts.length == 2 ? duration(times, parts[1], "a monitor timeout") : null;
    if (interval.isZero()) {
      throw new CrmSyntaxException(
          times.line(), times.column(), "a monitor interval greater than zero", parts[0]);
    }
    if (timeout != null && timeout.isZero()) {
      throw new CrmSyntaxException(
          times.line(), times.column(), "a monitor timeout greater than zero", parts[1]);
    }
    t.expectEnd("the end of the monitor statement");
    return new MonitorStatement(id, role, interval, timeout);
  }

  static boolean isRole(String s) {
    try {
      Role.parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A time value at {@code tok}; plain numbers are seconds. */
  static Duration duration(Token tok, String text, String what) {
    try {
      return PacemakerDurations.parse(text, what);
    } catch (IllegalArgumentException e) {
      throw new CrmSyntaxException(
          tok.line(),
          tok.column(),
          what + " (seconds, or a number with a unit: ms, s, min, h)",
          text);
    }
  }

  /** {@code group ID MEMBER... [meta ...] [params ...]}. */
  static GroupStatement group(Tokens t) {
    String id = Syntax.id(t, "a group id");
    Set<String> members = new LinkedHashSet<>();
    while (!t.atEnd() && !t.peek().assignment() && !t.atAny("meta", "params")) {
      Token m = t.next("a member id");
      String member = Syntax.id(t, m, "a group member id");
      if (!members.add(member)) {
        throw Tokens.problem(m, "group '" + id + "' lists member '" + member + "' twice");
      }
    }
    if (members.isEmpty()) {
      throw t.error(t.peek(), "at least one group member id");
    }
    Map<String, String> meta = new LinkedHashMap<>();
    Map<String, String> params = new LinkedHashMap<>();
    containerAttributes(t, "group '" + id + "'", meta, params);
    return new GroupStatement(id, new ArrayList<>(members), meta, params);
  }

  /** {@code clone ID CHILD [meta ...]}; with {@code ms} true, a promotable clone. */
  static CloneStatement clone(Tokens t, boolean ms) {
    String id = Syntax.id(t, ms ? "an ms id" : "a clone id");
    String child = Syntax.id(t, "the id of the primitive or group to clone");
    Map<String, String> meta = new LinkedHashMap<>();
    containerAttributes(t, "clone '" + id + "'", meta, null);
    if (ms) {
      meta.put("promotable", "true");
      rename(meta, "master-max", "promoted-max");
      rename(meta, "master-node-max", "promoted-node-max");
    }
    return new CloneStatement(id, child, meta);
  }

  private static void rename(Map<String, String> m, String from, String to) {
    String v = m.remove(from);
    if (v != null) {
      m.putIfAbsent(to, v);
    }
  }

  private static void containerAttributes(
      Tokens t, String what, Map<String, String> meta, Map<String, String> params) {
    while (!t.atEnd()) {
      Token tok = t.peek();
      if (tok.is("meta")) {
        t.next("meta");
        Syntax.attributes(t, meta, what + " meta");
      } else if (tok.is("params") && params != null) {
        t.next("params");
        Syntax.attributes(t, params, what + " params");
      } else if (tok.is("params")) {
        throw Tokens.problem(tok, "params on a clone are not supported; use meta");
      } else if (tok.assignment() && !tok.quoted() && tok.key().equals("description")) {
        throw Tokens.problem(tok, "descriptions are not supported");
      } else {
        throw t.error(
            tok, (params != null ? "meta, params" : "meta") + " or the end of the statement");
      }
    }
  }
}
