package org.paceline.fencing.external.internal.osgi;

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
import org.paceline.api.fencing.FenceAgent;
import org.paceline.fencing.external.ExternalFenceSettings;

/** The component against a minimal in-memory bundle context. */
class ExternalFenceAgentsComponentTest {

  @TempDir Path dir;

  /** Registered agent services by their paceline.fence.agent property. */
  private final Map<String, FenceAgent> services = new ConcurrentHashMap<>();

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
                  String agent = (String) props.get(FenceAgent.AGENT_PROPERTY);
                  assertThat(args[0]).isEqualTo(FenceAgent.class);
                  services.put(agent, (FenceAgent) args[1]);
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

  private void script(String name) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\nexit 1\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void registersAgentsFollowsChangesAndUnregistersOnDeactivation() throws Exception {
    script("fence_one");
    ExternalFenceAgentsComponent component =
        new ExternalFenceAgentsComponent(
            context(Map.of(ExternalFenceSettings.DIR, "/nonexistent-fence-dir")),
            Map.of(
                ExternalFenceSettings.DIR, dir.toString(), ExternalFenceSettings.RESCAN, "100ms"));
    try {
      assertThat(services).containsOnlyKeys("fence_one");
      assertThat(services.get("fence_one").name()).isEqualTo("fence_one");
      script("fence_two");
      await().atMost(Duration.ofSeconds(20)).until(() -> services.containsKey("fence_two"));
      Files.delete(dir.resolve("fence_one"));
      await().atMost(Duration.ofSeconds(20)).until(() -> !services.containsKey("fence_one"));
    } finally {
      component.deactivate();
    }
    assertThat(services).isEmpty();
  }

  @Test
  void frameworkPropertiesApplyWhenTheComponentHasNone() throws Exception {
    script("fence_fw");
    ExternalFenceAgentsComponent component =
        new ExternalFenceAgentsComponent(
            context(Map.of(ExternalFenceSettings.DIR, dir.toString())), Map.of());
    try {
      assertThat(services).containsOnlyKeys("fence_fw");
      assertThat(component.registry().unavailableReason()).isEmpty();
    } finally {
      component.deactivate();
    }
  }

  @Test
  void badConfigurationFailsActivationNamingTheKey() {
    assertThatThrownBy(
            () ->
                new ExternalFenceAgentsComponent(
                    context(Map.of(ExternalFenceSettings.RESCAN, "often")), Map.of()))
        .hasMessageContaining(ExternalFenceSettings.RESCAN);
  }
}
