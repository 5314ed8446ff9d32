package org.paceline.cib.xml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.model.Clone;
import org.paceline.cib.model.Group;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.PacemakerDurations;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Template;

/**
 * Reads {@code <resources>}: primitives, groups, clones (and Pacemaker 1's {@code <master>}, read
 * as a promotable clone) and templates. A primitive may name a template defined later, so resources
 * are read into specs first and built when the section ends. {@code <bundle>} is refused.
 */
final class ResourceReader {

  /** The resources and templates of a {@code <resources>} section. */
  record Resources(List<Resource> resources, List<Template> templates) {}

  private interface Spec {
    Resource build(Map<String, Template> templates) throws CibXmlException;
  }

  private record Where(String element, int line, int column) {
    CibXmlException error(IllegalArgumentException e) {
      return new CibXmlException("<" + element + ">: " + e.getMessage(), line, column, e);
    }

    CibXmlException error(String message) {
      return new CibXmlException("<" + element + ">: " + message, line, column, null);
    }
  }

  /** A primitive as written: its own parts and, maybe, the template it names. */
  private record PrimitiveSpec(
      Where where,
      String id,
      AgentId agent,
      String template,
      Map<String, String> params,
      Map<String, String> meta,
      Map<String, String> utilization,
      List<Operation> operations)
      implements Spec {

    @Override
    public Primitive build(Map<String, Template> templates) throws CibXmlException {
      try {
        if (template == null) {
          return new Primitive(id, agent, params, meta, utilization, operations, null);
        }
        Template t = templates.get(template);
        if (t == null) {
          throw where.error("template '" + template + "' is not defined");
        }
        return t.instantiate(id, params, meta, utilization, operations);
      } catch (IllegalArgumentException e) {
        throw where.error(e);
      }
    }
  }

  private ResourceReader() {}

  /** Reads the {@code <resources>} section the source is on. */
  static Resources read(XmlSource src) throws CibXmlException {
    src.checkAttributes();
    List<Spec> specs = new ArrayList<>();
    List<Template> templates = new ArrayList<>();
    while (src.nextChild()) {
      switch (src.element()) {
        case "primitive" -> specs.add(primitive(src, false));
        case "group" -> specs.add(group(src));
        case "clone", "master" -> specs.add(clone(src));
        case "template" -> templates.add(template(src));
        case "bundle" ->
            throw src.error(
                "bundles (container resources) are not supported by Paceline; remove the bundle"
                    + " or configure its service as a primitive");
        default -> throw src.error("is not a resource");
      }
    }
    Map<String, Template> byId = new HashMap<>();
    templates.forEach(t -> byId.put(t.id(), t));
    List<Resource> resources = new ArrayList<>();
    for (Spec s : specs) {
      resources.add(s.build(byId));
    }
    return new Resources(resources, templates);
  }

  private static Template template(XmlSource src) throws CibXmlException {
    PrimitiveSpec p = primitive(src, true);
    try {
      return new Template(p.id(), p.agent(), p.params(), p.meta(), p.utilization(), p.operations());
    } catch (IllegalArgumentException e) {
      throw p.where().error(e);
    }
  }

  private static PrimitiveSpec primitive(XmlSource src, boolean template) throws CibXmlException {
    Where where = new Where(src.element(), src.line(), src.column());
    String id = src.attr("id");
    String standard = src.attr("class");
    String provider = src.attr("provider");
    String type = src.attr("type");
    String templateId = template ? null : src.attr("template");
    src.checkAttributes();
    AgentId agent = null;
    if (templateId != null) {
      if (standard != null || provider != null || type != null) {
        throw src.error("a primitive made from a template has no class, provider or type");
      }
    } else {
      if (standard == null || type == null) {
        throw src.error("class and type are required");
      }
      try {
        agent = new AgentId(standard, provider, type);
      } catch (IllegalArgumentException e) {
        throw src.error(e);
      }
    }
    List<NvSet> params = new ArrayList<>();
    List<NvSet> meta = new ArrayList<>();
    List<NvSet> utilization = new ArrayList<>();
    List<Operation> operations = new ArrayList<>();
    boolean sawOperations = false;
    while (src.nextChild()) {
      switch (src.element()) {
        case "instance_attributes" -> params.add(NvSet.read(src, false));
        case "meta_attributes" -> meta.add(NvSet.read(src, false));
        case "utilization" -> utilization.add(NvSet.read(src, false));
        case "operations" -> {
          if (sawOperations) {
            throw src.error("a primitive has at most one <operations>");
          }
          sawOperations = true;
          operations(src, id, operations);
        }
        default -> throw src.error("is not allowed in a primitive");
      }
    }
    Map<String, String> m = new LinkedHashMap<>(NvSet.merge(src, meta, "meta-attribute"));
    NvSet.normalizeRoles(m);
    return new PrimitiveSpec(
        where,
        id,
        agent,
        templateId,
        NvSet.merge(src, params, "parameter"),
        m,
        NvSet.merge(src, utilization, "utilization"),
        operations);
  }

