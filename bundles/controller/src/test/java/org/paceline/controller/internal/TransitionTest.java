package org.paceline.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paceline.scheduler.ActionOrdering;
import org.paceline.scheduler.Schedule;
import org.paceline.scheduler.ScheduledAction;

class TransitionTest {

  private static ScheduledAction op(int id, String key, String node) {
    String[] p = key.split("_");
    return new ScheduledAction(
        id, key, p[1], p[0], p[0], "ocf:heartbeat:Dummy", node, 0, false, 0, null, Map.of());
  }

  private static ScheduledAction pseudo(int id, String key) {
    return new ScheduledAction(id, key, "running", "grp", null, null, null, 0, true, 0, null, null);
  }

  private static Schedule schedule(List<ScheduledAction> actions, List<ActionOrdering> edges) {
    return new Schedule(
        Instant.EPOCH, true, List.of(), List.of(), actions, edges, List.of(), Map.of(), List.of());
  }

  @Test
  void actionsRunInGraphOrderAndPseudoActionsCompleteOnTheirOwn() {
    // ip start -> web start -> grp running (pseudo) -> web monitor
    Transition t =
        new Transition(
            1,
            schedule(
                List.of(
                    op(1, "ip_start_0", "n1"),
                    op(2, "web_start_0", "n1"),
                    pseudo(3, "grp_running_0"),
                    op(4, "web_monitor_0", "n1")),
                List.of(
                    new ActionOrdering(1, 2), new ActionOrdering(2, 3), new ActionOrdering(3, 4))));
    assertThat(t.takeRunnable(0)).extracting(ScheduledAction::key).containsExactly("ip_start_0");
    // what the controller validates ahead of time: the actions not started yet
    assertThat(t.waiting())
        .extracting(ScheduledAction::key)
        .containsExactly("web_start_0", "grp_running_0", "web_monitor_0");
    assertThat(t.takeRunnable(0)).isEmpty();
    assertThat(t.finished()).isFalse();
    t.complete(1, true);
    assertThat(t.takeRunnable(0)).extracting(ScheduledAction::key).containsExactly("web_start_0");
    t.complete(2, true);
    assertThat(t.takeRunnable(0)).extracting(ScheduledAction::key).containsExactly("web_monitor_0");
    assertThat(t.state(3)).isEqualTo(Transition.State.DONE);
    t.complete(4, true);
    assertThat(t.finished()).isTrue();
    assertThat(t.succeeded()).isTrue();
  }

  @Test
  void theBatchLimitBoundsWhatIsInFlight() {
    Transition t =
        new Transition(
            2,
            schedule(
                List.of(
                    op(1, "a_start_0", "n1"), op(2, "b_start_0", "n2"), op(3, "c_start_0", "n3")),
                List.of()));
    assertThat(t.takeRunnable(2)).hasSize(2);
    assertThat(t.takeRunnable(2)).isEmpty();
    t.complete(1, true);
    assertThat(t.takeRunnable(2)).extracting(ScheduledAction::key).containsExactly("c_start_0");
  }

  @Test
  void aFailureStopsWhatDependsOnItAndAnAbortWaitsForWhatIsInFlight() {
    Transition t =
        new Transition(
            3,
            schedule(
                List.of(
                    op(1, "a_start_0", "n1"), op(2, "b_start_0", "n1"), op(3, "c_start_0", "n2")),
                List.of(new ActionOrdering(1, 2))));
    assertThat(t.takeRunnable(0)).hasSize(2);
    t.complete(1, false);
    assertThat(t.takeRunnable(0)).isEmpty();
    assertThat(t.finished()).isFalse(); // c still in flight
    t.abort("a failed");
    assertThat(t.complete(3, true)).isTrue();
    assertThat(t.finished()).isTrue();
    assertThat(t.succeeded()).isFalse();
    assertThat(t.summary()).contains("1 done", "1 failed", "1 skipped", "aborted: a failed");
    assertThat(t.complete(3, true)).isFalse();
  }

  @Test
  void aNodeThatLeavesTakesItsInFlightActionsWithIt() {
    Transition t =
        new Transition(
            4, schedule(List.of(op(1, "a_start_0", "n1"), op(2, "b_start_0", "n2")), List.of()));
    t.takeRunnable(0);
    assertThat(t.loseNode("n2")).extracting(ScheduledAction::key).containsExactly("b_start_0");
    assertThat(t.inFlight()).isEqualTo(1);
  }
}
