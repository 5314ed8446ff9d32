package org.paceline.executor.internal.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.paceline.executor.internal.ExecutorSettings;

class ExecutorComponentTest {

  static final ExecutorSettings BASE = ExecutorSettings.defaults("n1", Path.of("/tmp/agents"));

  static ExecutorComponent.Config config(String limit, String grace, String close) {
    return new ExecutorComponent.Config() {
      @Override
      public Class<? extends Annotation> annotationType() {
        return ExecutorComponent.Config.class;
      }

      @Override
      public String node_action_limit() {
        return limit;
      }

      @Override
      public String timeout_grace() {
        return grace;
      }

      @Override
      public String close_timeout() {
        return close;
      }
    };
  }

  @Test
  void theDefaultsAreTwicetheProcessorsFiveAndTenSeconds() {
    ExecutorSettings s = ExecutorComponent.apply(BASE, config("", "5s", "10s"));

    assertThat(s.actionLimit()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    assertThat(s.timeoutGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.closeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.nodeName()).isEqualTo("n1");
  }

  @Test
  void configuredValuesApply() {
    ExecutorSettings s = ExecutorComponent.apply(BASE, config("3", "1500ms", "0"));

    assertThat(s.actionLimit()).isEqualTo(3);
    assertThat(s.timeoutGrace()).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.closeTimeout()).isZero();
  }

  @Test
  void aBadValueIsAnErrorNamingTheKey() {
    assertThatThrownBy(() -> ExecutorComponent.apply(BASE, config("many", "5s", "10s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("org.paceline.executor")
        .hasMessageContaining("node.action.limit = 'many'");
    assertThatThrownBy(() -> ExecutorComponent.apply(BASE, config("0", "5s", "10s")))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> ExecutorComponent.apply(BASE, config("", "later", "10s")))
        .hasMessageContaining("timeout.grace = 'later'");
    assertThatThrownBy(() -> ExecutorComponent.apply(BASE, config("", "0s", "10s")))
        .hasMessageContaining("timeout.grace = '0s'");
  }
}
