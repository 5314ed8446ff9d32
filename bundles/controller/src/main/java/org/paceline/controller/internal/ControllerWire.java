package org.paceline.controller.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The messages of the ring group {@code controller}, in a versioned binary form: an {@link
 * ActionRequest} from the DC to the node that runs it, and {@link
 * ControllerMessage.HistoryUploaded} from each node after a view change. Results do not travel
 * here: the node records them in the CIB status, which every node sees in the same order.
 */
final class ControllerWire {

  static final byte VERSION = 1;
  private static final byte EXECUTE = 1;
  private static final byte UPLOADED = 2;
  private static final byte FENCING = 3;
  private static final int MAX_STRING = 1 << 20;
  private static final int MAX_ENTRIES = 4096;

  private ControllerWire() {}

  static byte[] encode(ControllerMessage m) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      if (m instanceof ControllerMessage.FencingResult f) {
        out.writeByte(FENCING);
        writeMap(out, f.record());
        return finish(out, bytes);
      }
      if (m instanceof ControllerMessage.HistoryUploaded u) {
        out.writeByte(UPLOADED);
        writeString(out, u.node());
        out.writeLong(u.ringSeq());
        out.writeInt(u.ringRepresentative());
        return finish(out, bytes);
      }
      ActionRequest r = (ActionRequest) m;
      out.writeByte(EXECUTE);
      writeString(out, r.transitionKey());
      writeString(out, r.node());
      writeString(out, r.resource());
      writeString(out, r.agent());
      writeString(out, r.task());
      out.writeLong(r.intervalMs());
      out.writeLong(r.timeoutMs());
      out.writeInt(r.expectedRc());
      writeMap(out, r.params());
      writeMap(out, r.meta());
      return finish(out, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] finish(DataOutputStream out, ByteArrayOutputStream bytes)
      throws IOException {
    out.flush();
    return bytes.toByteArray();
  }

  /**
   * Reads one message.
   *
   * @throws IOException naming what is wrong with a malformed or foreign message
   */
  static ControllerMessage decode(byte[] message) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
    try {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IOException("controller message version " + version + ", expected " + VERSION);
      }
      int kind = in.readUnsignedByte();
      ControllerMessage r;
      if (kind == FENCING) {
        r = new ControllerMessage.FencingResult(readMap(in));
      } else if (kind == UPLOADED) {
        r = new ControllerMessage.HistoryUploaded(readString(in), in.readLong(), in.readInt());
      } else if (kind != EXECUTE) {
        throw new IOException("unknown controller message kind " + kind);
      } else {
        r =
            new ActionRequest(
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                in.readLong(),
                in.readLong(),
                in.readInt(),
                readMap(in),
                readMap(in));
      }
      if (in.available() > 0) {
        throw new IOException(in.available() + " stray bytes after a controller message");
      }
      return r;
    } catch (EOFException e) {
      throw new IOException("truncated controller message", e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IOException("invalid controller message: " + e.getMessage(), e);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_STRING || n > in.available()) {
      throw new IOException("string of " + n + " bytes in a controller message");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
  }

  private static Map<String, String> readMap(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_ENTRIES) {
      throw new IOException("map of " + n + " entries in a controller message");
    }
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      map.put(readString(in), readString(in));
    }
    return map;
  }
}
