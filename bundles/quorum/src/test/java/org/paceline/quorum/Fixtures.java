package org.paceline.quorum;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.paceline.api.config.AdminSettings;
import org.paceline.api.config.ClusterConfig;
import org.paceline.api.config.ClusterNode;
import org.paceline.api.config.LoggingConfig;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.config.NodeSettings;
import org.paceline.api.config.QuorumConfig;
import org.paceline.api.config.TotemConfig;

/** Configurations for the tests: a quorum section builder and nodelists. */
public final class Fixtures {

  private Fixtures() {}

  /** Nodes 1..count, one vote each. */
  public static List<ClusterNode> nodes(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(id -> node(id, 1)).toList();
  }

  /** Nodes 1..n with the given votes, in order. */
  public static List<ClusterNode> weighted(int... votes) {
    List<ClusterNode> nodes = new ArrayList<>();
    for (int i = 0; i < votes.length; i++) {
      nodes.add(node(i + 1, votes[i]));
    }
    return nodes;
  }

  public static ClusterNode node(int id, int votes) {
    return new ClusterNode(id, "n" + id, "10.0.0." + id, votes);
  }

  /** A quorum section with {@code provider: corosync_votequorum} and everything else default. */
  public static Quorum votequorum() {
    return new Quorum();
  }

  /** A node's whole configuration, as the launcher would register it. */
  public static NodeConfiguration nodeConfiguration(
      String name, List<ClusterNode> nodes, QuorumConfig quorum) {
    Path dir = Path.of("/tmp/paceline-quorum-test", name);
    TotemConfig totem =
        new TotemConfig(
            "c1",
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
        new ClusterConfig(totem, nodes, quorum, new LoggingConfig(false, null, true, false, true));
    NodeSettings settings =
        new NodeSettings(
            name,
            dir.resolve("state"),
            dir.resolve("deploy"),
            new AdminSettings("127.0.0.1", 0, dir.resolve("credential")));
    return new NodeConfiguration(dir, cluster, settings);
  }

  /** Builds a {@link QuorumConfig} the way the config reader resolves one. */
  public static final class Quorum {
    private String provider = QuorumRules.VOTEQUORUM;
    private int expectedVotes;
    private boolean twoNode;
    private Boolean waitForAll;
    private boolean lastManStanding;
    private Duration window = Duration.ofSeconds(10);
    private boolean autoTieBreaker;
    private String tieBreakerNode = "lowest";
    private List<Integer> tieBreakerIds = List.of();

    public Quorum noProvider() {
      return provider("");
    }

    public Quorum provider(String name) {
      provider = name;
      return this;
    }

    public Quorum expectedVotes(int votes) {
      expectedVotes = votes;
      return this;
    }

    /** {@code two_node: 1}; like the reader, it implies wait_for_all unless that is set. */
    public Quorum twoNode() {
      twoNode = true;
      return this;
    }

    public Quorum waitForAll(boolean on) {
      waitForAll = on;
      return this;
    }

    public Quorum lastManStanding(Duration window) {
      lastManStanding = true;
      this.window = window;
      return this;
    }

    /** {@code auto_tie_breaker: 1} with {@code auto_tie_breaker_node: lowest|highest}. */
    public Quorum autoTieBreaker(String node) {
      autoTieBreaker = true;
      tieBreakerNode = node;
      return this;
    }

    /** {@code auto_tie_breaker: 1} with a list of node ids. */
    public Quorum autoTieBreakerList(Integer... ids) {
      autoTieBreaker = true;
      tieBreakerNode = "list";
      tieBreakerIds = List.of(ids);
      return this;
    }

    public QuorumConfig build() {
      return new QuorumConfig(
          provider,
          expectedVotes,
          twoNode,
          waitForAll == null ? twoNode : waitForAll,
          lastManStanding,
          window,
          autoTieBreaker,
          tieBreakerNode,
          tieBreakerIds);
    }
  }
}