  private static void operations(XmlSource src, String rsc, List<Operation> out)
      throws CibXmlException {
    src.attr("id");
    if (src.attr("id-ref") != null) {
      throw src.error("operation set references (id-ref) are not supported");
    }
    src.checkAttributes();
    while (src.nextChild()) {
      if (!src.element().equals("op")) {
        throw src.error("is not allowed in <operations>");
      }
      out.add(op(src, rsc));
    }
  }

  private static Operation op(XmlSource src, String rsc) throws CibXmlException {
    int line = src.line();
    int col = src.column();
    String name = null;
    Duration interval = null;
    Duration timeout = null;
    Role role = null;
    Operation.OnFail onFail = null;
    boolean enabled = true;
    Map<String, String> extra = new LinkedHashMap<>();
    try {
      for (int i = 0; i < src.attributeCount(); i++) {
        String a = src.attributeName(i);
        String v = src.attributeValue(i);
        src.use(i);
        switch (a) {
          case "id" -> {}
          case "name" -> name = v;
          case "interval" -> interval = PacemakerDurations.parse(v, "interval");
          case "timeout" -> timeout = PacemakerDurations.parse(v, "timeout");
          case "role" -> role = Role.parse(v);
          case "on-fail" -> onFail = Operation.OnFail.parse(v);
          case "enabled" -> enabled = bool(v, "enabled");
          default -> extra.put(a, v);
        }
      }
    } catch (IllegalArgumentException e) {
      throw src.error(e);
    }
    if (interval == null) {
      throw src.error("attribute 'interval' is missing");
    }
    List<NvSet> params = new ArrayList<>();
    while (src.nextChild()) {
      if (src.element().equals("instance_attributes")) {
        params.add(NvSet.read(src, false));
      } else if (src.element().equals("meta_attributes")) {
        throw src.error(
            "operation meta-attributes are not supported; write them as attributes of the <op>");
      } else {
        throw src.error("is not allowed in an <op>");
      }
    }
    try {
      return new Operation(
          name,
          interval,
          timeout,
          role,
          onFail,
          enabled,
          extra,
          NvSet.merge(src, params, "operation parameter"));
    } catch (IllegalArgumentException e) {
      throw new CibXmlException("<op> of '" + rsc + "': " + e.getMessage(), line, col, e);
    }
  }

  static boolean bool(String v, String what) {
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "y", "on", "1" -> true;
      case "false", "no", "n", "off", "0" -> false;
      default -> throw new IllegalArgumentException(what + " '" + v + "' is not a boolean");
    };
  }

  private static Spec group(XmlSource src) throws CibXmlException {
    Where where = new Where(src.element(), src.line(), src.column());
    String id = src.attr("id");
    src.checkAttributes();
    List<PrimitiveSpec> members = new ArrayList<>();
    List<NvSet> meta = new ArrayList<>();
    List<NvSet> params = new ArrayList<>();
    while (src.nextChild()) {
      switch (src.element()) {
        case "primitive" -> members.add(primitive(src, false));
        case "meta_attributes" -> meta.add(NvSet.read(src, false));
        case "instance_attributes" -> params.add(NvSet.read(src, false));
        default -> throw src.error("is not allowed in a group");
      }
    }
    Map<String, String> m = new LinkedHashMap<>(NvSet.merge(src, meta, "meta-attribute"));
    NvSet.normalizeRoles(m);
    Map<String, String> p = NvSet.merge(src, params, "parameter");
    return templates -> {
      List<Primitive> built = new ArrayList<>();
      for (PrimitiveSpec s : members) {
        built.add(s.build(templates));
      }
      try {
        return new Group(id, built, m, p);
      } catch (IllegalArgumentException e) {
        throw where.error(e);
      }
    };
  }

  private static Spec clone(XmlSource src) throws CibXmlException {
    Where where = new Where(src.element(), src.line(), src.column());
    boolean master = src.element().equals("master");
    String id = src.attr("id");
    src.checkAttributes();
    Spec child = null;
    List<NvSet> meta = new ArrayList<>();
    while (src.nextChild()) {
      switch (src.element()) {
        case "primitive", "group" -> {
          if (child != null) {
            throw src.error("a clone has exactly one primitive or group");
          }
          child = src.element().equals("primitive") ? primitive(src, false) : group(src);
        }
        case "meta_attributes" -> meta.add(NvSet.read(src, false));
        case "instance_attributes" ->
            throw src.error("clone instance attributes are not supported; set them on the child");
        default -> throw src.error("is not allowed in a clone");
      }
    }
    if (child == null) {
      throw where.error("the clone has no primitive or group");
    }
    Map<String, String> m = new LinkedHashMap<>(NvSet.merge(src, meta, "meta-attribute"));
    NvSet.normalizeRoles(m);
    Spec c = child;
    return templates -> {
      Resource built = c.build(templates);
      try {
        return master ? Clone.master(id, built, m) : new Clone(id, built, m);
      } catch (IllegalArgumentException e) {
        throw where.error(e);
      }
    };
  }
}
