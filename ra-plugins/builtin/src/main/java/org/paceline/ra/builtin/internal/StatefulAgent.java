package org.paceline.ra.builtin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.agent.ParameterSpec;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.api.ra.ResourceAgent;

/**
 * {@code ocf:paceline:Stateful}: a promotable demo resource. It keeps its role, stopped, unpromoted
 * or promoted, in a state file, and does nothing else: start makes it unpromoted, promote and
 * demote move between the two running roles, stop forgets it, and monitor answers {@code
 * OCF_NOT_RUNNING}, {@code OCF_SUCCESS} or {@code OCF_RUNNING_PROMOTED}. It sets no node
 * attributes, so it gives the scheduler no promotion preference: which instance is promoted comes
 * from the configuration (location constraints with {@code role=Promoted}).
 */
public class StatefulAgent implements ResourceAgent {

  /** The agent's identity. */
  public static final AgentId ID = AgentId.ocf("paceline", "Stateful");

  /** The roles the state file records; no file means stopped. */
  enum Role {
    STOPPED,
    UNPROMOTED,
    PROMOTED
  }

  private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9_.:@+-]+");

  private static final AgentMetadata METADATA =
      new AgentMetadata(
          "Stateful",
          "1.0",
          "Example promotable resource agent",
          "Remembers in a state file whether it is stopped, unpromoted or promoted; monitor"
              + " reports that role (7, 0 or 8). Use it as a promotable clone to try promotion and"
              + " demotion. The agent sets no promotion score (no node attribute): which instances"
              + " are promoted comes from the configuration, e.g. a location constraint with"
              + " role=Promoted.",
          List.of(
              new ParameterSpec(
                  "state",
                  "string",
                  null,
                  false,
                  true,
                  "Location of the state file (default: a file per instance under the node's agent"
                      + " state directory)",
                  "An absolute path. It holds 'unpromoted' or 'promoted' while the instance runs"
                      + " and is removed by stop.")),
          List.of(
              ActionSpec.of("start", Duration.ofSeconds(20)),
              ActionSpec.of("stop", Duration.ofSeconds(20)),
              ActionSpec.of("promote", Duration.ofSeconds(10)),
              ActionSpec.of("demote", Duration.ofSeconds(10)),
              new ActionSpec(
                  "monitor", Duration.ofSeconds(20), Duration.ofSeconds(10), 0, "Promoted"),
              new ActionSpec(
                  "monitor", Duration.ofSeconds(20), Duration.ofSeconds(11), 0, "Unpromoted"),
              ActionSpec.of("notify", Duration.ofSeconds(5)),
              ActionSpec.of("validate-all", Duration.ofSeconds(20)),
              ActionSpec.of("meta-data", Duration.ofSeconds(5))));

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
    Instant started = Instant.now();
    String configured = request.parameters().get("state");
    Path state;
    if (configured != null && !configured.isBlank()) {
      state = Path.of(configured.strip());
      if (!state.isAbsolute()) {
        return result(
            OcfResultCode.ERR_CONFIGURED,
            "state: '" + configured + "' must be an absolute path",
            started);
      }
    } else if (INSTANCE.matcher(request.resourceId()).matches()) {
      state = context.stateDir().resolve("Stateful").resolve(request.resourceId() + ".state");
    } else {
      return result(
          OcfResultCode.ERR_CONFIGURED,
          "resource id '" + request.resourceId() + "' cannot name a state file",
          started);
    }
    try {
      if (request.action() == AgentAction.STOP) {
        Files.deleteIfExists(state); // whatever the file holds
        return result(OcfResultCode.OK, "", started);
      }
      Role role = read(state);
      return switch (request.action()) {
        case START -> {
          if (role == Role.STOPPED) {
            write(state, Role.UNPROMOTED);
          }
          yield result(OcfResultCode.OK, "", started);
        }
        case PROMOTE -> {
          if (role == Role.STOPPED) {
            yield result(OcfResultCode.NOT_RUNNING, "cannot promote a stopped instance", started);
          }
          write(state, Role.PROMOTED);
          yield result(OcfResultCode.OK, "", started);
        }
        case DEMOTE -> {
          if (role == Role.STOPPED) {
            yield result(OcfResultCode.NOT_RUNNING, "cannot demote a stopped instance", started);
          }
          write(state, Role.UNPROMOTED);
          yield result(OcfResultCode.OK, "", started);
        }
        case MONITOR ->
            result(
                switch (role) {
                  case STOPPED -> OcfResultCode.NOT_RUNNING;
                  case UNPROMOTED -> OcfResultCode.OK;
                  case PROMOTED -> OcfResultCode.RUNNING_PROMOTED;
                },
                "",
                started);
        case NOTIFY, META_DATA, VALIDATE_ALL -> result(OcfResultCode.OK, "", started);
        default ->
            result(
                OcfResultCode.ERR_UNIMPLEMENTED,
                request.action() + " is not an action of " + ID,
                started);
      };
    } catch (IOException e) {
      return result(OcfResultCode.ERR_GENERIC, "state file " + state + ": " + e, started);
    } catch (IllegalStateException e) {
      return result(OcfResultCode.ERR_GENERIC, e.getMessage(), started);
    }
  }

  /** The role in {@code state}; {@link Role#STOPPED} when there is no file. */
  static Role read(Path state) throws IOException {
    String text;
    try {
      text = Files.readString(state, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return Role.STOPPED;
    }
    return switch (text) {
      case "unpromoted" -> Role.UNPROMOTED;
      case "promoted" -> Role.PROMOTED;
      default ->
          throw new IllegalStateException(
              "state file "
                  + state
                  + " holds '"
                  + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                  + "', not 'unpromoted' or 'promoted'");
    };
  }

  /** Writes {@code role} to {@code state} atomically (temporary file, then rename). */
  private static void write(Path state, Role role) throws IOException {
    Path dir = state.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + state.getFileName() + ".tmp");
    Files.writeString(tmp, role.name().toLowerCase(Locale.ROOT) + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static OperationResult result(OcfResultCode rc, String reason, Instant started) {
    return OperationResult.done(rc, reason, started, Duration.between(started, Instant.now()));
  }
}
