package org.paceline.fencing.external;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.fencing.FenceResult.Outcome;
import org.paceline.ra.script.CommandResult;
import org.paceline.ra.script.CommandRunner;
import org.paceline.ra.script.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fence-agents script as a {@link FenceAgent}: runs the script with no arguments and the
 * request as {@link AgentInput key=value lines} on its standard input, within the request's
 * timeout, and maps its exit status with {@link FenceResults}.
 *
 * <p>Meta-data ({@code <script> -o metadata}) is fetched on first use, not at registration, then
 * cached until the script file changes; while it fails it is fetched again at most every {@value
 * #FAILURE_RETRY_SECONDS} s. A script whose meta-data cannot be had is not a usable fence agent
 * (Pacemaker refuses such devices too): {@link #execute} then fails without running it.
 *
 * <p>A {@code monitor} request goes to an agent that does not declare {@code monitor} as {@code
 * list} when it declares that (unless {@code pcmk_monitor_action} says otherwise).
 */
public final class ExternalFenceAgent implements FenceAgent {

  /** The most meta-data accepted (1 MiB). */
  static final int METADATA_LIMIT = 1 << 20;

  static final long FAILURE_RETRY_SECONDS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(ExternalFenceAgent.class);

  private final FenceScript script;
  private final ExternalFenceSettings settings;
  private final CommandRunner runner;
  private final ReentrantLock metadataLock = new ReentrantLock();
  private volatile Cached cached;

  /**
   * The meta-data as fetched.
   *
   * @param parsed the parsed meta-data, or {@code null} when {@code error} says why not
   * @param error why the meta-data is unavailable, or {@code null}
   * @param details what the agent printed on stderr when it failed
   * @param mtime the script's modification time when fetched
   * @param fetchedNanos when it was fetched ({@link System#nanoTime()})
   */
  private record Cached(
      FenceMetadata parsed, String error, String details, FileTime mtime, long fetchedNanos) {}

  /** An agent for {@code script}, run by {@code runner}. */
  public ExternalFenceAgent(
      FenceScript script, ExternalFenceSettings settings, CommandRunner runner) {
    this.script = Objects.requireNonNull(script, "script");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  @Override
  public String name() {
    return script.name();
  }

  /** The executable this agent runs. */
  public FenceScript script() {
    return script;
  }

  /**
   * The agent's meta-data. Never throws: when it cannot be had, the result names the agent, has no
   * parameters or actions, and its short description says why.
   */
  @Override
  public AgentMetadata metadata() {
    Cached c = metadataWithin(settings.metadataTimeout());
    return c.parsed() != null ? c.parsed().agent() : unavailable(c.error(), c.details());
  }

  /**
   * The agent's meta-data with what only fence agents declare (unfencing), or empty when it cannot
   * be had (see {@link #metadataError()}).
   */
  public Optional<FenceMetadata> fenceMetadata() {
    return Optional.ofNullable(metadataWithin(settings.metadataTimeout()).parsed());
  }

  /** Why the meta-data is unavailable, or empty when it parsed. */
  public Optional<String> metadataError() {
    return Optional.ofNullable(metadataWithin(settings.metadataTimeout()).error());
  }

  private Cached metadataWithin(Duration timeout) {
    try {
      return fetchMetadata(Instant.now().plus(timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Cached(null, "interrupted while reading meta-data", "", null, System.nanoTime());
    }
  }

  @Override
  public FenceResult execute(FenceRequest request) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    Instant started = Instant.now();
    Instant deadline = started.plus(request.timeout());
    if (!Files.exists(script.file())) {
      return failed(
          Outcome.NOT_INSTALLED, "fence agent " + script.file() + " no longer exists", started);
    }
    Cached md = fetchMetadata(deadline);
    if (md.parsed() == null) {
      return failed(
          Instant.now().isBefore(deadline) ? Outcome.FAILED : Outcome.TIMEOUT,
          name() + " is not usable as a fence agent: " + md.error(),
          started);
    }
    FenceRequest effective = withMonitorFallback(request, md.parsed());
    AgentInput input;
    try {
      input = AgentInput.of(effective, md.parsed().defaultHostArgument());
    } catch (IllegalArgumentException e) {
      return failed(
          Outcome.FAILED,
          "device " + request.deviceId() + " (" + name() + "): " + e.getMessage(),
          started);
    }
    CommandSpec spec =
        CommandSpec.of(script.file().toString())
            .plusEnvironment(environment())
            .withStdin(input.stdin());
    LOG.debug(
        "device {}: running {} {} for {} with {}",
        request.deviceId(),
        name(),
        input.agentAction(),
        request.target(),
        input.keys());
    CommandResult r = runner.run(spec, deadline);
    if (r.outcome() == CommandResult.Outcome.NOT_STARTED && !Files.exists(script.file())) {
      return failed(Outcome.NOT_INSTALLED, r.detail(), started);
    }
    FenceResult result = FenceResults.from(r, name(), request.action(), input.agentAction());
    if (request.action().hasTarget() && request.action() != FenceAction.STATUS) {
      LOG.info(
          "device {}: {} {} of {} -> {} ({})",
          request.deviceId(),
          name(),
          input.agentAction(),
          request.target(),
          result.outcome(),
          result.message());
    } else {
      LOG.debug(
          "device {}: {} {} -> {} ({})",
          request.deviceId(),
          name(),
          input.agentAction(),
          result.outcome(),
          result.message());
    }
    return result;
  }

  private static FenceRequest withMonitorFallback(FenceRequest request, FenceMetadata md) {
    String renamed = "pcmk_monitor_action";
    if (request.action() != FenceAction.MONITOR
        || request.parameters().containsKey(renamed)
        || md.supports("monitor")
        || !md.supports("list")) {
      return request;
    }
    Map<String, String> params = new HashMap<>(request.parameters());
    params.put(renamed, "list");
    return new FenceRequest(
        request.deviceId(),
        request.action(),
        request.target(),
        request.port(),
        params,
        request.timeout());
  }

  /** {@code LC_ALL=C} for messages that can be read, {@code HOME} for agents that use ssh. */
  private static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("LC_ALL", "C");
    String home = System.getProperty("user.home");
    if (home != null && home.startsWith("/")) {
      env.put("HOME", home);
    }
    return env;
  }

  private static FenceResult failed(Outcome outcome, String message, Instant started) {
    return new FenceResult(
        outcome, -1, message, "", List.of(), Duration.between(started, Instant.now()));
  }

  private AgentMetadata unavailable(String error, String details) {
    return new AgentMetadata(
        name(), "", "meta-data unavailable: " + error, details, List.of(), List.of());
  }

  private Cached fetchMetadata(Instant deadline) throws InterruptedException {
    FileTime mtime = mtime(script.file());
    Cached c = cached;
    if (fresh(c, mtime)) {
      return c;
    }
    long waitNanos = Math.max(0, Duration.between(Instant.now(), deadline).toNanos());
    if (!metadataLock.tryLock(waitNanos, TimeUnit.NANOSECONDS)) {
      return new Cached(
          null, "meta-data is still being read by another caller", "", null, System.nanoTime());
    }
    try {
      c = cached;
      if (fresh(c, mtime)) {
        return c;
      }
      Instant until = Instant.now().plus(settings.metadataTimeout());
      boolean callerIsShorter = deadline.isBefore(until);
      c = fetch(callerIsShorter ? deadline : until, mtime);
      if (c.error() == null || !callerIsShorter) {
        cached = c; // a failure for lack of the caller's time says nothing about the agent
      }
      return c;
    } finally {
      metadataLock.unlock();
    }
  }

  private static boolean fresh(Cached c, FileTime mtime) {
    if (c == null || !Objects.equals(c.mtime(), mtime)) {
      return false;
    }
    return c.error() == null
        || System.nanoTime() - c.fetchedNanos() < TimeUnit.SECONDS.toNanos(FAILURE_RETRY_SECONDS);
  }

  private Cached fetch(Instant deadline, FileTime mtime) throws InterruptedException {
    CommandSpec spec =
        CommandSpec.of(script.file().toString(), "-o", "metadata")
            .plusEnvironment(environment())
            .withOutputLimit(METADATA_LIMIT);
    CommandResult r = runner.run(spec, deadline);
    String error = null;
    FenceMetadata md = null;
    if (!r.succeeded()) {
      String reason = FenceResults.reason(r);
      error =
          r.exited()
              ? "'-o metadata' failed with exit status "
                  + r.exitCode()
                  + (reason.isEmpty() ? "" : ": " + FenceResults.cut(reason))
              : r.detail();
    } else if (r.stdoutTruncated()) {
      error = "meta-data is larger than " + (METADATA_LIMIT >> 20) + " MiB";
    } else {
      try {
        md = FenceMetadataParser.parse(r.stdout(), name());
      } catch (FenceMetadataException e) {
        error = e.getMessage();
      }
    }
    if (error != null) {
      LOG.warn("fence agent {} ({}): {}", name(), script.file(), error);
      return new Cached(null, error, r.stderr(), mtime, System.nanoTime());
    }
    return new Cached(md, null, "", mtime, System.nanoTime());
  }

  private static FileTime mtime(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "stonith:" + name() + " (" + script.file() + ")";
  }
}
