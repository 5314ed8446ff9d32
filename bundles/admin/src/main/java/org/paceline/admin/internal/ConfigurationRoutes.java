package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.crm.CrmPrinter;
import org.paceline.cib.crm.CrmStatement;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibChangeException;
import org.paceline.cib.service.CibService;
import org.paceline.cib.service.ReplicaStatus;
import org.paceline.cib.validate.ConfigurationValidator;
import org.paceline.cib.validate.Finding;
import org.paceline.cib.validate.Severity;
import org.paceline.cib.xml.CibXml;
import org.paceline.cib.xml.XmlLimits;

/**
 * The configuration routes behind {@code paceline configure}:
 *
 * <ul>
 *   <li>{@code GET /configuration}: the configuration in crm syntax; {@code GET
 *       /configuration/xml}: the whole CIB as Pacemaker XML;
 *   <li>{@code GET /configuration/json}: the configuration as JSON ({@link ConfigurationJson});
 *       {@code POST /configuration/json} {@code {"configuration": element, "update": bool, "force":
 *       bool}} replaces (or updates) it from that JSON;
 *   <li>{@code GET /configuration/verify}: {@code configure verify}'s findings;
 *   <li>{@code POST /configuration/load} {@code {"crm": text, "update": bool, "force": bool}};
 *   <li>{@code POST /configuration/import-xml} {@code {"xml": text, "force": bool}};
 *   <li>{@code POST /configuration/statement} {@code {"words": [...] | "crm": text, "replace":
 *       bool, "force": bool}};
 *   <li>{@code POST /configuration/delete} {@code {"ids": [...], "force": bool}};
 *   <li>{@code GET /cib}: the replica's version, digest and sync state.
 * </ul>
 *
 * <p>A change is checked here first (syntax with line and column, then {@code verify} on the
 * result: a change that adds errors is refused unless forced) and then proposed to the CIB, which
 * sends it through the ring; the answer comes once this node has applied it.
 */
final class ConfigurationRoutes {

  /** The largest configuration text accepted in one request. */
  static final int MAX_TEXT = 64 * 1024 * 1024;

  /** How long a change may take to go through the ring and be applied here. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final ObjectMapper json = new ObjectMapper();
  private final AgentCatalog catalog;
  private final Supplier<Optional<CibService>> cib;

  private final Supplier<Map<String, Set<String>>> clusterAgents;

  ConfigurationRoutes(AgentCatalog catalog, Supplier<Optional<CibService>> cib) {
    this(catalog, cib, Map::of);
  }

  /**
   * @param clusterAgents the agent ids each node of the partition reports, by node name (see {@link
   *     ClusterAgents}); this node's own catalog counts too
   */
  ConfigurationRoutes(
      AgentCatalog catalog,
      Supplier<Optional<CibService>> cib,
      Supplier<Map<String, Set<String>>> clusterAgents) {
    this.catalog = catalog;
    this.cib = cib;
    this.clusterAgents = clusterAgents;
  }

  private CibService service() throws Unavailable {
    return cib.get()
        .orElseThrow(
            () -> new Unavailable("the CIB is not running on this node yet (see paceline status)"));
  }

  /** The CIB service is missing: 503. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  AdminApi.Response show(String format) {
    try {
      Cib current = service().current();
      ObjectNode body = Responses.object();
      body.put("versions", current.versions().toString());
      if (format == null || format.isEmpty() || format.equals("crm")) {
        body.put("format", "crm");
        body.put("text", CrmPrinter.print(current.configuration()));
      } else if (format.equals("xml")) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CibXml.write(current, out);
        body.put("format", "xml");
        body.put("text", out.toString(StandardCharsets.UTF_8));
      } else {
        return Responses.error(400, "format '" + format + "' is not crm or xml");
      }
      return Responses.ok(body);
    } catch (Unavailable e) {
      return Responses.error(503, e.getMessage());
    } catch (IOException e) {
      return Responses.error(500, "cannot write the CIB as XML: " + e.getMessage());
    }
  }

  /** {@code GET /configuration/json}. */
  AdminApi.Response showJson() {
    try {
      Cib current = service().current();
      ObjectNode body = Responses.object();
      body.put("versions", current.versions().toString());
      body.put("format", "json");
      body.set("configuration", ConfigurationJson.write(current.configuration()));
      return Responses.ok(body);
    } catch (Unavailable e) {
      return Responses.error(503, e.getMessage());
    }
  }

  /** The fields a {@code POST /configuration/json} body may have. */
  private static final Set<String> JSON_LOAD_FIELDS =
      Set.of("configuration", "update", "force", "versions", "format");

