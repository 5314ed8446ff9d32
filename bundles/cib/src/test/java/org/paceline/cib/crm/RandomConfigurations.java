package org.paceline.cib.crm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.model.AttributeExpression;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.ColocationConstraint;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.DateExpression;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.OperationExpression;
import org.paceline.cib.model.OrderConstraint;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.ResourceAction;
import org.paceline.cib.model.ResourceExpression;
import org.paceline.cib.model.ResourceSet;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Rule;
import org.paceline.cib.model.RuleExpression;
import org.paceline.cib.model.Score;
import org.paceline.cib.model.Tag;
import org.paceline.cib.model.Template;

/**
 * Builds random valid configurations within what crm syntax can express (see {@link CrmPrinter}):
 * set and rule ids follow the parser's naming where the syntax cannot carry them, sets carry no
 * score, a rule with one term combines with {@code and}.
 */
final class RandomConfigurations {

  private static final String TRICKY = "abcXYZ019 _-.:/#=,@$\"'\\()[]{}\t\n\r;é";
  private static final String[] WORDS = {
    "and", "or", "rule", "meta", "params", "op", "date", "inf", "INFINITY", "-100", "x:", ""
  };
  private static final AgentId[] AGENTS = {
    AgentId.ocf("heartbeat", "IPaddr2"),
    AgentId.ocf("heartbeat", "Filesystem"),
    AgentId.ocf("linbit", "drbd"),
    AgentId.ocf("paceline", "Dummy"),
    new AgentId("lsb", null, "nginx"),
    new AgentId("systemd", null, "postgresql@14-main"),
    new AgentId("stonith", null, "fence_ipmilan")
  };
  private static final String[] OP_NAMES = {"start", "stop", "monitor", "promote", "notify"};

  private final Random r;
  private int counter;

  RandomConfigurations(long seed) {
    this.r = new Random(seed);
  }

  private String id(String prefix) {
    return prefix + (counter++);
  }

  private boolean chance(int percent) {
    return r.nextInt(100) < percent;
  }

  private <T> T pick(T[] items) {
    return items[r.nextInt(items.length)];
  }

  private <T> T pick(List<T> items) {
    return items.get(r.nextInt(items.size()));
  }

