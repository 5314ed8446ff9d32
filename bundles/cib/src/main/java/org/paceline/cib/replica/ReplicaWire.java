package org.paceline.cib.replica;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ring.RingId;
import org.paceline.cib.model.ExecStatus;
import org.paceline.cib.model.JoinState;
import org.paceline.cib.model.OperationRecord;
import org.paceline.cib.model.ResourceHistory;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Versions;
import org.paceline.cib.replica.ReplicaMessage.Change;
import org.paceline.cib.replica.ReplicaMessage.Offer;
import org.paceline.cib.replica.ReplicaMessage.RoundKey;
import org.paceline.cib.replica.ReplicaMessage.SnapshotChunk;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibChange.ApplyCrm;
import org.paceline.cib.service.CibChange.ClearHistory;
import org.paceline.cib.service.CibChange.DeleteObjects;
import org.paceline.cib.service.CibChange.NodeFenced;
import org.paceline.cib.service.CibChange.RecordOperation;
import org.paceline.cib.service.CibChange.ReplaceConfiguration;
import org.paceline.cib.service.CibChange.ReplaceNodeHistory;
import org.paceline.cib.service.CibChange.SetNodeAttribute;
import org.paceline.cib.service.CibChange.SetNodeState;
import org.paceline.cib.service.CibChange.SetResourceMeta;
import org.paceline.cib.service.CibChange.SetTransientAttribute;

/**
 * The binary form of {@link ReplicaMessage}s: a version byte, a type byte, then the fields in order
 * (strings as length-prefixed UTF-8, null as length -1). A configuration travels in the codec's
 * canonical form. Decoding checks every length and value and throws {@link IOException} naming what
 * is wrong; it never trusts a length to allocate.
 */
final class ReplicaWire {

  static final byte VERSION = 1;
  private static final byte CHANGE = 1;
  private static final byte OFFER = 2;
  private static final byte SNAPSHOT = 3;

  private static final byte REPLACE = 1;
  private static final byte APPLY_CRM = 2;
  private static final byte DELETE = 3;
  private static final byte NODE_ATTR = 4;
  private static final byte RECORD_OP = 5;
  private static final byte TRANSIENT = 6;
  private static final byte CLEAR = 7;
  private static final byte RESOURCE_META = 8;
  private static final byte RECORD_FAILURE = 9;
  private static final byte NODE_STATE = 10;
  private static final byte NODE_FENCED = 11;
  private static final byte NODE_HISTORY = 12;

  private static final int MAX_LIST = 1 << 16;

  private final CibCodec codec;

  ReplicaWire(CibCodec codec) {
    this.codec = codec;
  }

  byte[] encode(ReplicaMessage m) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      if (m instanceof Change c) {
        out.writeByte(CHANGE);
        out.writeInt(c.origin());
        out.writeLong(c.request());
        writeChange(out, c.change());
      } else if (m instanceof Offer o) {
        out.writeByte(OFFER);
        writeRound(out, o.round());
        writeVersions(out, o.versions());
        writeBytes(out, o.digest());
      } else if (m instanceof SnapshotChunk s) {
        out.writeByte(SNAPSHOT);
        writeRound(out, s.round());
        out.writeInt(s.index());
        out.writeInt(s.count());
        writeBytes(out, s.data());
      } else {
        throw new IllegalArgumentException("unknown message " + m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  ReplicaMessage decode(byte[] message) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
    try {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IOException(
            "unknown cib message version " + version + " (expected " + VERSION + ")");
      }
      int type = in.readUnsignedByte();
      ReplicaMessage m =
          switch (type) {
            case CHANGE -> new Change(in.readInt(), in.readLong(), readChange(in));
            case OFFER -> new Offer(readRound(in), readVersions(in), readBytes(in));
            case SNAPSHOT ->
                new SnapshotChunk(readRound(in), in.readInt(), in.readInt(), readBytes(in));
            default -> throw new IOException("unknown cib message type " + type);
          };
      if (in.available() != 0) {
        throw new IOException(
            in.available() + " unexpected bytes after a cib message of type " + type);
      }
      return m;
    } catch (EOFException e) {
      throw new IOException("truncated cib message (" + message.length + " bytes)", e);
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid cib message: " + e.getMessage(), e);
    }
  }

