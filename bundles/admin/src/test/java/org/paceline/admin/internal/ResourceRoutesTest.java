package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paceline.cib.model.LocationConstraint;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.service.CibChange;

class ResourceRoutesTest {

  private static final Set<String> NODES = Set.of("n1", "n2");
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private final ConfigurationRoutesTest.LocalCib cib = new ConfigurationRoutesTest.LocalCib();
  private final ConfigurationRoutes configuration =
      new ConfigurationRoutes(new AgentCatalog(), () -> Optional.of(cib));
  private final ResourceRoutes routes = new ResourceRoutes(configuration, () -> Optional.of(cib));

  ResourceRoutesTest() {
    cib.propose(
        new CibChange.ApplyCrm(
            "primitive web ocf:heartbeat:Dummy\nproperty stonith-enabled=false\n", false),
        false);
  }

  @Test
  void startAndStopSetTheTargetRole() {
    assertThat(routes.act("web", "stop", NODES, "{}", NOW).status()).isEqualTo(200);
    assertThat(cib.cib.configuration().resource("web").orElseThrow().meta())
        .containsEntry("target-role", "Stopped");
    assertThat(routes.act("web", "start", NODES, "", NOW).status()).isEqualTo(200);
    assertThat(cib.cib.configuration().resource("web").orElseThrow().meta())
        .containsEntry("target-role", "Started");
  }

  @Test
  void moveBanAndClearManageTheCliConstraints() {
    assertThat(routes.act("web", "move", NODES, "{\"node\":\"n2\"}", NOW).status()).isEqualTo(200);
    assertThat(
            routes.act("web", "ban", NODES, "{\"node\":\"n1\",\"lifetime\":\"1h\"}", NOW).status())
        .isEqualTo(200);
    assertThat(cib.cib.configuration().constraint("cli-prefer-web")).isPresent();
    LocationConstraint ban =
        (LocationConstraint) cib.cib.configuration().constraint("cli-ban-web-on-n1").orElseThrow();
    assertThat(ban.toString()).contains("2026-11-25T13:00");
    assertThat(routes.act("web", "clear", NODES, "{}", NOW).status()).isEqualTo(200);
    assertThat(cib.cib.configuration().constraints()).isEmpty();
    assertThat(routes.act("web", "clear", NODES, "{}", NOW).body().path("changed").asBoolean())
        .isFalse();
  }

  @Test
  void badRequestsNameWhatIsWrong() {
    assertThat(routes.act("nope", "stop", NODES, "{}", NOW).status()).isEqualTo(404);
    assertThat(routes.act("web", "move", NODES, "{}", NOW).body().path("error").asText())
        .contains("node");
    assertThat(routes.act("web", "move", NODES, "{\"node\":\"n9\"}", NOW).status()).isEqualTo(404);
    assertThat(
            routes
                .act("web", "ban", NODES, "{\"node\":\"n1\",\"lifetime\":\"soon\"}", NOW)
                .body()
                .path("error")
                .asText())
        .contains("lifetime");
    assertThat(routes.act("web", "dance", NODES, "{}", NOW).status()).isEqualTo(400);
  }

  @Test
  void locateFailcountAndCleanupReadAndClearTheStatus() {
    cib.propose(
        new CibChange.RecordOperation(
            "n1", "web", "ocf:heartbeat:Dummy", OperationRecord.done("start", 0, 0, 2)),
        false);
    cib.propose(
        new CibChange.SetTransientAttribute("n1", "fail-count-web#monitor_10000", "2"), false);
    var shown = routes.show("web").body();
    assertThat(shown.path("activeOn").toString()).isEqualTo("[\"n1\"]");
    assertThat(shown.path("nodes").get(0).path("failCount").asInt()).isEqualTo(2);
    assertThat(routes.act("web", "cleanup", NODES, "{\"node\":\"n1\"}", NOW).status())
        .isEqualTo(200);
    assertThat(routes.show("web").body().path("activeOn").size()).isZero();
  }
}
