package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.cib.service.CibService;
import org.paceline.executor.Executor;

/**
 * The admin API's routes, free of servlet and OSGi types: a method and a path in, a status and a
 * JSON body out. Authentication happens before this (see {@link Credential}).
 *
 * <table>
 *   <caption>Routes (below {@code /api/v1})</caption>
 *   <tr><td>GET /health</td><td>{@link ClusterRoutes#health}</td></tr>
 *   <tr><td>GET /status</td><td>{@link ClusterRoutes#status}</td></tr>
 *   <tr><td>POST /ring/faults</td><td>{@link ClusterRoutes#setFaults}</td></tr>
 *   <tr><td>GET /agents</td><td>{@link AgentRoutes#list}</td></tr>
 *   <tr><td>GET /agents/{id}</td><td>{@link AgentRoutes#detail}</td></tr>
 *   <tr><td>POST /agents/{id}/run</td><td>{@link RunRoutes#run}</td></tr>
 *   <tr><td>POST /resources/{id}/{action}, GET /resources/{id}</td>
 *       <td>{@link ResourceRoutes}</td></tr>
 *   <tr><td>POST /nodes/{name}/state</td><td>{@link ConfigurationRoutes#nodeState}</td></tr>
 *   <tr><td>POST /nodes/{name}/fence</td><td>{@link FenceRoutes#fence}</td></tr>
 *   <tr><td>POST /nodes/{name}/attributes, GET /nodes/{name}/attributes[/{attribute}]</td>
 *       <td>{@link NodeAttributeRoutes}</td></tr>
 *   <tr><td>GET /cib</td><td>{@link ConfigurationRoutes#cibStatus}</td></tr>
 *   <tr><td>GET /configuration, /configuration/xml</td><td>{@link ConfigurationRoutes#show}</td></tr>
 *   <tr><td>GET /configuration/verify</td><td>{@link ConfigurationRoutes#verify}</td></tr>
 *   <tr><td>POST /configuration/load, /import-xml, /statement, /delete</td>
 *       <td>{@link ConfigurationRoutes}</td></tr>
 * </table>
 *
 * <p>Owns the thread pool that reads agents' meta-data: {@link #close} it.
 */
public final class AdminApi implements AutoCloseable {

  /**
   * What to answer.
   *
   * @param status HTTP status
   * @param body JSON body
   */
  public record Response(int status, ObjectNode body) {}

  private static final String PREFIX = "/api/v1";
  private static final String AGENTS = "/agents/";
  private static final String RUN = "/run";
  private static final java.util.Set<String> POSTS =
      java.util.Set.of(
          "/configuration/load",
          "/configuration/import-xml",
          "/configuration/statement",
          "/configuration/delete");

  private final NodeConfiguration config;
  private final ClusterRoutes cluster;
  private final AgentRoutes agents;
  private final RunRoutes runs;
  private final ConfigurationRoutes configuration;
  private final ResourceRoutes resources;
  private final NodeAttributeRoutes nodeAttributes;
  private final FenceRoutes fence;
  private final AgentDescriber describer;

  public AdminApi(NodeConfiguration config, AgentCatalog agents, Instant started) {
    this(config, agents, started, ClusterView.none(), Optional::empty);
  }

  public AdminApi(
      NodeConfiguration config,
      AgentCatalog agents,
      Instant started,
      ClusterView cluster,
      Supplier<Optional<Executor>> executor) {
    this(
        config, agents, started, cluster, executor, AgentRoutes.LIST_WAIT, AgentRoutes.DETAIL_WAIT);
  }

  /**
   * An API whose agent routes wait at most {@code listWait} for the meta-data of all agents and
   * {@code detailWait} for one agent's.
   */
  public AdminApi(
      NodeConfiguration config,
      AgentCatalog agents,
      Instant started,
      ClusterView cluster,
      Supplier<Optional<Executor>> executor,
      Duration listWait,
      Duration detailWait) {
    this(
        config,
        agents,
        started,
        cluster,
        executor,
        Optional::empty,
        java.util.Map::of,
        listWait,
        detailWait);
  }

  /** An API with every route and the default waits for agents' meta-data. */
  public AdminApi(
      NodeConfiguration config,
      AgentCatalog agents,
      Instant started,
      ClusterView cluster,
      Supplier<Optional<Executor>> executor,
      Supplier<Optional<CibService>> cib,
      Supplier<java.util.Map<String, java.util.Set<String>>> clusterAgents) {
    this(
        config,
        agents,
        started,
        cluster,
        executor,
        cib,
        clusterAgents,
        AgentRoutes.LIST_WAIT,
        AgentRoutes.DETAIL_WAIT);
  }

  /** An API with every route, the configuration routes backed by the {@code cib} service. */
  public AdminApi(
      NodeConfiguration config,
      AgentCatalog agents,
      Instant started,
      ClusterView cluster,
      Supplier<Optional<Executor>> executor,
      Supplier<Optional<CibService>> cib,
      Supplier<java.util.Map<String, java.util.Set<String>>> clusterAgents,
      Duration listWait,
      Duration detailWait) {
    this.config = config;
    this.configuration = new ConfigurationRoutes(agents, cib, clusterAgents);
    this.resources = new ResourceRoutes(configuration, cib);
    this.nodeAttributes = new NodeAttributeRoutes(configuration, cib);
    this.fence = new FenceRoutes(config.node().name(), cluster::fencer, cib);
    this.describer = new AgentDescriber(AgentDescriber.DEFAULT_THREADS);
    this.cluster = new ClusterRoutes(config, started, cluster, cib);
    this.agents = new AgentRoutes(config.node().name(), agents, describer, listWait, detailWait);
    this.runs = new RunRoutes(config.node().name(), agents, executor);
  }

