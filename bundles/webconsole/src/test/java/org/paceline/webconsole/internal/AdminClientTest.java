package org.paceline.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AdminClientTest {

  @Test
  void theBaseUrlIsWhereTheHttpServiceListens() {
    assertThat(AdminClient.baseUri("127.0.0.2", "7480"))
        .isEqualTo(URI.create("http://127.0.0.2:7480/"));
    assertThat(AdminClient.baseUri("0.0.0.0", "80")).isEqualTo(URI.create("http://127.0.0.1:80/"));
    assertThat(AdminClient.baseUri(null, "80")).isEqualTo(URI.create("http://127.0.0.1:80/"));
    assertThat(AdminClient.baseUri("::", "80")).isEqualTo(URI.create("http://[::1]:80/"));
    assertThat(AdminClient.baseUri("fe80::1", "80")).isEqualTo(URI.create("http://[fe80::1]:80/"));
  }

  @Test
  void aMissingOrBadPortIsAnError() {
    assertThatThrownBy(() -> AdminClient.baseUri("127.0.0.1", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("org.osgi.service.http.port");
    assertThatThrownBy(() -> AdminClient.baseUri("127.0.0.1", "http"))
        .hasMessageContaining("'http'");
    assertThatThrownBy(() -> AdminClient.baseUri("127.0.0.1", "70000"))
        .hasMessageContaining("70000");
  }
}
