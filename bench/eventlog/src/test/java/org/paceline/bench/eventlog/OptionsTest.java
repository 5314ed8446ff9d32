package org.paceline.bench.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void defaultsAreTheIssuesGoal() {
    Options o = Options.parse();
    assertThat(o.runs()).isEqualTo(3);
    assertThat(o.rate()).isEqualTo(20_000);
    assertThat(o.seconds()).isEqualTo(10);
    assertThat(o.brokerProcess()).isTrue();
    assertThat(o.publisherOnly()).isFalse();
    assertThat(o.stateDir()).isEmpty();
    assertThat(o.settings()).isEmpty();
    assertThat(o.prewarm()).isEqualTo(240);
  }

  @Test
  void thePrewarmHasNoPhasesOfItsOwnAndATopicOfItsOwn() {
    Options o = Options.parse("--set", "journal.sync=off", "--warmup", "20");
    Options w = o.forPrewarm("t.warm");
    assertThat(w.publisherOnly()).isFalse();
    assertThat(w.warmup()).isZero();
    assertThat(w.saturation()).isZero();
    assertThat(w.settings())
        .containsExactlyInAnyOrderEntriesOf(Map.of("journal.sync", "off", "topic", "t.warm"));
    assertThat(o.withTopic("t.run1").settings()).containsEntry("topic", "t.run1");
    assertThat(o.settings()).doesNotContainKey("topic");
  }

  @Test
  void everyOptionIsRead() {
    Options o =
        Options.parse(
            "--runs",
            "1",
            "--rate",
            "5000",
            "--seconds",
            "3",
            "--warmup",
            "0",
            "--prewarm",
            "7",
            "--saturation",
            "0",
            "--mode",
            "publisher",
            "--broker",
            "inproc",
            "--token",
            "300",
            "--state-dir",
            "/dev/shm/x",
            "--set",
            "journal.sync=off",
            "--set",
            "kafka.linger.ms = 1",
            "--broker-set",
            "num.io.threads=2");
    assertThat(o.runs()).isEqualTo(1);
    assertThat(o.rate()).isEqualTo(5000);
    assertThat(o.seconds()).isEqualTo(3);
    assertThat(o.warmup()).isZero();
    assertThat(o.prewarm()).isEqualTo(7);
    assertThat(o.saturation()).isZero();
    assertThat(o.publisherOnly()).isTrue();
    assertThat(o.brokerProcess()).isFalse();
    assertThat(o.token()).isEqualTo(Duration.ofMillis(300));
    assertThat(o.stateDir()).contains(Path.of("/dev/shm/x"));
    assertThat(o.settings())
        .containsExactlyInAnyOrderEntriesOf(Map.of("journal.sync", "off", "kafka.linger.ms", "1"));
    assertThat(o.brokerSettings()).containsExactlyEntriesOf(Map.of("num.io.threads", "2"));
  }

  @Test
  void badInputNamesTheOption() {
    assertThatThrownBy(() -> Options.parse("--rate", "fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--rate")
        .hasMessageContaining("'fast'");
    assertThatThrownBy(() -> Options.parse("--runs", "0"))
        .hasMessageContaining("--runs")
        .hasMessageContaining(">= 1");
    assertThatThrownBy(() -> Options.parse("--seconds"))
        .hasMessageContaining("--seconds: a value is missing");
    assertThatThrownBy(() -> Options.parse("--broker", "remote"))
        .hasMessageContaining("process or inproc");
    assertThatThrownBy(() -> Options.parse("--mode", "half"))
        .hasMessageContaining("full or publisher");
    assertThatThrownBy(() -> Options.parse("--set", "journal.sync"))
        .hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(() -> Options.parse("--speed", "1"))
        .hasMessageContaining("unknown option '--speed'");
  }
}
