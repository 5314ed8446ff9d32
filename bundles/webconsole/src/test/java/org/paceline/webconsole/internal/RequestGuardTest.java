package org.paceline.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestGuardTest {

  private static RequestGuard.Facts facts(
      String header, String type, String origin, String site, String host) {
    return new RequestGuard.Facts(header, type, origin, site, host);
  }

  @Test
  void thePagesOwnRequestsPass() {
    assertThat(
            RequestGuard.refusal(
                facts(
                    "1",
                    "application/json",
                    "http://127.0.0.2:7480",
                    "same-origin",
                    "127.0.0.2:7480")))
        .isEmpty();
    // Without Origin (some browsers leave it out on same-origin requests).
    assertThat(RequestGuard.refusal(facts("1", "application/json; charset=utf-8", null, null, "h")))
        .isEmpty();
    assertThat(
            RequestGuard.refusal(
                facts("1", "application/json", "http://[::1]:80", null, "[::1]:80")))
        .isEmpty();
  }

  @Test
  void forgedRequestsAreRefused() {
    assertThat(RequestGuard.refusal(facts(null, "application/json", null, null, "h:1")))
        .get()
        .asString()
        .contains(RequestGuard.HEADER);
    assertThat(RequestGuard.refusal(facts("1", "text/plain", null, null, "h:1")))
        .get()
        .asString()
        .contains("application/json");
    assertThat(
            RequestGuard.refusal(
                facts(
                    "1",
                    "application/json",
                    "http://evil.example",
                    "cross-site",
                    "127.0.0.1:7480")))
        .isPresent();
    assertThat(
            RequestGuard.refusal(
                facts("1", "application/json", "http://evil.example", null, "127.0.0.1:7480")))
        .get()
        .asString()
        .contains("evil.example");
    assertThat(
            RequestGuard.refusal(
                facts("1", "application/json", "http://127.0.0.1:9999", null, "127.0.0.1:7480")))
        .isPresent();
    assertThat(RequestGuard.refusal(facts("1", "application/json", "null", null, "h:1")))
        .isPresent();
    assertThat(RequestGuard.refusal(facts("1", "application/json", "::bad::", null, "h:1")))
        .isPresent();
  }
}
