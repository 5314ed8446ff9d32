package org.paceline.cib.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.paceline.api.ra.AgentId;
import org.paceline.api.ring.RingId;
import org.paceline.cib.crm.CrmParser;
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

class ReplicaWireTest {

  private final ReplicaWire wire = new ReplicaWire(new XmlCibCodec());

  private static final OperationRecord RECORD =
      new OperationRecord(
          "monitor",
          10_000,
          7,
          ExecStatus.DONE,
          42,
          1_700_000_000,
          12,
          Role.STARTED,
          "web_monitor_10000",
          "web_monitor_10000",
          "3:7:0:abc",
          "0:7;3:7:0:abc",
          "d41d8cd98f00b204e9800998ecf8427e",
          "not running",
          "n2",
          1_700_000_000,
          3,
          Map.of("x-custom", "1"));

  static List<CibChange> everyChange() {
    return List.of(
        new CibChange.ReplaceConfiguration(
            CrmParser.parse(
                "primitive web ocf:heartbeat:Dummy op monitor interval=10s\n"
                    + "property stonith-enabled=false\n")),
        new CibChange.ApplyCrm("primitive a Dummy\nprimitive b Dummy", true),
        new CibChange.DeleteObjects(List.of("a", "b"), true),
        new CibChange.SetNodeAttribute("n1", "standby", "on"),
        new CibChange.SetNodeAttribute("n1", "standby", null),
        new CibChange.RecordOperation("n2", "web", "ocf:heartbeat:Dummy", RECORD),
        new CibChange.SetTransientAttribute("n3", "master-db", "10"),
        new CibChange.SetTransientAttribute("n3", "master-db", null),
        new CibChange.SetResourceMeta("web", "target-role", "Stopped"),
        new CibChange.SetResourceMeta("web", "target-role", null),
        new CibChange.ClearHistory("web", null),
        new CibChange.ClearHistory("web", "n1"),
        new CibChange.RecordOperation("n2", "web", "ocf:heartbeat:Dummy", RECORD, true),
        new CibChange.SetNodeState("n2", "2", true, true, JoinState.MEMBER, "member"),
        new CibChange.SetNodeState("n3", null, false, false, JoinState.DOWN, "down"),
        new CibChange.NodeFenced("n3"),
        new CibChange.ReplaceNodeHistory("n2", List.of()),
        new CibChange.ReplaceNodeHistory(
            "n2",
            List.of(
                new ResourceHistory("web", List.of(RECORD), AgentId.parse("ocf:heartbeat:Dummy")),
                new ResourceHistory("db:1", List.of(RECORD, RECORD), null))));
  }

  @Test
  void everyMessageSurvivesTheRoundTrip() throws IOException {
    for (CibChange c : everyChange()) {
      Change m = new Change(2, 17, c);
      ReplicaMessage back = wire.decode(wire.encode(m));
      if (c instanceof CibChange.ReplaceConfiguration) {
        // property names come back in Pacemaker 3 spelling; the bytes must be stable
        assertThat(wire.encode(back)).isEqualTo(wire.encode(wire.decode(wire.encode(back))));
      } else {
        assertThat(back).isEqualTo(m);
      }
    }
    RoundKey round = new RoundKey(new RingId(12, 1), List.of(1, 2, 3));
    Offer offer = new Offer(round, new Versions(1, 2, 3), new byte[] {1, 2, 3});
    Offer offerBack = (Offer) wire.decode(wire.encode(offer));
    assertThat(offerBack.round()).isEqualTo(round);
    assertThat(offerBack.versions()).isEqualTo(offer.versions());
    assertThat(offerBack.digest()).containsExactly(1, 2, 3);
    SnapshotChunk chunk = new SnapshotChunk(round, 1, 3, new byte[] {9});
    SnapshotChunk chunkBack = (SnapshotChunk) wire.decode(wire.encode(chunk));
    assertThat(chunkBack.index()).isEqualTo(1);
    assertThat(chunkBack.data()).containsExactly(9);
  }

  @Test
  void truncatedMessagesAreRejectedWithAReason() {
    for (CibChange c : everyChange()) {
      byte[] whole = wire.encode(new Change(1, 1, c));
      for (int len = 0; len < whole.length; len++) {
        byte[] part = Arrays.copyOf(whole, len);
        assertThatThrownBy(() -> wire.decode(part))
            .as("%s cut to %d bytes", c.describe(), len)
            .isInstanceOf(IOException.class)
            .hasMessageNotContaining("null");
      }
    }
  }

  @Test
  void unknownVersionsTypesAndTrailingBytesAreRejected() {
    byte[] ok = wire.encode(new Change(1, 1, new CibChange.ClearHistory("web", null)));
    byte[] badVersion = ok.clone();
    badVersion[0] = 9;
    assertThatThrownBy(() -> wire.decode(badVersion)).hasMessageContaining("version 9");
    byte[] badType = ok.clone();
    badType[1] = 77;
    assertThatThrownBy(() -> wire.decode(badType)).hasMessageContaining("type 77");
    byte[] trailing = Arrays.copyOf(ok, ok.length + 2);
    assertThatThrownBy(() -> wire.decode(trailing)).hasMessageContaining("unexpected bytes");
  }

  @Test
  void randomGarbageNeverThrowsAnythingButIoException() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] junk = new byte[random.nextInt(64)];
      random.nextBytes(junk);
      if (junk.length > 0) {
        junk[0] = ReplicaWire.VERSION;
      }
      try {
        wire.decode(junk);
      } catch (IOException expected) {
        // fine: named and contained
      }
    }
  }
}
