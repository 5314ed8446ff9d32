package org.paceline.ra.ocf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP server standing in for a node's admin API: the node attribute routes ({@code POST
 * /api/v1/nodes/{node}/attributes}, {@code GET /api/v1/nodes/{node}/attributes/{name}}) with Basic
 * authentication, keeping the attributes in memory and recording every request. Writes the URL file
 * and the credential file a node has.
 */
final class FakeAdminApi implements AutoCloseable {

  /** One request as it arrived (the path decoded). */
  record Request(String method, String path, JsonNode body) {}

  static final String CREDENTIAL = "paceline:s3cret: pw";
  static final Set<String> NODES = Set.of("node-1", "n2");

  private static final ObjectMapper JSON = new ObjectMapper();

  final List<Request> requests = new CopyOnWriteArrayList<>();
  final Map<String, Map<String, String>> transients = new ConcurrentHashMap<>();
  final Map<String, Map<String, String>> permanents = new ConcurrentHashMap<>();
  final Path urlFile;
  final Path credentialFile;
  private final HttpServer server;

  FakeAdminApi(Path dir) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/", this::handle);
    server.start();
    urlFile = dir.resolve("run/admin.url");
    credentialFile = dir.resolve("credential");
    Files.createDirectories(urlFile.getParent());
    Files.writeString(urlFile, url() + "\n");
    Files.writeString(credentialFile, CREDENTIAL + "\n");
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  ClusterTools.AdminAccess access() {
    return new ClusterTools.AdminAccess(urlFile, credentialFile);
  }

  /** The bodies of the POSTs received, as JSON text. */
  List<String> posts() {
    return requests.stream()
        .filter(r -> r.method().equals("POST"))
        .map(r -> r.body().toString())
        .toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String expected =
          "Basic "
              + Base64.getEncoder().encodeToString(CREDENTIAL.getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        answer(ex, 401, error("authentication required"));
        return;
      }
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = ex.getRequestURI().getPath();
      JsonNode json = body.isEmpty() ? null : JSON.readTree(body);
      requests.add(new Request(ex.getRequestMethod(), path, json));
      String prefix = "/api/v1/nodes/";
      String[] parts =
          path.startsWith(prefix) ? path.substring(prefix.length()).split("/", 3) : new String[0];
      if (parts.length < 2 || !parts[1].equals("attributes")) {
        answer(ex, 404, error("no such endpoint: " + path));
        return;
      }
      String node = parts[0];
      if (!NODES.contains(node)) {
        answer(ex, 404, error("no node '" + node + "' in this cluster"));
        return;
      }
      if (ex.getRequestMethod().equals("POST") && parts.length == 2) {
        post(ex, node, json);
      } else if (ex.getRequestMethod().equals("GET") && parts.length == 3) {
        get(ex, node, parts[2]);
      } else {
        answer(ex, 405, error("method not allowed"));
      }
    }
  }

  private void post(HttpExchange ex, String node, JsonNode req) throws IOException {
    String name = req.path("name").asText();
    JsonNode v = req.get("value");
    boolean forever = req.path("lifetime").asText("reboot").equals("forever");
    Map<String, String> attrs =
        (forever ? permanents : transients).computeIfAbsent(node, n -> new ConcurrentHashMap<>());
    if (v == null || v.isNull()) {
      attrs.remove(name);
    } else {
      attrs.put(name, v.asText());
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("changed", true);
    out.putArray("warnings").add("value").add("x");
    out.put("node", node);
    out.put("name", name);
    answer(ex, 200, out);
  }

  private void get(HttpExchange ex, String node, String name) throws IOException {
    String t = transients.getOrDefault(node, Map.of()).get(name);
    String p = permanents.getOrDefault(node, Map.of()).get(name);
    if (t == null && p == null) {
      ObjectNode missing = error("node " + node + " has no attribute '" + name + "'");
      missing.put("node", node);
      missing.put("name", name);
      answer(ex, 404, missing);
      return;
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("node", node);
    out.put("name", name);
    out.put("transient", t);
    out.put("permanent", p);
    out.put("lifetime", t != null ? "reboot" : "forever");
    out.put("value", t != null ? t : p);
    answer(ex, 200, out);
  }

  private static ObjectNode error(String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", message);
    return o;
  }

  private static void answer(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
