package org.paceline.ring.layer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultLayerTest {

  private final Counters counters = new Counters();
  private final RecordingLayer top = new RecordingLayer();
  private final FaultLayer faults = new FaultLayer(7, counters, 42);
  private final RecordingLayer bottom = new RecordingLayer();

  FaultLayerTest() {
    Layer.stack(top, faults, bottom);
  }

  @AfterEach
  void close() {
    faults.close();
  }

  private void send(int[] to, String text) {
    top.down(to, text.getBytes(UTF_8));
  }

  private void sendNumbered(int count, int to) {
    for (int i = 1; i <= count; i++) {
      send(new int[] {to}, "p" + i);
    }
  }

  private List<String> sentTexts() {
    return bottom.downs().stream().map(d -> new String(d.packet(), UTF_8)).toList();
  }

  private static List<String> numbered(int... numbers) {
    return IntStream.of(numbers).mapToObj(i -> "p" + i).toList();
  }

  @Test
  void passesEverythingThroughByDefault() {
    int[] to = {1, 2, 3};
    byte[] packet = "x".getBytes(UTF_8);

    top.down(to, packet);
    bottom.up(2, packet);

    assertThat(bottom.downs()).hasSize(1);
    assertThat(bottom.downs().get(0).to()).isSameAs(to);
    assertThat(bottom.downs().get(0).packet()).isSameAs(packet);
    assertThat(top.ups()).hasSize(1);
    assertThat(counters.snapshot()).isEmpty();
  }

  @Test
  void dropAllDropsEveryPacketToEveryDestination() {
    faults.drop(1.0);

    for (int i = 0; i < 10; i++) {
      send(new int[] {1, 2}, "p");
    }

    assertThat(bottom.downs()).isEmpty();
    assertThat(counters.get("fault_dropped")).isEqualTo(20);
  }

  @Test
  void partialDropIsReproducibleWithASeed() {
    faults.drop(0.3);
    sendNumbered(1000, 2);
    List<String> first = sentTexts();

    FaultLayer again = new FaultLayer(7, new Counters(), 42).drop(0.3);
    RecordingLayer bottom2 = new RecordingLayer();
    Layer.stack(new RecordingLayer(), again, bottom2);
    for (int i = 1; i <= 1000; i++) {
      again.down(new int[] {2}, ("p" + i).getBytes(UTF_8));
    }

    assertThat(first.size() + counters.get("fault_dropped")).isEqualTo(1000);
    assertThat(first.size()).isBetween(600, 800);
    assertThat(bottom2.downs().stream().map(d -> new String(d.packet(), UTF_8)).toList())
        .isEqualTo(first);
  }

  @Test
  void cutLinksDropBothWaysUntilHealed() {
    faults.cut(2, 4);
    assertThat(faults.cutPeers()).containsExactlyInAnyOrder(2, 4);

    send(new int[] {1, 2, 3}, "during cut");
    bottom.up(2, "from 2".getBytes(UTF_8));
    bottom.up(3, "from 3".getBytes(UTF_8));
    assertThat(bottom.downs()).extracting(d -> d.to()[0]).containsExactly(1, 3);
    assertThat(top.upTexts()).containsExactly("from 3");
    assertThat(counters.get("fault_cut")).isEqualTo(2);

    faults.heal(4);
    assertThat(faults.cutPeers()).containsExactly(2);
    faults.heal();
    bottom.clear();
    top.clear();
    send(new int[] {1, 2, 3}, "healed");
    bottom.up(2, "from 2".getBytes(UTF_8));

    assertThat(bottom.downs()).hasSize(1);
    assertThat(bottom.downs().get(0).to()).containsExactly(1, 2, 3);
    assertThat(top.upTexts()).containsExactly("from 2");
    assertThat(counters.get("fault_cut")).isEqualTo(2);
  }

  @Test
  void duplicateAllSendsEachPacketTwice() {
    faults.duplicate(1.0);

    sendNumbered(3, 2);

    assertThat(sentTexts()).isEqualTo(numbered(1, 1, 2, 2, 3, 3));
    assertThat(counters.get("fault_duplicated")).isEqualTo(3);
  }

  @Test
  void reorderAllSwapsNeighboursPerDestination() {
    faults.reorder(1.0, Duration.ofMinutes(1));

    sendNumbered(4, 2);
    sendNumbered(2, 3);

    assertThat(bottom.downs().stream().filter(d -> d.to()[0] == 2))
        .extracting(d -> new String(d.packet(), UTF_8))
        .isEqualTo(numbered(2, 1, 4, 3));
    assertThat(bottom.downs().stream().filter(d -> d.to()[0] == 3))
        .extracting(d -> new String(d.packet(), UTF_8))
        .isEqualTo(numbered(2, 1));
    assertThat(counters.get("fault_reordered")).isEqualTo(3);
  }

  @Test
  void aHeldPacketLeavesWhenItsHoldTimeRunsOut() {
    faults.reorder(1.0, Duration.ofMillis(20));

    send(new int[] {2}, "alone");

    await().until(() -> bottom.downs().size() == 1);
    assertThat(bottom.downs().get(0).thread()).isEqualTo("ring-fault-7");
    assertThat(sentTexts()).containsExactly("alone");
  }

  @Test
  void fixedDelayKeepsOrderAndSendsFromTheSchedulerThread() {
    faults.delay(Duration.ofMillis(20), Duration.ofMillis(20));

    sendNumbered(20, 2);

    await().until(() -> bottom.downs().size() == 20);
    assertThat(sentTexts()).isEqualTo(numbered(IntStream.rangeClosed(1, 20).toArray()));
    assertThat(bottom.downs()).allSatisfy(d -> assertThat(d.thread()).isEqualTo("ring-fault-7"));
    assertThat(counters.get("fault_delayed")).isEqualTo(20);
  }

  @Test
  void randomDelayDeliversEverythingInSomeOrder() {
    faults.delay(Duration.ofMillis(1), Duration.ofMillis(30)).duplicate(0.5);

    sendNumbered(200, 2);

    long copies = 200 + counters.get("fault_duplicated");
    await().until(() -> bottom.downs().size() == copies);
    assertThat(sentTexts())
        .containsAll(numbered(IntStream.rangeClosed(1, 200).toArray()))
        .hasSize((int) copies);
  }

  @Test
  void resetRestoresPassThrough() {
    faults.drop(1.0).cut(3);
    send(new int[] {2}, "lost");

    faults.reset();
    int[] to = {2, 3};
    send(to, "kept");

    assertThat(bottom.downs()).hasSize(1);
    assertThat(bottom.downs().get(0).to()).isSameAs(to);
  }

  @Test
  void closeStopsTheSchedulerAndDiscardsPendingPackets() {
    RecordingLayer wire = new RecordingLayer();
    FaultLayer own = new FaultLayer(99, counters, 1);
    Layer.stack(own, wire);
    own.delay(Duration.ofMinutes(1), Duration.ofMinutes(1));
    own.down(new int[] {2}, new byte[1]);
    assertThat(threadAlive("ring-fault-99")).isTrue();

    own.close();
    await().until(() -> !threadAlive("ring-fault-99"));
    own.down(new int[] {2}, new byte[1]); // after close: discarded, no thread started

    assertThat(threadAlive("ring-fault-99")).isFalse();
    assertThat(wire.downs()).isEmpty();
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> faults.drop(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.duplicate(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.delay(Duration.ofMillis(5), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.reorder(0.5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }
}