  private void writeChange(DataOutputStream out, CibChange change) throws IOException {
    if (change instanceof ReplaceConfiguration r) {
      out.writeByte(REPLACE);
      writeBytes(out, codec.encodeConfiguration(r.configuration()));
    } else if (change instanceof ApplyCrm a) {
      out.writeByte(APPLY_CRM);
      writeString(out, a.statements());
      out.writeBoolean(a.replace());
    } else if (change instanceof DeleteObjects d) {
      out.writeByte(DELETE);
      out.writeInt(d.ids().size());
      for (String id : d.ids()) {
        writeString(out, id);
      }
      out.writeBoolean(d.force());
    } else if (change instanceof SetNodeAttribute n) {
      out.writeByte(NODE_ATTR);
      writeString(out, n.node());
      writeString(out, n.name());
      writeString(out, n.value());
    } else if (change instanceof RecordOperation r) {
      out.writeByte(r.countFailure() ? RECORD_FAILURE : RECORD_OP);
      writeString(out, r.node());
      writeString(out, r.resource());
      writeString(out, r.agent());
      writeRecord(out, r.record());
    } else if (change instanceof SetNodeState n) {
      out.writeByte(NODE_STATE);
      writeString(out, n.node());
      writeString(out, n.id());
      out.writeBoolean(n.inCcm());
      out.writeBoolean(n.crmdOnline());
      writeString(out, n.join().name());
      writeString(out, n.expected());
    } else if (change instanceof NodeFenced f) {
      out.writeByte(NODE_FENCED);
      writeString(out, f.node());
    } else if (change instanceof ReplaceNodeHistory h) {
      out.writeByte(NODE_HISTORY);
      writeString(out, h.node());
      out.writeInt(h.resources().size());
      for (ResourceHistory rh : h.resources()) {
        writeString(out, rh.resource());
        writeString(out, rh.agent() == null ? null : rh.agent().toString());
        out.writeInt(rh.operations().size());
        for (OperationRecord o : rh.operations()) {
          writeRecord(out, o);
        }
      }
    } else if (change instanceof SetTransientAttribute t) {
      out.writeByte(TRANSIENT);
      writeString(out, t.node());
      writeString(out, t.name());
      writeString(out, t.value());
    } else if (change instanceof SetResourceMeta m) {
      out.writeByte(RESOURCE_META);
      writeString(out, m.resource());
      writeString(out, m.name());
      writeString(out, m.value());
    } else if (change instanceof ClearHistory c) {
      out.writeByte(CLEAR);
      writeString(out, c.resource());
      writeString(out, c.node());
    } else {
      throw new IllegalArgumentException("unknown change " + change);
    }
  }

