package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FenceRoutesTest {

  private final FenceRoutes routes = new FenceRoutes("n1", Optional::empty, Optional::empty);

  @Test
  void badRequestsAreNamedBeforeAnythingIsFenced() {
    Set<String> nodes = Set.of("n1", "n2");
    AdminApi.Response unknown = routes.fence("n9", nodes, "{}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().toString()).contains("'n9' is not a node of this cluster");

    assertThat(routes.fence("n1", nodes, "{}").status()).isEqualTo(409);

    AdminApi.Response action = routes.fence("n2", nodes, "{\"action\":\"explode\"}");
    assertThat(action.status()).isEqualTo(400);
    assertThat(action.body().toString()).contains("reboot or off");

    assertThat(routes.fence("n2", nodes, "{not json").status()).isEqualTo(400);

    AdminApi.Response none = routes.fence("n2", nodes, "{\"action\":\"off\"}");
    assertThat(none.status()).isEqualTo(503);
    assertThat(none.body().toString()).contains("not running on n1");
  }
}
