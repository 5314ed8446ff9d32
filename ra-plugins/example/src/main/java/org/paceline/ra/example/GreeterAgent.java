package org.paceline.ra.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.agent.ParameterSpec;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.api.ra.ResourceAgent;

/**
 * {@code ocf:example:Greeter}: the smallest useful agent, and the template for writing your own.
 * Start writes a greeting to a file, stop removes it, monitor checks it. A plain class that knows
 * nothing of OSGi (so a unit test can run it); {@code internal.osgi.GreeterAgentComponent}
 * registers it as a service.
 */
public class GreeterAgent implements ResourceAgent {

  /** The agent's identity: {@code ocf:example:Greeter}. */
  public static final AgentId ID = AgentId.ocf("example", "Greeter");

  private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9_.:@+-]+");

  private final AgentMetadata metadata;

  /** An agent that reports {@code version} as its own (the component passes its bundle's). */
  public GreeterAgent(String version) {
    metadata =
        new AgentMetadata(
            "Greeter",
            version,
            "Writes a greeting to a file while it runs",
            "An example agent: start writes the greeting, stop removes it, monitor checks it.",
            List.of(
                new ParameterSpec(
                    "greeting", "string", "hello", false, false, "What to write", "")),
            List.of(
                ActionSpec.of("start", Duration.ofSeconds(10)),
                ActionSpec.of("stop", Duration.ofSeconds(10)),
                new ActionSpec("monitor", Duration.ofSeconds(10), Duration.ofSeconds(10), 0, null),
                ActionSpec.of("validate-all", Duration.ofSeconds(5)),
                ActionSpec.of("meta-data", Duration.ofSeconds(5))));
  }

  @Override
  public AgentId id() {
    return ID;
  }

  @Override
  public AgentMetadata metadata() {
    return metadata;
  }

  @Override
  public OperationResult execute(OperationRequest request, OperationContext context) {
    Instant started = Instant.now();
    if (!RESOURCE_ID.matcher(request.resourceId()).matches()) {
      return result(
          OcfResultCode.ERR_CONFIGURED,
          "resource id '" + request.resourceId() + "' cannot name a file",
          started);
    }
    // state lives in a file under the node's agent state directory, never in this object
    Path file = context.stateDir().resolve("Greeter").resolve(request.resourceId() + ".txt");
    String greeting = request.parameters().getOrDefault("greeting", "hello");
    try {
      return switch (request.action()) {
        case START -> {
          Files.createDirectories(file.getParent());
          Files.writeString(file, greeting + "\n", StandardCharsets.UTF_8);
          yield result(OcfResultCode.OK, "", started);
        }
        case STOP -> {
          Files.deleteIfExists(file); // stopping a stopped resource succeeds
          yield result(OcfResultCode.OK, "", started);
        }
        case MONITOR ->
            result(Files.exists(file) ? OcfResultCode.OK : OcfResultCode.NOT_RUNNING, "", started);
        case VALIDATE_ALL ->
            greeting.isBlank()
                ? result(OcfResultCode.ERR_CONFIGURED, "greeting must not be blank", started)
                : result(OcfResultCode.OK, "", started);
        case META_DATA -> result(OcfResultCode.OK, "", started);
        default -> result(OcfResultCode.ERR_UNIMPLEMENTED, request.action() + "", started);
      };
    } catch (IOException e) {
      return result(OcfResultCode.ERR_GENERIC, file + ": " + e, started);
    }
  }

  private static OperationResult result(OcfResultCode rc, String reason, Instant started) {
    return OperationResult.done(rc, reason, started, Duration.between(started, Instant.now()));
  }
}
