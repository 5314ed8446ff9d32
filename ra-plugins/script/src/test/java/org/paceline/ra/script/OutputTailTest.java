package org.paceline.ra.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {

  private static void append(OutputTail tail, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    tail.append(b, 0, b.length);
  }

  @Test
  void keepsEverythingUpToCapacity() {
    OutputTail tail = new OutputTail(8);
    append(tail, "abc");
    append(tail, "defgh");
    assertThat(tail.text()).isEqualTo("abcdefgh");
    assertThat(tail.truncated()).isFalse();
  }

  @Test
  void keepsTheLastBytesAcrossWraparound() {
    OutputTail tail = new OutputTail(8);
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      String piece = Integer.toString(i) + ",";
      all.append(piece);
      append(tail, piece);
      String expected = all.length() <= 8 ? all.toString() : all.substring(all.length() - 8);
      assertThat(tail.text()).isEqualTo(expected);
    }
    assertThat(tail.truncated()).isTrue();
    assertThat(tail.totalBytes()).isEqualTo(all.length());
  }

  @Test
  void oneWriteLargerThanCapacityKeepsItsEnd() {
    OutputTail tail = new OutputTail(4);
    append(tail, "xy");
    append(tail, "0123456789");
    assertThat(tail.text()).isEqualTo("6789");
    append(tail, "ab");
    assertThat(tail.text()).isEqualTo("89ab");
  }

  @Test
  void aCharacterCutAtTheStartIsDropped() {
    OutputTail tail = new OutputTail(5);
    append(tail, "aé✓b"); // a(1) é(2) ✓(3) b(1) = 7 bytes; the last 5 start inside é
    assertThat(tail.text()).isEqualTo("✓b");
  }
}
