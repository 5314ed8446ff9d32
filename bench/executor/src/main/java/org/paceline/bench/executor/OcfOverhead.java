package org.paceline.bench.executor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;
import org.paceline.executor.ExecutedOperation;
import org.paceline.executor.internal.ExecutorSettings;
import org.paceline.executor.internal.NodeExecutor;
import org.paceline.ra.ocf.OcfAgent;
import org.paceline.ra.ocf.OcfEnvironment;
import org.paceline.ra.ocf.OcfScript;
import org.paceline.ra.ocf.OcfSettings;
import org.paceline.ra.script.CommandResult;
import org.paceline.ra.script.CommandRunner;
import org.paceline.ra.script.CommandSpec;

/**
 * {@code ocf:heartbeat:Dummy} start and stop through the executor and the OCF plugin, against the
 * same script run directly, in one run on one machine, interleaved so that both share the noise.
 *
 * <p>Each iteration does, in an order that rotates from one iteration to the next:
 *
 * <ul>
 *   <li><b>executor</b>: start then stop of resource {@code exec} through a {@link NodeExecutor}
 *       running an {@link OcfAgent} on the script (the OCF plugin as a node runs it: a new session
 *       and process group per run, stdout and stderr captured). Dummy lists {@code validate-all},
 *       so the plugin runs {@code validate-all} before {@code start}: two processes per start. The
 *       time is the caller's, from {@code execute()} until the result arrives.
 *   <li><b>direct</b>: {@code Dummy start} then {@code Dummy stop} of resource {@code direct},
 *       started with {@link ProcessBuilder} as a shell would run it (stdin and output on {@code
 *       /dev/null}), with exactly the environment the plugin gives the agent ({@link
 *       OcfEnvironment#forOperation}: OCF_ROOT, OCF_RESOURCE_INSTANCE, OCF_RESKEY_state, HA_RSCTMP,
 *       HA_VARRUN, ...).
 *   <li><b>direct, validate-all + start</b>: the same with {@code Dummy validate-all} run before
 *       {@code start}, the like-for-like comparison with the plugin's start.
 *   <li><b>script runner alone</b>: validate-all + start, then stop, through the plugins' {@link
 *       CommandRunner} without agent or executor, to show where the overhead comes from.
 * </ul>
 *
 * <p>The first {@code WARMUP} iterations (which also read and cache the agent's meta-data) are not
 * counted. Prints Markdown tables on standard output.
 */
public final class OcfOverhead {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final long WAIT_SECONDS = 30;
  private static final int MODES = 4;

  private final OcfScript script;
  private final Path stateDir;
  private final Path stateFiles;
  private final NodeExecutor executor;
  private final OcfAgent agent;
  private final CommandRunner runner;

  private OcfOverhead(Path root, Path work) throws IOException {
    this.script = OcfScript.under(root, "heartbeat", "Dummy");
    if (!Files.isExecutable(script.file())) {
      throw new IllegalStateException(
          script.file() + " is missing or not executable (install resource-agents)");
    }
    this.stateDir = work.resolve("state");
    this.stateFiles = work.resolve("dummy");
    Files.createDirectories(stateFiles);
    OcfSettings settings = OcfSettings.defaults().withRoots(List.of(root));
    this.runner = new CommandRunner(settings.killGrace());
    this.agent = new OcfAgent(script, settings, runner);
    this.executor =
        new NodeExecutor(ExecutorSettings.defaults("bench", stateDir), new FixedAgents(agent));
  }

  public static void main(String[] args) throws Exception {
    int n;
    int warmup;
    try {
      n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
      warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    } catch (NumberFormatException e) {
      n = -1;
      warmup = -1;
    }
    if (args.length > 2 || n < 1 || warmup < 0) {
      System.err.println(
          "usage: OcfOverhead [ITERATIONS >= 1 [WARMUP >= 0]], got: " + String.join(" ", args));
      System.exit(64);
    }
    Path root = Path.of(System.getProperty("paceline.ocf.root", "/usr/lib/ocf"));
    Path work = Files.createTempDirectory("ocf-overhead");
    int status = 0;
    OcfOverhead bench = null;
    try {
      bench = new OcfOverhead(root, work);
      bench.run(n, warmup);
    } catch (IllegalStateException e) {
      System.err.println("OcfOverhead: " + e.getMessage());
      status = 1;
    } finally {
      if (bench != null) {
        bench.executor.close();
      }
      deleteTree(work);
    }
    System.exit(status);
  }

  /** The samples of one kind, in nanoseconds, by iteration. */
  private static final class Samples {
    final long[] nanos;

