package org.paceline.fencing.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.paceline.fencing.external.TestFenceScripts.isLive;
import static org.paceline.fencing.external.TestFenceScripts.readPid;
import static org.paceline.fencing.external.TestFenceScripts.recorder;
import static org.paceline.fencing.external.TestFenceScripts.request;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.fencing.FenceResult.Outcome;
import org.paceline.ra.script.CommandRunner;

/** One agent, with test scripts that record what they were asked. */
class ExternalFenceAgentTest {

  @TempDir Path dir;

  private final CommandRunner runner = new CommandRunner(Duration.ofMillis(200));
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopPool() throws Exception {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
  }

  private ExternalFenceAgent agent(String name) {
    return new ExternalFenceAgent(
        FenceScript.in(dir, name), ExternalFenceSettings.defaults().withDirs(List.of(dir)), runner);
  }

  private String stdin(String name) throws Exception {
    return Files.readString(dir.resolve(name + ".stdin"), StandardCharsets.UTF_8);
  }

  private List<String> metadataCalls(String name) throws Exception {
    Path calls = dir.resolve(name + ".metadata-calls");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  @Test
  void offPassesTheActionParametersAndTargetOnStandardInput() throws Exception {
    recorder(dir, "fence_rec");
    FenceResult r =
        agent("fence_rec")
            .execute(
                request(
                    FenceAction.OFF,
                    "n2",
                    Map.of("password", "s3cret", "pcmk_host_list", "n1 n2", "ipaddr", "10.0.0.9")));
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(r.succeeded()).isTrue();
    assertThat(r.exitCode()).isZero();
    assertThat(r.output()).contains("Success: off done");
    assertThat(stdin("fence_rec"))
        .isEqualTo("action=off\nipaddr=10.0.0.9\npassword=s3cret\nplug=n2\nnodename=n2\n");
  }

  @Test
  void theMappedPortIsPassedAndTheNodeNameToo() throws Exception {
    recorder(dir, "fence_rec");
    FenceRequest req =
        new FenceRequest("dev1", FenceAction.REBOOT, "n2", "7", Map.of(), Duration.ofSeconds(20));
    assertThat(agent("fence_rec").execute(req).outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(stdin("fence_rec")).contains("action=reboot\n", "plug=7\n", "nodename=n2\n");
  }

  @Test
  void statusMapsExitCodesToOnOffAndFailure() throws Exception {
    recorder(dir, "fence_rec");
    ExternalFenceAgent agent = agent("fence_rec");
    FenceResult on = agent.execute(request(FenceAction.STATUS, "n1", Map.of()));
    FenceResult off = agent.execute(request(FenceAction.STATUS, "n1", Map.of("rc", "2")));
    FenceResult error = agent.execute(request(FenceAction.STATUS, "n1", Map.of("rc", "1")));
    assertThat(on.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(off.outcome()).isEqualTo(Outcome.TARGET_OFF);
    assertThat(off.exitCode()).isEqualTo(2);
    assertThat(off.succeeded()).isTrue();
    assertThat(error.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(error.message())
        .isEqualTo("fence_rec status failed with exit status 1: Failed: told to exit 1");
  }

  @Test
  void exitStatusTwoIsAFailureForOff() throws Exception {
    recorder(dir, "fence_rec");
    FenceResult r = agent("fence_rec").execute(request(FenceAction.OFF, "n1", Map.of("rc", "2")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output()).contains("ERROR:root:Failed: told to exit 2");
  }

  @Test
  void listReturnsThePorts() throws Exception {
    recorder(dir, "fence_rec");
    FenceResult r = agent("fence_rec").execute(request(FenceAction.LIST, null, Map.of()));
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(r.ports()).containsExactly("node-a", "node-b");
    assertThat(stdin("fence_rec")).isEqualTo("action=list\n");
  }

  @Test
  void monitorBecomesListWhenTheAgentHasNoMonitor() throws Exception {
    recorder(
        dir,
        "fence_old",
        TestFenceScripts.META.replace("%s", "fence_old").replace("<action name=\"monitor\"/>", ""));
    FenceResult r = agent("fence_old").execute(request(FenceAction.MONITOR, null, Map.of()));
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(Files.readAllLines(dir.resolve("fence_old.actions"))).containsExactly("list");
  }

  @Test
  void metadataIsReadLazilyOnceAndAgainWhenTheScriptChanges() throws Exception {
    Path file = recorder(dir, "fence_rec");
    ExternalFenceAgent agent = agent("fence_rec");
    assertThat(metadataCalls("fence_rec")).isEmpty();
    AgentMetadata md = agent.metadata();
    assertThat(md.name()).isEqualTo("fence_rec");
    assertThat(md.shortDescription()).isEqualTo("test fence agent");
    assertThat(md.parameter("plug").orElseThrow().required()).isFalse();
    assertThat(md.supports("list")).isTrue();
    agent.metadata();
    agent.execute(request(FenceAction.MONITOR, null, Map.of()));
    assertThat(metadataCalls("fence_rec")).hasSize(1);
    assertThat(agent.metadataError()).isEmpty();
    assertThat(agent.fenceMetadata()).isPresent();

    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    agent.metadata();
    assertThat(metadataCalls("fence_rec")).hasSize(2);
  }

  @Test
  void garbageMetadataMakesTheAgentUnusableWithoutRunningIt() throws Exception {
    recorder(dir, "fence_bad", "this is <not xml");
    ExternalFenceAgent agent = agent("fence_bad");
    assertThat(agent.metadataError())
        .hasValueSatisfying(e -> assertThat(e).contains("not well-formed XML"));
    assertThat(agent.metadata().shortDescription()).startsWith("meta-data unavailable: ");
    assertThat(agent.metadata().parameters()).isEmpty();
    FenceResult r = agent.execute(request(FenceAction.OFF, "n1", Map.of()));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message()).contains("fence_bad is not usable as a fence agent", "XML");
    assertThat(dir.resolve("fence_bad.actions")).doesNotExist();
  }

  @Test
  void failingMetadataCallIsReported() throws Exception {
    TestFenceScripts.write(dir, "fence_usage", "echo 'usage: fence_usage NODE' >&2\nexit 1\n");
    ExternalFenceAgent agent = agent("fence_usage");
    assertThat(agent.metadataError())
        .hasValue("'-o metadata' failed with exit status 1: usage: fence_usage NODE");
  }

  @Test
  void hangingMetadataTimesOut() throws Exception {
    TestFenceScripts.write(dir, "fence_slow", "exec sleep 1000\n");
    ExternalFenceAgent agent =
        new ExternalFenceAgent(
            FenceScript.in(dir, "fence_slow"),
            ExternalFenceSettings.defaults()
                .withDirs(List.of(dir))
                .withMetadataTimeout(Duration.ofMillis(300)),
            runner);
    assertThat(agent.metadataError()).hasValueSatisfying(e -> assertThat(e).contains("timed out"));
  }

  @Test
  void anAgentThatHangsIsKilledAtTheDeadline() throws Exception {
    recorder(dir, "fence_rec");
    ExternalFenceAgent agent = agent("fence_rec");
    agent.metadata(); // not part of the request's time
    FenceRequest req =
        new FenceRequest(
            "dev1", FenceAction.OFF, "n1", null, Map.of("hang", "1"), Duration.ofMillis(1500));
    FenceResult r = agent.execute(req);
    assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
    assertThat(r.succeeded()).isFalse();
    assertThat(r.message()).contains("timed out");
    long pid = readPid(dir.resolve("fence_rec.pid"));
    long child = readPid(dir.resolve("fence_rec.child"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !isLive(pid) && !isLive(child));
  }

  @Test
  void anInterruptedRequestKillsTheAgentAndThrows() throws Exception {
    recorder(dir, "fence_rec");
    ExternalFenceAgent agent = agent("fence_rec");
    agent.metadata();
    Future<Object> f =
        pool.submit(
            () -> {
              try {
                return agent.execute(request(FenceAction.OFF, "n1", Map.of("hang", "1")));
              } catch (InterruptedException e) {
                return e;
              }
            });
    Path childFile = dir.resolve("fence_rec.child");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.exists(childFile) && Files.size(childFile) > 0);
    long child = readPid(childFile);
    long pid = readPid(dir.resolve("fence_rec.pid"));
    pool.shutdownNow(); // interrupts the worker
    assertThat(f.get(20, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> !isLive(pid) && !isLive(child));
  }

  @Test
  void passwordsNeverAppearOnTheCommandLineOrInTheEnvironment() throws Exception {
    recorder(dir, "fence_rec");
    ExternalFenceAgent agent = agent("fence_rec");
    Future<FenceResult> f =
        pool.submit(
            () ->
                agent.execute(
                    request(
                        FenceAction.OFF, "n1", Map.of("password", "hunter2-xyz", "hold", "1"))));
    Path pidFile = dir.resolve("fence_rec.pid");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
    long pid = readPid(pidFile);
    byte[] cmdline = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
    byte[] environ = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
    Files.createFile(dir.resolve("release"));
    FenceResult r = f.get(20, TimeUnit.SECONDS);
    String argv = new String(cmdline, StandardCharsets.UTF_8);
    assertThat(argv).contains("fence_rec").doesNotContain("hunter2");
    assertThat(new String(environ, StandardCharsets.UTF_8)).doesNotContain("hunter2");
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(stdin("fence_rec")).contains("password=hunter2-xyz\n");
  }

  @Test
  void aValueWithALineBreakIsRefusedWithoutRunningTheAgentOrShowingTheValue() throws Exception {
    recorder(dir, "fence_rec");
    FenceResult r =
        agent("fence_rec")
            .execute(request(FenceAction.OFF, "n1", Map.of("password", "a\naction=on")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message())
        .isEqualTo(
            "device dev1 (fence_rec): the value of parameter password contains a line break or"
                + " NUL character");
    assertThat(dir.resolve("fence_rec.actions")).doesNotExist();
  }

  @Test
  void aRemovedScriptIsNotInstalled() throws Exception {
    Path file = recorder(dir, "fence_rec");
    ExternalFenceAgent agent = agent("fence_rec");
    Files.delete(file);
    FenceResult r = agent.execute(request(FenceAction.OFF, "n1", Map.of()));
    assertThat(r.outcome()).isEqualTo(Outcome.NOT_INSTALLED);
    assertThat(r.message()).contains(file.toString());
  }

  @Test
  void aRequestCanFailForLackOfTime() throws Exception {
    recorder(dir, "fence_rec");
    ExternalFenceAgent agent = agent("fence_rec");
    FenceRequest req =
        new FenceRequest("dev1", FenceAction.OFF, "n1", null, Map.of(), Duration.ofNanos(1));
    FenceResult r = agent.execute(req);
    assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
    assertThat(agent.metadataError()).as("the short deadline is not the agent's fault").isEmpty();
    assertThat(agent.execute(request(FenceAction.OFF, "n1", Map.of())).outcome())
        .isEqualTo(Outcome.SUCCESS);
  }
}