  private CibChange readChange(DataInputStream in) throws IOException {
    int kind = in.readUnsignedByte();
    return switch (kind) {
      case REPLACE -> new ReplaceConfiguration(codec.decodeConfiguration(readBytes(in)));
      case APPLY_CRM -> new ApplyCrm(required(readString(in), "statements"), in.readBoolean());
      case DELETE -> {
        int n = in.readInt();
        if (n < 1 || n > MAX_LIST) {
          throw new IOException("delete with " + n + " ids");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          ids.add(required(readString(in), "id"));
        }
        yield new DeleteObjects(ids, in.readBoolean());
      }
      case NODE_ATTR ->
          new SetNodeAttribute(
              required(readString(in), "node"), required(readString(in), "name"), readString(in));
      case RECORD_OP, RECORD_FAILURE -> {
        String node = required(readString(in), "node");
        String resource = required(readString(in), "resource");
        String agent = required(readString(in), "agent");
        yield new RecordOperation(node, resource, agent, readRecord(in), kind == RECORD_FAILURE);
      }
      case NODE_STATE ->
          new SetNodeState(
              required(readString(in), "node"),
              readString(in),
              in.readBoolean(),
              in.readBoolean(),
              JoinState.valueOf(required(readString(in), "join")),
              required(readString(in), "expected"));
      case NODE_FENCED -> new NodeFenced(required(readString(in), "node"));
      case NODE_HISTORY -> {
        String node = required(readString(in), "node");
        int n = in.readInt();
        if (n < 0 || n > MAX_LIST) {
          throw new IOException("node history with " + n + " resources");
        }
        List<ResourceHistory> resources = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          String rsc = required(readString(in), "resource");
          String agent = readString(in);
          int ops = in.readInt();
          if (ops < 0 || ops > MAX_LIST) {
            throw new IOException("resource history with " + ops + " operations");
          }
          List<OperationRecord> records = new ArrayList<>(ops);
          for (int j = 0; j < ops; j++) {
            records.add(readRecord(in));
          }
          resources.add(
              new ResourceHistory(rsc, records, agent == null ? null : AgentId.parse(agent)));
        }
        yield new ReplaceNodeHistory(node, resources);
      }
      case TRANSIENT ->
          new SetTransientAttribute(
              required(readString(in), "node"), required(readString(in), "name"), readString(in));
      case CLEAR -> new ClearHistory(required(readString(in), "resource"), readString(in));
      case RESOURCE_META ->
          new SetResourceMeta(
              required(readString(in), "resource"),
              required(readString(in), "name"),
              readString(in));
      default -> throw new IOException("unknown cib change kind " + kind);
    };
  }

  private void writeRecord(DataOutputStream out, OperationRecord o) throws IOException {
    writeString(out, o.operation());
    out.writeLong(o.intervalMs());
    out.writeInt(o.rc());
    writeString(out, o.status().name());
    out.writeLong(o.callId());
    out.writeLong(o.lastRcChange());
    out.writeLong(o.execTimeMs());
    writeString(out, o.targetRole() == null ? null : o.targetRole().name());
    writeString(out, o.id());
    writeString(out, o.operationKey());
    writeString(out, o.transitionKey());
    writeString(out, o.transitionMagic());
    writeString(out, o.opDigest());
    writeString(out, o.exitReason());
    writeString(out, o.onNode());
    out.writeLong(o.lastRun());
    out.writeLong(o.queueTimeMs());
    writeMap(out, o.extra());
  }

  private OperationRecord readRecord(DataInputStream in) throws IOException {
    String op = required(readString(in), "operation");
    long interval = in.readLong();
    int rc = in.readInt();
    ExecStatus status = ExecStatus.valueOf(required(readString(in), "op-status"));
    long callId = in.readLong();
    long lastRcChange = in.readLong();
    long execTime = in.readLong();
    String role = readString(in);
    return new OperationRecord(
        op,
        interval,
        rc,
        status,
        callId,
        lastRcChange,
        execTime,
        role == null ? null : Role.valueOf(role),
        readString(in),
        readString(in),
        readString(in),
        readString(in),
        readString(in),
        readString(in),
        readString(in),
        in.readLong(),
        in.readLong(),
        readMap(in));
  }

  private static String required(String s, String what) throws IOException {
    if (s == null) {
      throw new IOException("cib change without " + what);
    }
    return s;
  }

  private static void writeRound(DataOutputStream out, RoundKey k) throws IOException {
    out.writeLong(k.ring().seq());
    out.writeInt(k.ring().representative());
    out.writeInt(k.members().size());
    for (int m : k.members()) {
      out.writeInt(m);
    }
  }

  private static RoundKey readRound(DataInputStream in) throws IOException {
    RingId ring = new RingId(in.readLong(), in.readInt());
    int n = in.readInt();
    if (n < 0 || n > MAX_LIST) {
      throw new IOException("round with " + n + " members");
    }
    List<Integer> members = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      members.add(in.readInt());
    }
    return new RoundKey(ring, members);
  }

  private static void writeVersions(DataOutputStream out, Versions v) throws IOException {
    out.writeLong(v.adminEpoch());
    out.writeLong(v.epoch());
    out.writeLong(v.numUpdates());
  }

  private static Versions readVersions(DataInputStream in) throws IOException {
    return new Versions(in.readLong(), in.readLong(), in.readLong());
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
    if (n < 0 || n > MAX_LIST) {
      throw new IOException("map with " + n + " entries");
    }
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      map.put(required(readString(in), "key"), required(readString(in), "value"));
    }
    return map;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    return new String(readBytesOfLength(in, n), StandardCharsets.UTF_8);
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    return readBytesOfLength(in, in.readInt());
  }

  private static byte[] readBytesOfLength(DataInputStream in, int n) throws IOException {
    if (n < 0 || n > in.available()) {
      throw new IOException("field length " + n + " but only " + in.available() + " bytes left");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
