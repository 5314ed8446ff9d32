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
import java.util.Dictionary;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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

  @Test
  void badConfigurationFailsActivationNamingTheKey() {
    assertThatThrownBy(
            () -> new OcfAgentsComponent(context(Map.of()), Map.of(OcfSettings.RESCAN, "often")))
        .hasMessageContaining(OcfSettings.RESCAN);
  }
}
