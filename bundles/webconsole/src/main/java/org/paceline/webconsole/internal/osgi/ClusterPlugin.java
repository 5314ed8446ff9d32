package org.paceline.webconsole.internal.osgi;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.service.CibService;
import org.paceline.webconsole.internal.AdminClient;
import org.paceline.webconsole.internal.ClusterConsole;
import org.paceline.webconsole.internal.ClusterPage;
import org.paceline.webconsole.internal.ConsoleCredential;
import org.paceline.webconsole.internal.RequestGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Web Console's "Cluster" page ({@code /system/console/cluster}): the page itself, its script
 * and style sheet, {@code status.json}, {@code events.json} and {@code action.json}. The data and
 * the actions come from this node's admin API (see {@link ClusterConsole}), the constraints from
 * this node's CIB.
 */
@Component(
    service = Servlet.class,
    property = {
      ServletConstants.PLUGIN_LABEL + "=" + ClusterPlugin.LABEL,
      ServletConstants.PLUGIN_TITLE + "=Cluster",
      ServletConstants.PLUGIN_CATEGORY + "=Paceline",
      ServletConstants.PLUGIN_CSS_REFERENCES
          + "=/"
          + ClusterPlugin.LABEL
          + ClusterPage.RESOURCES
          + "cluster.css"
    })
public final class ClusterPlugin extends AbstractServlet {

  /** The page's label: its URL below the console's root. */
  public static final String LABEL = "cluster";

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ClusterPlugin.class);

  /** Action requests larger than this are refused. */
  private static final int MAX_BODY = 16 * 1024;

  private final transient ClusterConsole console;
  private final transient String nodeName;
  private final transient String user;
  private transient volatile CibService cib;

  @Activate
  public ClusterPlugin(@Reference NodeConfiguration config, BundleContext context)
      throws IOException {
    this.nodeName = config.node().name();
    ConsoleCredential credential;
    try {
      credential = ConsoleCredential.load(config.node().admin().credentialFile());
    } catch (IOException e) {
      LOG.error(
          "node {}: web console Cluster page disabled: cannot read the credential: {}",
          nodeName,
          e.toString());
      throw e;
    }
    this.user = credential.user();
    AdminSettings admin = config.node().admin();
    URI base =
        admin.tls()
            ? AdminClient.httpsOf(
                AdminClient.baseUri(
                    context.getProperty("org.apache.felix.http.host"),
                    context.getProperty("org.osgi.service.http.port.secure")))
            : AdminClient.baseUri(
                context.getProperty("org.apache.felix.http.host"),
                context.getProperty("org.osgi.service.http.port"));
    AdminClient client =
        new AdminClient(base, credential.authorizationHeader(), Duration.ofSeconds(2));
    if (admin.tls()) {
      client = client.trusting(AdminClient.trustOf(admin.tlsKeystore(), admin.tlsPasswordFile()));
    }
    this.console = new ClusterConsole(nodeName, client, this::configuration, Clock.systemUTC());
    LOG.info("node {}: web console Cluster page ready (admin API {})", nodeName, base);
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

  private Optional<Configuration> configuration() {
    CibService c = cib;
    return c == null ? Optional.empty() : Optional.of(c.current().configuration());
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    switch (subPath(request)) {
      case "/status.json" -> send(response, console.status());
      case "/events.json" -> send(response, console.events(request.getParameter("from")));
      default -> super.doGet(request, response); // the script, the style sheet, or the page
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!subPath(request).equals("/action.json")) {
      send(
          response,
          new ClusterConsole.Answer(404, "{\"ok\":false,\"message\":\"no such action endpoint\"}"));
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      send(
          response,
          new ClusterConsole.Answer(
              413, "{\"ok\":false,\"message\":\"request larger than " + MAX_BODY + " bytes\"}"));
      return;
    }
    RequestGuard.Facts facts =
        new RequestGuard.Facts(
            request.getHeader(RequestGuard.HEADER),
            request.getContentType(),
            request.getHeader("Origin"),
            request.getHeader("Sec-Fetch-Site"),
            request.getHeader("Host"));
    String who =
        (request.getRemoteUser() == null ? user : request.getRemoteUser())
            + "@"
            + request.getRemoteAddr();
    send(response, console.act(facts, new String(body, StandardCharsets.UTF_8), who));
  }

  @Override
  public void renderContent(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String pluginRoot = (String) request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
    if (pluginRoot == null) {
      pluginRoot = request.getContextPath() + "/" + LABEL;
    }
    PrintWriter out = response.getWriter();
    ClusterPage.render(out, pluginRoot, nodeName);
  }

  /** The part of the path after the label: {@code /status.json} of {@code /cluster/status.json}. */
  private static String subPath(HttpServletRequest request) {
    String info = request.getPathInfo();
    if (info == null) {
      return "";
    }
    int slash = info.indexOf('/', 1);
    return slash < 0 ? "" : info.substring(slash);
  }

  private static void send(HttpServletResponse response, ClusterConsole.Answer answer)
      throws IOException {
    setNoCache(response);
    response.setStatus(answer.status());
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.getOutputStream().write(answer.json().getBytes(StandardCharsets.UTF_8));
  }
}