  /**
   * {@code POST /configuration/json}: the body is what {@code GET /configuration/json} answers (its
   * {@code versions} is ignored) with optional {@code update} and {@code force}, as for {@code
   * /configuration/load}; the query parameters {@code update} and {@code force} may say the same
   * (so that a saved answer can be posted as it is).
   */
  AdminApi.Response loadJson(String body, Map<String, List<String>> query) {
    try {
      JsonNode req = parseStrict(body);
      for (Map.Entry<String, JsonNode> f : req.properties()) {
        if (!JSON_LOAD_FIELDS.contains(f.getKey())) {
          throw new BadRequest(
              "$."
                  + f.getKey()
                  + ": unknown field (the body has configuration, and optionally update and"
                  + " force)");
        }
      }
      if (req.has("format") && !"json".equals(req.get("format").asText())) {
        throw new BadRequest("$.format: '" + req.get("format").asText() + "' is not json");
      }
      boolean update = flag(req, query, "update");
      boolean force = flag(req, query, "force");
      JsonNode root = req.get("configuration");
      if (root == null || root.isNull()) {
        throw new BadRequest(
            "$.configuration: missing (the element tree GET /configuration/json answers)");
      }
      ConfigurationJson.Read read = ConfigurationJson.read(root, "$.configuration");
      ObjectNode options = Responses.object();
      options.put("force", force);
      CibChange change;
      if (update) {
        String text = CrmPrinter.print(read.configuration());
        if (text.isBlank()) {
          throw new BadRequest("$.configuration: holds no object to add or replace");
        }
        change = new CibChange.ApplyCrm(text, true);
      } else {
        change = new CibChange.ReplaceConfiguration(read.configuration());
      }
      AdminApi.Response r = propose(change, options);
      if (!read.warnings().isEmpty() && r.status() == 200) {
        ArrayNode w = r.body().withArray("warnings");
        read.warnings().forEach(x -> w.add("dropped: " + x));
      }
      return r;
    } catch (BadRequest e) {
      return Responses.error(400, e.getMessage());
    }
  }

  /** A boolean from the body or the query; the two must agree if both are given. */
  private static boolean flag(JsonNode req, Map<String, List<String>> query, String name)
      throws BadRequest {
    Boolean fromBody = null;
    if (req.has(name)) {
      if (!req.get(name).isBoolean()) {
        throw new BadRequest("$." + name + ": must be true or false, not " + req.get(name));
      }
      fromBody = req.get(name).asBoolean();
    }
    Boolean fromQuery = null;
    List<String> q = query.getOrDefault(name, List.of());
    if (!q.isEmpty()) {
      String v = q.get(q.size() - 1);
      if (!v.equals("true") && !v.equals("false") && !v.isEmpty()) {
        throw new BadRequest("query parameter " + name + ": '" + v + "' is not true or false");
      }
      fromQuery = !v.equals("false");
    }
    if (fromBody != null && fromQuery != null && !fromBody.equals(fromQuery)) {
      throw new BadRequest(
          "'" + name + "' is " + fromBody + " in the body but " + fromQuery + " in the query");
    }
    return fromBody != null ? fromBody : fromQuery != null && fromQuery;
  }

