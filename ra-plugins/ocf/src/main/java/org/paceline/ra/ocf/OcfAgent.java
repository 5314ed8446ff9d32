package org.paceline.ra.ocf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.api.ra.OperationResult;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.ra.ocf.OcfEnvironment.RuntimeDirs;
import org.paceline.ra.script.CommandResult;
import org.paceline.ra.script.CommandRunner;
import org.paceline.ra.script.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OCF agent script as a {@link ResourceAgent}: runs {@code <script> <action>} with the {@link
 * OcfEnvironment OCF environment} and maps the exit status with {@link OcfResults}.
 *
 * <p>Meta-data is fetched on first use, cached until the script file changes, and re-fetched at
 * most every {@value #FAILURE_RETRY_SECONDS} s while it fails. A start is preceded by {@code
 * validate-all} when the meta-data lists that action; a failed validation (other than
 * "unimplemented") is the start's result. A validation the controller asked for ahead of time
 * (while the start still waited for fencing or for the resources before it) stands in for the
 * start's own if it passed with the same parameters less than {@value #PREVALIDATION_SECONDS} s
 * before; it serves one start.
 */
public final class OcfAgent implements ResourceAgent {

  /** The most meta-data accepted (1 MiB). */
  static final int METADATA_LIMIT = 1 << 20;

  static final long FAILURE_RETRY_SECONDS = 10;

  /** How long a passed validate-all stands in for the one before a start. */
  static final long PREVALIDATION_SECONDS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(OcfAgent.class);

  private final OcfScript script;
  private final OcfSettings settings;
  private final CommandRunner runner;
  private final ClusterTools tools;
  private final ReentrantLock metadataLock = new ReentrantLock();
  private volatile Metadata cached;

  /** Per resource instance, the last validate-all that passed: its parameters and when. */
  private final Map<String, Validated> validated = new ConcurrentHashMap<>();

  private record Validated(Map<String, String> params, long atNanos) {}

  /**
   * The meta-data as fetched: parsed, or the reason it could not be.
   *
   * @param metadata the agent's meta-data, or one describing the failure
   * @param error why the meta-data is unavailable, or {@code null}
   * @param xml what the agent printed
   */
  record Metadata(
      AgentMetadata metadata, String error, String xml, FileTime mtime, long fetchedNanos) {}

  /**
   * An agent for {@code script}, run by {@code runner}, with {@linkplain ClusterTools tools} that
   * know no admin API.
   */
  public OcfAgent(OcfScript script, OcfSettings settings, CommandRunner runner) {
    this(script, settings, runner, new ClusterTools(null));
  }

  /** An agent for {@code script}, run by {@code runner}, offered {@code tools}. */
  public OcfAgent(
      OcfScript script, OcfSettings settings, CommandRunner runner, ClusterTools tools) {
    this.script = Objects.requireNonNull(script, "script");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.tools = Objects.requireNonNull(tools, "tools");
  }

  @Override
  public AgentId id() {
    return script.id();
  }

  /** The script this agent runs. */
  public OcfScript script() {
    return script;
  }

  /**
   * The agent's meta-data. Never throws: when the agent's meta-data cannot be had, the result names
   * the agent, has no parameters or actions, and its short description says why.
   */
  @Override
  public AgentMetadata metadata() {
    try {
      return fetchMetadata(Instant.now().plus(settings.metadataTimeout())).metadata();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("interrupted while reading meta-data", "").metadata();
    }
  }

  /** Why the meta-data is unavailable, or empty when it parsed. */
  public Optional<String> metadataError() {
    try {
      return Optional.ofNullable(
          fetchMetadata(Instant.now().plus(settings.metadataTimeout())).error());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while reading meta-data");
    }
  }

  @Override
  public List<String> warnings() {
    return metadataError().map(e -> List.of(id() + ": " + e)).orElse(List.of());
  }

