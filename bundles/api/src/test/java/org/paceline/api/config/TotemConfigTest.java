package org.paceline.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotemConfigTest {

  static TotemConfig totem(long tokenMillis, long coefficientMillis) {
    return new TotemConfig(
        "c1",
        Duration.ofMillis(tokenMillis),
        Duration.ofMillis(coefficientMillis),
        Duration.ofMillis(tokenMillis * 6 / 5),
        Duration.ofMillis(50),
        Duration.ofMillis(200),
        Duration.ZERO,
        17,
        50,
        1500,
        5405,
        "aes256",
        "sha256");
  }

  @ParameterizedTest
  @CsvSource({
    // nodes, expected ms, for token 1000 and token_coefficient 650
    "0, 1000",
    "1, 1000",
    "2, 1000",
    "3, 1650",
    "4, 2300",
    "5, 2950",
    "16, 10100"
  })
  void effectiveTokenAddsTheCoefficientPerNodeBeyondTwo(int nodes, long expectedMillis) {
    assertEquals(Duration.ofMillis(expectedMillis), totem(1000, 650).effectiveToken(nodes));
  }

  @Test
  void zeroCoefficientKeepsTheToken() {
    assertEquals(Duration.ofMillis(3000), totem(3000, 0).effectiveToken(7));
  }

  @Test
  void rejectsMissingValues() {
    assertThrows(
        NullPointerException.class,
        () ->
            new TotemConfig(
                "c1",
                null,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                1,
                1,
                1500,
                5405,
                "aes256",
                "sha256"));
  }
}
