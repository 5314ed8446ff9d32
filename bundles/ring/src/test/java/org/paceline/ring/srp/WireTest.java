package org.paceline.ring.srp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.paceline.api.ring.RingId;

class WireTest {

  private static final RingId RING = new RingId(7, 2);

  @Test
  void everyPacketRoundTrips() throws Exception {
    List<Wire.Packet> packets =
        List.of(
            new Wire.Mcast(RING, 5, 3, Wire.KIND_REGULAR, new byte[] {1, 2, 3}),
            new Wire.Token(RING, 9, 5, 4, 3, 2, 1, new long[] {4, 5}),
            new Wire.Ack(RING, 9, true),
            new Wire.Join(3, 7, 123_456, new int[] {1, 2, 3}, new int[] {2}),
            new Wire.Commit(
                RING,
                2,
                1,
                List.of(
                    new Wire.CommitEntry(2, true, new RingId(6, 1), 4, 5, 4),
                    new Wire.CommitEntry(3, false, RING, 0, 0, 0))),
            new Wire.MergeDetect(RING, 2),
            new Wire.TokenRequest(RING, 3));
    for (Wire.Packet p : packets) {
      Wire.Packet back = Wire.decode(Wire.encode(p));
      assertThat(back).usingRecursiveComparison().isEqualTo(p);
    }
  }

  @Test
  void truncatedOrPaddedPacketsAreMalformed() {
    byte[] join = Wire.encode(new Wire.Join(3, 7, 1, new int[] {1, 2, 3}, new int[0]));
    for (int len = 0; len < join.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(join, len);
      assertThatThrownBy(() -> Wire.decode(cut)).isInstanceOf(Wire.MalformedPacketException.class);
    }
    byte[] padded = java.util.Arrays.copyOf(join, join.length + 1);
    assertThatThrownBy(() -> Wire.decode(padded))
        .isInstanceOf(Wire.MalformedPacketException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void randomBytesNeverThrowAnythingElse() {
    Random r = new Random(1);
    for (int i = 0; i < 100_000; i++) {
      byte[] b = new byte[r.nextInt(64)];
      r.nextBytes(b);
      if (b.length > 0) {
        b[0] = (byte) r.nextInt(9);
      }
      try {
        Wire.decode(b);
      } catch (Wire.MalformedPacketException e) {
        // expected for most
      }
    }
  }

  @Test
  void chunksRoundTripAndBadChunkListsAreMalformed() throws Exception {
    byte[] packed = Wire.packChunks(List.of(new byte[] {1}, new byte[0], new byte[] {2, 3}));
    assertThat(Wire.unpackChunks(packed)).hasSize(3);
    packed[3] = 9; // count too large
    assertThatThrownBy(() -> Wire.unpackChunks(packed))
        .isInstanceOf(Wire.MalformedPacketException.class);
  }
}
