package org.paceline.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void parsesNumbersWithUnitsAndPlainMilliseconds() {
    assertThat(DurationText.parse("500")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(DurationText.parse(" 1.5s ")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurationText.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationText.parse("1H")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rejectsWhatIsNotADuration() {
    assertThatThrownBy(() -> DurationText.parse("soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'soon' is not a duration");
    assertThatThrownBy(() -> DurationText.parse("-1s"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DurationText.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DurationText.parse("99999999999999h"))
        .hasMessageContaining("too long");
  }

  @Test
  void formatsTheShortWay() {
    assertThat(DurationText.format(Duration.ofMillis(200))).isEqualTo("200ms");
    assertThat(DurationText.format(Duration.ofSeconds(20))).isEqualTo("20s");
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(DurationText.format(Duration.ofMinutes(2))).isEqualTo("120s");
  }
}
