package org.paceline.ring.group;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.paceline.api.ring.RingId;

/**
 * The group layer's chunk format. Every logical message (a group message, a join, a leave or an
 * announcement) is split into fragments, each sent as one ring chunk:
 *
 * <pre>
 * offset size  field
 *  0      1    magic 0x47 ('G')
 *  1      1    kind: 1 DATA, 2 JOIN, 3 LEAVE, 4 ANNOUNCE
 *  2      8    message id, local to the sender, increasing from 1
 * 10      4    fragment index, from 0
 * 14      4    fragment count, at least 1
 * first fragment (index 0) only:
 * 18      4    total body length, 0 to 1 MiB
 * 22      2    group name length n (1 to 255 for DATA, JOIN and LEAVE; 0 for ANNOUNCE)
 * 24      n    group name, UTF-8
 * then         the fragment's share of the body (every fragment but a lone one carries at least one
 *              byte, so the count is at most max(1, total))
 * </pre>
 *
 * <p>Bodies: DATA carries the application's message; JOIN and LEAVE carry the 8-byte join id that
 * names the local membership; ANNOUNCE carries the ring id it answers (8-byte seq, 4-byte
 * representative), a 4-byte group count and each group as a 2-byte length and UTF-8 bytes.
 *
 * <p>Decoding never throws anything but {@link MalformedChunkException}.
 */
final class GroupWire {

  static final byte MAGIC = 0x47;

  /** Magic, kind, message id, fragment index and fragment count. */
  static final int HEADER = 1 + 1 + 8 + 4 + 4;

  /** The header of a first fragment, before the group name. */
  static final int FIRST_HEADER = HEADER + 4 + 2;

  /** The longest group name, in UTF-8 bytes. */
  static final int MAX_NAME = 255;

  /** The largest body of any kind (the largest group message). */
  static final int MAX_BODY = 1 << 20;

  /** The smallest chunk that carries a first fragment with the longest name and one body byte. */
  static final int MIN_CHUNK = FIRST_HEADER + MAX_NAME + 1;

  private GroupWire() {}

  /** What a logical message is. */
  enum Kind {
    DATA(1),
    JOIN(2),
    LEAVE(3),
    ANNOUNCE(4);

    final byte code;

    Kind(int code) {
      this.code = (byte) code;
    }

    static Kind of(byte code) throws MalformedChunkException {
      return switch (code) {
        case 1 -> DATA;
        case 2 -> JOIN;
        case 3 -> LEAVE;
        case 4 -> ANNOUNCE;
        default -> throw new MalformedChunkException("unknown kind " + code);
      };
    }

    boolean named() {
      return this != ANNOUNCE;
    }
  }

