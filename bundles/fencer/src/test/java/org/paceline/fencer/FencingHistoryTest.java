package org.paceline.fencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paceline.api.fencing.FenceAction;
import org.paceline.fencer.FencingRecord.State;

class FencingHistoryTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private static FencingRecord record(String id, String target, State state, int second) {
    Instant started = T0.plusSeconds(second);
    return new FencingRecord(
        id,
        target,
        FenceAction.REBOOT,
        state,
        "n2",
        "controller",
        "n1",
        state == State.DONE ? List.of("ipmi") : List.of(),
        state == State.DONE ? 1 : 0,
        started,
        state == State.PENDING ? null : started.plusSeconds(1),
        state == State.FAILED ? "all levels failed" : "",
        state == State.PENDING ? 0 : 1);
  }

  @Test
  void keepsTheLatestPerTargetNewestFirst() {
    FencingHistory h = new FencingHistory(3, 10);
    for (int i = 0; i < 5; i++) {
      h.record(record("op" + i, "n1", State.DONE, i * 10));
    }
    h.record(record("x", "n2", State.FAILED, 100));
    assertThat(h.forTarget("n1"))
        .extracting(FencingRecord::id)
        .containsExactly("op4", "op3", "op2");
    assertThat(h.forTarget("N1")).hasSize(3);
    assertThat(h.all()).extracting(FencingRecord::id).containsExactly("x", "op4", "op3", "op2");
    assertThat(h.lastDone("n1")).map(FencingRecord::id).contains("op4");
    assertThat(h.lastDone("n2")).isEmpty();
  }

  @Test
  void pendingRecordsAreDroppedLast() {
    FencingHistory h = new FencingHistory(2, 10);
    h.record(record("p", "n1", State.PENDING, 0));
    h.record(record("a", "n1", State.DONE, 10));
    h.record(record("b", "n1", State.DONE, 20));
    assertThat(h.forTarget("n1")).extracting(FencingRecord::id).containsExactly("b", "p");
    assertThat(h.pending()).extracting(FencingRecord::id).containsExactly("p");
  }

  @Test
  void laterStatesReplaceEarlierOnesInAnyOrder() {
    FencingHistory h = new FencingHistory();
    List<FencingRecord> seen = new ArrayList<>();
    h.addListener(seen::add);
    FencingRecord pending = record("op", "n1", State.PENDING, 0);
    FencingRecord done = record("op", "n1", State.DONE, 0);
    assertThat(h.record(done)).isTrue();
    assertThat(h.record(pending)).isFalse();
    assertThat(h.record(done)).isFalse();
    assertThat(h.forTarget("n1")).containsExactly(done);
    assertThat(seen).containsExactly(done);

    FencingHistory other = new FencingHistory();
    other.record(pending);
    other.record(done);
    assertThat(other.all()).containsExactly(done);
  }

  @Test
  void fencedSinceCountsOnlySuccessfulOffAndReboot() {
    FencingHistory h = new FencingHistory();
    h.record(record("failed", "n1", State.FAILED, 50));
    assertThat(h.fencedSince("n1", T0)).isFalse();
    h.record(
        new FencingRecord(
            "on",
            "n1",
            FenceAction.ON,
            State.DONE,
            "n2",
            "c",
            "n1",
            List.of("ipmi"),
            1,
            T0.plusSeconds(60),
            T0.plusSeconds(61),
            "",
            1));
    assertThat(h.fencedSince("n1", T0)).isFalse();
    h.record(record("done", "n1", State.DONE, 10));
    assertThat(h.fencedSince("n1", T0.plusSeconds(11))).isTrue();
    assertThat(h.fencedSince("n1", T0.plusSeconds(12))).isFalse();
  }

  @Test
  void boundsTheNumberOfTargets() {
    FencingHistory h = new FencingHistory(5, 2);
    h.record(record("a", "n1", State.DONE, 10));
    h.record(record("b", "n2", State.DONE, 20));
    h.record(record("c", "n3", State.DONE, 30));
    assertThat(h.all()).extracting(FencingRecord::target).containsExactly("n3", "n2");
    assertThat(h.record(record("old", "n4", State.DONE, 0))).isFalse();
    assertThat(h.all()).extracting(FencingRecord::target).containsExactly("n3", "n2");
  }

  @Test
  void clearKeepsPending() {
    FencingHistory h = new FencingHistory();
    h.record(record("p", "n1", State.PENDING, 0));
    h.record(record("a", "n1", State.DONE, 10));
    h.record(record("b", "n2", State.DONE, 10));
    h.clear("n1");
    assertThat(h.all()).extracting(FencingRecord::id).containsExactly("b", "p");
    h.clear(null);
    assertThat(h.all()).extracting(FencingRecord::id).containsExactly("p");
  }

  @Test
  void aFailingListenerDoesNotStopTheHistory() {
    FencingHistory h = new FencingHistory();
    h.addListener(
        r -> {
          throw new IllegalStateException("listener bug");
        });
    assertThat(h.record(record("a", "n1", State.DONE, 0))).isTrue();
    assertThat(h.all()).hasSize(1);
  }

  @Test
  void recordsRoundTripThroughAttributes() {
    for (State s : State.values()) {
      FencingRecord r = record("n1-op" + s, "n3", s, 5);
      Map<String, String> a = r.toAttributes();
      assertThat(a.keySet()).isSubsetOf(FencingRecord.ATTRIBUTES);
      assertThat(FencingRecord.fromAttributes(a)).isEqualTo(r);
    }
    FencingRecord done = record("op", "n3", State.DONE, 5);
    assertThat(done.toAttributes())
        .containsEntry("action", "reboot")
        .containsEntry("state", "done")
        .containsEntry("devices", "ipmi")
        .containsEntry("started", Long.toString(T0.plusSeconds(5).toEpochMilli()));
  }

  @Test
  void malformedAttributesAreNamed() {
    Map<String, String> a = new LinkedHashMap<>(record("op", "n3", State.DONE, 5).toAttributes());
    a.put("started", "yesterday");
    assertThatThrownBy(() -> FencingRecord.fromAttributes(a))
        .hasMessage(
            "fencing record 'op': attribute 'started' is not epoch milliseconds: 'yesterday'");
    a.remove("target");
    assertThatThrownBy(() -> FencingRecord.fromAttributes(a))
        .hasMessage("fencing record 'op': fencing record attribute 'target' is missing");
    Map<String, String> b = new LinkedHashMap<>(record("op", "n3", State.DONE, 5).toAttributes());
    b.put("state", "maybe");
    assertThatThrownBy(() -> FencingRecord.fromAttributes(b)).hasMessageContaining("'maybe'");
    b.put("state", "pending");
    assertThatThrownBy(() -> FencingRecord.fromAttributes(b))
        .hasMessageContaining("completion time");
    b.put("action", "explode");
    assertThatThrownBy(() -> FencingRecord.fromAttributes(b)).hasMessageContaining("'explode'");
    assertThatThrownBy(() -> FencingRecord.fromAttributes(Map.of()))
        .hasMessage("fencing record attribute 'id' is missing");
  }

  @Test
  void describesForStatus() {
    assertThat(record("op", "n3", State.DONE, 5).describe())
        .isEqualTo(
            "reboot of n3: done by n1 with ipmi (level 1), requested by controller on n2,"
                + " completed 2024-05-01T10:00:06Z");
    assertThat(record("op", "n3", State.FAILED, 5).describe())
        .endsWith("completed 2024-05-01T10:00:06Z: all levels failed");
    assertThat(record("op", "n3", State.PENDING, 5).describe())
        .isEqualTo(
            "reboot of n3: pending on n1, requested by controller on n2, started"
                + " 2024-05-01T10:00:05Z");
  }
}
