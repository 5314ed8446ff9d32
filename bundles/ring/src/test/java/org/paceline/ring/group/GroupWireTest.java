package org.paceline.ring.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paceline.api.ring.RingId;
import org.paceline.ring.group.GroupWire.Fragment;
import org.paceline.ring.group.GroupWire.Kind;
import org.paceline.ring.group.GroupWire.MalformedChunkException;

class GroupWireTest {

  private static final int CHUNK = 1367;

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 1340, 1341, 1342, 1366, 1367, 1368, 2690, 102_400, 1 << 20})
  void splitFragmentsReassembleToTheBodyAndFitTheChunkSize(int size) throws Exception {
    byte[] body = new byte[size];
    new Random(size).nextBytes(body);
    List<byte[]> chunks = GroupWire.split(Kind.DATA, 42, "db", body, CHUNK);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < chunks.size(); i++) {
      assertThat(chunks.get(i).length).isLessThanOrEqualTo(CHUNK);
      Fragment f = GroupWire.decode(chunks.get(i));
      assertThat(f.kind()).isEqualTo(Kind.DATA);
      assertThat(f.messageId()).isEqualTo(42);
      assertThat(f.index()).isEqualTo(i);
      assertThat(f.count()).isEqualTo(chunks.size());
      if (i == 0) {
        assertThat(f.group()).isEqualTo("db");
        assertThat(f.totalLength()).isEqualTo(size);
      }
      out.write(f.chunk(), f.dataOffset(), f.dataLength());
    }
    assertThat(out.toByteArray()).isEqualTo(body);
    int firstRoom = CHUNK - GroupWire.FIRST_HEADER - 2;
    int expected =
        size <= firstRoom ? 1 : 1 + (size - firstRoom + CHUNK - GroupWire.HEADER - 1) / 1349;
    assertThat(chunks).hasSize(expected);
  }

  @Test
  void aMaximalMessageAtTheSmallestChunkSize() throws Exception {
    byte[] body = new byte[GroupWire.MAX_BODY];
    String longName = "n".repeat(GroupWire.MAX_NAME);
    List<byte[]> chunks = GroupWire.split(Kind.DATA, 1, longName, body, GroupWire.MIN_CHUNK);
    assertThat(chunks).allMatch(c -> c.length <= GroupWire.MIN_CHUNK);
    assertThat(GroupWire.decode(chunks.get(0)).group()).isEqualTo(longName);
    assertThat(GroupWire.decode(chunks.get(0)).count()).isEqualTo(chunks.size());
  }

  @Test
  void splitRefusesOversizedBodiesBadNamesAndTinyChunks() {
    assertThatThrownBy(
            () -> GroupWire.split(Kind.DATA, 1, "g", new byte[GroupWire.MAX_BODY + 1], CHUNK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GroupWire.split(Kind.DATA, 1, "", new byte[1], CHUNK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GroupWire.split(Kind.DATA, 1, "x".repeat(256), new byte[1], CHUNK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GroupWire.split(Kind.DATA, 1, "g", new byte[1], 100))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void announcementsAndJoinBodiesRoundTrip() throws Exception {
    byte[] body = GroupWire.announcement(new RingId(7, 2), List.of("a", "bé", "c".repeat(255)));
    GroupWire.Announcement a = GroupWire.parseAnnouncement(body);
    assertThat(a.ring()).isEqualTo(new RingId(7, 2));
    assertThat(a.groups()).containsExactly("a", "bé", "c".repeat(255));
    assertThat(GroupWire.parseAnnouncement(GroupWire.announcement(new RingId(1, 1), List.of())))
        .isEqualTo(new GroupWire.Announcement(new RingId(1, 1), List.of()));
    assertThat(GroupWire.parseJoinBody(GroupWire.joinBody(-5))).isEqualTo(-5);
  }

  static List<byte[]> malformedChunks() {
    byte[] good = GroupWire.split(Kind.DATA, 1, "g", new byte[10], CHUNK).get(0);
    return List.of(
        new byte[0],
        new byte[GroupWire.HEADER - 1],
        withByte(good, 0, 0x48), // bad magic
        withByte(good, 1, 9), // unknown kind
        withByte(good, 1, 0),
        withInt(good, 14, 0), // no fragments
        withInt(good, 10, 1), // index 1 of 1
        withInt(withInt(good, 14, 2), 10, -1), // negative index
        withInt(good, 14, 11), // 11 fragments for 10 bytes
        withInt(good, 18, GroupWire.MAX_BODY + 1), // larger than 1 MiB
        withInt(good, 18, -1),
        withInt(good, 18, 9), // carries more than announced
        withShort(good, 22, 0), // unnamed DATA
        withShort(good, 22, 300), // name too long
        withShort(good, 22, 40), // name beyond the chunk
        withByte(good, GroupWire.FIRST_HEADER, 0xff), // name not UTF-8
        java.util.Arrays.copyOf(good, GroupWire.FIRST_HEADER - 1), // truncated first header
        header(Kind.DATA, 1, 1, 2)); // empty later fragment
  }

  @Test
  void decodeRejectsEveryMalformedChunk() {
    List<byte[]> bad = malformedChunks();
    for (int i = 0; i < bad.size(); i++) {
      byte[] chunk = bad.get(i);
      assertThatThrownBy(() -> GroupWire.decode(chunk))
          .as("malformed chunk %d", i)
          .isInstanceOf(MalformedChunkException.class);
    }
  }

  @Test
  void parseRejectsMalformedBodies() {
    byte[] ok = GroupWire.announcement(new RingId(7, 2), List.of("ab"));
    List<byte[]> bad =
        List.of(
            new byte[3],
            java.util.Arrays.copyOf(ok, ok.length - 1),
            java.util.Arrays.copyOf(ok, ok.length + 1),
            withInt(ok, 12, -1),
            withInt(ok, 12, 1000),
            withShort(ok, 16, 0),
            withShort(ok, 16, 3),
            withByte(ok, 18, 0xc3));
    for (byte[] body : bad) {
      assertThatThrownBy(() -> GroupWire.parseAnnouncement(body))
          .isInstanceOf(MalformedChunkException.class);
    }
    assertThatThrownBy(() -> GroupWire.parseJoinBody(new byte[7]))
        .isInstanceOf(MalformedChunkException.class);
  }

  static byte[] header(Kind kind, long id, int index, int count) {
    return ByteBuffer.allocate(GroupWire.HEADER)
        .put(GroupWire.MAGIC)
        .put(kind.code)
        .putLong(id)
        .putInt(index)
        .putInt(count)
        .array();
  }

  static byte[] withByte(byte[] b, int at, int value) {
    byte[] c = b.clone();
    c[at] = (byte) value;
    return c;
  }

  static byte[] withInt(byte[] b, int at, int value) {
    byte[] c = b.clone();
    ByteBuffer.wrap(c).putInt(at, value);
    return c;
  }

  static byte[] withShort(byte[] b, int at, int value) {
    byte[] c = b.clone();
    ByteBuffer.wrap(c).putShort(at, (short) value);
    return c;
  }
}
