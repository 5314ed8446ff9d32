package org.paceline.scheduler.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateMainTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return SimulateMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void simulatesACrmConfiguration() throws IOException {
    Path crm = dir.resolve("c.crm");
    Files.writeString(crm, "node n1\nprimitive p Dummy\nproperty fencing-enabled=false\n");
    assertThat(run("simulate", "--cib", crm.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Transition Summary:\n  * Start      p       (    n1 )\n")
        .contains("Revised Cluster Status:");
    out.reset();
    assertThat(run("explain", "p", "--cib", crm.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("p: stopped -> Started on n1\n");
  }

  @Test
  void appliesWhatIfs() throws IOException {
    Path crm = dir.resolve("c.crm");
    Files.writeString(crm, "node n1\nnode n2\nprimitive p Dummy\nproperty fencing-enabled=false\n");
    assertThat(run("simulate", "--cib", crm.toString(), "--node-down", "n1")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("OFFLINE: [ n1 ]");
  }

  @Test
  void benchmarksTheScheduler() throws IOException {
    Path crm = dir.resolve("c.crm");
    Files.writeString(crm, "node n1\nprimitive p Dummy\nproperty fencing-enabled=false\n");
    assertThat(run("bench", "--cib", crm.toString(), "--runs", "2")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("runs: 2 (after 2 warm-up runs): best ")
        .contains("schedule: 2 actions, 1 orderings, 1 changes");
    assertThat(run("bench", "--cib", crm.toString(), "--runs", "none")).isEqualTo(2);
    assertThat(err()).contains("--runs needs a positive number");
    assertThat(run("simulate", "--cib", crm.toString(), "--runs", "3")).isEqualTo(2);
  }

  @Test
  void reportsBadUsage() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err()).contains("unknown command 'frobnicate'");
    assertThat(run("simulate")).isEqualTo(2);
    assertThat(err()).contains("give exactly one of --xml FILE and --cib FILE");
    assertThat(run("simulate", "--xml")).isEqualTo(2);
    assertThat(err()).contains("--xml needs a value");
    assertThat(run("simulate", "--bogus")).isEqualTo(2);
    assertThat(err()).contains("unknown option '--bogus'");
    assertThat(run("explain")).isEqualTo(2);
    assertThat(err()).contains("explain: missing resource id");
  }

  @Test
  void reportsBadInput() throws IOException {
    assertThat(run("simulate", "--xml", dir.resolve("missing.xml").toString())).isEqualTo(1);
    assertThat(err()).contains("no such file").contains("missing.xml");
    Path bad = dir.resolve("bad.xml");
    Files.writeString(bad, "<cib><configuration>");
    assertThat(run("simulate", "--xml", bad.toString())).isEqualTo(1);
    assertThat(err()).contains("bad.xml");
    Path crm = dir.resolve("bad.crm");
    Files.writeString(crm, "node n1\nprimitive\n");
    assertThat(run("simulate", "--cib", crm.toString())).isEqualTo(1);
    assertThat(err()).contains("error:");
    Path ok = dir.resolve("ok.crm");
    Files.writeString(ok, "node n1\nprimitive p Dummy\n");
    assertThat(run("simulate", "--cib", ok.toString(), "--node-down", "n7")).isEqualTo(1);
    assertThat(err()).contains("no node 'n7' is configured");
    assertThat(run("explain", "nope", "--cib", ok.toString())).isEqualTo(1);
    assertThat(err()).contains("no resource 'nope' in the schedule");
  }
}