  @Override
  public OperationResult execute(OperationRequest request, OperationContext context)
      throws InterruptedException {
    Instant started = Instant.now();
    if (!Files.exists(script.file())) {
      return new OperationResult(
          ExecutionStatus.NOT_INSTALLED,
          OcfResultCode.ERR_INSTALLED,
          "agent script " + script.file() + " no longer exists",
          "",
          started,
          Duration.ZERO);
    }
    if (request.action() == AgentAction.META_DATA) {
      Metadata md = fetchMetadata(context.deadline());
      return md.error() == null
          ? new OperationResult(
              ExecutionStatus.DONE, OcfResultCode.OK, "", md.xml(), started, since(started))
          : new OperationResult(
              ExecutionStatus.ERROR,
              OcfResultCode.ERR_GENERIC,
              md.error(),
              md.xml(),
              started,
              since(started));
    }
    RuntimeDirs dirs = runtimeDirs(context);
    Path sbin = runtimeBase(context).resolve("sbin");
    try {
      Files.createDirectories(dirs.rsctmp());
      Files.createDirectories(dirs.varrun());
      tools.install(sbin);
    } catch (IOException e) {
      return new OperationResult(
          ExecutionStatus.ERROR,
          OcfResultCode.ERR_GENERIC,
          "cannot create the agents' runtime directories and tools under "
              + dirs.rsctmp().getParent()
              + ": "
              + e,
          "",
          started,
          since(started));
    }
    Map<String, String> env;
    try {
      env =
          OcfEnvironment.withTools(
              OcfEnvironment.forOperation(script, request, context, dirs),
              sbin,
              tools.environment(sbin, context.nodeName()));
    } catch (IllegalArgumentException e) {
      return OperationResult.done(
          OcfResultCode.ERR_CONFIGURED, e.getMessage(), started, since(started));
    }
    if (request.action() == AgentAction.VALIDATE_ALL || request.isProbe()) {
      // The meta-data says whether a start validates first: read it now (once per agent and
      // script version), where it costs nothing, not at the first start, which may be a failover.
      fetchMetadata(context.deadline());
    }
    if (request.action() == AgentAction.START
        && listsValidateAll(context.deadline())
        && !takeValidation(request.resourceId(), env)) {
      OperationResult v = run(AgentAction.VALIDATE_ALL.ocfName(), env, context);
      boolean passed =
          v.status() == ExecutionStatus.DONE
              && (v.rc() == OcfResultCode.OK || v.rc() == OcfResultCode.ERR_UNIMPLEMENTED);
      if (!passed) {
        String reason = v.exitReason().isEmpty() ? v.rc().toString() : v.exitReason();
        return new OperationResult(
            v.status(),
            v.rc(),
            "validate-all before start failed: " + reason,
            v.output(),
            started,
            since(started));
      }
    }
    OperationResult result = run(request.action().ocfName(), env, context);
    if (request.action() == AgentAction.VALIDATE_ALL) {
      if (result.status() == ExecutionStatus.DONE && result.rc() == OcfResultCode.OK) {
        validated.put(request.resourceId(), new Validated(parameters(env), System.nanoTime()));
      } else {
        validated.remove(request.resourceId());
      }
    }
    LOG.debug(
        "node {}: {} {} {} -> {} {}",
        context.nodeName(),
        id(),
        request.resourceId(),
        request.action(),
        result.status(),
        result.rc());
    return result;
  }

  /**
   * Whether a validate-all of {@code resource} passed with the parameters of {@code env} within
   * {@link #PREVALIDATION_SECONDS}; consumes it.
   */
  private boolean takeValidation(String resource, Map<String, String> env) {
    Validated v = validated.remove(resource);
    if (v == null
        || System.nanoTime() - v.atNanos() > TimeUnit.SECONDS.toNanos(PREVALIDATION_SECONDS)) {
      return false;
    }
    boolean same = v.params().equals(parameters(env));
    if (same) {
      LOG.debug("{}: {} validated just before; starting", id(), resource);
    }
    return same;
  }

