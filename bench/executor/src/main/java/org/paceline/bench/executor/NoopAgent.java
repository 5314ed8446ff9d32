package org.paceline.bench.executor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.api.ra.ResourceAgent;

/**
 * {@code ocf:bench:Noop}: answers every operation with success at once and touches nothing, so that
 * a benchmark through the executor measures the executor alone.
 */
final class NoopAgent implements ResourceAgent {

  static final AgentId ID = AgentId.ocf("bench", "Noop");

  private static final AgentMetadata METADATA =
      new AgentMetadata(
          "Noop",
          "1.0",
          "Does nothing",
          "Every operation succeeds at once.",
          List.of(),
          List.of(
              ActionSpec.of("start", Duration.ofSeconds(20)),
              ActionSpec.of("stop", Duration.ofSeconds(20)),
              ActionSpec.of("monitor", Duration.ofSeconds(20))));

  @Override
  public AgentId id() {
    return ID;
  }

  @Override
  public AgentMetadata metadata() {
    return METADATA;
  }

  @Override
  public OperationResult execute(OperationRequest request, OperationContext context) {
    Instant now = Instant.now();
    return OperationResult.done(OcfResultCode.OK, "", now, Duration.ZERO);
  }
}
