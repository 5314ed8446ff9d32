package org.paceline.webconsole.internal.osgi;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.webconsole.internal.ConsoleCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures the Web Console itself (its {@code OsgiManager} PID through Configuration Admin) so
 * that no default password remains even where {@link ConsoleSecurity} is not asked: its built-in
 * login gets the cluster credential (the password hashed), or an unguessable random password when
 * the credential cannot be read. It also opens the console on the Cluster page and names the
 * cluster in the login realm.
 */
@Component(immediate = true)
public final class ConsoleLockdown {

  /** The Web Console's configuration PID. */
  static final String PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleLockdown.class);

  @Activate
  public ConsoleLockdown(@Reference NodeConfiguration config, @Reference ConfigurationAdmin admin)
      throws IOException {
    String node = config.node().name();
    String user;
    String password;
    try {
      ConsoleCredential credential = ConsoleCredential.load(config.node().admin().credentialFile());
      user = credential.user();
      password = credential.webConsolePasswordHash();
    } catch (IOException e) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      user = "locked";
      password = Base64.getEncoder().encodeToString(random);
      LOG.error(
          "node {}: cannot read the credential ({}): the web console stays locked",
          node,
          e.toString());
    }
    Map<String, String> wanted =
        Map.of(
            "username",
            user,
            "password",
            password,
            "realm",
            ConsoleSecurity.realm(config),
            "default.render",
            ClusterPlugin.LABEL);
    Configuration c = admin.getConfiguration(PID, null);
    Dictionary<String, Object> current = c.getProperties();
    Dictionary<String, Object> next = new Hashtable<>();
    boolean same = current != null;
    if (current != null) {
      for (var keys = current.keys(); keys.hasMoreElements(); ) {
        String k = keys.nextElement();
        next.put(k, current.get(k));
      }
    }
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      if (current == null || !e.getValue().equals(current.get(e.getKey()))) {
        same = false;
      }
      next.put(e.getKey(), e.getValue());
    }
    if (!same) {
      c.update(next);
      LOG.info(
          "node {}: web console configured: login '{}', opens on the Cluster page", node, user);
    }
  }
}