  private final ObjectMapper strictJson =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Like {@link #parse}, refusing a name given twice in an object (it would be lost). */
  private JsonNode parseStrict(String body) throws BadRequest {
    return parse(body, strictJson);
  }

  AdminApi.Response cibStatus() {
    try {
      ReplicaStatus s = service().status();
      ObjectNode body = Responses.object();
      body.put("synced", s.synced());
      body.put("versions", s.versions().toString());
      body.put("adminEpoch", s.versions().adminEpoch());
      body.put("epoch", s.versions().epoch());
      body.put("numUpdates", s.versions().numUpdates());
      body.put("digest", s.digest());
      ArrayNode members = body.putArray("members");
      s.members().forEach(members::add);
      return Responses.ok(body);
    } catch (Unavailable e) {
      return Responses.error(503, e.getMessage());
    }
  }

  AdminApi.Response verify() {
    try {
      List<Finding> findings =
          validator(service().current().configuration())
              .validate(service().current().configuration());
      return Responses.ok(findingsBody(findings));
    } catch (Unavailable e) {
      return Responses.error(503, e.getMessage());
    }
  }

  AdminApi.Response load(String body) {
    try {
      JsonNode req = parse(body);
      String text = text(req, "crm");
      boolean update = req.path("update").asBoolean(false);
      if (update) {
        return propose(new CibChange.ApplyCrm(text, true), req);
      }
      Configuration next = CrmParser.parse(text);
      return propose(new CibChange.ReplaceConfiguration(next), req);
    } catch (BadRequest e) {
      return Responses.error(400, e.getMessage());
    } catch (IllegalArgumentException e) {
      return Responses.error(400, e.getMessage());
    }
  }

  AdminApi.Response importXml(String body) {
    try {
      JsonNode req = parse(body);
      String text = text(req, "xml");
      ByteArrayInputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
      XmlLimits limits = XmlLimits.DEFAULT.withMaxBytes(MAX_TEXT);
      // A whole CIB (cibadmin -Q, cib.xml) or just its <configuration> element.
      Configuration next =
          "configuration".equals(rootElement(text))
              ? CibXml.readConfiguration(in, limits)
              : CibXml.read(in, limits).configuration();
      return propose(new CibChange.ReplaceConfiguration(next), req);
    } catch (BadRequest e) {
      return Responses.error(400, e.getMessage());
    } catch (IOException | IllegalArgumentException e) {
      return Responses.error(400, e.getMessage());
    }
  }

  AdminApi.Response statement(String body) {
    try {
      JsonNode req = parse(body);
      String text;
      if (req.has("words")) {
        List<String> words = new ArrayList<>();
        for (JsonNode w : req.path("words")) {
          if (!w.isTextual()) {
            throw new BadRequest("field 'words' must be an array of strings");
          }
          words.add(w.asText());
        }
        if (words.isEmpty()) {
          throw new BadRequest("field 'words' is empty: give a statement such as primitive ...");
        }
        CrmStatement statement = CrmParser.parseStatement(words);
        text = CrmPrinter.print(statement);
      } else {
        text = text(req, "crm");
        CrmParser.parseScript(text); // syntax errors with line and column before proposing
      }
      return propose(new CibChange.ApplyCrm(text, req.path("replace").asBoolean(false)), req);
    } catch (BadRequest e) {
      return Responses.error(400, e.getMessage());
    } catch (IllegalArgumentException e) {
      return Responses.error(400, e.getMessage());
    }
  }

  /**
   * {@code POST /nodes/{node}/state} {@code {"state": "standby"|"online"|"maintenance"|"ready",
   * "force": bool}}: sets or clears the node's permanent {@code standby} or {@code maintenance}
   * attribute in the configuration, as {@code crm node standby} does.
   */
  AdminApi.Response nodeState(String node, Set<String> knownNodes, String body) {
    try {
      if (!knownNodes.contains(node)) {
        return Responses.error(
            404,
            "no node '"
                + node
                + "' in this cluster (nodes: "
                + String.join(", ", new java.util.TreeSet<>(knownNodes))
                + ")");
      }
      JsonNode req = parse(body);
      String state = text(req, "state");
      CibChange change =
          switch (state) {
            case "standby" -> new CibChange.SetNodeAttribute(node, "standby", "on");
            case "online" -> new CibChange.SetNodeAttribute(node, "standby", null);
            case "maintenance" -> new CibChange.SetNodeAttribute(node, "maintenance", "on");
            case "ready" -> new CibChange.SetNodeAttribute(node, "maintenance", null);
            default ->
                throw new BadRequest(
                    "field 'state' is '" + state + "', not standby, online, maintenance or ready");
          };
      return propose(change, req);
    } catch (BadRequest e) {
      return Responses.error(400, e.getMessage());
    }
  }

  AdminApi.Response delete(String body) {
    try {
      JsonNode req = parse(body);
      List<String> ids = new ArrayList<>();
      for (JsonNode id : req.path("ids")) {
        ids.add(id.asText());
      }
      if (ids.isEmpty()) {
        throw new BadRequest("field 'ids' must list at least one id to delete");
      }
      return propose(new CibChange.DeleteObjects(ids, req.path("force").asBoolean(false)), req);
    } catch (BadRequest e) {
      return Responses.error(400, e.getMessage());
    }
  }

  /**
   * Checks the change on a copy of the current CIB, refuses one that adds verify errors (unless
   * forced), then proposes it and waits for this node to apply it.
   */
  AdminApi.Response propose(CibChange change, JsonNode req) {
    boolean force = req.path("force").asBoolean(false);
    try {
      CibService service = service();
      Cib before = service.current();
      Cib after;
      try {
        after = service.preview(change);
      } catch (CibChangeException e) {
        return Responses.error(400, e.getMessage());
      }
      if (after == before) {
        ObjectNode body = Responses.object();
        body.put("changed", false);
        body.put("versions", before.versions().toString());
        return Responses.ok(body);
      }
      ConfigurationValidator validator = validator(after.configuration());
      Set<Finding> old = new HashSet<>(validator.validate(before.configuration()));
      List<Finding> added =
          validator.validate(after.configuration()).stream()
              .filter(f -> f.severity() == Severity.ERROR && !old.contains(f))
              .toList();
      if (!added.isEmpty() && !force) {
        ObjectNode body = findingsBody(added);
        body.put(
            "error",
            "the change would make the configuration invalid ("
                + added.get(0)
                + (added.size() > 1 ? " and " + (added.size() - 1) + " more" : "")
                + "); fix it or use --force");
        return new AdminApi.Response(400, body);
      }
      Cib applied =
          service.propose(change, force).get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      ObjectNode body = Responses.object();
      body.put("changed", true);
      body.put("versions", applied.versions().toString());
      body.put("change", change.describe());
      List<Finding> warnings =
          validator.validate(applied.configuration()).stream()
              .filter(f -> f.severity() == Severity.WARNING)
              .toList();
      ArrayNode w = body.putArray("warnings");
      warnings.forEach(f -> w.add(f.toString()));
      return Responses.ok(body);
    } catch (Unavailable e) {
      return Responses.error(503, e.getMessage());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return Responses.error(409, cause == null ? e.toString() : cause.getMessage());
    } catch (TimeoutException e) {
      return Responses.error(
          504,
          "the change was sent but not applied here within "
              + ANSWER_TIMEOUT.toSeconds()
              + " s; check paceline status");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Responses.error(503, "interrupted while waiting for the change");
    }
  }

  /** A validator that knows the agents this node has and their warnings. */
  private ConfigurationValidator validator(Configuration config) {
    Set<AgentId> known = new HashSet<>();
    Map<String, AgentCatalog.Entry> byId = new HashMap<>();
    for (AgentCatalog.Entry e : catalog.list()) {
      try {
        known.add(AgentId.parse(e.id()));
        byId.putIfAbsent(e.id(), e);
      } catch (IllegalArgumentException ignored) {
        // a plugin registered a malformed id; the catalog shows it, verify cannot use it
      }
    }
    Map<String, Set<String>> nodes = clusterAgents.get();
    for (Set<String> ids : nodes.values()) {
      for (String id : ids) {
        try {
          known.add(AgentId.parse(id));
        } catch (IllegalArgumentException ignored) {
          // another node announced a malformed id
        }
      }
    }
    Map<AgentId, List<String>> warnings = new HashMap<>();
    for (Primitive p : config.primitives()) {
      if (warnings.containsKey(p.agent())) {
        continue;
      }
      List<String> w = new ArrayList<>();
      AgentCatalog.Entry e = byId.get(p.agent().toString());
      if (e != null) {
        w.addAll(e.source().warnings());
      }
      List<String> lacking =
          nodes.entrySet().stream()
              .filter(n -> !n.getValue().contains(p.agent().toString()))
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
      if (!lacking.isEmpty() && lacking.size() < nodes.size()) {
        w.add(p.agent() + " is not installed on " + String.join(", ", lacking));
      }
      if (!w.isEmpty()) {
        warnings.put(p.agent(), w);
      }
    }
    return ConfigurationValidator.withAgents(known, warnings);
  }

  private ObjectNode findingsBody(List<Finding> findings) {
    ObjectNode body = Responses.object();
    ArrayNode list = body.putArray("findings");
    int errors = 0;
    int warns = 0;
    for (Finding f : findings) {
      ObjectNode o = list.addObject();
      o.put("severity", f.severity().name());
      o.put("id", f.objectId());
      o.put("message", f.message());
      o.put("text", f.toString());
      if (f.severity() == Severity.ERROR) {
        errors++;
      } else {
        warns++;
      }
    }
    body.put("errors", errors);
    body.put("warnings", warns);
    return body;
  }

  JsonNode parse(String body) throws BadRequest {
    return parse(body, json);
  }

  private static JsonNode parse(String body, ObjectMapper json) throws BadRequest {
    if (body == null || body.isBlank()) {
      throw new BadRequest("the request needs a JSON body");
    }
    if (body.length() > MAX_TEXT) {
      throw new BadRequest("the request body is larger than " + MAX_TEXT + " characters");
    }
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        throw new BadRequest("the request body must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new BadRequest("the request body is not valid JSON: " + e.getMessage());
    }
  }

  private static final java.util.regex.Pattern FIRST_ELEMENT =
      java.util.regex.Pattern.compile("<([A-Za-z_][A-Za-z0-9_.-]*)");

  /** The name of the first element in {@code xml} (declarations and DOCTYPE skipped), or null. */
  static String rootElement(String xml) {
    java.util.regex.Matcher m = FIRST_ELEMENT.matcher(xml);
    return m.find() ? m.group(1) : null;
  }

  private static String text(JsonNode req, String field) throws BadRequest {
    JsonNode t = req.get(field);
    if (t == null || !t.isTextual()) {
      throw new BadRequest("field '" + field + "' (a string) is missing");
    }
    return t.asText();
  }
}
