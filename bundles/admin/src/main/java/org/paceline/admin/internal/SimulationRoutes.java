package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.paceline.cib.model.Cib;
import org.paceline.cib.service.CibService;
import org.paceline.cib.xml.CibXml;
import org.paceline.scheduler.Schedule;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.tools.SimulationException;
import org.paceline.scheduler.tools.SimulationTool;
import org.paceline.scheduler.tools.SimulationTool.WhatIfKind;
import org.paceline.scheduler.tools.SimulationTool.WhatIfStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /simulate} and {@code GET /explain/{resource}}: the scheduler's {@link
 * SimulationTool} on this node's live CIB with the membership and quorum the node sees, exactly as
 * {@code paceline simulate --live} and {@code paceline explain} build their input (the CIB as XML,
 * read back, the {@code GET /status} membership laid over it, see {@link LiveMembership}), so the
 * text is the CLI's. What-ifs apply in crm_simulate's order: nodes up, down, failed, then operation
 * results.
 */
final class SimulationRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(SimulationRoutes.class);

  /** The what-if fields, in the order they apply. */
  private static final List<Map.Entry<String, WhatIfKind>> WHAT_IFS =
      List.of(
          Map.entry("nodeUp", WhatIfKind.NODE_UP),
          Map.entry("nodeDown", WhatIfKind.NODE_DOWN),
          Map.entry("nodeFail", WhatIfKind.NODE_FAIL),
          Map.entry("opFail", WhatIfKind.OP_RESULT));

  private static final Set<String> SIMULATE_FIELDS =
      Set.of("nodeUp", "nodeDown", "nodeFail", "opFail", "showScores", "date");

  private static final Set<String> EXPLAIN_PARAMS =
      Set.of("nodeUp", "nodeDown", "nodeFail", "opFail", "date");

  private final ObjectMapper json = new ObjectMapper();
  private final String nodeName;
  private final Supplier<Optional<CibService>> cib;
  private final Supplier<? extends JsonNode> status;

  /**
   * @param status this node's {@code GET /status} answer (its {@code nodes[].state} and {@code
   *     quorum}/{@code quorate} are the live membership and quorum)
   */
  SimulationRoutes(
      String nodeName, Supplier<Optional<CibService>> cib, Supplier<? extends JsonNode> status) {
    this.nodeName = nodeName;
    this.cib = cib;
    this.status = status;
  }

  /**
   * {@code POST /simulate} {@code {"nodeUp": [...], "nodeDown": [...], "nodeFail": [...], "opFail":
   * ["RSC_OP_INTERVAL@NODE=RC", ...], "showScores": bool, "date": text}} (all optional).
   */
  AdminApi.Response simulate(String body) {
    try {
      JsonNode req = parse(body);
      for (Map.Entry<String, JsonNode> f : req.properties()) {
        if (!SIMULATE_FIELDS.contains(f.getKey())) {
          throw new BadRequest(
              "unknown field '"
                  + f.getKey()
                  + "' (use nodeUp, nodeDown, nodeFail, opFail, showScores, date)");
        }
      }
      JsonNode scores = req.path("showScores");
      if (!scores.isMissingNode() && !scores.isBoolean()) {
        throw new BadRequest("field 'showScores' must be true or false, not " + scores);
      }
      Map<String, List<String>> lists = new java.util.HashMap<>();
      for (Map.Entry<String, WhatIfKind> w : WHAT_IFS) {
        lists.put(w.getKey(), strings(req, w.getKey()));
      }
      String date = req.has("date") ? text(req, "date") : null;
      Live live = load(lists, date);
      SimulationTool.Loaded loaded = live.loaded();
      String text = SimulationTool.simulate(loaded, scores.asBoolean(false));
      Schedule schedule = Scheduler.schedule(loaded.input(), loaded.now());
      ObjectNode out = Responses.object();
      out.put("node", nodeName);
      out.put("versions", live.versions());
      out.put("now", loaded.now().toString());
      out.put("quorate", loaded.input().quorate());
      out.put("text", text);
      out.set("transition", ScheduleJson.actions(schedule));
      out.set("summary", ScheduleJson.changes(schedule.changes()));
      out.set("placements", ScheduleJson.placements(schedule.placements()));
      ArrayNode warnings = out.putArray("warnings");
      schedule.warnings().forEach(warnings::add);
      return Responses.ok(out);
    } catch (BadRequest e) {
      return Responses.error(400, e.getMessage());
    } catch (ConfigurationRoutes.Unavailable e) {
      return Responses.error(503, e.getMessage());
    } catch (RuntimeException e) {
      return internalError(e);
    }
  }

  /**
   * {@code GET /explain/{resource}?nodeUp=N&nodeDown=N&nodeFail=N&opFail=SPEC&date=D} (what-ifs
   * optional, repeatable): {@code paceline explain}'s lines and their data.
   */
  AdminApi.Response explain(String resource, Map<String, List<String>> query) {
    try {
      for (String p : query.keySet()) {
        if (!EXPLAIN_PARAMS.contains(p)) {
          throw new BadRequest(
              "unknown query parameter '" + p + "' (use nodeUp, nodeDown, nodeFail, opFail, date)");
        }
      }
      Map<String, List<String>> lists = new java.util.HashMap<>();
      for (Map.Entry<String, WhatIfKind> w : WHAT_IFS) {
        lists.put(w.getKey(), query.getOrDefault(w.getKey(), List.of()));
      }
      List<String> dates = query.getOrDefault("date", List.of());
      Live live = load(lists, dates.isEmpty() ? null : dates.get(dates.size() - 1));
      SimulationTool.Loaded loaded = live.loaded();
      List<String> lines;
      try {
        lines = SimulationTool.explain(loaded, resource);
      } catch (SimulationException e) {
        throw new BadRequest(e.getMessage());
      }
      Schedule schedule = Scheduler.schedule(loaded.input(), loaded.now());
      ObjectNode out = Responses.object();
      out.put("node", nodeName);
      out.put("versions", live.versions());
      out.put("now", loaded.now().toString());
      out.put("resource", resource);
      ArrayNode l = out.putArray("lines");
      lines.forEach(l::add);
      out.put("text", lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
      ScheduleJson.explanation(schedule, resource, out);
      return Responses.ok(out);
    } catch (BadRequest e) {
      return Responses.error(400, e.getMessage());
    } catch (ConfigurationRoutes.Unavailable e) {
      return Responses.error(503, e.getMessage());
    } catch (RuntimeException e) {
      return internalError(e);
    }
  }

  /**
   * The scheduler input and the CIB version it was read from.
   *
   * @param loaded the input, what-ifs applied
   * @param versions the CIB's versions
   */
  private record Live(SimulationTool.Loaded loaded, String versions) {}

  /** The live input with the what-ifs applied, each error naming the field and its entry. */
  private Live load(Map<String, List<String>> whatIfs, String date)
      throws BadRequest, ConfigurationRoutes.Unavailable {
    CibService service =
        cib.get()
            .orElseThrow(
                () ->
                    new ConfigurationRoutes.Unavailable(
                        "the CIB is not running on this node yet (see paceline status)"));
    Instant at = null;
    if (date != null) {
      try {
        at = SimulationTool.parseDate(date);
      } catch (SimulationException e) {
        throw new BadRequest("date: " + e.getMessage());
      }
    }
    Cib current = service.current();
    ByteArrayOutputStream xml = new ByteArrayOutputStream();
    SimulationTool.Loaded loaded;
    try {
      CibXml.write(current, xml);
      loaded =
          SimulationTool.readXml(
              xml.toString(StandardCharsets.UTF_8), "the CIB of node " + nodeName, at);
    } catch (IOException | SimulationException e) {
      throw new IllegalStateException("cannot read this node's own CIB back: " + e, e);
    }
    loaded = LiveMembership.withMembership(loaded, status.get());
    for (Map.Entry<String, WhatIfKind> w : WHAT_IFS) {
      List<String> args = whatIfs.get(w.getKey());
      for (int i = 0; i < args.size(); i++) {
        WhatIfStep step = new WhatIfStep(w.getValue(), args.get(i));
        try {
          loaded = SimulationTool.apply(loaded, List.of(step));
        } catch (SimulationException e) {
          String msg = e.getMessage();
          String prefix = w.getValue().option() + " " + args.get(i) + ": ";
          if (msg != null && msg.startsWith(prefix)) {
            msg = msg.substring(prefix.length());
          }
          throw new BadRequest(w.getKey() + "[" + i + "] '" + args.get(i) + "': " + msg);
        }
      }
    }
    return new Live(loaded, current.versions().toString());
  }

  /** A scheduler failure that is not the input's fault: 500 saying what failed where. */
  private AdminApi.Response internalError(RuntimeException e) {
    LOG.warn("node {}: the scheduler failed on the live CIB", nodeName, e);
    StackTraceElement[] where = e.getStackTrace();
    return Responses.error(
        500,
        "internal error in the scheduler: "
            + e
            + (where.length > 0 ? " at " + where[0] : "")
            + " (please report it with the CIB: GET /configuration/xml)");
  }

  private JsonNode parse(String body) throws BadRequest {
    if (body == null || body.isBlank()) {
      return json.createObjectNode();
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

  private static List<String> strings(JsonNode req, String field) throws BadRequest {
    JsonNode v = req.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (v.isTextual()) {
      return List.of(v.asText());
    }
    if (!v.isArray()) {
      throw new BadRequest("field '" + field + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : v) {
      if (!x.isTextual() || x.asText().isBlank()) {
        throw new BadRequest("field '" + field + "' must be an array of non-empty strings");
      }
      out.add(x.asText());
    }
    return out;
  }

  private static String text(JsonNode req, String field) throws BadRequest {
    JsonNode t = req.get(field);
    if (t == null || !t.isTextual()) {
      throw new BadRequest("field '" + field + "' must be a string");
    }
    return t.asText();
  }
}
