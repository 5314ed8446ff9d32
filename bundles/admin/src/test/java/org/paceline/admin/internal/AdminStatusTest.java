package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.RingId;
import org.paceline.api.ring.RingStatus;
import org.paceline.api.ring.RingView;

class AdminStatusTest {

  private RingStatus.FaultSpec lastFaults;
  private boolean ringRunning = true;

  private final ClusterView live =
      new ClusterView() {
        @Override
        public Optional<RingStatus> ring() {
          if (!ringRunning) {
            return Optional.empty();
          }
          RingView view = new RingView(new RingId(7, 1), List.of(1), List.of(), List.of());
          return Optional.of(
              new RingStatus(
                  1,
                  "OPERATIONAL",
                  view,
                  Map.of("view_changes", 3L),
                  lastFaults == null ? RingStatus.FaultSpec.none() : lastFaults));
        }

        @Override
        public Optional<QuorumState> quorum() {
          return Optional.of(
              new QuorumState(new RingId(7, 1), true, List.of(1), 1, 1, 1, "1 of 1 votes"));
        }

        @Override
        public boolean setFaults(RingStatus.FaultSpec faults) {
          if (!ringRunning) {
            return false;
          }
          lastFaults = faults;
          return true;
        }
      };

  private final AdminApi api =
      new AdminApi(AdminApiTest.config(), new AgentCatalog(), Instant.EPOCH, live, Optional::empty);

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void statusShowsRingQuorumAndNodes() {
    AdminApi.Response r = api.handle("GET", "/api/v1/status", Instant.EPOCH);

    assertThat(r.status()).isEqualTo(200);
    JsonNode b = r.body();
    assertThat(b.path("cluster").asText()).isEqualTo("alpha");
    assertThat(b.path("quorate").asBoolean()).isTrue();
    // The DC is the lowest node id of the operational ring's members.
    assertThat(b.path("dc").asText()).isEqualTo("n1");
    assertThat(b.path("ring").path("id").asText()).isEqualTo("1.7");
    assertThat(b.path("ring").path("members").get(0).asText()).isEqualTo("n1");
    assertThat(b.path("ring").path("counters").path("view_changes").asLong()).isEqualTo(3);
    assertThat(b.path("nodes").get(0).path("state").asText()).isEqualTo("online");
    assertThat(b.path("quorum").path("votes").asInt()).isEqualTo(1);
    assertThat(b.path("resources").isArray()).isTrue();
    assertThat(b.path("failedActions").isArray()).isTrue();
    assertThat(b.path("fencing").isArray()).isTrue();
  }

  @Test
  void faultsAreSetByNodeNameAndShownInStatus() {
    AdminApi.Response r =
        api.handle(
            "POST", "/api/v1/ring/faults", "{\"cut\":[\"n1\"],\"drop\":0.05}", Instant.EPOCH);

    assertThat(r.status()).isEqualTo(200);
    assertThat(lastFaults).isEqualTo(new RingStatus.FaultSpec(0.05, 0, 0, 0, Set.of(1)));
    assertThat(r.body().path("ring").path("faults").path("drop").asDouble()).isEqualTo(0.05);
  }

  @Test
  void badFaultRequestsAreRefusedWithTheReason() {
    assertThat(error("POST", "{\"cut\":[\"n9\"]}", 400)).contains("no node 'n9'", "n1");
    assertThat(error("POST", "{\"drop\":2}", 400)).contains("drop must be a probability");
    assertThat(error("POST", "{\"drop\":\"lots\"}", 400)).contains("drop must be a number");
    assertThat(error("POST", "{not json", 400)).contains("not JSON");
    assertThat(error("POST", "[1]", 400)).contains("JSON object");
    assertThat(error("GET", "", 405)).contains("use POST");
    assertThat(lastFaults).isNull();
    ringRunning = false;
    assertThat(error("POST", "{}", 503)).contains("ring is not running");
  }

  @Test
  void statusWithoutRingOrQuorumSaysSo() {
    AdminApi bare = new AdminApi(AdminApiTest.config(), new AgentCatalog(), Instant.EPOCH);
    JsonNode b = bare.handle("GET", "/api/v1/status", Instant.EPOCH).body();

    assertThat(b.path("ring").isNull()).isTrue();
    assertThat(b.path("quorum").isNull()).isTrue();
    assertThat(b.path("quorate").asBoolean()).isFalse();
    assertThat(b.path("nodes").get(0).path("state").asText()).isEqualTo("offline");
  }

  private String error(String method, String body, int status) {
    AdminApi.Response r = api.handle(method, "/api/v1/ring/faults", body, Instant.EPOCH);
    assertThat(r.status()).isEqualTo(status);
    return r.body().path("error").asText();
  }
}
