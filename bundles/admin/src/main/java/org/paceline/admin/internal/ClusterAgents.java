package org.paceline.admin.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.paceline.api.ring.Group;
import org.paceline.api.ring.GroupChannel;
import org.paceline.api.ring.GroupListener;
import org.paceline.api.ring.GroupView;
import org.paceline.api.ring.MessageTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which agents every node of the partition can run: each node's admin bundle joins the ring group
 * {@value #GROUP} and announces its agent ids after every group view change and whenever its own
 * agents change, so {@code configure verify} warns about an agent that no node reports, and names
 * the nodes that lack one.
 *
 * <p>An announcement is UTF-8 text: the line {@code paceline-agents 1}, then one agent id per line.
 */
public final class ClusterAgents implements GroupListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterAgents.class);

  /** The ring group the announcements travel in. */
  public static final String GROUP = "agents";

  private static final String HEADER = "paceline-agents 1";
  private static final int MAX_IDS = 100_000;

  private final String me;
  private final Supplier<Set<String>> local;
  private final Map<Integer, Set<String>> byNode = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor sender;
  private volatile Group group;
  private volatile Set<Integer> members = Set.of();

  /**
   * @param name how log lines name this node
   * @param local this node's agent ids, read at each announcement
   */
  public ClusterAgents(String name, Supplier<Set<String>> local) {
    this.me = name;
    this.local = local;
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(16),
            r -> {
              Thread t = new Thread(r, "admin-agents-" + name);
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.DiscardPolicy());
  }

  /** Joins the group on {@code channel}. */
  public void connect(GroupChannel channel) {
    group = channel.join(GROUP, this);
  }

  /** Leaves the group (the ring went away); what others reported is forgotten. */
  public void disconnect() {
    Group g = group;
    group = null;
    if (g != null) {
      g.close();
    }
    byNode.clear();
    members = Set.of();
  }

  /** This node's agents changed: tell the others (soon, coalesced). */
  public void changed() {
    if (group != null && sender.getQueue().isEmpty()) {
      sender.execute(this::announce);
    }
  }

  private void announce() {
    Group g = group;
    if (g == null) {
      return;
    }
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (String id : new TreeSet<>(local.get())) {
      text.append(id).append('\n');
    }
    try {
      g.send(text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IllegalStateException e) {
      // left the group meanwhile (shutting down, or the ring went away)
      LOG.debug("{}: agents not announced: {}", me, e.toString());
    } catch (MessageTooLargeException | RuntimeException e) {
      LOG.warn("{}: could not announce this node's agents: {}", me, e.toString());
    }
  }

  /** The agent ids each node of the partition announced, by node id. */
  public Map<Integer, Set<String>> byNode() {
    Map<Integer, Set<String>> out = new TreeMap<>();
    byNode.forEach((k, v) -> out.put(k, Set.copyOf(v)));
    return out;
  }

  /** Every agent id some node of the partition announced. */
  public Set<String> all() {
    Set<String> out = new TreeSet<>();
    byNode.values().forEach(out::addAll);
    return out;
  }

  @Override
  public void viewChanged(GroupView view) {
    members = Set.copyOf(view.members());
    byNode.keySet().retainAll(members);
    changed();
  }

  @Override
  public void deliver(int sender, byte[] message) {
    String text = new String(message, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    if (lines.length == 0 || !lines[0].equals(HEADER) || lines.length > MAX_IDS + 2) {
      LOG.warn("{}: ignored a malformed agent announcement from node {}", me, sender);
      return;
    }
    if (!members.contains(sender)) {
      return;
    }
    Set<String> ids = new TreeSet<>();
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        ids.add(lines[i].strip());
      }
    }
    byNode.put(sender, ids);
  }

  @Override
  public void close() {
    disconnect();
    sender.shutdownNow();
  }
}
