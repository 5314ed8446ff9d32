package org.paceline.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsoleActionTest {

  @Test
  void nodeActionsBecomeNodeStateChanges() throws Exception {
    ConsoleAction a =
        ConsoleAction.parse("{\"kind\":\"node\",\"target\":\"n1\",\"action\":\"standby\"}");

    assertThat(a.adminPath()).isEqualTo("nodes/n1/state");
    assertThat(a.adminBody()).isEqualTo("{\"state\":\"standby\"}");
    assertThat(a.describe()).isEqualTo("standby node n1");
    assertThat(
            ConsoleAction.parse("{\"kind\":\"node\",\"target\":\"n1\",\"action\":\"online\"}")
                .adminBody())
        .isEqualTo("{\"state\":\"online\"}");
  }

  @Test
  void resourceActionsGoToTheResourceRoutes() throws Exception {
    ConsoleAction move =
        ConsoleAction.parse(
            "{\"kind\":\"resource\",\"target\":\"g\",\"action\":\"move\",\"node\":\"n2\"}");
    assertThat(move.adminPath()).isEqualTo("resources/g/move");
    assertThat(move.adminBody()).isEqualTo("{\"node\":\"n2\"}");
    assertThat(move.describe()).isEqualTo("move g to n2");

    ConsoleAction cleanup =
        ConsoleAction.parse(
            "{\"kind\":\"resource\",\"target\":\"web\",\"action\":\"cleanup\",\"node\":\"n3\"}");
    assertThat(cleanup.adminPath()).isEqualTo("resources/web/cleanup");
    assertThat(cleanup.describe()).isEqualTo("cleanup web on n3");

    for (String action : new String[] {"start", "stop", "clear", "cleanup"}) {
      ConsoleAction a =
          ConsoleAction.parse(
              "{\"kind\":\"resource\",\"target\":\"ip-1.a:b\",\"action\":\"" + action + "\"}");
      assertThat(a.adminPath()).isEqualTo("resources/ip-1.a:b/" + action);
      assertThat(a.adminBody()).isEqualTo("{}");
    }
  }

  @Test
  void badRequestsAreRefusedWithAReason() {
    String[][] cases = {
      {"not json", "not JSON"},
      {"[1]", "JSON object"},
      {"{\"kind\":\"node\",\"target\":\"n1\"}", "required"},
      {"{\"kind\":\"node\",\"target\":\"n1\",\"action\":\"fence\"}", "node action 'fence'"},
      {
        "{\"kind\":\"resource\",\"target\":\"g\",\"action\":\"delete\"}", "resource action 'delete'"
      },
      {"{\"kind\":\"resource\",\"target\":\"g\",\"action\":\"move\"}", "move needs the node"},
      {"{\"kind\":\"resource\",\"target\":\"g\",\"action\":\"stop\",\"node\":\"n1\"}", "no 'node'"},
      {"{\"kind\":\"node\",\"target\":\"n1\",\"action\":\"online\",\"node\":\"n2\"}", "no 'node'"},
      {"{\"kind\":\"cluster\",\"target\":\"x\",\"action\":\"stop\"}", "not node or resource"},
      {"{\"kind\":\"node\",\"target\":\"../api\",\"action\":\"online\"}", "field 'target'"},
      {"{\"kind\":\"node\",\"target\":\"a/b\",\"action\":\"online\"}", "field 'target'"},
      {"{\"kind\":\"node\",\"target\":\"a?x=1\",\"action\":\"online\"}", "field 'target'"},
      {"{\"kind\":\"resource\",\"target\":\"g\",\"action\":\"move\",\"node\":\"n 2\"}", "'node'"},
      {"{\"kind\":\"node\",\"target\":7,\"action\":\"online\"}", "must be a string"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> ConsoleAction.parse(c[0]))
          .as(c[0])
          .isInstanceOf(ConsoleAction.Invalid.class)
          .hasMessageContaining(c[1]);
    }
  }
}
