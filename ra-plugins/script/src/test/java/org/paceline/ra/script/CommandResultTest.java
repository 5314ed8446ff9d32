package org.paceline.ra.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.paceline.ra.script.CommandResult.Outcome;

class CommandResultTest {

  private static CommandResult exited(int code, String out, String err) {
    return new CommandResult(
        Outcome.EXITED, 42, code, out, err, false, false, "", Instant.EPOCH, Duration.ZERO);
  }

  @Test
  void signalIsInferredFromStatusesAbove128() {
    assertThat(exited(137, "", "").signal()).hasValue(9);
    assertThat(exited(143, "", "").signal()).hasValue(15);
    assertThat(exited(128, "", "").signal()).isEmpty();
    assertThat(exited(1, "", "").signal()).isEmpty();
    assertThat(exited(255, "", "").signal()).isEmpty();
  }

  @Test
  void combinedOutputJoinsStdoutAndStderr() {
    assertThat(exited(0, "a", "b").combinedOutput()).isEqualTo("a\nb");
    assertThat(exited(0, "a\n", "b\n").combinedOutput()).isEqualTo("a\nb\n");
    assertThat(exited(0, "", "b").combinedOutput()).isEqualTo("b");
    assertThat(exited(0, "a", "").combinedOutput()).isEqualTo("a");
  }

  @Test
  void blankDetailBecomesTheOutcomeName() {
    assertThat(exited(0, "", "").detail()).isEqualTo("EXITED");
  }
}
