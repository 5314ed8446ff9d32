package org.paceline.cib.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.ring.GroupChannel;
import org.paceline.cib.model.Cib;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibChangeException;
import org.paceline.cib.service.ReplicaStatus;
import org.paceline.cib.store.CibStore;

/**
 * Three replicas on a real in-process ring (UDP on loopback, AES-GCM): concurrent changes from all
 * nodes converge to byte-identical CIBs; a node that restarts, or that was cut off, catches up; a
 * partition without quorum refuses configuration changes.
 */
class CibReplicationTest {

  @TempDir Path dir;

  private RingFixture ring;
  private final Replica[] replicas = new Replica[4];

  /** One node: its ring channel, store and replica. */
  private final class Replica implements AutoCloseable {
    final int id;
    final GroupChannel channel;
    final CibStore store;
    final CibReplica replica;

    Replica(int id) throws IOException {
      this.id = id;
      channel = ring.start(id);
      XmlCibCodec codec = new XmlCibCodec();
      store = new CibStore(dir.resolve("n" + id).resolve("cib"), codec, "n" + id);
      Cib initial = store.load().orElse(Cib.EMPTY);
      replica =
          new CibReplica(
              "n" + id,
              initial,
              codec,
              new ModelChangeApplier(),
              () -> channel.currentView().members().size() >= 2,
              store::save);
      replica.connect(channel, "cib");
    }

    @Override
    public void close() {
      replica.close();
      store.close();
      ring.stop(id);
    }
  }

  private void start(int id) throws IOException {
    replicas[id] = new Replica(id);
  }

  private void stop(int id) {
    replicas[id].close();
    replicas[id] = null;
  }

  @AfterEach
  void tearDown() {
    for (int i = 1; i < replicas.length; i++) {
      if (replicas[i] != null) {
        stop(i);
      }
    }
    if (ring != null) {
      ring.close();
    }
  }

  private void startCluster(int... ids) throws IOException {
    ring = new RingFixture(dir, 3);
    for (int id : ids) {
      start(id);
    }
    awaitSynced(ids);
  }

  private void awaitSynced(int... ids) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (int id : ids) {
                ReplicaStatus s = replicas[id].replica.status();
                assertThat(s.synced()).as("n%d synced", id).isTrue();
                assertThat(s.members()).as("n%d members", id).hasSize(ids.length);
              }
            });
  }

  private void awaitIdentical(int... ids) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              ReplicaStatus first = replicas[ids[0]].replica.status();
              for (int id : ids) {
                ReplicaStatus s = replicas[id].replica.status();
                assertThat(s.synced()).as("n%d synced", id).isTrue();
                assertThat(s.versions()).as("n%d versions", id).isEqualTo(first.versions());
                assertThat(s.digest()).as("n%d digest", id).isEqualTo(first.digest());
              }
            });
  }

  private static Cib get(CompletableFuture<Cib> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private CompletableFuture<Cib> crm(int node, String statement) {
    return replicas[node].replica.propose(new CibChange.ApplyCrm(statement, false), false);
  }

  private CompletableFuture<Cib> attr(int node, String name, String value) {
    return replicas[node].replica.propose(
        new CibChange.SetTransientAttribute("n" + node, name, value), false);
  }

  @Test
  void concurrentChangesFromAllNodesConvergeByteForByte() throws Exception {
    startCluster(1, 2, 3);
    List<CompletableFuture<Cib>> all = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      for (int n = 1; n <= 3; n++) {
        all.add(crm(n, "primitive r" + n + "_" + i + " ocf:heartbeat:Dummy"));
        all.add(attr(n, "a" + i, Integer.toString(i)));
        all.add(attr(n, "shared", n + "-" + i));
      }
    }
    for (CompletableFuture<Cib> f : all) {
      get(f);
    }
    awaitIdentical(1, 2, 3);
    Cib cib = replicas[1].replica.current();
    assertThat(cib.configuration().allResources()).hasSize(360);
    assertThat(cib.versions().epoch()).isEqualTo(360);
    for (int i = 1; i <= 3; i++) {
      assertThat(replicas[i].store.flush(Duration.ofSeconds(30))).isTrue();
    }
  }

  @Test
  void aRefusedChangeIsRefusedEverywhereAndChangesNothing() throws Exception {
    startCluster(1, 2, 3);
    get(crm(1, "primitive web ocf:heartbeat:Dummy"));
    assertThatThrownBy(() -> get(crm(2, "primitive web ocf:heartbeat:Dummy")))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(CibChangeException.class)
        .cause()
        .hasMessageContaining("web");
    assertThatThrownBy(() -> get(crm(3, "primitive broken ocf:heartbeat:")))
        .hasCauseInstanceOf(CibChangeException.class);
    awaitIdentical(1, 2, 3);
    assertThat(replicas[3].replica.current().versions().epoch()).isEqualTo(1);
  }

  @Test
  void aRestartedNodeCatchesUpFromItsFileAndTheOthers() throws Exception {
    startCluster(1, 2, 3);
    get(crm(1, "primitive before ocf:heartbeat:Dummy"));
    awaitIdentical(1, 2, 3);
    assertThat(replicas[3].store.flush(Duration.ofSeconds(30))).isTrue();
    stop(3);
    awaitSynced(1, 2);
    for (int i = 0; i < 20; i++) {
      get(crm(1 + i % 2, "primitive while" + i + " ocf:heartbeat:Dummy"));
    }
    start(3);
    assertThat(replicas[3].replica.current().configuration().resource("before")).isPresent();
    awaitIdentical(1, 2, 3);
    assertThat(replicas[3].replica.current().configuration().resource("while19")).isPresent();
  }

  @Test
  void aNodeWithAnEmptyStateDirectoryAdoptsTheClusterCib() throws Exception {
    startCluster(1, 2);
    get(crm(1, "primitive early ocf:heartbeat:Dummy"));
    start(3);
    awaitIdentical(1, 2, 3);
    assertThat(replicas[3].replica.current().configuration().resource("early")).isPresent();
  }

  @Test
  void theMinorityRefusesConfigurationAndAdoptsTheMajorityAfterTheHeal() throws Exception {
    startCluster(1, 2, 3);
    get(crm(1, "primitive base ocf:heartbeat:Dummy"));
    awaitIdentical(1, 2, 3);
    ring.cut(3, Set.of(1, 2));
    ring.cut(1, Set.of(3));
    ring.cut(2, Set.of(3));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> replicas[3].channel.currentView().members().size() == 1);
    awaitSynced(1, 2);
    assertThatThrownBy(() -> get(crm(3, "primitive lost ocf:heartbeat:Dummy")))
        .hasCauseInstanceOf(CibChangeException.class)
        .cause()
        .hasMessageContaining("no quorum");
    get(attr(3, "minority", "yes")); // status always flows
    get(crm(1, "primitive majority ocf:heartbeat:Dummy"));
    for (int i = 1; i <= 3; i++) {
      ring.heal(i);
    }
    awaitIdentical(1, 2, 3);
    Cib cib = replicas[3].replica.current();
    assertThat(cib.configuration().resource("majority")).isPresent();
    assertThat(cib.configuration().resource("lost")).isEmpty();
  }

  @Test
  void forceAppliesAConfigurationChangeWithoutQuorum() throws Exception {
    startCluster(1);
    Cib after =
        get(
            replicas[1].replica.propose(
                new CibChange.ApplyCrm("primitive forced ocf:heartbeat:Dummy", false), true));
    assertThat(after.configuration().resource("forced")).isPresent();
  }
}