    Samples(int n) {
      nanos = new long[n];
    }

    double percentileMillis(double p) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    double maxMillis() {
      return Arrays.stream(nanos).max().orElse(0) / 1e6;
    }

    /** The median of this minus {@code other}, iteration by iteration. */
    double pairedMedianMillis(Samples other) {
      Samples diff = new Samples(nanos.length);
      for (int i = 0; i < nanos.length; i++) {
        diff.nanos[i] = nanos[i] - other.nanos[i];
      }
      return diff.percentileMillis(50);
    }
  }

  private void run(int n, int warmup) throws Exception {
    String loadBefore = Machine.loadAverage();
    Samples execStart = new Samples(n);
    Samples execStop = new Samples(n);
    Samples execStartAgent = new Samples(n);
    Samples execStopAgent = new Samples(n);
    Samples directStart = new Samples(n);
    Samples directStop = new Samples(n);
    Samples directVStart = new Samples(n);
    Samples directVStop = new Samples(n);
    Samples runnerStart = new Samples(n);
    Samples runnerStop = new Samples(n);
    System.err.printf(Locale.ROOT, "OcfOverhead: %d warm-up + %d iterations%n", warmup, n);
    long t0 = System.nanoTime();
    for (int it = -warmup; it < n; it++) {
      int i = Math.max(it, 0);
      int rotation = Math.floorMod(it, MODES);
      for (int k = 0; k < MODES; k++) {
        switch ((rotation + k) % MODES) {
          case 0 -> {
            ExecutedOperation s = viaExecutor("exec", AgentAction.START, execStart, i);
            execStartAgent.nanos[i] = s.runTime().toNanos();
            ExecutedOperation t = viaExecutor("exec", AgentAction.STOP, execStop, i);
            execStopAgent.nanos[i] = t.runTime().toNanos();
          }
          case 1 -> {
            direct("direct", false, AgentAction.START, directStart, i);
            direct("direct", false, AgentAction.STOP, directStop, i);
          }
          case 2 -> {
            direct("directv", true, AgentAction.START, directVStart, i);
            direct("directv", false, AgentAction.STOP, directVStop, i);
          }
          default -> {
            viaRunner("runner", true, AgentAction.START, runnerStart, i);
            viaRunner("runner", false, AgentAction.STOP, runnerStop, i);
          }
        }
      }
      if (it > 0 && it % 50 == 0) {
        System.err.printf(Locale.ROOT, "OcfOverhead: %d/%d%n", it, n);
      }
    }
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    String loadAfter = Machine.loadAverage();

    System.out.println();
    System.out.println("### OCF operation overhead: ocf:heartbeat:Dummy (OcfOverhead)");
    System.out.println();
    System.out.println("Machine: " + Machine.describe() + ".");
    System.out.println(
        "Script "
            + script.file()
            + "; "
            + n
            + " iterations after "
            + warmup
            + " warm-up iterations, interleaved; load average before: "
            + loadBefore
            + "; after: "
            + loadAfter
            + "; run time "
            + seconds
            + " s.");
    System.out.println();
    System.out.println("| path | operation | processes | p50 ms | p90 ms | p99 ms | max ms |");
    System.out.println("|---|---|---|---|---|---|---|");
    row("executor + OCF plugin", "start (validate-all + start)", 2, execStart);
    row("direct", "validate-all + start", 2, directVStart);
    row("direct", "start", 1, directStart);
    row("executor + OCF plugin", "stop", 1, execStop);
    row("direct", "stop", 1, directStop);
    row("direct", "stop (after validate-all + start)", 1, directVStop);
    row("(inside the executor: agent call)", "start (validate-all + start)", 2, execStartAgent);
    row("(inside the executor: agent call)", "stop", 1, execStopAgent);
    row("(script runner alone, no agent or executor)", "validate-all + start", 2, runnerStart);
    row("(script runner alone, no agent or executor)", "stop", 1, runnerStop);
    System.out.println();
    System.out.println(
        "| comparison | executor p50 ms | direct p50 ms | overhead (difference of medians) ms"
            + " | median of paired differences ms | overhead per agent process ms |");
    System.out.println("|---|---|---|---|---|---|");
    compare("start vs direct validate-all + start (like for like)", execStart, directVStart, 2);
    compare("stop vs direct stop", execStop, directStop, 1);
    compare(
        "start vs direct start alone (plugin runs one process more)", execStart, directStart, 1);
    compare("script runner alone vs direct: validate-all + start", runnerStart, directVStart, 2);
    compare("script runner alone vs direct: stop", runnerStop, directVStop, 1);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Executor time outside the agent call (queue, worker and notification hand-offs), p50:"
            + " start %.3f ms, stop %.3f ms.%n",
        execStart.pairedMedianMillis(execStartAgent),
        execStop.pairedMedianMillis(execStopAgent));
  }

  private static void row(String path, String op, int processes, Samples s) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f |%n",
        path,
        op,
        processes,
        s.percentileMillis(50),
        s.percentileMillis(90),
        s.percentileMillis(99),
        s.maxMillis());
  }

  private static void compare(String what, Samples exec, Samples direct, int processes) {
    double e = exec.percentileMillis(50);
    double d = direct.percentileMillis(50);
    System.out.printf(
        Locale.ROOT,
        "| %s | %.2f | %.2f | %+.2f | %+.2f | %+.2f |%n",
        what,
        e,
        d,
        e - d,
        exec.pairedMedianMillis(direct),
        (e - d) / processes);
  }

  private OperationRequest request(String resource, AgentAction action) {
    return OperationRequest.of(
        resource,
        action,
        Map.of("state", stateFiles.resolve(resource + ".state").toString()),
        TIMEOUT);
  }

  private ExecutedOperation viaExecutor(String resource, AgentAction action, Samples into, int i)
      throws Exception {
    OperationRequest request = request(resource, action);
    long t0 = System.nanoTime();
    ExecutedOperation op =
        executor.execute(agent.id(), request).get(WAIT_SECONDS, TimeUnit.SECONDS);
    into.nanos[i] = System.nanoTime() - t0;
    if (op.status() != ExecutionStatus.DONE || op.rc() != OcfResultCode.OK) {
      throw new IllegalStateException(
          "executor "
              + action
              + " of "
              + resource
              + ": "
              + op.status()
              + " "
              + op.rc()
              + " "
              + op.result().exitReason()
              + " "
              + op.result().output());
    }
    return op;
  }

  private void direct(
      String resource, boolean validateFirst, AgentAction action, Samples into, int i)
      throws Exception {
    OperationRequest request = request(resource, action);
    OperationContext context =
        new OperationContext("bench", stateDir, Instant.now().plus(request.timeout()));
    Map<String, String> env =
        OcfEnvironment.forOperation(
            script, request, context, OcfEnvironment.RuntimeDirs.under(stateDir.resolve("ocf")));
    long t0 = System.nanoTime();
    if (validateFirst) {
      exec(env, AgentAction.VALIDATE_ALL, resource);
    }
    exec(env, action, resource);
    into.nanos[i] = System.nanoTime() - t0;
  }

  /**
   * The same as {@link #direct} through the plugins' {@link CommandRunner} ({@code setsid}, a new
   * process group, output captured by two reader threads), without the agent or the executor.
   */
  private void viaRunner(
      String resource, boolean validateFirst, AgentAction action, Samples into, int i)
      throws Exception {
    OperationRequest request = request(resource, action);
    Instant deadline = Instant.now().plus(request.timeout());
    Map<String, String> env =
        OcfEnvironment.forOperation(
            script,
            request,
            new OperationContext("bench", stateDir, deadline),
            OcfEnvironment.RuntimeDirs.under(stateDir.resolve("ocf")));
    long t0 = System.nanoTime();
    if (validateFirst) {
      runnerExec(env, AgentAction.VALIDATE_ALL, resource, deadline);
    }
    runnerExec(env, action, resource, deadline);
    into.nanos[i] = System.nanoTime() - t0;
  }

  private void runnerExec(
      Map<String, String> env, AgentAction action, String resource, Instant deadline)
      throws InterruptedException {
    CommandSpec spec =
        CommandSpec.of(script.file().toString(), action.ocfName()).withEnvironment(env);
    CommandResult r = runner.run(spec, deadline);
    if (!r.succeeded()) {
      throw new IllegalStateException(
          "runner " + action.ocfName() + " of " + resource + ": " + r.detail());
    }
  }

  /** Runs {@code script action} as a shell would: fork, exec, wait. */
  private void exec(Map<String, String> env, AgentAction action, String resource)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(script.file().toString(), action.ocfName())
            .directory(new File("/"))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "direct "
              + action.ocfName()
              + " of "
              + resource
              + " did not end in "
              + WAIT_SECONDS
              + " s");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "direct " + action.ocfName() + " of " + resource + " exited with " + p.exitValue());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(files.toList());
      all.sort(Comparator.reverseOrder());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
