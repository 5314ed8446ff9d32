package org.paceline.ra.builtin.internal.process;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;

/**
 * Run in a JVM of its own by {@link ProcessOutlivesTheJvmTest}: starts {@code COMMAND} as resource
 * {@code RESOURCE} with state in {@code STATE_DIR}, then exits with the start's OCF code.
 */
public final class StartInAnotherJvm {

  private StartInAnotherJvm() {}

  /** Arguments: STATE_DIR RESOURCE COMMAND. */
  public static void main(String[] args) throws InterruptedException {
    OperationResult r =
        new ProcessAgent()
            .execute(
                OperationRequest.of(
                    args[1], AgentAction.START, Map.of("command", args[2]), Duration.ofSeconds(20)),
                new OperationContext("n1", Path.of(args[0]), Instant.now().plusSeconds(20)));
    System.exit(r.rc().code());
  }
}
