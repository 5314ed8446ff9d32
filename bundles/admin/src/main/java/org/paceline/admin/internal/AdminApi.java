package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.cib.service.CibService;
import org.paceline.executor.Executor;

/**
 * The admin API, free of servlet and OSGi types: a method, a path (with a query) and a body in, a
 * status and a JSON body out. Authentication happens before this (see {@link Credential}). The
 * endpoints are the {@link RouteTable} built in {@link #table()} (listed by {@link #routes()};
 * documented in {@code docs/admin-api.md} and {@code docs/admin-api.yaml}, which a test keeps in
 * step with the table).
 *
 * <p>Owns the thread pool that reads agents' meta-data and the thread of the event log's long
 * polls: {@link #close} it.
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

  /** POST requests that change nothing (what-if simulations): not recorded as operator actions. */
  private static final Set<String> READ_ONLY_POSTS = Set.of(PREFIX + "/simulate");

  /** The most requests that may follow the event log at once ({@code GET /events?wait=...}). */
  static final int MAX_FOLLOWERS = 64;

  private final NodeConfiguration config;
  private final ClusterRoutes cluster;
  private final AgentRoutes agents;
  private final RunRoutes runs;
  private final ConfigurationRoutes configuration;
  private final SimulationRoutes simulation;
  private final ResourceRoutes resources;
  private final NodeAttributeRoutes nodeAttributes;
  private final FenceRoutes fence;
  private final AgentDescriber describer;
  private final EventWaits eventWaits;
  private final EventRoutes events;
  private final Supplier<Optional<EventFeed>> feed;
  private final RouteTable routes;

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

  /** An API with every route, the event routes backed by {@code events}, default waits. */
  public AdminApi(
      NodeConfiguration config,
      AgentCatalog agents,
      Instant started,
      ClusterView cluster,
      Supplier<Optional<Executor>> executor,
      Supplier<Optional<CibService>> cib,
      Supplier<java.util.Map<String, java.util.Set<String>>> clusterAgents,
      Supplier<Optional<EventFeed>> events) {
    this(
        config,
        agents,
        started,
        cluster,
        executor,
        cib,
        clusterAgents,
        events,
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
    this(
        config,
        agents,
        started,
        cluster,
        executor,
        cib,
        clusterAgents,
        Optional::empty,
        listWait,
        detailWait);
  }

  /**
   * An API with every route, the configuration routes backed by the {@code cib} service and the
   * event routes by the {@code events} feed.
   */
  public AdminApi(
      NodeConfiguration config,
      AgentCatalog agents,
      Instant started,
      ClusterView cluster,
      Supplier<Optional<Executor>> executor,
      Supplier<Optional<CibService>> cib,
      Supplier<java.util.Map<String, java.util.Set<String>>> clusterAgents,
      Supplier<Optional<EventFeed>> events,
      Duration listWait,
      Duration detailWait) {
    this.config = config;
    this.configuration = new ConfigurationRoutes(agents, cib, clusterAgents);
    this.resources = new ResourceRoutes(configuration, cib);
    this.nodeAttributes = new NodeAttributeRoutes(configuration, cib);
    this.fence = new FenceRoutes(config.node().name(), cluster::fencer, cib);
    this.describer = new AgentDescriber(AgentDescriber.DEFAULT_THREADS);
    this.cluster = new ClusterRoutes(config, started, cluster, cib, events);
    this.simulation = new SimulationRoutes(config.node().name(), cib, this.cluster::status);
    this.agents = new AgentRoutes(config.node().name(), agents, describer, listWait, detailWait);
    this.runs = new RunRoutes(config.node().name(), agents, executor);
    this.eventWaits = new EventWaits(config.node().name(), events, MAX_FOLLOWERS);
    this.feed = events;
    this.events =
        new EventRoutes(
            config.node().name(), config.cluster().totem().clusterName(), events, eventWaits);
    this.routes = table();
  }

  /** Answers {@code method path} (path below the servlet's mount, e.g. {@code /api/v1/agents}). */
  public Response handle(String method, String path, Instant now) {
    return handle(method, path, "", now);
  }

  /**
   * Answers {@code method path} with a request body (JSON, for POST), waiting for a long poll's
   * answer if the request is one.
   */
  public Response handle(String method, String path, String body, Instant now) {
    CompletableFuture<Response> answer = handleAsync(method, path, body, now);
    try {
      return answer.get(EventRoutes.MAX_WAIT.toSeconds() + 30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(503, "interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException("route failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      return error(504, "no answer in time");
    }
  }

  /**
   * Answers {@code method path} ({@code path} may end in a {@code ?query}); the future is already
   * done except for long polls ({@code GET /events?wait=...}).
   */
  public CompletableFuture<Response> handleAsync(
      String method, String path, String body, Instant now) {
    return handleAsync(method, path, body, now, null);
  }

  /**
   * Like {@link #handleAsync(String, String, String, Instant)}, for {@code who} (e.g. {@code
   * admin@127.0.0.1}): a request that changes something (not a GET, nor a POST that only computes,
   * such as {@code /simulate}) is recorded in the event log as an {@code operator.action} with its
   * outcome.
   */
  public CompletableFuture<Response> handleAsync(
      String method, String path, String body, Instant now, String who) {
    CompletableFuture<Response> answer = route(method, path, body, now);
    String plain =
        path == null || path.indexOf('?') < 0 ? path : path.substring(0, path.indexOf('?'));
    if (who == null
        || "GET".equals(method)
        || "HEAD".equals(method)
        || READ_ONLY_POSTS.contains(plain)) {
      return answer;
    }
    return answer.whenComplete(
        (r, e) -> {
          Optional<EventFeed> f = feed.get();
          if (f.isEmpty() || plain == null || !plain.startsWith(PREFIX + "/")) {
            return;
          }
          String rest = plain.substring(PREFIX.length());
          boolean ok = e == null && r != null && r.status() < 400;
          String error =
              ok
                  ? null
                  : e != null
                      ? e.toString()
                      : r == null
                          ? "no answer"
                          : r.body().path("error").asText("HTTP " + r.status());
          try {
            f.get().operatorAction(who, method + " " + rest, targetOf(rest), ok, error);
          } catch (RuntimeException x) {
            // the event log is stopping: the action itself is done
          }
        });
  }

  /** What a request below {@code /api/v1} acts on, as an event subject. */
  static String targetOf(String rest) {
    String[] p = rest.split("/");
    if (p.length >= 3 && p[1].equals("resources")) {
      return "resource/" + p[2];
    }
    if (p.length >= 3 && p[1].equals("nodes")) {
      return "node/" + p[2];
    }
    if (p.length >= 2 && p[1].equals("configuration")) {
      return "cib";
    }
    if (p.length >= 3 && p[1].equals("agents")) {
      return "agent/" + p[2];
    }
    return "cluster";
  }

  private CompletableFuture<Response> route(String method, String path, String body, Instant now) {
    String query = null;
    if (path != null && path.indexOf('?') >= 0) {
      query = path.substring(path.indexOf('?') + 1);
      path = path.substring(0, path.indexOf('?'));
    }
    if (path == null || !path.startsWith(PREFIX + "/") || path.length() == PREFIX.length() + 1) {
      return CompletableFuture.completedFuture(
          error(404, "no such endpoint: " + path + " (this API lives under " + PREFIX + "/)"));
    }
    String rest = path.substring(PREFIX.length());
    RouteTable.Lookup found = routes.find(method, rest);
    if (found.route().isEmpty()) {
      return CompletableFuture.completedFuture(
          found.allowed().isEmpty()
              ? error(404, "no such endpoint: " + path + " on node " + config.node().name())
              : notAllowed(method, path, String.join(" or ", found.allowed())));
    }
    RouteTable.Call call =
        new RouteTable.Call(path, found.params(), RouteTable.parseQuery(query), body, now);
    return found.route().get().handler().handle(call);
  }

  /** Every endpoint: method and path template below {@code /api/v1}. */
  public List<RouteTable.Route> routes() {
    return routes.routes();
  }

  private RouteTable table() {
    RouteTable t = new RouteTable();
    t.add("GET", "/health", c -> Responses.ok(cluster.health(c.now())));
    t.add("GET", "/status", c -> Responses.ok(cluster.status()));
    t.add("POST", "/ring/faults", c -> cluster.setFaults(c.body()));
    t.add("GET", "/agents", c -> agents.list());
    t.add("GET", "/agents/{id}", c -> agents.detail(c.param("id")));
    t.add("POST", "/agents/{id}/run", c -> runs.run(c.param("id"), c.body()));
    t.add("GET", "/cib", c -> configuration.cibStatus());
    t.add("GET", "/configuration", c -> configuration.show("crm"));
    t.add("GET", "/configuration/xml", c -> configuration.show("xml"));
    t.add("GET", "/configuration/json", c -> configuration.showJson());
    t.add("POST", "/configuration/json", c -> configuration.loadJson(c.body(), c.query()));
    t.add("GET", "/configuration/verify", c -> configuration.verify());
    t.add("POST", "/configuration/load", c -> configuration.load(c.body()));
    t.add("POST", "/configuration/import-xml", c -> configuration.importXml(c.body()));
    t.add("POST", "/configuration/statement", c -> configuration.statement(c.body()));
    t.add("POST", "/configuration/delete", c -> configuration.delete(c.body()));
    t.add("GET", "/resources/{id}", c -> resources.show(c.param("id")));
    t.add(
        "POST",
        "/resources/{id}/{action}",
        c -> resources.act(c.param("id"), c.param("action"), nodeNames(), c.body(), c.now()));
    t.add(
        "POST",
        "/nodes/{name}/state",
        c -> configuration.nodeState(c.param("name"), nodeNames(), c.body()));
    t.add("POST", "/nodes/{name}/fence", c -> fence.fence(c.param("name"), nodeNames(), c.body()));
    t.add(
        "GET", "/nodes/{name}/attributes", c -> nodeAttributes.list(c.param("name"), nodeNames()));
    t.add(
        "POST",
        "/nodes/{name}/attributes",
        c -> nodeAttributes.set(c.param("name"), nodeNames(), c.body()));
    t.add(
        "GET",
        "/nodes/{name}/attributes/{attribute}",
        c -> nodeAttributes.get(c.param("name"), nodeNames(), c.param("attribute")));
    t.add("POST", "/simulate", c -> simulation.simulate(c.body()));
    t.add("GET", "/explain/{resource}", c -> simulation.explain(c.param("resource"), c.query()));
    t.addAsync("GET", "/events", events::read);
    return t;
  }

  /** How many long polls wait now. */
  public int eventFollowers() {
    return eventWaits.waiting();
  }

  private Set<String> nodeNames() {
    Set<String> names = new HashSet<>();
    config.cluster().nodes().forEach(n -> names.add(n.name()));
    return names;
  }

  /** A JSON error body {@code {"error": message}}. */
  public Response error(int status, String message) {
    return Responses.error(status, message);
  }

  private static Response notAllowed(String method, String path, String allowed) {
    return Responses.error(
        405, "method " + method + " is not allowed on " + path + " (use " + allowed + ")");
  }

  /** Stops the meta-data readers and answers every waiting long poll. */
  @Override
  public void close() {
    eventWaits.close();
    describer.close();
  }
}
