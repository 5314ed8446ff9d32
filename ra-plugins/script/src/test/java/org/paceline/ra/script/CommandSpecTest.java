package org.paceline.ra.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandSpecTest {

  @Test
  void defaultsAreTheBaseEnvironmentRootDirAndNoStdin() {
    CommandSpec spec = CommandSpec.of("/bin/true", "a");
    assertThat(spec.argv()).containsExactly("/bin/true", "a");
    assertThat(spec.environment()).containsExactly(Map.entry("PATH", CommandSpec.DEFAULT_PATH));
    assertThat(spec.workingDir()).isEqualTo(Path.of("/"));
    assertThat(spec.stdin()).isNull();
    assertThat(spec.outputLimit()).isEqualTo(CommandSpec.DEFAULT_OUTPUT_LIMIT);
  }

  @Test
  void environmentCanBeExtendedOrReplaced() {
    CommandSpec spec = CommandSpec.of("/bin/true").plusEnvironment(Map.of("A", "1", "PATH", "/x"));
    assertThat(spec.environment()).containsOnly(Map.entry("A", "1"), Map.entry("PATH", "/x"));
    assertThat(spec.withEnvironment(Map.of("B", "2")).environment())
        .containsOnly(Map.entry("B", "2"));
  }

  @Test
  void badInputIsRejectedWithTheReason() {
    CommandSpec base = CommandSpec.of("/bin/true");
    assertThatThrownBy(() -> CommandSpec.of(List.of())).hasMessageContaining("needs a program");
    assertThatThrownBy(() -> CommandSpec.of("/bin/echo", "a\0b")).hasMessageContaining("NUL");
    assertThatThrownBy(() -> base.plusEnvironment(Map.of("A=B", "x")))
        .hasMessageContaining("'A=B'");
    assertThatThrownBy(() -> base.plusEnvironment(Map.of("", "x"))).hasMessageContaining("empty");
    assertThatThrownBy(() -> base.plusEnvironment(Map.of("A", "x\0y")))
        .hasMessageContaining("A contains a NUL");
    assertThatThrownBy(() -> base.withWorkingDir(Path.of("relative")))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> base.withOutputLimit(0)).hasMessageContaining("output limit");
    assertThatThrownBy(() -> base.withStdin("a\0")).hasMessageContaining("NUL");
  }
}