  /** Answers {@code method path} (path below the servlet's mount, e.g. {@code /api/v1/agents}). */
  public Response handle(String method, String path, Instant now) {
    return handle(method, path, "", now);
  }

  /** Answers {@code method path} with a request body (JSON, for POST). */
  public Response handle(String method, String path, String body, Instant now) {
    if (path == null || !path.startsWith(PREFIX + "/")) {
      return error(404, "no such endpoint: " + path + " (this API lives under " + PREFIX + "/)");
    }
    String rest = path.substring(PREFIX.length());
    if (rest.equals("/ring/faults")) {
      return method.equals("POST") ? cluster.setFaults(body) : notAllowed(method, path, "POST");
    }
    if (rest.startsWith(AGENTS) && rest.endsWith(RUN) && rest.length() > AGENTS.length() + 4) {
      String id = rest.substring(AGENTS.length(), rest.length() - RUN.length());
      return method.equals("POST") ? runs.run(id, body) : notAllowed(method, path, "POST");
    }
    if (rest.startsWith("/configuration/") && POSTS.contains(rest)) {
      if (!method.equals("POST")) {
        return notAllowed(method, path, "POST");
      }
      return switch (rest) {
        case "/configuration/load" -> configuration.load(body);
        case "/configuration/import-xml" -> configuration.importXml(body);
        case "/configuration/statement" -> configuration.statement(body);
        default -> configuration.delete(body);
      };
    }
    if (rest.startsWith("/resources/") && rest.length() > "/resources/".length()) {
      String[] parts = rest.substring("/resources/".length()).split("/", -1);
      java.util.Set<String> names = new java.util.HashSet<>();
      config.cluster().nodes().forEach(n -> names.add(n.name()));
      if (parts.length == 2 && !parts[0].isEmpty()) {
        return method.equals("POST")
            ? resources.act(parts[0], parts[1], names, body, now)
            : notAllowed(method, path, "POST");
      }
      if (parts.length == 1) {
        return method.equals("GET") ? resources.show(parts[0]) : notAllowed(method, path, "GET");
      }
    }
    if (rest.startsWith("/nodes/")) {
      String[] parts = rest.substring("/nodes/".length()).split("/", 3);
      if (parts.length >= 2 && !parts[0].isEmpty() && parts[1].equals("attributes")) {
        return attributes(method, path, parts, body);
      }
    }
    if (rest.startsWith("/nodes/") && rest.endsWith("/fence")) {
      String node = rest.substring("/nodes/".length(), rest.length() - "/fence".length());
      if (!method.equals("POST")) {
        return notAllowed(method, path, "POST");
      }
      java.util.Set<String> names = new java.util.HashSet<>();
      config.cluster().nodes().forEach(n -> names.add(n.name()));
      return fence.fence(node, names, body);
    }
    if (rest.startsWith("/nodes/") && rest.endsWith("/state")) {
      String node = rest.substring("/nodes/".length(), rest.length() - "/state".length());
      if (!method.equals("POST")) {
        return notAllowed(method, path, "POST");
      }
      java.util.Set<String> names = new java.util.HashSet<>();
      config.cluster().nodes().forEach(n -> names.add(n.name()));
      return configuration.nodeState(node, names, body);
    }
    if (!method.equals("GET")) {
      return notAllowed(method, path, "GET");
    }
    if (rest.equals("/cib")) {
      return configuration.cibStatus();
    }
    if (rest.equals("/configuration")) {
      return configuration.show("crm");
    }
    if (rest.equals("/configuration/xml")) {
      return configuration.show("xml");
    }
    if (rest.equals("/configuration/verify")) {
      return configuration.verify();
    }
    if (rest.equals("/status")) {
      return Responses.ok(cluster.status());
    }
    if (rest.equals("/health")) {
      return Responses.ok(cluster.health(now));
    }
    if (rest.equals("/agents")) {
      return agents.list();
    }
    if (rest.startsWith(AGENTS) && rest.length() > AGENTS.length()) {
      String id = rest.substring(AGENTS.length());
      if (id.indexOf('/') < 0) {
        return agents.detail(id);
      }
    }
    return error(404, "no such endpoint: " + path + " on node " + config.node().name());
  }

  /** {@code /nodes/{node}/attributes[/{name}]}: {@code parts} are node, "attributes", name. */
  private Response attributes(String method, String path, String[] parts, String body) {
    java.util.Set<String> names = new java.util.HashSet<>();
    config.cluster().nodes().forEach(n -> names.add(n.name()));
    if (parts.length == 2) {
      return switch (method) {
        case "POST" -> nodeAttributes.set(parts[0], names, body);
        case "GET" -> nodeAttributes.list(parts[0], names);
        default -> notAllowed(method, path, "GET or POST");
      };
    }
    if (parts[2].isEmpty()) {
      return error(404, "no such endpoint: " + path + " (name the attribute after /attributes/)");
    }
    return method.equals("GET")
        ? nodeAttributes.get(parts[0], names, parts[2])
        : notAllowed(method, path, "GET");
  }

  /** A JSON error body {@code {"error": message}}. */
  public Response error(int status, String message) {
    return Responses.error(status, message);
  }

  private static Response notAllowed(String method, String path, String allowed) {
    return Responses.error(
        405, "method " + method + " is not allowed on " + path + " (use " + allowed + ")");
  }

  /** Stops the meta-data readers. */
  @Override
  public void close() {
    describer.close();
  }
}