  /** The resource's own parameters in an OCF environment (not the operation's meta attributes). */
  private static Map<String, String> parameters(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("OCF_RESKEY_") && !k.startsWith("OCF_RESKEY_CRM_meta_")) {
            out.put(k, v);
          }
        });
    return out;
  }

  private OperationResult run(String action, Map<String, String> env, OperationContext context)
      throws InterruptedException {
    CommandSpec spec = CommandSpec.of(script.file().toString(), action).withEnvironment(env);
    CommandResult r = runner.run(spec, context.deadline());
    return OcfResults.fromCommand(r, action);
  }

  private boolean listsValidateAll(Instant deadline) throws InterruptedException {
    Metadata md = fetchMetadata(deadline);
    if (md.error() != null) {
      LOG.debug("{}: no validate-all before start, meta-data unavailable: {}", id(), md.error());
    }
    return md.metadata().supports(AgentAction.VALIDATE_ALL.ocfName());
  }

  private RuntimeDirs runtimeDirs(OperationContext context) {
    return RuntimeDirs.under(runtimeBase(context));
  }

  private Path runtimeBase(OperationContext context) {
    return settings.runtimeDir() != null
        ? settings.runtimeDir()
        : context.stateDir().resolve("ocf");
  }

  Metadata fetchMetadata(Instant deadline) throws InterruptedException {
    FileTime mtime = mtime(script.file());
    Metadata c = cached;
    if (fresh(c, mtime)) {
      return c;
    }
    long waitNanos = Math.max(0, Duration.between(Instant.now(), deadline).toNanos());
    if (!metadataLock.tryLock(waitNanos, TimeUnit.NANOSECONDS)) {
      return failed("meta-data is still being read by another caller", "");
    }
    try {
      c = cached;
      if (fresh(c, mtime)) {
        return c;
      }
      Instant until = Instant.now().plus(settings.metadataTimeout());
      Metadata md = fetch(until.isBefore(deadline) ? until : deadline, mtime);
      cached = md;
      return md;
    } finally {
      metadataLock.unlock();
    }
  }

  private static boolean fresh(Metadata c, FileTime mtime) {
    if (c == null || !Objects.equals(c.mtime(), mtime)) {
      return false;
    }
    return c.error() == null
        || System.nanoTime() - c.fetchedNanos() < TimeUnit.SECONDS.toNanos(FAILURE_RETRY_SECONDS);
  }

  private Metadata fetch(Instant deadline, FileTime mtime) throws InterruptedException {
    CommandSpec spec =
        CommandSpec.of(script.file().toString(), AgentAction.META_DATA.ocfName())
            .withEnvironment(OcfEnvironment.forMetadata(script))
            .withOutputLimit(METADATA_LIMIT);
    CommandResult r = runner.run(spec, deadline);
    String error = null;
    AgentMetadata md = null;
    if (!r.succeeded()) {
      OperationResult op = OcfResults.fromCommand(r, AgentAction.META_DATA.ocfName());
      if (op.status() == ExecutionStatus.DONE) {
        error =
            "meta-data returned "
                + op.rc()
                + (op.exitReason().isEmpty() ? "" : ": " + op.exitReason());
      } else {
        error = op.exitReason();
      }
    } else if (r.stdoutTruncated()) {
      error = "meta-data is larger than " + (METADATA_LIMIT >> 20) + " MiB";
    } else {
      try {
        md = MetadataParser.parse(r.stdout(), script.id().type());
      } catch (MetadataException e) {
        error = e.getMessage();
      }
    }
    if (error != null) {
      LOG.warn("{} ({}): {}", id(), script.file(), error);
      Metadata f = failed(error, r.stderr());
      return new Metadata(f.metadata(), error, r.stdout(), mtime, System.nanoTime());
    }
    return new Metadata(md, null, r.stdout(), mtime, System.nanoTime());
  }

  private Metadata failed(String error, String details) {
    AgentMetadata md =
        new AgentMetadata(
            script.id().type(),
            "",
            "meta-data unavailable: " + error,
            details,
            List.of(),
            List.of());
    return new Metadata(md, error, "", null, System.nanoTime());
  }

  private static FileTime mtime(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  private static Duration since(Instant started) {
    return Duration.between(started, Instant.now());
  }

  @Override
  public String toString() {
    return id() + " (" + script.file() + ")";
  }
}
