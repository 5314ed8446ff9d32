package org.paceline.cib.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.paceline.cib.model.Cib;

/**
 * Pacemaker itself agrees that an export means the same as the original: Pacemaker's {@code
 * crm_simulate} (Debian package pacemaker-cli-utils) prints the same cluster status and transition
 * for each compat CIB and for Paceline's export of it. Skipped, with a message, where crm_simulate
 * or the compat directory is missing.
 */
class CrmSimulateAgreementTest {

  static final Path CRM_SIMULATE = findCrmSimulate();

  private static Path findCrmSimulate() {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, "crm_simulate");
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  static Stream<Path> cibs() throws IOException {
    return CompatRoundTripTest.cibs();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cibs")
  void crmSimulateSeesTheSameCluster(Path file, @TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(CompatRoundTripTest.COMPAT),
        "skipped: the Pacemaker compat CIBs are not at " + CompatRoundTripTest.COMPAT);
    Assumptions.assumeTrue(
        CRM_SIMULATE != null,
        "skipped: crm_simulate is not installed (apt-get install pacemaker-cli-utils)");
    Assumptions.assumeTrue(
        CompatRoundTripTest.agentIdAcceptsSlash() || !Files.readString(file).contains("/sbd"),
        "skipped until org.paceline.api.ra.AgentId accepts '/' in agent types");
    Cib cib = CibXml.read(file, XmlLimits.DEFAULT);
    Path exported = dir.resolve(file.getFileName());
    try (OutputStream out = Files.newOutputStream(exported)) {
      CibXml.write(cib, out);
    }
    String original = simulate(file, dir.resolve("original.out"));
    Assumptions.assumeTrue(
        original.contains("Current cluster status"),
        "skipped: this crm_simulate cannot read the original (a newer schema than it knows)");
    String ours = simulate(exported, dir.resolve("exported.out"));
    assertThat(ours).isEqualTo(original);
  }

  private static String simulate(Path cib, Path output) throws Exception {
    Process p =
        new ProcessBuilder(List.of(CRM_SIMULATE.toString(), "-x", cib.toString(), "-S"))
            .redirectErrorStream(false)
            .redirectOutput(output.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("crm_simulate did not finish within 60 s on " + cib);
      }
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    return Files.readString(output, StandardCharsets.UTF_8);
  }
}
