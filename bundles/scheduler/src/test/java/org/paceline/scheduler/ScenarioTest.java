package org.paceline.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Cib;
import org.paceline.cib.xml.CibXml;
import org.paceline.cib.xml.XmlLimits;

/**
 * Golden scenarios: every folder under {@code src/test/resources/scenarios} is one case (see the
 * README there). The simulation of the input must equal {@code expected.txt} byte for byte, and two
 * runs must agree. Run with {@code -Dscenarios.update=true} to rewrite the expected files after a
 * reviewed change.
 */
class ScenarioTest {

  /** "Now" for inputs that do not say otherwise. */
  static final Instant DEFAULT_NOW = Instant.parse("2024-06-01T12:00:00Z");

  static Stream<String> scenarios() throws IOException, URISyntaxException {
    Path root = root();
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  private static Path root() throws URISyntaxException {
    URL url = ScenarioTest.class.getResource("/scenarios");
    if (url == null) {
      throw new IllegalStateException("no scenarios on the test class path");
    }
    return Path.of(url.toURI());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void simulationMatchesExpected(String name) throws Exception {
    Path dir = root().resolve(name);
    String actual = render(dir);
    assertThat(render(dir)).as("the same input gives the same output").isEqualTo(actual);
    Path expectedFile = dir.resolve("expected.txt");
    if (Boolean.getBoolean("scenarios.update")) {
      Path source =
          Path.of(System.getProperty("basedir", "."))
              .resolve("src/test/resources/scenarios")
              .resolve(name)
              .resolve("expected.txt");
      Files.writeString(source, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(expectedFile).as("scenario %s has an expected.txt", name).exists();
    String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
    assertThat(actual).as("scenario %s", name).isEqualTo(expected);
  }

  /** The simulation text of one scenario folder, with any explanations it asks for. */
  static String render(Path dir) throws IOException {
    SchedulerInput input;
    Instant now = DEFAULT_NOW;
    Instant executionDate = null;
    Path xml = dir.resolve("input.xml");
    if (Files.exists(xml)) {
      Cib cib = CibXml.read(xml, XmlLimits.DEFAULT);
      input = SchedulerInput.of(cib);
      executionDate = cib.executionDate().orElse(null);
      if (executionDate != null) {
        now = executionDate;
      }
    } else {
      String crm = Files.readString(dir.resolve("input.crm"), StandardCharsets.UTF_8);
      input = SchedulerInput.fresh(CrmParser.parse(crm));
    }
    Path nowFile = dir.resolve("now");
    if (Files.exists(nowFile)) {
      now = Instant.parse(Files.readString(nowFile, StandardCharsets.UTF_8).trim());
    }
    Path whatIf = dir.resolve("whatif");
    if (Files.exists(whatIf)) {
      input = applyWhatIf(input, Files.readAllLines(whatIf, StandardCharsets.UTF_8), now);
    }
    boolean scores = Files.exists(dir.resolve("show-scores"));
    Schedule schedule = Scheduler.schedule(input, now);
    StringBuilder b =
        new StringBuilder(
            SimulationFormatter.format(
                input, schedule, new SimulationFormatter.Options(scores, executionDate)));
    Path explain = dir.resolve("explain");
    if (Files.exists(explain)) {
      for (String rsc : Files.readAllLines(explain, StandardCharsets.UTF_8)) {
        if (rsc.isBlank()) {
          continue;
        }
        b.append("\nExplain ").append(rsc.trim()).append(":\n");
        for (String line : Explainer.explain(schedule, rsc.trim())) {
          b.append(line).append('\n');
        }
      }
    }
    return b.toString();
  }

  /**
   * Applies what-if lines: {@code node-up N}, {@code node-down N}, {@code node-fail N}, {@code
   * op-result RSC_TASK_INTERVAL@NODE=RC}, {@code attribute NODE NAME=VALUE}, {@code quorum
   * true|false}, {@code at INSTANT} (record later results from then on); {@code #} starts a
   * comment.
   */
  static SchedulerInput applyWhatIf(SchedulerInput input, List<String> lines, Instant now) {
    long seconds = now.getEpochSecond() - 60;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] w = line.split("\\s+", 2);
      String arg = w.length > 1 ? w[1].trim() : "";
      input =
          switch (w[0]) {
            case "node-up" -> WhatIf.nodeUp(input, arg);
            case "node-down" -> WhatIf.nodeDown(input, arg);
            case "node-fail" -> WhatIf.nodeFail(input, arg);
            case "op-result" -> WhatIf.opResult(input, arg, seconds++);
            case "quorum" -> input.withQuorum(Boolean.parseBoolean(arg));
            case "at" -> {
              seconds = Instant.parse(arg).getEpochSecond();
              yield input;
            }
            case "attribute" -> {
              String[] nv = arg.split("\\s+", 2);
              int eq = nv[1].indexOf('=');
              yield WhatIf.nodeAttribute(
                  input, nv[0], nv[1].substring(0, eq), nv[1].substring(eq + 1));
            }
            default -> throw new IllegalArgumentException("unknown what-if line: " + line);
          };
    }
    return input;
  }
}
