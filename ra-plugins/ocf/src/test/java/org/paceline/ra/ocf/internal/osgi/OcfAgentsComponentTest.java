package org.paceline.ra.ocf.internal.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.LoggingConfig;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.config.NodeSettings;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.config.TotemConfig;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.ra.ocf.OcfSettings;

/** The component against a minimal in-memory bundle context. */
class OcfAgentsComponentTest {

  @TempDir Path root;

  /** Registered agent services by their paceline.agent property. */
  private final Map<String, Object> services = new ConcurrentHashMap<>();

  private BundleContext context(Map<String, String> frameworkProperties) {
    return (BundleContext)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getProperty":
                  return frameworkProperties.get((String) args[0]);
                case "registerService":
                  Dictionary<?, ?> props = (Dictionary<?, ?>) args[2];
                  String agent = (String) props.get(ResourceAgent.AGENT_PROPERTY);
                  assertThat(args[0]).isEqualTo(ResourceAgent.class);
                  services.put(agent, args[1]);
                  return registration(agent);
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  private ServiceRegistration<?> registration(String agent) {
    return (ServiceRegistration<?>)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {ServiceRegistration.class},
            (proxy, method, args) -> {
              if (method.getName().equals("unregister")) {
                services.remove(agent);
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private void script(String provider, String type) throws Exception {
    Path file = root.resolve("resource.d").resolve(provider).resolve(type);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\nexit 0\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void registersAgentsFollowsChangesAndUnregistersOnDeactivation() throws Exception {
    script("acme", "Web");
    OcfAgentsComponent component =
        new OcfAgentsComponent(
            context(Map.of(OcfSettings.ROOT, "/nonexistent-ocf-root")),
            Map.of(OcfSettings.ROOT, root.toString(), OcfSettings.RESCAN, "100ms"));
    try {
      assertThat(component.standard()).isEqualTo("ocf");
      assertThat(component.unavailableReason()).isEmpty();
      assertThat(services).containsOnlyKeys("ocf:acme:Web");
      assertThat(((ResourceAgent) services.get("ocf:acme:Web")).id().toString())
          .isEqualTo("ocf:acme:Web");

      script("acme", "Db");
      await().atMost(Duration.ofSeconds(20)).until(() -> services.containsKey("ocf:acme:Db"));
      Files.delete(root.resolve("resource.d/acme/Web"));
      await().atMost(Duration.ofSeconds(20)).until(() -> !services.containsKey("ocf:acme:Web"));
    } finally {
      component.deactivate();
    }
    assertThat(services).isEmpty();
  }

  @Test
  void frameworkPropertiesApplyWhenTheComponentHasNone() throws Exception {
    OcfAgentsComponent component =
        new OcfAgentsComponent(
            context(Map.of(OcfSettings.ROOT, root.resolve("missing").toString())), Map.of());
    try {
      assertThat(component.unavailableReason())
          .hasValueSatisfying(r -> assertThat(r).contains(root.resolve("missing").toString()));
      assertThat(services).isEmpty();
    } finally {
      component.deactivate();
    }
  }

  /** A one-node configuration whose state and credential are under {@code dir}. */
  private static NodeConfiguration node(Path dir) {
    TotemConfig totem =
        new TotemConfig(
            "alpha",
            Duration.ofMillis(1000),
            Duration.ofMillis(650),
            Duration.ofMillis(1200),
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ZERO,
            17,
            50,
            1500,
            5405,
            "aes256",
            "sha256");
    ClusterConfig cluster =
        new ClusterConfig(
            totem,
            List.of(new ClusterNode(1, "n1", "127.0.0.1", 1)),
            new QuorumConfig(
                "", 0, false, false, false, Duration.ofSeconds(10), false, "lowest", List.of()),
            new LoggingConfig(false, null, true, false, true));
    return new NodeConfiguration(
        dir,
        cluster,
        new NodeSettings(
            "n1",
            dir.resolve("state"),
            dir.resolve("deploy"),
            new AdminSettings("127.0.0.1", 0, dir.resolve("credential"))));
  }

  @Test
  void theNodesConfigurationTellsTheAgentsToolsWhereTheAdminApiIs() throws Exception {
    Path file = root.resolve("resource.d/acme/Env");
    Files.createDirectories(file.getParent());
    Path dump = root.resolve("env.dump");
    Files.writeString(file, "#!/bin/sh\nenv > " + dump + "\nexit 0\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dir = root.resolve("node");
    OcfAgentsComponent component =
        new OcfAgentsComponent(
            context(Map.of()), Map.of(OcfSettings.ROOT, root.toString()), node(dir));
    try {
      ResourceAgent agent = (ResourceAgent) services.get("ocf:acme:Env");
      agent.execute(
          new OperationRequest(
              "e", AgentAction.STOP, Map.of(), Map.of(), Duration.ofSeconds(10), Duration.ZERO),
          new OperationContext("n1", dir.resolve("state/agents"), Instant.now().plusSeconds(10)));
      assertThat(Files.readAllLines(dump))
          .contains(
              "PACELINE_ADMIN_URL_FILE=" + dir.resolve("state/run/admin.url"),
              "PACELINE_ADMIN_CREDENTIAL_FILE=" + dir.resolve("credential"),
              "HA_SBIN_DIR=" + dir.resolve("state/agents/ocf/sbin"));
    } finally {
      component.deactivate();
    }
  }

  @Test
  void badConfigurationFailsActivationNamingTheKey() {
    assertThatThrownBy(
            () -> new OcfAgentsComponent(context(Map.of()), Map.of(OcfSettings.RESCAN, "often")))
        .hasMessageContaining(OcfSettings.RESCAN);
  }
}
