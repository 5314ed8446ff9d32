package org.paceline.admin.internal.osgi;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.paceline.admin.internal.AdminApi;
import org.paceline.admin.internal.AgentCatalog;
import org.paceline.admin.internal.ClusterAgents;
import org.paceline.admin.internal.ClusterView;
import org.paceline.admin.internal.Credential;
import org.paceline.admin.internal.EventFeed;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.api.quorum.QuorumService;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ra.AgentClass;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.api.ring.GroupChannel;
import org.paceline.api.ring.RingControl;
import org.paceline.api.ring.RingStatus;
import org.paceline.cib.service.CibService;
import org.paceline.executor.Executor;
import org.paceline.fencer.FencerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the {@link AdminApi} at {@code /api/*} on the Felix HTTP service (whiteboard), checks
 * every request's credential, and feeds the {@link AgentCatalog} from the agent services plugin
 * bundles register.
 */
@Component(
    service = Servlet.class,
    property = {
      "osgi.http.whiteboard.servlet.pattern=/api/*",
      "osgi.http.whiteboard.servlet.name=paceline-admin",
      "osgi.http.whiteboard.servlet.asyncSupported=true"
    })
public final class AdminServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AdminServlet.class);

  private final transient AgentCatalog agents = new AgentCatalog();
  private final transient ObjectMapper json = new ObjectMapper();
  private transient AdminApi api;
  private transient Credential credential;
  private transient String nodeName;
  private transient volatile RingControl ring;
  private transient volatile QuorumService quorum;
  private transient volatile Executor executor;
  private transient volatile CibService cib;
  private final transient ClusterAgents clusterAgents;
  private transient volatile GroupChannel channel;

  /** Request bodies larger than this are refused (but see {@link #maxBody}). */
  private static final int MAX_BODY = 64 * 1024;

  /**
   * The largest body of a configuration request ({@code /api/v1/configuration/...}: a whole
   * configuration as crm text, XML or JSON).
   */
  static final int MAX_CONFIGURATION_BODY = 16 * 1024 * 1024;

  /** The largest body accepted for an authenticated request to {@code path}. */
  static int maxBody(String path) {
    return path != null && path.startsWith("/api/v1/configuration/")
        ? MAX_CONFIGURATION_BODY
        : MAX_BODY;
  }

  /** The longest a long poll may take before the container gives up on it. */
  private static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(90);

  private transient volatile EventFeed eventFeed;

  private volatile FencerService fencerService;

  @Activate
  public AdminServlet(@Reference NodeConfiguration config) throws IOException {
    this.nodeName = config.node().name();
    try {
      this.credential = Credential.load(config.node().admin().credentialFile());
    } catch (IOException e) {
      LOG.error(
          "node {}: admin API disabled: cannot read its credential: {}", nodeName, e.toString());
      throw e;
    }
    this.clusterAgents =
        new ClusterAgents(
            nodeName,
            () -> agents.list().stream().map(AgentCatalog.Entry::id).collect(Collectors.toSet()));
    Map<Integer, String> names = new HashMap<>();
    config.cluster().nodes().forEach(n -> names.put(n.nodeId(), n.name()));
    this.api =
        new AdminApi(
            config,
            agents,
            Instant.now(),
            new LiveCluster(),
            () -> Optional.ofNullable(executor),
            () -> Optional.ofNullable(cib),
            () -> {
              Map<String, Set<String>> byName = new TreeMap<>();
              clusterAgents
                  .byNode()
                  .forEach((id, ids) -> byName.put(names.getOrDefault(id, "node " + id), ids));
              return byName;
            },
            () -> Optional.ofNullable(eventFeed));
    LOG.info("node {}: admin API ready for user '{}'", nodeName, credential.user());
  }

  /** How many long polls wait now. */
  int eventFollowers() {
    return api.eventFollowers();
  }

  @Deactivate
  void deactivate() {
    clusterAgents.close();
    api.close();
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "unsetChannel")
  void setChannel(GroupChannel service) {
    this.channel = service;
    clusterAgents.connect(service);
  }

  void unsetChannel(GroupChannel service) {
    if (this.channel == service) {
      this.channel = null;
      clusterAgents.disconnect();
    }
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "unsetEventFeed")
  void setEventFeed(EventFeed service) {
    this.eventFeed = service;
  }

  void unsetEventFeed(EventFeed service) {
    if (this.eventFeed == service) {
      this.eventFeed = null;
    }
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "unsetExecutor")
  void setExecutor(Executor service) {
    this.executor = service;
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "unsetCib")
  void setCib(CibService service) {
    this.cib = service;
  }

  void unsetCib(CibService service) {
    if (this.cib == service) {
      this.cib = null;
    }
  }

  void unsetExecutor(Executor service) {
    if (this.executor == service) {
      this.executor = null;
    }
  }

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "removeAgentClass")
  void addAgentClass(AgentClass service, ServiceReference<AgentClass> ref) {
    String standard;
    try {
      standard = service.standard();
    } catch (RuntimeException e) {
      LOG.warn("node {}: an agent class service of bundle {} failed", nodeName, bundleOf(ref), e);
      return;
    }
    agents.addClass(new AgentCatalog.ClassEntry(standard, service, bundleOf(ref), serviceId(ref)));
  }

  void removeAgentClass(ServiceReference<AgentClass> ref) {
    agents.removeClass(serviceId(ref));
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "unsetRing")
  void setRing(RingControl control) {
    this.ring = control;
  }

  void unsetRing(RingControl control) {
    if (this.ring == control) {
      this.ring = null;
    }
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "unsetQuorum")
  void setQuorum(QuorumService service) {
    this.quorum = service;
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "unsetFencer")
  void setFencer(FencerService service) {
    this.fencerService = service;
  }

  void unsetFencer(FencerService service) {
    if (this.fencerService == service) {
      this.fencerService = null;
    }
  }

  void unsetQuorum(QuorumService service) {
    if (this.quorum == service) {
      this.quorum = null;
    }
  }

  /** The live ring and quorum services, as far as they run. */
  private final class LiveCluster implements ClusterView {
    @Override
    public Optional<RingStatus> ring() {
      RingControl r = ring;
      return r == null ? Optional.empty() : Optional.of(r.status());
    }

    @Override
    public Optional<QuorumState> quorum() {
      QuorumService q = quorum;
      return q == null ? Optional.empty() : Optional.of(q.current());
    }

    @Override
    public Optional<FencerService> fencer() {
      return Optional.ofNullable(fencerService);
    }

    @Override
    public boolean setFaults(RingStatus.FaultSpec faults) {
      RingControl r = ring;
      if (r == null) {
        return false;
      }
      r.setFaults(faults);
      LOG.warn("node {}: ring faults set through the admin API: {}", nodeName, faults);
      return true;
    }
  }

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "removeResourceAgent")
  void addResourceAgent(ResourceAgent agent, ServiceReference<ResourceAgent> ref) {
    String id;
    try {
      id = agent.id().toString();
    } catch (RuntimeException e) {
      LOG.warn("node {}: an agent service of bundle {} has no id", nodeName, bundleOf(ref), e);
      return;
    }
    add(AgentCatalog.Kind.RESOURCE, id, AgentCatalog.Source.of(agent), ref);
  }

  void removeResourceAgent(ServiceReference<ResourceAgent> ref) {
    remove(ref);
  }

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "removeFenceAgent")
  void addFenceAgent(FenceAgent agent, ServiceReference<FenceAgent> ref) {
    String name;
    try {
      name = agent.name();
    } catch (RuntimeException e) {
      LOG.warn("node {}: a fence agent of bundle {} has no name", nodeName, bundleOf(ref), e);
      return;
    }
    add(AgentCatalog.Kind.FENCE, "stonith:" + name, AgentCatalog.Source.of(agent), ref);
  }

  void removeFenceAgent(ServiceReference<FenceAgent> ref) {
    remove(ref);
  }

  private void remove(ServiceReference<?> ref) {
    Optional<AgentCatalog.Entry> gone = agents.remove(serviceId(ref));
    clusterAgents.changed();
    gone.ifPresent(
        e ->
            LOG.info(
                "node {}: agent {} removed (bundle {} {})",
                nodeName,
                e.id(),
                e.bundle(),
                e.bundleVersion()));
  }

  private void add(
      AgentCatalog.Kind kind, String id, AgentCatalog.Source source, ServiceReference<?> ref) {
    Bundle b = ref.getBundle();
    AgentCatalog.Entry entry =
        new AgentCatalog.Entry(
            kind,
            id,
            source,
            b == null ? "?" : b.getSymbolicName(),
            b == null ? "?" : b.getVersion().toString(),
            serviceId(ref));
    agents.add(entry);
    clusterAgents.changed();
    LOG.info(
        "node {}: agent {} available (bundle {} {})",
        nodeName,
        id,
        entry.bundle(),
        entry.bundleVersion());
  }

  private static long serviceId(ServiceReference<?> ref) {
    return (Long) ref.getProperty("service.id");
  }

  private static String bundleOf(ServiceReference<?> ref) {
    Bundle b = ref.getBundle();
    return b == null ? "?" : b.getSymbolicName();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!credential.accepts(req.getHeader("Authorization"))) {
      // read (and drop) a small body, so that the connection stays usable for the next request
      req.getInputStream().readNBytes(MAX_BODY);
      resp.setHeader("WWW-Authenticate", "Basic realm=\"paceline\", charset=\"UTF-8\"");
      write(resp, api.error(401, "authentication required: use the credential from cluster init"));
      return;
    }
    String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    String query = req.getQueryString();
    CompletableFuture<AdminApi.Response> answer;
    try {
      int max = maxBody(path);
      byte[] body = req.getInputStream().readNBytes(max + 1);
      if (body.length > max) {
        answer =
            CompletableFuture.completedFuture(
                api.error(413, "request body larger than " + max + " bytes"));
      } else {
        answer =
            api.handleAsync(
                req.getMethod(),
                query == null ? path : path + "?" + query,
                new String(body, StandardCharsets.UTF_8),
                Instant.now(),
                credential.user() + "@" + req.getRemoteAddr());
      }
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    if (answer.isDone() || !req.isAsyncSupported()) {
      write(resp, await(answer, req.getMethod(), path));
      return;
    }
    // a long poll: free this thread; the answer is written on a container thread when it comes
    AsyncContext async = req.startAsync();
    async.setTimeout(ASYNC_TIMEOUT.toMillis());
    AtomicBoolean answered = new AtomicBoolean();
    async.addListener(
        new AsyncListener() {
          @Override
          public void onTimeout(AsyncEvent event) throws IOException {
            if (answered.compareAndSet(false, true)) {
              write(
                  (HttpServletResponse) event.getAsyncContext().getResponse(),
                  api.error(504, "no answer within " + ASYNC_TIMEOUT.toSeconds() + " s"));
              event.getAsyncContext().complete();
            }
          }

          @Override
          public void onComplete(AsyncEvent event) {}

          @Override
          public void onError(AsyncEvent event) {}

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
    String method = req.getMethod();
    CompletableFuture<AdminApi.Response> pending = answer;
    pending.whenComplete(
        (r, e) -> {
          if (!answered.compareAndSet(false, true)) {
            return;
          }
          try {
            async.start(
                () -> {
                  try {
                    write((HttpServletResponse) async.getResponse(), await(pending, method, path));
                  } catch (IOException | RuntimeException ex) {
                    LOG.debug("node {}: could not answer {} {}: {}", nodeName, method, path, ex);
                  } finally {
                    async.complete();
                  }
                });
          } catch (IllegalStateException ex) {
            LOG.debug("node {}: request {} {} ended before its answer", nodeName, method, path);
          }
        });
  }

  /** The answer of a done (or, without async support, pending) request; a failure is a 500. */
  private AdminApi.Response await(
      CompletableFuture<AdminApi.Response> answer, String method, String path) {
    try {
      return answer.get(ASYNC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      LOG.error("node {}: admin request {} {} failed", nodeName, method, path, e.getCause());
      return api.error(500, "internal error: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return api.error(503, "interrupted");
    } catch (TimeoutException e) {
      return api.error(504, "no answer within " + ASYNC_TIMEOUT.toSeconds() + " s");
    }
  }

  private void write(HttpServletResponse resp, AdminApi.Response answer) throws IOException {
    resp.setStatus(answer.status());
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "no-store");
    json.writeValue(resp.getOutputStream(), answer.body());
  }
}
