package org.paceline.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Role;

class SchedulerTest {

  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

  private static SchedulerInput fresh(String crm) {
    return SchedulerInput.fresh(CrmParser.parse(crm));
  }

  @Test
  void placesResourcesAndOrdersTheirActions() {
    SchedulerInput in =
        fresh(
            """
            node n1
            node n2
            primitive a Dummy
            primitive b Dummy
            colocation b-with-a inf: b a
            order a-then-b Mandatory: a b
            property fencing-enabled=false
            """);
    Schedule s = Scheduler.schedule(in, NOW);
    ResourcePlacement a = s.placement("a").orElseThrow();
    ResourcePlacement b = s.placement("b").orElseThrow();
    assertThat(a.targetNode()).isEqualTo("n1");
    assertThat(b.targetNode()).isEqualTo(a.targetNode());
    assertThat(b.targetRole()).isEqualTo(Role.STARTED);
    assertThat(s.changes())
        .extracting(Change::verb, Change::subject, Change::details)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Start", "a", "n1"),
            org.assertj.core.groups.Tuple.tuple("Start", "b", "n1"));
    // probes for both on both nodes, then the two starts
    assertThat(s.actions()).filteredOn(ScheduledAction::probe).hasSize(4);
    ScheduledAction startA = find(s, "a_start_0");
    ScheduledAction startB = find(s, "b_start_0");
    assertThat(s.orderings()).contains(new ActionOrdering(startA.id(), startB.id()));
    assertTopological(s);
  }

  @Test
  void sameInputGivesEqualSchedules() {
    SchedulerInput in =
        fresh(
            """
            node n1
            node n2
            node n3
            primitive p Dummy
            clone c p
            primitive q Stateful
            ms m q
            property fencing-enabled=false
            """);
    assertThat(Scheduler.schedule(in, NOW)).isEqualTo(Scheduler.schedule(in, NOW));
  }

  @Test
  void failureTimeoutIsMeasuredAgainstNow() {
    SchedulerInput in =
        fresh(
            """
            node n1
            node n2
            primitive p Dummy op monitor interval=10s meta migration-threshold=1 \\
                failure-timeout=10min
            location p-n1 p 10: n1
            property fencing-enabled=false
            """);
    long t = NOW.getEpochSecond();
    in = WhatIf.opResult(in, "p_start_0@n1=0", t - 100);
    in = WhatIf.opResult(in, "p_monitor_10000@n1=7", t - 90);
    in = WhatIf.opResult(in, "p_stop_0@n1=0", t - 80);
    in = WhatIf.opResult(in, "p_start_0@n2=0", t - 70);
    Schedule recent = Scheduler.schedule(in, NOW);
    assertThat(recent.placement("p").orElseThrow().targetNode()).isEqualTo("n2");
    Schedule later = Scheduler.schedule(in, NOW.plusSeconds(3600));
    assertThat(later.placement("p").orElseThrow().targetNode())
        .as("the failure expired, so the location preference wins again")
        .isEqualTo("n1");
  }

  @Test
  void anUncleanNodeIsFencedBeforeItsResourcesMove() {
    SchedulerInput in =
        fresh(
            """
            node n1
            node n2
            primitive fence stonith:fence_dummy
            primitive web Dummy
            """);
    long t = NOW.getEpochSecond() - 60;
    in = WhatIf.opResult(in, "fence_start_0@n2=0", t);
    in = WhatIf.opResult(in, "web_start_0@n1=0", t + 1);
    in = WhatIf.nodeFail(in, "n1");
    Schedule s = Scheduler.schedule(in, NOW);
    ScheduledAction fencing =
        s.actions().stream().filter(ScheduledAction::fencing).findFirst().orElseThrow();
    assertThat(fencing.node()).isEqualTo("n1");
    ScheduledAction start = find(s, "web_start_0");
    assertThat(start.node()).isEqualTo("n2");
    assertThat(s.actions().indexOf(fencing)).isLessThan(s.actions().indexOf(start));
    assertThat(s.changes().get(0).verb()).isEqualTo("Fence (reboot)");
    assertThat(s.nodes())
        .filteredOn(n -> n.name().equals("n1"))
        .singleElement()
        .satisfies(n -> assertThat(n.unclean()).isTrue());
  }

  @Test
  void withoutQuorumNothingStartsByDefault() {
    SchedulerInput in =
        fresh(
                """
            node n1
            node n2
            primitive p Dummy
            property fencing-enabled=false
            """)
            .withQuorum(false);
    Schedule s = Scheduler.schedule(in, NOW);
    assertThat(s.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.verb()).isEqualTo("Start");
              assertThat(c.reason()).isEqualTo("due to no quorum (blocked)");
            });
    assertThat(s.actions()).noneMatch(a -> "start".equals(a.task()));
  }

  @Test
  void fencingEnabledWithoutDevicesStartsNothing() {
    Schedule s =
        Scheduler.schedule(
            fresh(
                """
                node n1
                primitive p Dummy
                """),
            NOW);
    assertThat(s.placement("p").orElseThrow().managed()).isFalse();
    assertThat(s.changes()).isEmpty();
  }

  @Test
  void rejectsMissingArguments() {
    assertThatThrownBy(() -> Scheduler.schedule(null, NOW))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("input");
    SchedulerInput in = fresh("node n1");
    assertThatThrownBy(() -> Scheduler.schedule(in, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("now");
  }

  @Test
  void explainsScores() {
    Schedule s =
        Scheduler.schedule(
            fresh(
                """
                node n1
                node n2
                primitive p Dummy
                location p-n2 p 70: n2
                property fencing-enabled=false
                """),
            NOW);
    ScoreExplanation e = s.explanations().get("p");
    assertThat(e.scores()).containsExactly(Map.entry("n1", 0), Map.entry("n2", 70));
    assertThat(e.node()).isEqualTo("n2");
    assertThat(e.contributions())
        .contains(new ScoreExplanation.Contribution("n2", 70, "location constraint p-n2"));
    List<String> lines = Explainer.explain(s, "p");
    assertThat(lines).contains("p: stopped -> Started on n2", "  n2: 70  (chosen)");
    assertThatThrownBy(() -> Explainer.explain(s, "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no resource 'nope' in the schedule");
  }

  @Test
  void notifiesCloneInstancesAroundTheirOperations() {
    SchedulerInput in =
        fresh(
            """
            node n1
            node n2
            primitive p Dummy
            clone c p meta notify=true
            property fencing-enabled=false
            """);
    Schedule s = Scheduler.schedule(in, NOW);
    ScheduledAction pre = find(s, "c_pre_notify_start_0");
    ScheduledAction start = find(s, "c_start_0");
    ScheduledAction running = find(s, "c_running_0");
    ScheduledAction post = find(s, "c_post_notify_running_0");
    ScheduledAction confirmed = find(s, "c_confirmed-post_notify_running_0");
    assertThat(pre.pseudo()).isTrue();
    assertThat(s.orderings())
        .contains(
            new ActionOrdering(find(s, "c_confirmed-pre_notify_start_0").id(), start.id()),
            new ActionOrdering(running.id(), post.id()));
    // nothing runs before the start, so only the post-notification has recipients: both
    // instances, told what started where
    List<ScheduledAction> notes =
        s.actions().stream().filter(a -> "notify".equals(a.task())).toList();
    assertThat(notes).extracting(ScheduledAction::node).containsExactlyInAnyOrder("n1", "n2");
    for (ScheduledAction n : notes) {
      assertThat(n.key()).endsWith("_post_notify_start_0");
      assertThat(n.notification())
          .containsEntry("notify_type", "post")
          .containsEntry("notify_operation", "start")
          .containsEntry("notify_start_resource", "p:0 p:1")
          .containsEntry("notify_start_uname", "n1 n2")
          .containsEntry("notify_active_resource", " ");
      assertThat(s.orderings())
          .contains(
              new ActionOrdering(post.id(), n.id()), new ActionOrdering(n.id(), confirmed.id()));
    }
    assertTopological(s);
  }

  private static ScheduledAction find(Schedule s, String key) {
    return s.actions().stream().filter(a -> a.key().equals(key)).findFirst().orElseThrow();
  }

  /** Every ordering goes forward in the action list. */
  private static void assertTopological(Schedule s) {
    Map<Integer, Integer> position = new HashMap<>();
    for (int i = 0; i < s.actions().size(); i++) {
      position.put(s.actions().get(i).id(), i);
    }
    for (ActionOrdering o : s.orderings()) {
      assertThat(position.get(o.first())).isLessThan(position.get(o.then()));
    }
  }
}
