package org.paceline.fencing.external;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.paceline.api.fencing.FenceAction;
import org.paceline.api.fencing.FenceResult;
import org.paceline.api.fencing.FenceResult.Outcome;
import org.paceline.ra.script.CommandResult;

class FenceResultsTest {

  private static CommandResult exited(int rc, String out, String err) {
    return new CommandResult(
        CommandResult.Outcome.EXITED,
        42,
        rc,
        out,
        err,
        false,
        false,
        "exited with status " + rc,
        Instant.now(),
        Duration.ofMillis(5));
  }

  private static CommandResult ended(CommandResult.Outcome outcome, String detail) {
    return new CommandResult(
        outcome, 42, 137, "", "", false, false, detail, Instant.now(), Duration.ofMillis(5));
  }

  @Test
  void exitCodes() {
    assertThat(FenceResults.from(exited(0, "", ""), "fence_x", FenceAction.OFF, "off").outcome())
        .isEqualTo(Outcome.SUCCESS);
    assertThat(
            FenceResults.from(exited(0, "Status: ON", ""), "fence_x", FenceAction.STATUS, "status")
                .message())
        .isEqualTo("fence_x status: the target is on");
    FenceResult off =
        FenceResults.from(exited(2, "Status: OFF", ""), "fence_x", FenceAction.STATUS, "status");
    assertThat(off.outcome()).isEqualTo(Outcome.TARGET_OFF);
    assertThat(off.output()).isEqualTo("Status: OFF");
    assertThat(FenceResults.from(exited(2, "", ""), "fence_x", FenceAction.OFF, "off").outcome())
        .isEqualTo(Outcome.FAILED);
    assertThat(
            FenceResults.from(exited(1, "", ""), "fence_x", FenceAction.STATUS, "status").message())
        .isEqualTo("fence_x status failed with exit status 1");
  }

  @Test
  void theReasonComesFromWhatTheAgentSaid() {
    String err =
        "WARNING:root:Parse error: Ignoring unknown option 'port=n1'\n\n"
            + "ERROR:root:Failed: Unable to connect/login to fencing device\n\n"
            + "2026-01-01 10:00:00,000 ERROR: Failed: Unable to connect/login to fencing device\n";
    assertThat(FenceResults.reason(exited(1, "", err)))
        .isEqualTo("Failed: Unable to connect/login to fencing device");
    assertThat(FenceResults.reason(exited(1, "", "ERROR:root:bad things\n")))
        .isEqualTo("bad things");
    assertThat(FenceResults.reason(exited(1, "", "first\nlast\n"))).isEqualTo("last");
    assertThat(FenceResults.reason(exited(1, "only stdout\n", ""))).isEqualTo("only stdout");
    assertThat(FenceResults.reason(exited(1, "", ""))).isEmpty();
  }

  @Test
  void killedBySignal() {
    FenceResult r = FenceResults.from(exited(137, "", ""), "fence_x", FenceAction.OFF, "off");
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message()).isEqualTo("fence_x off was killed by signal 9");
  }

  @Test
  void timeoutAndNotStarted() {
    FenceResult t =
        FenceResults.from(
            ended(CommandResult.Outcome.TIMED_OUT, "/x timed out after 2 s; sent SIGTERM"),
            "fence_x",
            FenceAction.OFF,
            "off");
    assertThat(t.outcome()).isEqualTo(Outcome.TIMEOUT);
    assertThat(t.message()).isEqualTo("/x timed out after 2 s; sent SIGTERM");
    FenceResult n =
        FenceResults.from(
            ended(CommandResult.Outcome.NOT_STARTED, "/x is not executable"),
            "fence_x",
            FenceAction.OFF,
            "off");
    assertThat(n.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(n.exitCode()).isEqualTo(-1);
  }

  @Test
  void listOutputBecomesPorts() {
    FenceResult r =
        FenceResults.from(
            exited(0, "vm1,uuid-1\n\nvm2,uuid-2\n# comment\nvm3 extra words\nvm1,dup\n", ""),
            "fence_x",
            FenceAction.LIST,
            "list");
    assertThat(r.ports()).containsExactly("vm1", "vm2", "vm3");
    assertThat(r.message()).isEqualTo("fence_x list: 3 port(s)");
  }

  @Test
  void longMessagesAreCut() {
    String err = "Failed: " + "x".repeat(1000);
    FenceResult r = FenceResults.from(exited(1, "", err), "fence_x", FenceAction.OFF, "off");
    assertThat(r.message()).hasSize(FenceResults.MESSAGE_LIMIT).endsWith("...");
  }
}
