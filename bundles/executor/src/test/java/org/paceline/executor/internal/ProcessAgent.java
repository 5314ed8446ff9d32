package org.paceline.executor.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.api.ra.ResourceAgent;

/**
 * An agent that runs a real command per call and answers with its exit code, the way the script
 * plugins do: on interrupt it kills the process and its children and rethrows.
 */
final class ProcessAgent implements ResourceAgent {

  private final AgentId id;
  private final List<String> command;

  ProcessAgent(AgentId id, String... command) {
    this.id = id;
    this.command = List.of(command);
  }

  @Override
  public AgentId id() {
    return id;
  }

  @Override
  public AgentMetadata metadata() {
    return TestAgent.METADATA;
  }

  @Override
  public OperationResult execute(OperationRequest request, OperationContext context)
      throws InterruptedException {
    Instant started = Instant.now();
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
    } catch (IOException e) {
      return new OperationResult(
          ExecutionStatus.ERROR,
          OcfResultCode.ERR_GENERIC,
          "cannot run " + command + ": " + e.getMessage(),
          "",
          started,
          Duration.ZERO);
    }
    try {
      long left = Duration.between(Instant.now(), context.deadline()).toMillis();
      if (!p.waitFor(Math.max(1, left), TimeUnit.MILLISECONDS)) {
        kill(p);
        return new OperationResult(
            ExecutionStatus.TIMEOUT,
            OcfResultCode.ERR_GENERIC,
            "timed out",
            "",
            started,
            Duration.between(started, Instant.now()));
      }
    } catch (InterruptedException e) {
      kill(p);
      throw e;
    }
    String output;
    try {
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      output = "";
    }
    OcfResultCode rc = OcfResultCode.fromCode(p.exitValue()).orElse(OcfResultCode.ERR_GENERIC);
    return new OperationResult(
        ExecutionStatus.DONE, rc, "", output, started, Duration.between(started, Instant.now()));
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
