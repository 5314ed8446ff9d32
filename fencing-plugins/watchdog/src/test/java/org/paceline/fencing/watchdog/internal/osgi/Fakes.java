package org.paceline.fencing.watchdog.internal.osgi;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.LoggingConfig;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.config.NodeSettings;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.config.TotemConfig;
import org.paceline.api.quorum.QuorumService;
import org.paceline.api.quorum.QuorumState;
import org.paceline.api.ring.RingId;
import org.paceline.cib.model.Cib;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibListener;
import org.paceline.cib.service.CibService;
import org.paceline.cib.service.ReplicaStatus;

/** Stand-ins for the services the components use. */
final class Fakes {

  private Fakes() {}

  private static final Path DIR = Path.of("/nonexistent/paceline-test");

  /** Node n1 of a three-node cluster (n1..n3, ids 1..3). */
  static NodeConfiguration node() {
    TotemConfig totem =
        new TotemConfig(
            "alpha",
            Duration.ofMillis(1000),
            Duration.ofMillis(650),
            Duration.ofMillis(1200),
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ZERO,
            17,
            50,
            1500,
            5405,
            "aes256",
            "sha256");
    ClusterConfig cluster =
        new ClusterConfig(
            totem,
            List.of(
                new ClusterNode(1, "n1", "127.0.0.1", 1),
                new ClusterNode(2, "n2", "127.0.0.2", 1),
                new ClusterNode(3, "n3", "127.0.0.3", 1)),
            new QuorumConfig(
                "votequorum",
                3,
                false,
                false,
                false,
                Duration.ofSeconds(10),
                false,
                "lowest",
                List.of()),
            new LoggingConfig(false, null, true, false, true));
    NodeSettings settings =
        new NodeSettings(
            "n1",
            DIR.resolve("state"),
            DIR.resolve("deploy"),
            new AdminSettings("127.0.0.1", 0, DIR.resolve("credential")));
    return new NodeConfiguration(DIR, cluster, settings);
  }

  static QuorumState state(boolean quorate, Integer... members) {
    return new QuorumState(new RingId(1, 1), quorate, List.of(members), members.length, 3, 2, "");
  }

  /** A quorum service whose state the test sets. */
  static final class Quorum implements QuorumService {
    final AtomicReference<QuorumState> state = new AtomicReference<>(state(true, 1, 2, 3));
    final List<Consumer<QuorumState>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public QuorumState current() {
      return state.get();
    }

    @Override
    public AutoCloseable addListener(Consumer<QuorumState> listener) {
      listeners.add(listener);
      listener.accept(state.get());
      return () -> listeners.remove(listener);
    }

    void set(QuorumState next) {
      state.set(next);
      listeners.forEach(l -> l.accept(next));
    }
  }

  /** A CIB service that only answers {@link #current()}. */
  static final class Replica implements CibService {
    final AtomicReference<Cib> cib = new AtomicReference<>(Cib.EMPTY);

    @Override
    public Cib current() {
      return cib.get();
    }

    @Override
    public ReplicaStatus status() {
      throw new UnsupportedOperationException("status");
    }

    @Override
    public CompletableFuture<Cib> propose(CibChange change, boolean force) {
      throw new UnsupportedOperationException("propose");
    }

    @Override
    public Cib preview(CibChange change) {
      throw new UnsupportedOperationException("preview");
    }

    @Override
    public AutoCloseable addListener(CibListener listener) {
      throw new UnsupportedOperationException("addListener");
    }
  }

  static SelfFencerComponent.Config config(String device) {
    return new SelfFencerComponent.Config() {
      @Override
      public Class<? extends Annotation> annotationType() {
        return SelfFencerComponent.Config.class;
      }

      @Override
      public String device() {
        return device;
      }
    };
  }
}
