package org.paceline.fencer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.agent.ParameterSpec;
import org.paceline.api.fencing.FenceAgent;
import org.paceline.api.fencing.FenceRequest;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.fencing.FenceResult.Outcome;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Test-only agent running Debian's {@code fence_dummy} with the fence-agents stdin protocol ({@code
 * key=value} lines). Kills the process when interrupted (the fencer's timeout) and remembers every
 * process it started so the test can check none is left.
 */
final class FenceDummyAgent implements FenceAgent {

  static final Path SCRIPT = Path.of("/usr/sbin/fence_dummy");

  private final Path workDir;
  private final AgentMetadata metadata;
  private final AtomicInteger runs = new AtomicInteger();
  private final List<ProcessHandle> started = new CopyOnWriteArrayList<>();

  FenceDummyAgent(Path workDir) throws Exception {
    this.workDir = workDir;
    this.metadata = readMetadata();
  }

  private AgentMetadata readMetadata() throws Exception {
    Path out = workDir.resolve("metadata.xml");
    Process p =
        new ProcessBuilder(SCRIPT.toString(), "-o", "metadata")
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("fence_dummy -o metadata did not finish");
    }
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Element root =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(Files.readAllBytes(out)))
            .getDocumentElement();
    List<ParameterSpec> params = new ArrayList<>();
    NodeList ps = root.getElementsByTagName("parameter");
    for (int i = 0; i < ps.getLength(); i++) {
      params.add(ParameterSpec.optional(((Element) ps.item(i)).getAttribute("name"), null, ""));
    }
    List<ActionSpec> actions = new ArrayList<>();
    NodeList as = root.getElementsByTagName("action");
    for (int i = 0; i < as.getLength(); i++) {
      actions.add(ActionSpec.of(((Element) as.item(i)).getAttribute("name"), null));
    }
    return new AgentMetadata(
        root.getAttribute("name"), "test", root.getAttribute("shortdesc"), "", params, actions);
  }

  @Override
  public String name() {
    return "fence_dummy";
  }

  @Override
  public AgentMetadata metadata() {
    return metadata;
  }

  List<ProcessHandle> started() {
    return List.copyOf(started);
  }

  @Override
  public FenceResult execute(FenceRequest request) throws InterruptedException {
    Instant begin = Instant.now();
    Map<String, String> params = new TreeMap<>(request.parameters());
    String action =
        params.getOrDefault(
            "pcmk_" + request.action().agentName() + "_action", request.action().agentName());
    StringBuilder stdin = new StringBuilder("action=" + action + "\n");
    params.forEach(
        (k, v) -> {
          if (!k.startsWith("pcmk_")) {
            stdin.append(k).append('=').append(v).append('\n');
          }
        });
    if (request.target() != null && metadata.parameter("port").isPresent()) {
      stdin
          .append("port=")
          .append(request.port() != null ? request.port() : request.target())
          .append('\n');
    }
    Path out = workDir.resolve("run-" + runs.incrementAndGet() + ".out");
    Process p;
    try {
      p =
          new ProcessBuilder(SCRIPT.toString())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      started.add(p.toHandle());
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.toString().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      return new FenceResult(
          Outcome.FAILED, 1, "cannot run fence_dummy: " + e, "", List.of(), Duration.ZERO);
    }
    try {
      if (!p.waitFor(request.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        return new FenceResult(
            Outcome.TIMEOUT,
            -1,
            "timed out",
            read(out),
            List.of(),
            Duration.between(begin, Instant.now()));
      }
    } catch (InterruptedException e) {
      kill(p);
      throw e;
    }
    int rc = p.exitValue();
    Outcome o =
        rc == 0
            ? Outcome.SUCCESS
            : rc == 2 && request.action() == org.paceline.api.fencing.FenceAction.STATUS
                ? Outcome.TARGET_OFF
                : Outcome.FAILED;
    return new FenceResult(o, rc, "", read(out), List.of(), Duration.between(begin, Instant.now()));
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static String read(Path out) {
    try {
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
