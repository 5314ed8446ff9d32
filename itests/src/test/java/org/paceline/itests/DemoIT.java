package org.paceline.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paceline demo} from the built dist, as an operator runs it: the whole demo with {@code
 * --failover --exit} run to completion, and a running demo stopped by SIGTERM. Both check what the
 * demo prints and that it leaves no process behind.
 */
class DemoIT {

  private static final Pattern FAILOVER = Pattern.compile("Failover time: (\\d+) ms");
  private static final Pattern CONSOLE =
      Pattern.compile("Web console: (http://127\\.0\\.0\\.1:\\d+/system/console/cluster)");

  @TempDir Path tmp;
  private Path demoDir;
  private Process demo;

  @AfterEach
  void cleanUp() throws IOException, InterruptedException {
    if (demo != null && demo.isAlive()) {
      demo.destroy();
      if (!demo.waitFor(90, TimeUnit.SECONDS)) {
        demo.destroyForcibly();
      }
    }
    if (demoDir != null) {
      leftovers().forEach(ProcessHandle::destroyForcibly);
      if (Files.isDirectory(demoDir)) {
        Dist.keepLogs(demoDir, "DemoIT-" + tmp.getFileName());
        Path broker = demoDir.resolve("kafka/broker.log");
        if (Files.exists(broker)) {
          Files.copy(
              broker,
              Path.of("target", "it-logs", "DemoIT-" + tmp.getFileName(), "kafka-broker.log"),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Starts {@code bin/paceline demo ARGS --dir <tmp>/demo}, output to files. */
  private Path start(String... args) throws IOException {
    demoDir = tmp.resolve("demo");
    List<String> cmd = new ArrayList<>();
    cmd.add(Dist.home().resolve("bin/paceline").toString());
    cmd.add("demo");
    cmd.addAll(List.of(args));
    cmd.add("--dir");
    cmd.add(demoDir.toString());
    Path out = tmp.resolve("demo.out");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(tmp.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(tmp.resolve("demo.err").toFile());
    pb.environment().remove("PACELINE_CONF");
    demo = pb.start();
    return out;
  }

  private String err() throws IOException {
    return Files.readString(tmp.resolve("demo.err"), StandardCharsets.UTF_8);
  }

  /** Every process whose command line names the demo's folder (nodes, broker, web server). */
  private List<ProcessHandle> leftovers() {
    String marker = demoDir.toString();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
          .toList();
    }
  }

  private void assertNothingLeft() {
    Awaitility.await("no process of the demo left")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> leftovers().isEmpty());
  }

  private void assertStartedEverything(String out) throws IOException {
    assertThat(out)
        .containsPattern("node n1 started \\(pid \\d+\\), admin http://127\\.0\\.0\\.1:")
        .containsPattern("node n2 started \\(pid \\d+\\), admin http://127\\.0\\.0\\.2:")
        .containsPattern("node n3 started \\(pid \\d+\\), admin http://127\\.0\\.0\\.3:")
        .containsPattern("Kafka broker started \\(pid \\d+\\) on 127\\.0\\.0\\.1:\\d+")
        .contains("fencing: fence-process")
        .containsPattern("websvc started on n[123]: http://127\\.0\\.0\\.1:\\d+/ answers")
        .containsPattern(CONSOLE.pattern());
    String credential = Files.readString(demoDir.resolve("n1/credential")).strip();
    assertThat(credential).startsWith("admin:");
    assertThat(out).contains("Credential:  " + credential + " ");
  }

  @Test
  void failoverRunsToCompletionPrintsTheTimeAndStopsEverything() throws Exception {
    Path outFile = start("--failover", "--exit", "--admin-port", "0", "--web-port", "0");

    assertThat(demo.waitFor(170, TimeUnit.SECONDS)).as("the demo finished").isTrue();
    String out = Files.readString(outFile, StandardCharsets.UTF_8);
    assertThat(demo.exitValue()).as(out + err()).isZero();

    assertStartedEverything(out);
    Matcher killed =
        Pattern.compile("Failover: killing (n[123]) \\(pid \\d+, SIGKILL\\), which runs websvc")
            .matcher(out);
    assertThat(killed.find()).as(out).isTrue();
    String victim = killed.group(1);
    Matcher time = FAILOVER.matcher(out);
    assertThat(time.find()).as(out).isTrue();
    assertThat(Long.parseLong(time.group(1))).isPositive();
    Matcher moved =
        Pattern.compile("websvc answering again on (n[123])\\)")
            .matcher(out.substring(time.start()));
    assertThat(moved.find()).as(out).isTrue();
    assertThat(moved.group(1)).isNotEqualTo(victim);
    // The final status: the victim fenced and offline, the group on the survivor, events in Kafka.
    assertThat(out)
        .contains("OFFLINE: [ " + victim + " ]")
        .containsPattern("reboot of " + victim + " successful")
        .containsPattern("web\\s+\\(ocf:paceline:Process\\):\\s+Started " + moved.group(1))
        .containsPattern("Kafka topic paceline\\.demo\\.events: publishing")
        .contains("demo stopped in");
    assertThat(out.indexOf("Stopping the demo")).isGreaterThan(time.start());
    assertThat(out).doesNotContain("killing leftover process");
    assertNothingLeft();
    // --dir is kept: the broker's data and every node's log are there.
    assertThat(demoDir.resolve("kafka/data")).isDirectory();
    assertThat(demoDir.resolve("n1/paceline.log")).isRegularFile();
  }

  @Test
  void sigtermStopsARunningDemoCleanly() throws Exception {
    Path outFile = start("--admin-port", "0", "--web-port", "0", "--interval", "1");

    String out =
        Awaitility.await("the demo's live status")
            .atMost(Duration.ofSeconds(150))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  String o = Files.readString(outFile, StandardCharsets.UTF_8);
                  assertThat(demo.isAlive()).as("the demo runs:%n%s%s", o, err()).isTrue();
                  return o;
                },
                o -> o.contains("--- status at") && o.contains("Full List of Resources:"));
    assertStartedEverything(out);
    Matcher console = CONSOLE.matcher(out);
    assertThat(console.find()).isTrue();
    String credential = Files.readString(demoDir.resolve("n1/credential")).strip();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    HttpRequest.Builder page =
        HttpRequest.newBuilder(URI.create(console.group(1))).timeout(Duration.ofSeconds(10));
    assertThat(http.send(page.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);
    HttpResponse<String> loggedIn =
        http.send(
            page.header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(credential.getBytes(StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(loggedIn.statusCode()).isEqualTo(200);

    demo.destroy();

    assertThat(demo.waitFor(120, TimeUnit.SECONDS)).as("the demo stopped on SIGTERM").isTrue();
    String all = Files.readString(outFile, StandardCharsets.UTF_8);
    assertThat(demo.exitValue()).as(all + err()).isEqualTo(128 + 15);
    assertThat(all)
        .contains("Stopping the demo...")
        .contains("resources stopped")
        .contains("nodes stopped")
        .containsPattern("Kafka broker stopped \\(\\d")
        .contains("demo stopped in")
        .doesNotContain("killing leftover process");
    assertNothingLeft();
  }
}
