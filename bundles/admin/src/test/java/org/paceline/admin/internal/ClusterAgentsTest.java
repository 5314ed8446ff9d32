package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paceline.api.ring.GroupView;
import org.paceline.api.ring.RingId;

class ClusterAgentsTest {

  private final ClusterAgents agents = new ClusterAgents("n1", () -> Set.of("ocf:a:b"));

  private static GroupView view(Integer... members) {
    return new GroupView(
        ClusterAgents.GROUP, new RingId(4, 1), List.of(members), List.of(), List.of());
  }

  private static byte[] announcement(String... ids) {
    return ("paceline-agents 1\n" + String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keepsWhatEachMemberAnnouncedAndForgetsNodesThatLeave() {
    agents.viewChanged(view(1, 2, 3));
    agents.deliver(2, announcement("ocf:heartbeat:Dummy", "lsb:cron"));
    agents.deliver(3, announcement("ocf:heartbeat:Dummy"));

    assertThat(agents.byNode().get(2)).containsExactlyInAnyOrder("ocf:heartbeat:Dummy", "lsb:cron");
    assertThat(agents.all()).containsExactly("lsb:cron", "ocf:heartbeat:Dummy");

    agents.deliver(2, announcement("ocf:heartbeat:Dummy"));
    assertThat(agents.byNode().get(2)).containsExactly("ocf:heartbeat:Dummy");

    agents.viewChanged(view(1, 3));
    assertThat(agents.byNode()).containsOnlyKeys(3);
    agents.close();
  }

  @Test
  void ignoresMalformedAnnouncementsAndNonMembers() {
    agents.viewChanged(view(1, 2));
    agents.deliver(2, "garbage\nocf:x:y".getBytes(StandardCharsets.UTF_8));
    agents.deliver(2, new byte[0]);
    agents.deliver(7, announcement("ocf:x:y"));

    assertThat(agents.byNode()).isEmpty();
    agents.close();
  }
}
