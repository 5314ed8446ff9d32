package org.paceline.cib.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoreTest {

  @ParameterizedTest
  @CsvSource({
    "INFINITY, 1000000",
    "+INFINITY, 1000000",
    "infinity, 1000000",
    "inf, 1000000",
    "+inf, 1000000",
    "-INFINITY, -1000000",
    "-inf, -1000000",
    "123, 123",
    "-50, -50",
    "0, 0",
    "'  42 ', 42",
    "5000000, 1000000",
    "-5000000, -1000000"
  })
  void parses(String text, int value) {
    assertThat(Score.parse(text).value()).isEqualTo(value);
  }

  @Test
  void rejectsGarbage() {
    assertThatThrownBy(() -> Score.parse("lots"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad score 'lots'");
    assertThatThrownBy(() -> Score.parse(" ")).hasMessageContaining("missing");
    assertThatThrownBy(() -> Score.parse(null)).hasMessageContaining("missing");
  }

  @Test
  void constructorRejectsOutOfRange() {
    assertThatThrownBy(() -> new Score(1_000_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside");
  }

  @Test
  void additionSaturates() {
    assertThat(new Score(999_999).plus(new Score(10))).isEqualTo(Score.INFINITY);
    assertThat(new Score(-999_999).plus(new Score(-10))).isEqualTo(Score.MINUS_INFINITY);
    assertThat(new Score(100).plus(new Score(-30))).isEqualTo(new Score(70));
    assertThat(Score.INFINITY.plus(new Score(-500))).isEqualTo(Score.INFINITY);
  }

  @Test
  void minusInfinityWinsOverInfinity() {
    assertThat(Score.INFINITY.plus(Score.MINUS_INFINITY)).isEqualTo(Score.MINUS_INFINITY);
    assertThat(Score.MINUS_INFINITY.plus(Score.INFINITY)).isEqualTo(Score.MINUS_INFINITY);
  }

  @Test
  void printsAsCrmsh() {
    assertThat(Score.INFINITY).hasToString("inf");
    assertThat(Score.MINUS_INFINITY).hasToString("-inf");
    assertThat(new Score(-20)).hasToString("-20");
    assertThat(Score.parse(Score.MINUS_INFINITY.toString())).isEqualTo(Score.MINUS_INFINITY);
  }

  @Test
  void ordersByValue() {
    assertThat(Score.MINUS_INFINITY).isLessThan(Score.ZERO);
    assertThat(Score.INFINITY).isGreaterThan(new Score(999_999));
    assertThat(Score.INFINITY.isInfinity()).isTrue();
    assertThat(Score.MINUS_INFINITY.isMinusInfinity()).isTrue();
  }
}
