package org.paceline.api.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The ring's settings, from corosync.conf's {@code totem} section (Corosync's names and meaning).
 *
 * @param clusterName {@code cluster_name}
 * @param token {@code token}: how long without the token before a node declares it lost
 * @param tokenCoefficient {@code token_coefficient}: added to {@code token} per node beyond two
 * @param consensus {@code consensus}: how long to wait for consensus before a new round of
 *     membership (Corosync's default: 1.2 × token)
 * @param join {@code join}: how long to wait for join messages in membership
 * @param merge {@code merge}: how often to look for other partitions to merge with
 * @param sendJoin {@code send_join}: random delay before sending a join (0: none)
 * @param maxMessages {@code max_messages}: most messages a node sends per token visit
 * @param windowSize {@code window_size}: most messages in flight per token rotation
 * @param netmtu {@code netmtu}: largest UDP payload, in bytes
 * @param port the UDP port every node's ring address listens on ({@code interface.mcastport})
 * @param cryptoCipher {@code crypto_cipher}: {@code aes256} (default) or {@code none}
 * @param cryptoHash {@code crypto_hash}: {@code sha256} (default) or {@code none}
 */
public record TotemConfig(
    String clusterName,
    Duration token,
    Duration tokenCoefficient,
    Duration consensus,
    Duration join,
    Duration merge,
    Duration sendJoin,
    int maxMessages,
    int windowSize,
    int netmtu,
    int port,
    String cryptoCipher,
    String cryptoHash) {

  public TotemConfig {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(tokenCoefficient, "tokenCoefficient");
    Objects.requireNonNull(consensus, "consensus");
    Objects.requireNonNull(join, "join");
    Objects.requireNonNull(merge, "merge");
    Objects.requireNonNull(sendJoin, "sendJoin");
    Objects.requireNonNull(cryptoCipher, "cryptoCipher");
    Objects.requireNonNull(cryptoHash, "cryptoHash");
  }

  /**
   * The token timeout in force for a nodelist of {@code nodes} nodes: {@code token + (nodes - 2) ×
   * token_coefficient} when there are more than two nodes, as Corosync computes it.
   */
  public Duration effectiveToken(int nodes) {
    return nodes > 2 ? token.plus(tokenCoefficient.multipliedBy(nodes - 2L)) : token;
  }
}
