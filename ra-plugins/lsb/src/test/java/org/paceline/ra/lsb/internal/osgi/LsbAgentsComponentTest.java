package org.paceline.ra.lsb.internal.osgi;

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
import org.paceline.ra.lsb.LsbSettings;

/** The component against a minimal in-memory bundle context. */
class LsbAgentsComponentTest {

  @TempDir Path etc;

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
                  String agent =
                      (String) ((Dictionary<?, ?>) args[2]).get(ResourceAgent.AGENT_PROPERTY);
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

  private void script(String name) throws Exception {
    Path file = etc.resolve("init.d").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\nexit 0\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void registersScriptsFollowsChangesAndUnregistersOnDeactivation() throws Exception {
    script("web");
    LsbAgentsComponent component =
        new LsbAgentsComponent(
            context(Map.of(LsbSettings.INIT_DIR, etc.resolve("init.d").toString())),
            Map.of(LsbSettings.RC_ROOT, etc.toString(), LsbSettings.RESCAN, "100ms"));
    try {
      assertThat(component.standard()).isEqualTo("lsb");
      assertThat(component.unavailableReason()).isEmpty();
      assertThat(services).containsOnlyKeys("lsb:web");
      script("db");
      await().atMost(Duration.ofSeconds(20)).until(() -> services.containsKey("lsb:db"));
      Files.delete(etc.resolve("init.d/web"));
      await().atMost(Duration.ofSeconds(20)).until(() -> !services.containsKey("lsb:web"));
    } finally {
      component.deactivate();
    }
    assertThat(services).isEmpty();
  }

  @Test
  void missingInitDirectoryIsReported() {
    LsbAgentsComponent component =
        new LsbAgentsComponent(
            context(Map.of()), Map.of(LsbSettings.INIT_DIR, etc.resolve("nope").toString()));
    try {
      assertThat(component.unavailableReason())
          .hasValueSatisfying(r -> assertThat(r).contains("nope does not exist"));
    } finally {
      component.deactivate();
    }
  }

  @Test
  void badConfigurationFailsActivationNamingTheKey() {
    assertThatThrownBy(
            () -> new LsbAgentsComponent(context(Map.of()), Map.of(LsbSettings.RESCAN, "often")))
        .hasMessageContaining(LsbSettings.RESCAN);
  }
}
