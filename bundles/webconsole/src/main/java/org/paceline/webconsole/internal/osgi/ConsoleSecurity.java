package org.paceline.webconsole.internal.osgi;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.webconsole.internal.ConsoleCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Web Console's login: HTTP Basic with the cluster credential from {@code paceline cluster
 * init} (the admin API's credential file), nothing else. Registered with a high ranking, so the
 * console asks this provider and not its built-in one (whose default is admin/admin); {@link
 * ConsoleLockdown} also gives the built-in one the cluster credential.
 */
@Component(
    service = SecurityProvider.class,
    immediate = true,
    property = {
      SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurity.ID,
      "service.ranking:Integer=1000"
    })
public final class ConsoleSecurity implements SecurityProvider {

  /** This provider's id ({@code felix.webconsole.security.providers} may require it). */
  public static final String ID = "paceline";

  // ServletContextHelper.AUTHENTICATION_TYPE and REMOTE_USER of the OSGi servlet whiteboard.
  private static final String AUTHENTICATION_TYPE = "org.osgi.service.servlet.authentication.type";
  private static final String REMOTE_USER = "org.osgi.service.servlet.remote.user";

  private static final String REFUSED =
      "Log in with the cluster credential: the user:password line in the credential file that"
          + " 'paceline cluster init' wrote (see the node's paceline.conf, admin { credential_file }).\n";

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurity.class);

  private final ConsoleCredential credential;
  private final String realm;
  private final String nodeName;

  @Activate
  public ConsoleSecurity(@Reference NodeConfiguration config) throws IOException {
    this.nodeName = config.node().name();
    try {
      this.credential = ConsoleCredential.load(config.node().admin().credentialFile());
    } catch (IOException e) {
      LOG.error(
          "node {}: web console login disabled: cannot read the credential: {}",
          nodeName,
          e.toString());
      throw e;
    }
    this.realm = realm(config);
    LOG.info(
        "node {}: web console login: user '{}' with the cluster credential",
        nodeName,
        credential.user());
  }

  /** The Basic realm: names the cluster, so a browser keeps one login per cluster. */
  static String realm(NodeConfiguration config) {
    return "Paceline cluster " + config.cluster().totem().clusterName().replace('"', '\'');
  }

  @Override
  public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
    String header = request.getHeader("Authorization");
    if (credential.accepts(header)) {
      request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
      request.setAttribute(REMOTE_USER, credential.user());
      return credential.user();
    }
    if (header != null) {
      LOG.warn(
          "node {}: web console login refused from {} (wrong credential)",
          nodeName,
          request.getRemoteAddr());
    }
    try {
      response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setContentType("text/plain");
      response.setCharacterEncoding("UTF-8");
      byte[] body = REFUSED.getBytes(StandardCharsets.UTF_8);
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      response.flushBuffer();
    } catch (IOException e) {
      LOG.debug("node {}: cannot send 401: {}", nodeName, e.toString());
    }
    return null;
  }

  @Override
  public boolean authorize(Object user, String role) {
    return credential.user().equals(user);
  }

  @Override
  public void logout(HttpServletRequest request, HttpServletResponse response) {
    // Basic authentication: the browser forgets the credential when it is closed.
  }
}
