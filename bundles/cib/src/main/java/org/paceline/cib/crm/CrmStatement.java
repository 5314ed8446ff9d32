package org.paceline.cib.crm;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.paceline.cib.model.ConditionalSet;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.FencingLevel;
import org.paceline.cib.model.Node;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Tag;
import org.paceline.cib.model.Template;

/**
 * One parsed crm statement. Statements that name other objects (groups, clones, {@code monitor})
 * keep the names unresolved, so a single statement can be applied to an existing configuration with
 * {@link ConfigurationEditor#apply} and a whole text resolved by {@link CrmScript}.
 */
public sealed interface CrmStatement {

  /** The id of the object this statement defines or changes; the section name for attributes. */
  String id();

  /** {@code node [ID:] UNAME [attributes ...]}. */
  record NodeStatement(Node node) implements CrmStatement {
    public NodeStatement {
      Objects.requireNonNull(node, "node");
    }

    @Override
    public String id() {
      return node.uname();
    }
  }

  /** {@code primitive ID AGENT [params ...] [meta ...] [utilization ...] [op ...]}. */
  record PrimitiveStatement(Primitive primitive) implements CrmStatement {
    public PrimitiveStatement {
      Objects.requireNonNull(primitive, "primitive");
    }

    @Override
    public String id() {
      return primitive.id();
    }
  }

  /**
   * {@code monitor RSC[:ROLE] INTERVAL[:TIMEOUT]}: adds a monitor operation to a primitive.
   *
   * @param resource the primitive
   * @param role the role the monitor applies to, or {@code null}
   * @param interval the monitor interval
   * @param timeout the timeout, or {@code null}
   */
  record MonitorStatement(String resource, Role role, Duration interval, Duration timeout)
      implements CrmStatement {
    public MonitorStatement {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(interval, "interval");
    }

    @Override
    public String id() {
      return resource;
    }
  }

  /**
   * {@code primitive ID @TEMPLATE [params ...] [meta ...] [utilization ...] [op ...]}: a primitive
   * made from a template; the attributes and operations given here override the template's.
   */
  record DerivedPrimitiveStatement(
      String id,
      String template,
      Map<String, String> params,
      Map<String, String> meta,
      Map<String, String> utilization,
      List<Operation> operations)
      implements CrmStatement {
    public DerivedPrimitiveStatement {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(template, "template");
      params = copy(params);
      meta = copy(meta);
      utilization = copy(utilization);
      operations = List.copyOf(operations);
    }

    /** The primitive this statement makes of {@code t}. */
    public Primitive instantiate(Template t) {
      return t.instantiate(id, params, meta, utilization, operations);
    }
  }

  /** {@code rsc_template ID AGENT [params ...] [meta ...] [utilization ...] [op ...]}. */
  record TemplateStatement(Template template) implements CrmStatement {
    public TemplateStatement {
      Objects.requireNonNull(template, "template");
    }

    @Override
    public String id() {
      return template.id();
    }
  }

  /** {@code group ID MEMBER... [meta ...] [params ...]}: members are primitive ids. */
  record GroupStatement(
      String id, List<String> members, Map<String, String> meta, Map<String, String> params)
      implements CrmStatement {
    public GroupStatement {
      Objects.requireNonNull(id, "id");
      members = List.copyOf(members);
      meta = copy(meta);
      params = copy(params);
    }
  }

  /**
   * {@code clone ID CHILD [meta ...]}; {@code ms ID CHILD ...} is read as a clone whose meta has
   * {@code promotable=true} (and Pacemaker 2 names for {@code master-max}/{@code master-node-max}).
   */
  record CloneStatement(String id, String child, Map<String, String> meta) implements CrmStatement {
    public CloneStatement {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(child, "child");
      meta = copy(meta);
    }
  }

  /** {@code location}, {@code colocation} or {@code order}. */
  record ConstraintStatement(Constraint constraint) implements CrmStatement {
    public ConstraintStatement {
      Objects.requireNonNull(constraint, "constraint");
    }

    @Override
    public String id() {
      return constraint.id();
    }
  }

  /** {@code tag ID: RSC...}. */
  record TagStatement(Tag tag) implements CrmStatement {
    public TagStatement {
      Objects.requireNonNull(tag, "tag");
    }

    @Override
    public String id() {
      return tag.id();
    }
  }

  /**
   * {@code fencing_topology ...}: the whole fencing topology. Levels written with a target are in
   * {@code levels}; levels written without one ({@code fencing_topology dev1 dev2}) apply to every
   * configured node and are in {@code everyNode}, one device list per level.
   */
  record FencingTopologyStatement(List<FencingLevel> levels, List<List<String>> everyNode)
      implements CrmStatement {

    /** The statement's id: fencing_topology is a single object. */
    public static final String ID = "fencing_topology";

    public FencingTopologyStatement {
      levels = List.copyOf(levels);
      everyNode = everyNode.stream().map(List::copyOf).toList();
    }

    @Override
    public String id() {
      return ID;
    }
  }

  /**
   * {@code property ID: [SCORE:] rule ... name=value ...} (and the same for {@code rsc_defaults}
   * and {@code op_defaults}): values that apply when the rule matches.
   */
  record ConditionalSetStatement(ConditionalSet set) implements CrmStatement {
    public ConditionalSetStatement {
      Objects.requireNonNull(set, "set");
    }

    @Override
    public String id() {
      return set.id();
    }
  }

  /** The attribute sections: cluster properties, resource defaults and operation defaults. */
  enum Section {
    PROPERTY("property"),
    RSC_DEFAULTS("rsc_defaults"),
    OP_DEFAULTS("op_defaults");

    private final String keyword;

    Section(String keyword) {
      this.keyword = keyword;
    }

    /** The statement keyword. */
    public String keyword() {
      return keyword;
    }

    /** The model's section for conditional sets. */
    public ConditionalSet.Section model() {
      return switch (this) {
        case PROPERTY -> ConditionalSet.Section.CLUSTER_PROPERTIES;
        case RSC_DEFAULTS -> ConditionalSet.Section.RSC_DEFAULTS;
        case OP_DEFAULTS -> ConditionalSet.Section.OP_DEFAULTS;
      };
    }

    /** The section of a model section. */
    public static Section of(ConditionalSet.Section s) {
      return switch (s) {
        case CLUSTER_PROPERTIES -> PROPERTY;
        case RSC_DEFAULTS -> RSC_DEFAULTS;
        case OP_DEFAULTS -> OP_DEFAULTS;
      };
    }
  }

  /**
   * {@code property k=v ...}, {@code rsc_defaults k=v ...} or {@code op_defaults k=v ...}; applying
   * it sets (adds or overwrites) each attribute.
   */
  record AttributesStatement(Section section, Map<String, String> values) implements CrmStatement {
    public AttributesStatement {
      Objects.requireNonNull(section, "section");
      values = copy(values);
    }

    @Override
    public String id() {
      return section.keyword();
    }
  }

  private static Map<String, String> copy(Map<String, String> m) {
    return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
