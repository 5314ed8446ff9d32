package org.paceline.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.launcher.config.ConfigException;
import org.paceline.launcher.config.NodeConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node process: {@code java -Dpaceline.home=DIST -cp DIST/lib/* org.paceline.launcher.Main
 * --config DIR}. Exit status: 0 after a clean stop, 2 for a configuration error, 1 for anything
 * else that keeps the node from starting.
 */
public final class Main {

  /** Exit status for a configuration error. */
  public static final int EXIT_CONFIG = 2;

  private Main() {}

  public static void main(String[] args) {
    Path configDir = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        configDir = Path.of(args[++i]);
      } else {
        System.err.println("paceline-node: unknown argument '" + args[i] + "'");
        System.err.println("usage: paceline-node --config DIR");
        System.exit(EXIT_CONFIG);
      }
    }
    if (configDir == null) {
      System.err.println("paceline-node: --config DIR is required");
      System.exit(EXIT_CONFIG);
    }
    Path home = Path.of(System.getProperty("paceline.home", ".")).toAbsolutePath().normalize();
    NodeConfigLoader loader = new NodeConfigLoader();
    NodeConfiguration config;
    try {
      config = loader.load(configDir, home.resolve("deploy"));
      LogSetup.configure(config.cluster().logging());
    } catch (ConfigException e) {
      System.err.println("paceline-node: configuration error: " + e.getMessage());
      System.exit(EXIT_CONFIG);
      return;
    } catch (IOException e) {
      System.err.println("paceline-node: cannot open the log file: " + e);
      System.exit(1);
      return;
    }
    System.exit(run(config, home, loader));
  }

  private static int run(NodeConfiguration config, Path home, NodeConfigLoader loader) {
    Logger log = LoggerFactory.getLogger(Main.class);
    String node = config.node().name();
    loader.notes().forEach(n -> log.info("node {}: {}", node, n));
    NodeLock lock;
    try {
      lock = NodeLock.acquire(config.node().pidFile());
    } catch (IllegalStateException | IOException e) {
      log.error("node {}: cannot start: {}", node, e.getMessage());
      System.err.println("paceline-node: cannot start node " + node + ": " + e.getMessage());
      return 1;
    }
    Map<String, String> frameworkProperties = new java.util.TreeMap<>();
    frameworkProperties.putAll(loader.agents().frameworkProperties());
    frameworkProperties.putAll(loader.events());
    NodeRuntime runtime = new NodeRuntime(config, home, frameworkProperties);
    Thread hook =
        new Thread(
            () -> {
              log.info("node {}: stopping", node);
              try {
                runtime.stop(60_000);
                lock.close();
              } catch (Exception e) {
                log.warn("node {}: unclean stop", node, e);
              }
              log.info("node {}: stopped", node);
            },
            "paceline-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      runtime.start();
      runtime.awaitStop();
      return 0;
    } catch (Exception e) {
      log.error("node {}: failed to start", node, e);
      System.err.println("paceline-node: node " + node + " failed to start: " + e);
      return 1;
    }
  }
}
