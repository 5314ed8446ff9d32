package org.paceline.fencing.process.internal.osgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;

class ProcessFenceAgentComponentTest {

  private static BundleContext context(Map<String, String> frameworkProperties) {
    return (BundleContext)
        Proxy.newProxyInstance(
            ProcessFenceAgentComponentTest.class.getClassLoader(),
            new Class<?>[] {BundleContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getProperty")) {
                return frameworkProperties.get((String) args[0]);
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  @Test
  void theLocalNodeComesFromTheFrameworkAndIsNeverFenced() throws Exception {
    ProcessFenceAgentComponent c =
        new ProcessFenceAgentComponent(context(Map.of("paceline.node", "n1")));
    assertThat(c.name()).isEqualTo("fence_paceline_process");
    FenceResult r =
        c.execute(
            new FenceRequest(
                "d",
                FenceAction.OFF,
                "n1",
                null,
                Map.of("pidfile_pattern", "/nonexistent/%n.pid"),
                Duration.ofSeconds(5)));
    assertThat(r.outcome()).isEqualTo(FenceResult.Outcome.FAILED);
    assertThat(r.message()).contains("refusing to fence node n1 from itself");
  }

  @Test
  void withoutANodeNameItStillWorks() throws Exception {
    ProcessFenceAgentComponent c = new ProcessFenceAgentComponent(context(Map.of()));
    FenceResult r =
        c.execute(
            new FenceRequest(
                "d",
                FenceAction.STATUS,
                "n1",
                null,
                Map.of("pidfile_pattern", "/nonexistent/%n.pid"),
                Duration.ofSeconds(5)));
    assertThat(r.outcome()).isEqualTo(FenceResult.Outcome.TARGET_OFF);
  }
}
