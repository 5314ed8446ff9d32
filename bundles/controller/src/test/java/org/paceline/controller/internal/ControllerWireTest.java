package org.paceline.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ControllerWireTest {

  private static final ActionRequest START =
      new ActionRequest(
          "3:7:0:n1-abc",
          "n2",
          "web",
          "ocf:heartbeat:Dummy",
          "start",
          0,
          20_000,
          0,
          Map.of("state", "/tmp/x"),
          Map.of("target-role", "Started", "notify_type", "pre"));

  @Test
  void messagesSurviveTheRoundTrip() throws IOException {
    assertThat(ControllerWire.decode(ControllerWire.encode(START))).isEqualTo(START);
    ControllerMessage.HistoryUploaded up = new ControllerMessage.HistoryUploaded("n3", 42, 1);
    assertThat(ControllerWire.decode(ControllerWire.encode(up))).isEqualTo(up);
    ControllerMessage.FencingResult fenced =
        new ControllerMessage.FencingResult(Map.of("id", "n1-x", "target", "n3", "state", "done"));
    assertThat(ControllerWire.decode(ControllerWire.encode(fenced))).isEqualTo(fenced);
  }

  @Test
  void malformedMessagesAreNamedNotThrownAround() {
    byte[] good = ControllerWire.encode(START);
    assertThatThrownBy(() -> ControllerWire.decode(new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> ControllerWire.decode(new byte[] {9, 1}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 9");
    assertThatThrownBy(() -> ControllerWire.decode(new byte[] {1, 77}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("kind 77");
    byte[] longer = Arrays.copyOf(good, good.length + 3);
    assertThatThrownBy(() -> ControllerWire.decode(longer))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("stray bytes");
    // Every truncation and random corruption is an IOException, never anything else.
    for (int n = 0; n < good.length; n++) {
      byte[] cut = Arrays.copyOf(good, n);
      assertThatThrownBy(() -> ControllerWire.decode(cut)).isInstanceOf(IOException.class);
    }
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] bad = good.clone();
      bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
      try {
        ControllerWire.decode(bad);
      } catch (IOException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void transitionKeysReadBackAndForeignTextIsNoKey() {
    TransitionKey k = new TransitionKey(12, 3, 7, "n1-xyz");
    assertThat(TransitionKey.parse(k.toString())).isEqualTo(k);
    assertThat(TransitionKey.parse(null)).isNull();
    assertThat(TransitionKey.parse("1:2:3")).isNull();
    assertThat(TransitionKey.parse("a:2:3:x")).isNull();
    // Pacemaker's own keys (a UUID as the last part) parse too; they just never match ours.
    assertThat(TransitionKey.parse("5:1:0:6ac4d4c4-a1b2-4c3d-9e8f-123456789abc").incarnation())
        .isEqualTo("6ac4d4c4-a1b2-4c3d-9e8f-123456789abc");
  }
}
