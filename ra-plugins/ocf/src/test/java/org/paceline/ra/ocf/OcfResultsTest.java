package org.paceline.ra.ocf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paceline.api.ra.ExecutionStatus;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationResult;
import org.paceline.ra.script.CommandResult;
import org.paceline.ra.script.CommandResult.Outcome;

/** The exit-status table, one row per status. */
class OcfResultsTest {

  private static CommandResult ended(Outcome outcome, int code, String stderr) {
    return new CommandResult(
        outcome,
        99,
        code,
        "out",
        stderr,
        false,
        false,
        "what happened",
        Instant.EPOCH,
        Duration.ofMillis(5));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 190, 191})
  void ocfCodesAreAnswers(int code) {
    OperationResult r = OcfResults.fromCommand(ended(Outcome.EXITED, code, ""), "monitor");
    assertThat(r.status()).isEqualTo(ExecutionStatus.DONE);
    assertThat(r.rc().code()).isEqualTo(code);
    assertThat(r.exitReason()).isEmpty();
    assertThat(r.output()).isEqualTo("out");
    assertThat(r.runTime()).isEqualTo(Duration.ofMillis(5));
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 42, 127, 189, 192, 255})
  void otherStatusesAreErrorsNamingTheStatus(int code) {
    OperationResult r = OcfResults.fromCommand(ended(Outcome.EXITED, code, ""), "start");
    assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(r.exitReason()).startsWith("start: ").contains("status " + code);
  }

  @ParameterizedTest
  @ValueSource(ints = {129, 134, 137, 139, 143})
  void deathBySignalIsAnErrorNamingTheSignal(int code) {
    OperationResult r = OcfResults.fromCommand(ended(Outcome.EXITED, code, ""), "stop");
    assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(r.exitReason()).contains("signal " + (code - 128));
  }

  @Test
  void timeoutIsTimeout() {
    OperationResult r = OcfResults.fromCommand(ended(Outcome.TIMED_OUT, 137, ""), "start");
    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(r.exitReason()).isEqualTo("start: what happened");
  }

  @Test
  void notStartedIsAnError() {
    OperationResult r = OcfResults.fromCommand(ended(Outcome.NOT_STARTED, -1, ""), "start");
    assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
    assertThat(r.rc()).isEqualTo(OcfResultCode.ERR_GENERIC);
    assertThat(r.exitReason()).isEqualTo("start: what happened");
  }

  @Test
  void exitReasonIsTheLastMarkedLine() {
    assertThat(OcfResults.exitReason("")).isEmpty();
    assertThat(OcfResults.exitReason("error: x\n")).isEmpty();
    assertThat(OcfResults.exitReason("ocf-exit-reason:\n")).isEmpty();
    assertThat(OcfResults.exitReason("ocf-exit-reason:a\nnoise\nocf-exit-reason: b \nnoise"))
        .hasValue("b");
    assertThat(OcfResults.exitReason("ocf-exit-reason:" + "x".repeat(1000)))
        .hasValueSatisfying(r -> assertThat(r).hasSize(OcfResults.MAX_REASON));
    OperationResult r =
        OcfResults.fromCommand(ended(Outcome.EXITED, 6, "ocf-exit-reason:bad config\n"), "start");
    assertThat(r.is(OcfResultCode.ERR_CONFIGURED)).isTrue();
    assertThat(r.exitReason()).isEqualTo("bad config");
    assertThat(r.output()).isEqualTo("out\nocf-exit-reason:bad config\n");
  }
}