  /** A chunk or body the group layer cannot read. */
  static final class MalformedChunkException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedChunkException(String message) {
      super(message);
    }
  }

  /**
   * One decoded fragment; its share of the body is {@code chunk[dataOffset..]}.
   *
   * @param totalLength the body's length (first fragment only, else -1)
   * @param group the group's name (first fragment of a named kind only, else null)
   */
  record Fragment(
      Kind kind,
      long messageId,
      int index,
      int count,
      int totalLength,
      String group,
      byte[] chunk,
      int dataOffset) {

    int dataLength() {
      return chunk.length - dataOffset;
    }
  }

  /** An announcement's content: the groups its sender has joined, for one ring. */
  record Announcement(RingId ring, List<String> groups) {
    Announcement {
      groups = List.copyOf(groups);
    }
  }

  /** The UTF-8 bytes of a group name; rejects empty and over-long names. */
  static byte[] nameBytes(String group) {
    byte[] b = group.getBytes(StandardCharsets.UTF_8);
    if (b.length == 0 || b.length > MAX_NAME) {
      throw new IllegalArgumentException(
          "group name must be 1 to " + MAX_NAME + " UTF-8 bytes: '" + group + "'");
    }
    return b;
  }

  /**
   * Splits a message into chunks of at most {@code maxChunk} bytes.
   *
   * @param group the group's name, or null for an announcement
   */
  static List<byte[]> split(Kind kind, long messageId, String group, byte[] body, int maxChunk) {
    if (maxChunk < MIN_CHUNK) {
      throw new IllegalArgumentException("chunks of " + maxChunk + " bytes are too small");
    }
    if (body.length > MAX_BODY) {
      throw new IllegalArgumentException("body of " + body.length + " bytes exceeds " + MAX_BODY);
    }
    byte[] name = group == null ? new byte[0] : nameBytes(group);
    int firstRoom = maxChunk - FIRST_HEADER - name.length;
    int room = maxChunk - HEADER;
    int count = body.length <= firstRoom ? 1 : 1 + ceilDiv(body.length - firstRoom, room);
    List<byte[]> out = new ArrayList<>(count);
    int pos = Math.min(body.length, firstRoom);
    ByteBuffer first = ByteBuffer.allocate(FIRST_HEADER + name.length + pos);
    header(first, kind, messageId, 0, count);
    first.putInt(body.length).putShort((short) name.length).put(name).put(body, 0, pos);
    out.add(first.array());
    for (int i = 1; i < count; i++) {
      int n = Math.min(room, body.length - pos);
      ByteBuffer b = ByteBuffer.allocate(HEADER + n);
      header(b, kind, messageId, i, count);
      b.put(body, pos, n);
      pos += n;
      out.add(b.array());
    }
    return out;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static void header(ByteBuffer b, Kind kind, long messageId, int index, int count) {
    b.put(MAGIC).put(kind.code).putLong(messageId).putInt(index).putInt(count);
  }

  /** Reads one chunk's header; checks every length and count. */
  static Fragment decode(byte[] chunk) throws MalformedChunkException {
    if (chunk.length < HEADER) {
      throw new MalformedChunkException("chunk of " + chunk.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(chunk);
    if (b.get() != MAGIC) {
      throw new MalformedChunkException("bad magic");
    }
    Kind kind = Kind.of(b.get());
    long messageId = b.getLong();
    int index = b.getInt();
    int count = b.getInt();
    if (count < 1 || index < 0 || index >= count) {
      throw new MalformedChunkException("fragment " + index + " of " + count);
    }
    if (index > 0) {
      if (chunk.length == HEADER) {
        throw new MalformedChunkException("empty fragment " + index);
      }
      return new Fragment(kind, messageId, index, count, -1, null, chunk, HEADER);
    }
    if (chunk.length < FIRST_HEADER) {
      throw new MalformedChunkException("first fragment of " + chunk.length + " bytes");
    }
    int total = b.getInt();
    int nameLength = Short.toUnsignedInt(b.getShort());
    if (total < 0 || total > MAX_BODY) {
      throw new MalformedChunkException("message of " + total + " bytes");
    }
    if (count > Math.max(1, total)) {
      throw new MalformedChunkException(count + " fragments for " + total + " bytes");
    }
    if (kind.named() ? nameLength < 1 || nameLength > MAX_NAME : nameLength != 0) {
      throw new MalformedChunkException("group name of " + nameLength + " bytes for " + kind);
    }
    int dataOffset = FIRST_HEADER + nameLength;
    if (chunk.length < dataOffset || chunk.length - dataOffset > total) {
      throw new MalformedChunkException("first fragment of " + chunk.length + " bytes");
    }
    if (count > 1 && chunk.length == dataOffset) {
      throw new MalformedChunkException("empty first fragment");
    }
    String group = nameLength == 0 ? null : utf8(chunk, FIRST_HEADER, nameLength);
    return new Fragment(kind, messageId, 0, count, total, group, chunk, dataOffset);
  }

  private static String utf8(byte[] bytes, int offset, int length) throws MalformedChunkException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedChunkException("group name is not UTF-8");
    }
  }

  /** The body of a JOIN or LEAVE. */
  static byte[] joinBody(long joinId) {
    return ByteBuffer.allocate(8).putLong(joinId).array();
  }

  static long parseJoinBody(byte[] body) throws MalformedChunkException {
    if (body.length != 8) {
      throw new MalformedChunkException("join or leave body of " + body.length + " bytes");
    }
    return ByteBuffer.wrap(body).getLong();
  }

  /** The body of an ANNOUNCE. */
  static byte[] announcement(RingId ring, Collection<String> groups) {
    List<byte[]> names = groups.stream().map(GroupWire::nameBytes).toList();
    int size = 8 + 4 + 4 + names.stream().mapToInt(n -> 2 + n.length).sum();
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putLong(ring.seq()).putInt(ring.representative()).putInt(names.size());
    for (byte[] n : names) {
      b.putShort((short) n.length).put(n);
    }
    return b.array();
  }

  static Announcement parseAnnouncement(byte[] body) throws MalformedChunkException {
    try {
      ByteBuffer b = ByteBuffer.wrap(body);
      RingId ring = new RingId(b.getLong(), b.getInt());
      int n = b.getInt();
      if (n < 0 || n > body.length / 3) {
        throw new MalformedChunkException("announcement of " + n + " groups");
      }
      List<String> groups = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int length = Short.toUnsignedInt(b.getShort());
        if (length < 1 || length > MAX_NAME || length > b.remaining()) {
          throw new MalformedChunkException("announced group name of " + length + " bytes");
        }
        groups.add(utf8(body, b.position(), length));
        b.position(b.position() + length);
      }
      if (b.hasRemaining()) {
        throw new MalformedChunkException(b.remaining() + " bytes after the announcement");
      }
      return new Announcement(ring, groups);
    } catch (BufferUnderflowException e) {
      throw new MalformedChunkException("truncated announcement");
    }
  }
}
