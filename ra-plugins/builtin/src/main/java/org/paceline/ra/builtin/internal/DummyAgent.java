package org.paceline.ra.builtin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * {@code ocf:paceline:Dummy}: a resource that does nothing but remember whether it runs, in a state
 * file, so that monitor tells the truth across restarts of the agent's bundle. The same behaviour
 * as {@code ocf:heartbeat:Dummy}, in Java, for tests, demos and as an example.
 */
public class DummyAgent implements ResourceAgent {

  /** The agent's identity. */
  public static final AgentId ID = AgentId.ocf("paceline", "Dummy");

  private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9_.:@+-]+");

  private static final AgentMetadata METADATA =
      new AgentMetadata(
          "Dummy",
          "1.0",
          "Example stateless resource agent",
          "Remembers in a state file whether it was started; monitor reports that state. Use it to"
              + " try configurations, in tests, and as the model for agents of your own. It also"
              + " accepts migrate_to (as a stop) and migrate_from (as a start), so it can try live"
              + " migration, and reload, which does nothing.",
          List.of(
              new ParameterSpec(
                  "state",
                  "string",
                  null,
                  false,
                  true,
                  "Location of the state file (default: a file per instance under the node's agent"
                      + " state directory)",
                  "The file exists while the resource runs; start creates it and its folder, stop"
                      + " removes it. Two resources must not share one."),
              new ParameterSpec(
                  "fake",
                  "string",
                  "dummy",
                  false,
                  false,
                  "Fake attribute that can be changed to cause a reload",
                  "Has no effect; changing it lets you watch the cluster reload the resource."),
              new ParameterSpec(
                  "op_sleep",
                  "integer",
                  "0",
                  false,
                  false,
                  "Seconds to sleep during each operation (to try timeouts)",
                  "Every operation sleeps this long before doing its work; an operation whose"
                      + " timeout is shorter is interrupted and does nothing.")),
          List.of(
              ActionSpec.of("start", Duration.ofSeconds(20)),
              ActionSpec.of("stop", Duration.ofSeconds(20)),
              new ActionSpec("monitor", Duration.ofSeconds(20), Duration.ofSeconds(10), 0, null),
              ActionSpec.of("reload", Duration.ofSeconds(20)),
              ActionSpec.of("reload-agent", Duration.ofSeconds(20)),
              ActionSpec.of("migrate_to", Duration.ofSeconds(20)),
              ActionSpec.of("migrate_from", Duration.ofSeconds(20)),
              ActionSpec.of("meta-data", Duration.ofSeconds(5)),
              ActionSpec.of("validate-all", Duration.ofSeconds(20))));

  @Override
  public AgentId id() {
    return ID;
  }

  @Override
  public AgentMetadata metadata() {
    return METADATA;
  }

  @Override
  public OperationResult execute(OperationRequest request, OperationContext context)
      throws InterruptedException {
    Instant started = Instant.now();
    long sleepSeconds;
    try {
      sleepSeconds = Long.parseLong(request.parameters().getOrDefault("op_sleep", "0").trim());
      if (sleepSeconds < 0) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      return result(
          OcfResultCode.ERR_CONFIGURED, "op_sleep must be a whole number of seconds", started);
    }
    if (!INSTANCE.matcher(request.resourceId()).matches()) {
      return result(
          OcfResultCode.ERR_CONFIGURED,
          "resource id '" + request.resourceId() + "' cannot name a state file",
          started);
    }
    if (sleepSeconds > 0) {
      TimeUnit.SECONDS.sleep(sleepSeconds); // saturates where seconds * 1000 would overflow
    }
    Path state = stateFile(request, context);
    try {
      OcfResultCode rc =
          switch (request.action()) {
            case START, MIGRATE_FROM -> start(state);
            case STOP, MIGRATE_TO -> stop(state);
            case MONITOR -> Files.exists(state) ? OcfResultCode.OK : OcfResultCode.NOT_RUNNING;
            case RELOAD, RELOAD_AGENT, META_DATA, VALIDATE_ALL -> OcfResultCode.OK;
            case PROMOTE, DEMOTE, NOTIFY -> OcfResultCode.ERR_UNIMPLEMENTED;
          };
      return result(rc, "", started);
    } catch (IOException e) {
      return result(OcfResultCode.ERR_GENERIC, "state file " + state + ": " + e, started);
    }
  }

  private static OcfResultCode start(Path state) throws IOException {
    Files.createDirectories(state.toAbsolutePath().getParent());
    Files.writeString(state, "running\n", StandardCharsets.US_ASCII);
    return OcfResultCode.OK;
  }

  private static OcfResultCode stop(Path state) throws IOException {
    Files.deleteIfExists(state);
    return OcfResultCode.OK;
  }

  private static Path stateFile(OperationRequest request, OperationContext context) {
    String configured = request.parameters().get("state");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return context.stateDir().resolve("Dummy").resolve(request.resourceId() + ".state");
  }

  private static OperationResult result(OcfResultCode rc, String reason, Instant started) {
    return OperationResult.done(rc, reason, started, Duration.between(started, Instant.now()));
  }
}