  String value() {
    if (chance(15)) {
      return pick(WORDS);
    }
    int n = r.nextInt(8);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(TRICKY.charAt(r.nextInt(TRICKY.length())));
    }
    return b.toString();
  }

  private String key() {
    String[] keys = {"ip", "cidr_netmask", "OCF_CHECK_LEVEL", "a.b", "x-y", "with space", "meta"};
    return chance(70) ? pick(keys) : "k" + r.nextInt(50);
  }

  private Map<String, String> attrs(int max) {
    Map<String, String> m = new LinkedHashMap<>();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      m.put(key(), value());
    }
    return m;
  }

  private Duration time() {
    return switch (r.nextInt(5)) {
      case 0 -> Duration.ZERO;
      case 1 -> Duration.ofMillis(1 + r.nextInt(5000));
      case 2 -> Duration.ofSeconds(1 + r.nextInt(600));
      case 3 -> Duration.ofMinutes(1 + r.nextInt(120));
      default -> Duration.ofHours(1 + r.nextInt(48));
    };
  }

  private List<Operation> ops() {
    List<Operation> ops = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      String name = pick(OP_NAMES);
      Duration interval = time();
      Role role = chance(30) ? pick(Role.values()) : null;
      if (!keys.add(name + interval + role)) {
        continue;
      }
      Duration timeout = chance(60) ? time().plusSeconds(1) : null;
      Operation.OnFail onFail = chance(20) ? pick(Operation.OnFail.values()) : null;
      Map<String, String> extra = new LinkedHashMap<>();
      if (chance(30)) {
        extra.put("start-delay", r.nextInt(10) + "s");
      }
      if (chance(20)) {
        extra.put("custom-" + r.nextInt(3), value());
      }
      Map<String, String> params = chance(30) ? Map.of("OCF_CHECK_LEVEL", "10") : Map.of();
      ops.add(new Operation(name, interval, timeout, role, onFail, chance(80), extra, params));
    }
    return ops;
  }

  private Primitive primitive(String id, List<Template> templates) {
    if (!templates.isEmpty() && chance(25)) {
      Template t = pick(templates);
      return t.instantiate(id, attrs(2), attrs(1), attrs(1), ops());
    }
    return new Primitive(id, pick(AGENTS), attrs(3), attrs(2), attrs(1), ops());
  }

  Configuration next() {
    counter = 0;
    List<Node> nodes = new ArrayList<>();
    int nodeCount = r.nextInt(4);
    for (int i = 0; i < nodeCount; i++) {
      String uname = chance(15) ? "node " + i : "n" + i;
      String id = chance(50) ? uname : Integer.toString(i + 1);
      Node.Type type = chance(20) ? pick(Node.Type.values()) : Node.Type.MEMBER;
      nodes.add(new Node(id, uname, type, attrs(2), attrs(1)));
    }
    List<String> nodeNames = new ArrayList<>();
    nodes.forEach(n -> nodeNames.add(n.uname()));
    if (nodeNames.isEmpty()) {
      nodeNames.add("elsewhere");
    }
    List<Template> templates = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      templates.add(new Template(id("tpl"), pick(AGENTS), attrs(2), attrs(1), attrs(1), ops()));
    }
    List<Resource> top = new ArrayList<>();
    for (int i = 1 + r.nextInt(8); i > 0; i--) {
      top.add(primitive(id("p"), templates));
    }
    // Group some top-level primitives.
    for (int g = r.nextInt(3); g > 0 && top.size() > 1; g--) {
      List<Primitive> members = new ArrayList<>();
      for (Resource res : new ArrayList<>(top)) {
        if (res instanceof Primitive p && chance(40)) {
          members.add(p);
        }
      }
      if (members.isEmpty()) {
        continue;
      }
      int at = top.indexOf(members.get(0));
      top.removeAll(members);
      top.add(at, new Group(id("g"), members, attrs(1), attrs(1)));
    }
    // Clone some top-level primitives or groups.
    for (int c = r.nextInt(3); c > 0; c--) {
      int at = r.nextInt(top.size());
      Resource child = top.get(at);
      if (child instanceof Clone) {
        continue;
      }
      Map<String, String> meta = attrs(1);
      meta.remove("meta");
      if (chance(50)) {
        meta.put("promotable", "true");
        meta.put("promoted-max", Integer.toString(1 + r.nextInt(2)));
      }
      if (chance(30)) {
        meta.put("clone-max", Integer.toString(r.nextInt(4)));
      }
      top.set(at, new Clone(id("c"), child, meta));
    }
    Configuration base =
        new Configuration(
            Map.of(), nodes, top, List.of(), Map.of(), Map.of(), templates, List.of(), List.of(),
            List.of());
    List<String> ids = new ArrayList<>();
    base.allResources().forEach(x -> ids.add(x.id()));
    List<Constraint> constraints = new ArrayList<>();
    for (int i = r.nextInt(7); i > 0; i--) {
      constraints.add(constraint(ids, nodeNames));
    }
    List<Tag> tags = new ArrayList<>();
    if (chance(40)) {
      tags.add(new Tag(id("t"), distinct(ids, 1 + r.nextInt(2))));
    }
    List<FencingLevel> levels = new ArrayList<>();
    if (chance(40)) {
      int k = 0;
      for (String target : distinct(nodeNames, 1 + r.nextInt(nodeNames.size()))) {
        for (int index = 1; index <= 1 + r.nextInt(2); index++) {
          levels.add(
              FencingLevel.forNode(
                  "fencing-" + (++k), index, target, distinct(ids, 1 + r.nextInt(2))));
        }
      }
      if (chance(50)) {
        levels.add(
            new FencingLevel(
                "fencing-" + (++k),
                1,
                null,
                null,
                "rack",
                value().replace(" ", ""),
                List.of(pick(ids))));
      }
      if (chance(50)) {
        levels.add(
            new FencingLevel("fencing-" + (++k), 1, null, "n.*", null, null, List.of(pick(ids))));
      }
    }
    List<ConditionalSet> sets = new ArrayList<>();
    for (ConditionalSet.Section s : ConditionalSet.Section.values()) {
      int score = 1000;
      for (int i = r.nextInt(3); i > 0; i--) {
        score -= r.nextInt(500);
        String setId = id("set");
        Map<String, String> values = attrs(2);
        values.put("v" + i, value());
        sets.add(new ConditionalSet(s, setId, Score.of(score), setRule(s, setId), values));
      }
    }
    return new Configuration(
        attrs(3), nodes, top, constraints, attrs(2), attrs(2), templates, tags, levels, sets);
  }

  private List<String> distinct(List<String> from, int n) {
    List<String> copy = new ArrayList<>(from);
    java.util.Collections.shuffle(copy, r);
    return new ArrayList<>(copy.subList(0, Math.min(n, copy.size())));
  }

  private Score score() {
    return switch (r.nextInt(4)) {
      case 0 -> Score.INFINITY;
      case 1 -> Score.MINUS_INFINITY;
      default -> Score.of(r.nextInt(2001) - 1000);
    };
  }

  private Constraint constraint(List<String> ids, List<String> nodes) {
    String cid = id("k");
    switch (r.nextInt(3)) {
      case 0:
        {
          String rsc = null;
          String pattern = null;
          List<ResourceSet> sets = List.of();
          int how = r.nextInt(5);
          if (how == 0) {
            pattern = "p[0-9]+ x";
          } else if (how == 1) {
            sets = sets(cid, ids, true, false);
          } else {
            rsc = pick(ids);
          }
          Role role = chance(20) ? pick(Role.values()) : null;
          LocationConstraint.Discovery d =
              chance(30) ? pick(LocationConstraint.Discovery.values()) : null;
          if (chance(50)) {
            return new LocationConstraint(
                cid, rsc, pattern, sets, pick(nodes), score(), List.of(), role, d);
          }
          List<Rule> rules = new ArrayList<>();
          for (int i = 1 + r.nextInt(2); i > 0; i--) {
            String ruleId = chance(70) ? RuleSyntax.defaultRuleId(cid, rules.size()) : id("rule");
            Score s = chance(80) ? score() : null;
            String attr = s == null ? "pingd" : null;
            Rule.BooleanOp op = pick(Rule.BooleanOp.values());
            List<RuleExpression> terms = terms(ruleId, 1 + r.nextInt(3), 2);
            if (terms.size() == 1) {
              op = Rule.BooleanOp.AND;
            }
            rules.add(
                new Rule(ruleId, s, attr, op, chance(20) ? pick(Role.values()) : null, terms));
          }
          return new LocationConstraint(cid, rsc, pattern, sets, null, null, rules, role, d);
        }
      case 1:
        if (chance(60) && ids.size() > 1) {
          List<String> two = distinct(ids, 2);
          return new ColocationConstraint(
              cid,
              score(),
              two.get(0),
              two.get(1),
              chance(30) ? pick(Role.values()) : null,
              chance(30) ? pick(Role.values()) : null);
        }
        return ColocationConstraint.ofSets(cid, score(), sets(cid, ids, true, false));
      default:
        OrderConstraint.Kind kind = pick(OrderConstraint.Kind.values());
        boolean sym = kind != OrderConstraint.Kind.SERIALIZE && chance(70);
        if (chance(60) && ids.size() > 1) {
          List<String> two = distinct(ids, 2);
          return new OrderConstraint(
              cid,
              kind,
              two.get(0),
              two.get(1),
              chance(40) ? pick(ResourceAction.values()) : null,
              chance(40) ? pick(ResourceAction.values()) : null,
              sym);
        }
        return OrderConstraint.ofSets(cid, kind, sym, sets(cid, ids, false, true));
    }
  }

  private List<ResourceSet> sets(String cid, List<String> ids, boolean roles, boolean actions) {
    List<ResourceSet> out = new ArrayList<>();
    for (int i = 1 + r.nextInt(3); i > 0; i--) {
      out.add(
          new ResourceSet(
              SetSyntax.setId(cid, out.size()),
              distinct(ids, 1 + r.nextInt(3)),
              roles && chance(30) ? pick(Role.values()) : null,
              chance(50),
              chance(50),
              actions && chance(30) ? pick(ResourceAction.values()) : null,
              null));
    }
    return out;
  }

  private List<RuleExpression> terms(String ruleId, int n, int depth) {
    List<RuleExpression> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(depth > 0 ? 6 : 5);
      switch (kind) {
        case 0 ->
            out.add(
                new AttributeExpression(
                    pick(new String[] {"#uname", "pingd", "and", "a b"}),
                    pick(
                        new AttributeExpression.Operation[] {
                          AttributeExpression.Operation.DEFINED,
                          AttributeExpression.Operation.NOT_DEFINED
                        }),
                    null,
                    null));
        case 1 ->
            out.add(
                AttributeExpression.of(
                    "#uname",
                    pick(
                        new AttributeExpression.Operation[] {
                          AttributeExpression.Operation.EQ, AttributeExpression.Operation.NE
                        }),
                    value()));
        case 2 -> {
          AttributeExpression.Type t = pick(AttributeExpression.Type.values());
          String v =
              switch (t) {
                case INTEGER -> Integer.toString(r.nextInt(200) - 100);
                case NUMBER -> "0." + r.nextInt(100);
                case VERSION -> "1." + r.nextInt(10) + ".3";
                default -> value();
              };
          out.add(new AttributeExpression("ram", AttributeExpression.Operation.GTE, v, t));
        }
        case 3, 4 -> out.add(date());
        default -> {
          String nestedId =
              chance(70) ? RuleSyntax.defaultNestedId(ruleId, out.size()) : id("nested");
          List<RuleExpression> inner = terms(nestedId, 1 + r.nextInt(2), depth - 1);
          Rule.BooleanOp op =
              inner.size() == 1 ? Rule.BooleanOp.AND : pick(Rule.BooleanOp.values());
          out.add(new Rule(nestedId, null, null, op, null, inner));
        }
      }
    }
    return out;
  }

  private DateExpression date() {
    String[] dates = {"2024-03-01", "2024-03-01 09:00:00", "2024-03-01T09:00:00Z", "2024-061"};
    switch (r.nextInt(4)) {
      case 0:
        return new DateExpression(DateExpression.Operation.GT, pick(dates), null, null, null);
      case 1:
        return new DateExpression(DateExpression.Operation.LT, null, pick(dates), null, null);
      case 2:
        if (chance(50)) {
          return DateExpression.inRange(chance(70) ? pick(dates) : null, pick(dates));
        }
        return new DateExpression(
            DateExpression.Operation.IN_RANGE,
            pick(dates),
            null,
            new DateExpression.DurationSpec(r.nextInt(2), 0, r.nextInt(2), 0, r.nextInt(3), 0, 0),
            null);
      default:
        Map<DateExpression.Field, DateExpression.Range> f =
            new EnumMap<>(DateExpression.Field.class);
        f.put(
            pick(DateExpression.Field.values()),
            DateExpression.Range.parse(pick(new String[] {"1", "1-5", "3-", "-4"})));
        return DateExpression.dateSpec(new DateExpression.DateSpec(f));
    }
  }

  private Rule setRule(ConditionalSet.Section s, String setId) {
    String ruleId = chance(70) ? setId + "-rule" : id("srule");
    List<RuleExpression> terms = new ArrayList<>();
    terms.add(date());
    if (s != ConditionalSet.Section.CLUSTER_PROPERTIES && chance(50)) {
      terms.add(
          new ResourceExpression(
              "ocf", chance(50) ? "heartbeat" : null, chance(50) ? "IPaddr2" : null));
    }
    if (s == ConditionalSet.Section.OP_DEFAULTS && chance(50)) {
      terms.add(new OperationExpression("monitor", chance(50) ? Duration.ofSeconds(10) : null));
    }
    Rule.BooleanOp op = terms.size() == 1 ? Rule.BooleanOp.AND : pick(Rule.BooleanOp.values());
    return new Rule(ruleId, null, null, op, null, terms);
  }
}
