package org.paceline.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.NodeConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's OSGi runtime: starts Felix with the dist's {@code bundle/} folder, lets FileInstall
 * install and watch the dist's {@code plugins/} folder (the agent plugins that ship with Paceline)
 * and the deploy folder, and registers the {@link NodeConfiguration} as a service for the bundles.
 *
 * <p>The launcher installs {@code bundle/} itself, once. {@code plugins/} is FileInstall's, like
 * the deploy folder: its first scan installs and starts the plugins while FileInstall itself starts
 * (before the admin API, whose bundle starts later), and replacing a jar there later updates that
 * bundle in the running node.
 */
final class NodeRuntime {

  /** Bundles started before the others, in this order; the rest start by file name. */
  private static final List<String> START_FIRST =
      List.of(
          "org.apache.felix.configadmin",
          "org.apache.felix.log",
          "org.apache.felix.scr",
          "org.apache.felix.http.jetty12");

  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

  private final NodeConfiguration config;
  private final Path bundleDir;
  private final Path pluginDir;
  private final Map<String, String> extraProperties;
  private Felix felix;
  private String adminUrl;

  /**
   * A runtime for {@code config} from the dist at {@code home}.
   *
   * @param extraProperties framework properties for the bundles (e.g. from paceline.conf's {@code
   *     agents { }} section)
   */
  NodeRuntime(NodeConfiguration config, Path home, Map<String, String> extraProperties) {
    this.config = config;
    this.bundleDir = home.resolve("bundle");
    this.pluginDir = home.resolve("plugins");
    this.extraProperties = Map.copyOf(extraProperties);
  }

  /** The admin API's base URL, known once {@link #start} returned. */
  String adminUrl() {
    return adminUrl;
  }

  void start() throws IOException, BundleException {
    String node = config.node().name();
    Files.createDirectories(config.node().deployDir());
    AgentStateDir.prepare(
        config.node().agentStateDir(),
        AgentStateDir.currentBootId(Path.of("/proc/sys/kernel/random/boot_id")));
    int port = adminPort();
    String bind = config.node().admin().bind();
    AdminSettings admin = config.node().admin();
    adminUrl = (admin.tls() ? "https://" : "http://") + hostForUrl(bind) + ":" + port + "/";

    Map<String, Object> props = new HashMap<>();
    props.put(
        Constants.FRAMEWORK_STORAGE, config.node().stateDir().resolve("felix-cache").toString());
    props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackagesExtra());
    props.put("felix.log.level", "2");
    props.put("felix.log.logger", new FelixLogBridge());
    if (admin.tls()) {
      // HTTPS only. The keystore's password is a framework property, which the node's own
      // bundles (and plugins, which run in the same JVM anyway) can read.
      String password = Files.readString(admin.tlsPasswordFile(), StandardCharsets.UTF_8).strip();
      props.put("org.apache.felix.http.enable", "false");
      props.put("org.apache.felix.https.enable", "true");
      props.put("org.osgi.service.http.port.secure", Integer.toString(port));
      props.put("org.apache.felix.https.keystore", admin.tlsKeystore().toAbsolutePath().toString());
      props.put("org.apache.felix.https.keystore.password", password);
      props.put("org.apache.felix.https.keystore.key.password", password);
      props.put("org.apache.felix.https.keystore.type", "PKCS12");
    } else {
      props.put("org.osgi.service.http.port", Integer.toString(port));
    }
    props.put("org.apache.felix.http.host", bind);
    props.put("org.apache.felix.http.jetty.acceptors", "1");
    props.put("org.apache.felix.http.jetty.selectors", "1");
    props.put("org.apache.felix.http.jetty.threadpool.max", "12");
    props.put("org.apache.felix.http.jetty.sendServerHeader", "false");
    props.put("felix.fileinstall.dir", watchedDirs());
    props.put("felix.fileinstall.poll", "500");
    props.put("felix.fileinstall.noInitialDelay", "true");
    props.put("felix.fileinstall.bundles.new.start", "true");
    props.put("felix.fileinstall.filter", ".*\\.jar");
    props.put("felix.fileinstall.log.level", "3");
    props.put("felix.fileinstall.tmpdir", config.node().stateDir().resolve("tmp").toString());
    props.put("ds.loglevel", "warn");
    // The web console accepts no login until Paceline's own login provider (the cluster
    // credential) is registered: never its built-in admin/admin, not even while starting.
    props.put("felix.webconsole.security.providers", "paceline");
    props.put("paceline.node", node);
    props.put("paceline.cluster", config.cluster().totem().clusterName());
    props.putAll(extraProperties);
    extraProperties.forEach(
        (k, v) -> LOG.info("node {}: framework property {} = {}", node, k, shown(k, v)));

