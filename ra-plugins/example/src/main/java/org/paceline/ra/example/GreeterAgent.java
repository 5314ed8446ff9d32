package org.paceline.ra.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
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
 * Start writes a greeting to a file, stop removes it, monitor checks it. The agent's version is its
 * bundle's version, so a newer jar dropped into {@code deploy/} shows up as a newer agent.
 */
@Component(service = ResourceAgent.class, property = "paceline.agent=ocf:example:Greeter")
public final class GreeterAgent implements ResourceAgent {

  private static final AgentId ID = AgentId.ocf("example", "Greeter");

  private final AgentMetadata metadata =
      new AgentMetadata(
          "Greeter",
          FrameworkUtil.getBundle(GreeterAgent.class).getVersion().toString(),
          "Writes a greeting to a file while it runs",
          "An example agent: start writes the greeting, stop removes it, monitor checks it.",
          List.of(ParameterSpec.optional("greeting", "hello", "What to write")),
          List.of(
              ActionSpec.of("start", Duration.ofSeconds(10)),
              ActionSpec.of("stop", Duration.ofSeconds(10)),
              new ActionSpec("monitor", Duration.ofSeconds(10), Duration.ofSeconds(10), 0, null),
              ActionSpec.of("meta-data", Duration.ofSeconds(5))));

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
    Path file = context.stateDir().resolve("Greeter").resolve(request.resourceId() + ".txt");
    String greeting = request.parameters().getOrDefault("greeting", "hello");
    OcfResultCode rc;
    String reason = "";
    try {
      rc =
          switch (request.action()) {
            case START -> {
              Files.createDirectories(file.getParent());
              Files.writeString(file, greeting + "\n", StandardCharsets.UTF_8);
              yield OcfResultCode.OK;
            }
            case STOP -> {
              Files.deleteIfExists(file);
              yield OcfResultCode.OK;
            }
            case MONITOR -> Files.exists(file) ? OcfResultCode.OK : OcfResultCode.NOT_RUNNING;
            case META_DATA, VALIDATE_ALL -> OcfResultCode.OK;
            default -> OcfResultCode.ERR_UNIMPLEMENTED;
          };
    } catch (IOException e) {
      rc = OcfResultCode.ERR_GENERIC;
      reason = e.toString();
    }
    return OperationResult.done(rc, reason, started, Duration.between(started, Instant.now()));
  }
}
