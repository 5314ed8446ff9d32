package org.paceline.admin.internal.osgi;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.paceline.admin.internal.AdminApi;
import org.paceline.admin.internal.AgentCatalog;
import org.paceline.admin.internal.ClusterView;
import org.paceline.admin.internal.Credential;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.api.quorum.QuorumService;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.api.ring.RingControl;
import org.paceline.api.ring.RingStatus;
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
      "osgi.http.whiteboard.servlet.name=paceline-admin"
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

  /** Request bodies larger than this are refused. */
  private static final int MAX_BODY = 64 * 1024;

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
    this.api = new AdminApi(config, agents, Instant.now(), new LiveCluster());
    LOG.info("node {}: admin API ready for user '{}'", nodeName, credential.user());
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
    add(AgentCatalog.Kind.RESOURCE, agent.id().toString(), agent.metadata(), ref);
  }

  void removeResourceAgent(ServiceReference<ResourceAgent> ref) {
    remove(ref);
  }

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "removeFenceAgent")
  void addFenceAgent(FenceAgent agent, ServiceReference<FenceAgent> ref) {
    add(AgentCatalog.Kind.FENCE, "stonith:" + agent.name(), agent.metadata(), ref);
  }

  void removeFenceAgent(ServiceReference<FenceAgent> ref) {
    remove(ref);
  }

  private void remove(ServiceReference<?> ref) {
    long id = (Long) ref.getProperty("service.id");
    agents.list().stream()
        .filter(e -> e.serviceId() == id)
        .findFirst()
        .ifPresent(
            e ->
                LOG.info(
                    "node {}: agent {} {} removed (bundle {} {})",
                    nodeName,
                    e.id(),
                    e.metadata().version(),
                    e.bundle(),
                    e.bundleVersion()));
    agents.remove(id);
  }

  private void add(
      AgentCatalog.Kind kind,
      String id,
      org.paceline.api.agent.AgentMetadata metadata,
      ServiceReference<?> ref) {
    Bundle b = ref.getBundle();
    AgentCatalog.Entry entry =
        new AgentCatalog.Entry(
            kind,
            id,
            metadata,
            b == null ? "?" : b.getSymbolicName(),
            b == null ? "?" : b.getVersion().toString(),
            (Long) ref.getProperty("service.id"));
    agents.add(entry);
    LOG.info(
        "node {}: agent {} {} available (bundle {} {})",
        nodeName,
        id,
        metadata.version(),
        entry.bundle(),
        entry.bundleVersion());
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    AdminApi.Response answer;
    if (!credential.accepts(req.getHeader("Authorization"))) {
      resp.setHeader("WWW-Authenticate", "Basic realm=\"paceline\", charset=\"UTF-8\"");
      answer = api.error(401, "authentication required: use the credential from cluster init");
    } else {
      String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
      try {
        byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
          answer = api.error(413, "request body larger than " + MAX_BODY + " bytes");
        } else {
          answer =
              api.handle(
                  req.getMethod(), path, new String(body, StandardCharsets.UTF_8), Instant.now());
        }
      } catch (RuntimeException e) {
        LOG.error("node {}: admin request {} {} failed", nodeName, req.getMethod(), path, e);
        answer = api.error(500, "internal error: " + e);
      }
    }
    resp.setStatus(answer.status());
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "no-store");
    json.writeValue(resp.getOutputStream(), answer.body());
  }
}