    felix = new Felix(props);
    felix.init();
    BundleContext ctx = felix.getBundleContext();
    List<Bundle> installed = new ArrayList<>();
    for (Path jar : bundleJars()) {
      installed.add(ctx.installBundle(jar.toUri().toString()));
    }
    felix.start();
    new OsgiLogBridge(ctx, node).open();
    ctx.registerService(NodeConfiguration.class, config, null);
    installed.sort(Comparator.comparingInt(NodeRuntime::startRank));
    for (Bundle b : installed) {
      if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
        b.start();
      }
    }
    writeAdminUrl();
    LOG.info(
        "node {} of cluster {} started: {} bundles, deploy folder {}, admin API {}",
        node,
        config.cluster().totem().clusterName(),
        installed.size(),
        config.node().deployDir(),
        adminUrl);
  }

  /** A property's value for the log: secrets (passwords, JAAS lines, keys) are not shown. */
  static String shown(String key, String value) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return k.contains("password")
            || k.contains("jaas")
            || k.contains("secret")
            || k.endsWith(".key")
        ? "(hidden)"
        : value;
  }

  /** Stops the framework and waits up to {@code timeoutMillis} for it. */
  void stop(long timeoutMillis) throws BundleException, InterruptedException {
    if (felix == null) {
      return;
    }
    // The controller first: its clean shutdown moves or stops this node's resources, which needs
    // the agent plugins; the framework would stop those first (FileInstall installed them last).
    for (Bundle b : felix.getBundleContext().getBundles()) {
      if ("org.paceline.controller".equals(b.getSymbolicName())) {
        try {
          b.stop(Bundle.STOP_TRANSIENT);
        } catch (BundleException | RuntimeException e) {
          LOG.warn("node {}: stopping the controller first failed: {}", config.node().name(), e);
        }
      }
    }
    felix.stop();
    FrameworkEvent event = felix.waitForStop(timeoutMillis);
    if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
      LOG.warn("node {}: framework did not stop within {} ms", config.node().name(), timeoutMillis);
    }
    try {
      Files.deleteIfExists(config.node().adminUrlFile());
    } catch (IOException e) {
      LOG.warn("node {}: cannot remove {}", config.node().name(), config.node().adminUrlFile(), e);
    }
  }

  /** Blocks until the framework stops (by {@link #stop} or a bundle stopping it). */
  void awaitStop() throws InterruptedException {
    felix.waitForStop(0);
  }

  private static int startRank(Bundle b) {
    int i = START_FIRST.indexOf(b.getSymbolicName());
    return i < 0 ? START_FIRST.size() : i;
  }

  private List<Path> bundleJars() throws IOException {
    if (!Files.isDirectory(bundleDir)) {
      throw new IOException("bundle folder " + bundleDir + " not found (is paceline.home right?)");
    }
    try (Stream<Path> s = Files.list(bundleDir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    }
  }

  /**
   * FileInstall's folders, comma-separated: {@code plugins/} (when the dist has one), then the
   * deploy folder.
   */
  private String watchedDirs() throws IOException {
    List<Path> dirs = new ArrayList<>();
    if (Files.isDirectory(pluginDir)) {
      dirs.add(pluginDir);
    }
    dirs.add(config.node().deployDir());
    for (Path d : dirs) {
      if (d.toString().contains(",")) {
        throw new IOException(
            "folder " + d + " cannot be watched for plugins: its path contains ','");
      }
    }
    return String.join(",", dirs.stream().map(Path::toString).toList());
  }

  private int adminPort() throws IOException {
    int port = config.node().admin().port();
    if (port != 0) {
      return port;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(config.node().admin().bind()), 0));
      return s.getLocalPort();
    }
  }

  private static String hostForUrl(String bind) {
    if (bind.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    return bind.contains(":") ? "[" + bind + "]" : bind;
  }

  private void writeAdminUrl() throws IOException {
    Path file = config.node().adminUrlFile();
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, adminUrl + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The packages the system bundle exports besides the JDK's: the API (so bundles and the launcher
   * share one copy of the configuration records) and SLF4J (so every bundle logs to the node's log
   * file). Versions come from the jars' own manifests.
   */
  private static String systemPackagesExtra() throws IOException {
    return exportsOf(NodeConfiguration.class) + "," + exportsOf(LoggerFactory.class);
  }

  private static String exportsOf(Class<?> type) throws IOException {
    Path location;
    try {
      location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the jar of " + type.getName(), e);
    }
    Manifest manifest;
    if (Files.isDirectory(location)) {
      try (var in = Files.newInputStream(location.resolve("META-INF/MANIFEST.MF"))) {
        manifest = new Manifest(in);
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        manifest = jar.getManifest();
      }
    }
    String exports =
        manifest == null ? null : manifest.getMainAttributes().getValue("Export-Package");
    if (exports == null) {
      throw new IOException(location + " has no Export-Package header");
    }
    return exports;
  }
}
