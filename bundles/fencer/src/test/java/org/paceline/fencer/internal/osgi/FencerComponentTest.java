package org.paceline.fencer.internal.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.LoggingConfig;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.config.NodeSettings;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.config.TotemConfig;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Configuration;
import org.paceline.fencer.FencingOutcome;
import org.paceline.fencer.FencingRecord;

class FencerComponentTest {

  private static final Path DIR = Path.of("/nonexistent/paceline-test");

  private FencerComponent component;

  @AfterEach
  void deactivate() {
    if (component != null) {
      component.deactivate();
    }
  }

  private static NodeConfiguration node() {
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
    NodeSettings settings =
        new NodeSettings(
            "n1",
            DIR.resolve("state"),
            DIR.resolve("deploy"),
            new AdminSettings("127.0.0.1", 0, DIR.resolve("credential")));
    return new NodeConfiguration(DIR, cluster, settings);
  }

  private static FencerComponent.Config config(String threads, String perTarget) {
    return new FencerComponent.Config() {
      @Override
      public Class<? extends Annotation> annotationType() {
        return FencerComponent.Config.class;
      }

      @Override
      public String agent_threads() {
        return threads;
      }

      @Override
      public String agent_queue() {
        return "8";
      }

      @Override
      public String history_per_target() {
        return perTarget;
      }
    };
  }

  /** An agent that answers every request with a fixed message. */
  private record Agent(String name, String message) implements FenceAgent {
    @Override
    public AgentMetadata metadata() {
      return new AgentMetadata(name, "1", "", "", List.of(), List.of());
    }

    @Override
    public FenceResult execute(FenceRequest request) {
      return new FenceResult(FenceResult.Outcome.SUCCESS, 0, message, "", List.of(), Duration.ZERO);
    }
  }

  private static Map<String, Object> props(long id, String name, Integer ranking) {
    return ranking == null
        ? Map.of(Constants.SERVICE_ID, id, FenceAgent.AGENT_PROPERTY, name)
        : Map.of(
            Constants.SERVICE_ID,
            id,
            FenceAgent.AGENT_PROPERTY,
            name,
            Constants.SERVICE_RANKING,
            ranking);
  }

  private static FencingOutcome outcome(CompletableFuture<FencingOutcome> f) {
    await().atMost(Duration.ofSeconds(10)).until(f::isDone);
    return f.join();
  }

  @Test
  void fencesWithTheBestRankedAgentServiceOfAName() {
    component = new FencerComponent(node(), config("2", "5"));
    Configuration cfg =
        CrmParser.parse(
            "node n1\nnode n2\nprimitive st stonith:fence_x params pcmk_host_check=none\n");
    assertThat(outcome(component.fence("n2", FenceAction.REBOOT, cfg, "n1")).reason())
        .isEqualTo(
            "level 1 st reboot: unusable: fence agent fence_x is not installed on this node");

    Agent low = new Agent("fence_x", "low");
    Agent high = new Agent("fence_x", "high");
    component.addAgent(low, props(10L, "fence_x", null));
    component.addAgent(high, props(11L, "fence_x", 5));
    FencingOutcome o = outcome(component.fence("n2", FenceAction.REBOOT, cfg, "n1"));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.attempts().get(0).reason()).isEqualTo("high");
    assertThat(o.executor()).isEqualTo("n1");
    assertThat(o.client()).isEqualTo("api");

    component.removeAgent(high, props(11L, "fence_x", 5));
    o = outcome(component.fence("n2", FenceAction.OFF, cfg, "n1"));
    assertThat(o.attempts().get(0).reason()).isEqualTo("low");
    await()
        .until(
            () ->
                component.history().forTarget("n2").stream()
                    .noneMatch(r -> r.state() == FencingRecord.State.PENDING));
    assertThat(component.history().forTarget("n2")).hasSize(3);
    assertThat(component.plan(cfg, "n2", FenceAction.OFF).levels()).hasSize(1);
  }

  @Test
  void badConfigurationIsNamed() {
    assertThatThrownBy(() -> new FencerComponent(node(), config("many", "5")))
        .hasMessage(
            "configuration org.paceline.fencer: agent.threads = 'many' is invalid: not a whole"
                + " number >= 1");
    assertThatThrownBy(() -> new FencerComponent(node(), config("1", "0")))
        .hasMessageContaining("history.per.target = '0'");
  }
}
