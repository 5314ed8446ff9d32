package org.paceline.ring.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.paceline.ring.group.GroupWire.Kind;
import org.paceline.ring.layer.Counters;

class ReassemblerTest {

  private static final int CHUNK = GroupWire.MIN_CHUNK + 20;

  private final Counters counters = new Counters();
  private final Reassembler reassembler = new Reassembler(1, counters);

  private static byte[] body(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private static List<byte[]> split(long id, byte[] body) {
    return GroupWire.split(Kind.DATA, id, "g", body, CHUNK);
  }

  /** Feeds all but the last chunk, asserting nothing completes; returns the last result. */
  private Reassembler.Message feed(int sender, List<byte[]> chunks) {
    for (int i = 0; i < chunks.size() - 1; i++) {
      assertThat(reassembler.accept(sender, chunks.get(i))).isNull();
    }
    return reassembler.accept(sender, chunks.get(chunks.size() - 1));
  }

  @Test
  void interleavedSendersEachGetTheirMessageWhole() {
    byte[] a = body(5000);
    byte[] b = body(3000);
    List<byte[]> ca = split(1, a);
    List<byte[]> cb = split(1, b);
    Reassembler.Message done = null;
    int i = 0;
    int j = 0;
    List<Reassembler.Message> out = new java.util.ArrayList<>();
    while (i < ca.size() || j < cb.size()) {
      if (i < ca.size()) {
        done = reassembler.accept(2, ca.get(i++));
        if (done != null) {
          out.add(done);
        }
      }
      if (j < cb.size()) {
        done = reassembler.accept(3, cb.get(j++));
        if (done != null) {
          out.add(done);
        }
      }
    }
    assertThat(out).hasSize(2);
    assertThat(out.get(0).sender()).isEqualTo(3);
    assertThat(out.get(0).body()).isEqualTo(b);
    assertThat(out.get(1).sender()).isEqualTo(2);
    assertThat(out.get(1).body()).isEqualTo(a);
    assertThat(out.get(1).group()).isEqualTo("g");
    assertThat(counters.snapshot()).isEmpty();
  }

  @Test
  void anEmptyMessageIsOneFragment() {
    Reassembler.Message m = reassembler.accept(2, split(1, new byte[0]).get(0));
    assertThat(m.body()).isEmpty();
  }

  @Test
  void aNewMessageReplacesAnUnfinishedOne() {
    List<byte[]> first = split(1, body(2000));
    reassembler.accept(2, first.get(0));
    reassembler.accept(2, first.get(1));
    byte[] second = body(900);
    assertThat(feed(2, split(2, second)).body()).isEqualTo(second);
    assertThat(counters.get(Reassembler.PARTIALS_DISCARDED)).isEqualTo(1);
  }

  @Test
  void outOfSequenceFragmentsAreMalformedAndDropTheMessage() {
    List<byte[]> chunks = split(1, body(2000));
    reassembler.accept(2, chunks.get(0));
    assertThat(reassembler.accept(2, chunks.get(2))).isNull(); // skipped one
    assertThat(reassembler.partialSenders()).isEmpty();
    assertThat(reassembler.accept(2, chunks.get(1))).isNull(); // now an orphan
    List<byte[]> other = split(9, body(2000));
    reassembler.accept(2, chunks.get(0));
    assertThat(reassembler.accept(2, other.get(1))).isNull(); // another message's fragment
    assertThat(counters.get(Reassembler.MALFORMED)).isEqualTo(2);
    assertThat(counters.get(Reassembler.ORPHANS)).isEqualTo(1);
  }

  @Test
  void fragmentsBeyondTheAnnouncedLengthAreMalformed() {
    List<byte[]> chunks = split(1, body(700));
    byte[] longer = split(1, body(2000)).get(2); // full-size fragment 2 of a longer message
    byte[] relabeled = GroupWireTest.withInt(longer, 14, chunks.size());
    reassembler.accept(2, chunks.get(0));
    reassembler.accept(2, chunks.get(1));
    assertThat(reassembler.accept(2, relabeled)).isNull();
    assertThat(counters.get(Reassembler.MALFORMED)).isEqualTo(1);
  }

  @Test
  void aMessageShorterThanAnnouncedIsMalformed() {
    byte[] only = split(1, body(10)).get(0);
    byte[] claimsMore = GroupWireTest.withInt(GroupWireTest.withInt(only, 18, 20), 14, 2);
    byte[] header = GroupWireTest.header(Kind.DATA, 1, 1, 2);
    byte[] tail = java.util.Arrays.copyOf(header, header.length + 3); // 10 + 3 bytes, not 20
    assertThat(reassembler.accept(2, claimsMore)).isNull();
    assertThat(reassembler.accept(2, tail)).isNull();
    assertThat(counters.get(Reassembler.MALFORMED)).isEqualTo(1);
    assertThat(reassembler.partialSenders()).isEmpty();
  }

  @Test
  void retainSendersDropsOnlyDepartedSendersPartials() {
    byte[] a = body(2000);
    List<byte[]> ca = split(1, a);
    List<byte[]> cb = split(1, body(2000));
    reassembler.accept(2, ca.get(0));
    reassembler.accept(3, cb.get(0));
    assertThat(reassembler.partialSenders()).containsExactlyInAnyOrder(2, 3);
    assertThat(reassembler.retainSenders(List.of(1, 2))).isEqualTo(1);
    assertThat(reassembler.partialSenders()).containsExactly(2);
    assertThat(feed(2, ca.subList(1, ca.size())).body()).isEqualTo(a);
    assertThat(reassembler.accept(3, cb.get(1))).isNull();
    assertThat(counters.get(Reassembler.PARTIALS_DISCARDED)).isEqualTo(1);
    assertThat(counters.get(Reassembler.ORPHANS)).isEqualTo(1);
  }
}
