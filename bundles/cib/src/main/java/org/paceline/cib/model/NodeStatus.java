package org.paceline.cib.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The status of one node ({@code node_state}): membership, transient attributes and resource
 * history.
 *
 * <p>Fail counts live in transient attributes as Pacemaker 2 keeps them, one per operation: {@code
 * fail-count-RSC#OP_INTERVALMS} (e.g. {@code fail-count-db#monitor_10000}) with a count or {@code
 * INFINITY}, and {@code last-failure-RSC#OP_INTERVALMS} with epoch seconds.
 *
 * @param node the node's uname
 * @param membership its membership state
 * @param join its controller join state
 * @param transientAttributes transient node attributes, lost when the node leaves
 * @param resources the history of each resource on the node; one entry per resource
 * @param id the node id ({@code node_state id}), or {@code null} if unknown
 * @param inCcm whether the node is in the ring's membership, as written ({@code in_ccm}: {@code
 *     true}/{@code false}, or since Pacemaker 2.1.7 the time it joined, {@code 0} for no)
 * @param crmd whether its controller is up, as written ({@code crmd}: {@code online}/{@code
 *     offline}, or a time, {@code 0} for offline)
 * @param expected the state the DC expects the node in ({@code expected}: {@code member} or {@code
 *     down}), or {@code null}
 * @param extra any other {@code node_state} attributes (e.g. {@code shutdown}, {@code
 *     crm-debug-origin})
 */
public record NodeStatus(
    String node,
    Membership membership,
    JoinState join,
    Map<String, String> transientAttributes,
    List<ResourceHistory> resources,
    String id,
    String inCcm,
    String crmd,
    String expected,
    Map<String, String> extra) {

  private static final String FAIL_COUNT = "fail-count-";
  private static final String LAST_FAILURE = "last-failure-";

  public NodeStatus {
    Checks.nonBlank(node, "node status uname");
    String what = "status of node '" + node + "'";
    Checks.required(membership, what + " membership");
    join = join == null ? JoinState.DOWN : join;
    if (membership == Membership.ONLINE && join != JoinState.MEMBER) {
      throw new IllegalArgumentException(
          what + " is online but its join state is " + join + ", not MEMBER");
    }
    extra = Checks.attributes(extra, what + " attributes");
    for (String k : RAW) {
      if (extra.containsKey(k)) {
        throw new IllegalArgumentException(what + " attribute '" + k + "' belongs in its field");
      }
    }
    if (inCcm == null && crmd == null && expected == null) {
      // Built from the typed fields: write the raw state that means the same.
      inCcm = membership == Membership.ONLINE || membership == Membership.MEMBER ? "true" : "false";
      crmd =
          membership == Membership.ONLINE
                  || (membership == Membership.MEMBER && join == JoinState.PENDING)
              ? "online"
              : "offline";
      expected =
          membership == Membership.ONLINE || membership == Membership.UNCLEAN ? "member" : "down";
    }
    Membership derived = membership(inCcm, crmd, join, expected, extra.get("shutdown"));
    if (derived != membership) {
      throw new IllegalArgumentException(
          what
              + " is "
              + membership
              + " but in_ccm="
              + inCcm
              + " crmd="
              + crmd
              + " join="
              + join
              + " expected="
              + expected
              + " mean "
              + derived);
    }
    transientAttributes = Checks.attributes(transientAttributes, what + " transient attributes");
    resources = Checks.list(resources, what + " resources");
    Checks.unique(resources.stream().map(ResourceHistory::resource).toList(), what + " resource");
    for (Map.Entry<String, String> e : transientAttributes.entrySet()) {
      if (e.getKey().startsWith(FAIL_COUNT)) {
        Score.parse(e.getValue());
      } else if (e.getKey().startsWith(LAST_FAILURE)) {
        try {
          Long.parseLong(e.getValue().trim());
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException(
              what + " " + e.getKey() + " '" + e.getValue() + "' is not epoch seconds", ex);
        }
      }
    }
  }

  public NodeStatus(
      String node,
      Membership membership,
      JoinState join,
      Map<String, String> transientAttributes,
      List<ResourceHistory> resources) {
    this(node, membership, join, transientAttributes, resources, null, null, null, null, Map.of());
  }

  public NodeStatus(String node, Membership membership, JoinState join) {
    this(node, membership, join, Map.of(), List.of());
  }

  /** The attributes with their own fields, not allowed in {@code extra}. */
  private static final List<String> RAW =
      List.of("id", "uname", "in_ccm", "crmd", "join", "expected");

  /**
   * The membership that the raw {@code node_state} attributes mean:
   *
   * <ul>
   *   <li>{@code ONLINE}: in the ring, controller up, joined;
   *   <li>{@code MEMBER}: in the ring, controller up but not (yet) joined; or in the ring without a
   *       controller while the DC does not expect it;
   *   <li>{@code UNCLEAN}: the DC expects it ({@code expected=member}) but it is out of the ring or
   *       its controller is down, and it is not shutting down: it must be fenced;
   *   <li>{@code OFFLINE}: otherwise (cleanly gone).
   * </ul>
   *
   * @param shutdown the {@code shutdown} attribute (non-zero: a clean shutdown is under way), or
   *     {@code null}
   */
  public static Membership membership(
      String inCcm, String crmd, JoinState join, String expected, String shutdown) {
    boolean ring = up(inCcm, "true");
    boolean controller = up(crmd, "online");
    if (ring && controller) {
      return join == JoinState.MEMBER ? Membership.ONLINE : Membership.MEMBER;
    }
    boolean shuttingDown = shutdown != null && !shutdown.isBlank() && !"0".equals(shutdown.trim());
    if ("member".equals(expected) && !shuttingDown) {
      return Membership.UNCLEAN;
    }
    return ring ? Membership.MEMBER : Membership.OFFLINE;
  }

  /** {@code value} is the word for yes, or a positive number (a time since when). */
  private static boolean up(String value, String yes) {
    if (value == null) {
      return false;
    }
    String v = value.trim();
    if (v.equalsIgnoreCase(yes) || v.equalsIgnoreCase("yes") || v.equals("1")) {
      return true;
    }
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
      return v.chars().anyMatch(c -> c != '0');
    }
    return false;
  }

  public boolean online() {
    return membership == Membership.ONLINE;
  }

  public Optional<ResourceHistory> history(String resource) {
    return resources.stream().filter(h -> h.resource().equals(resource)).findFirst();
  }

  /** The current state of {@code resource} here; {@code Stopped} without history. */
  public ResourceState resourceState(String resource) {
    return history(resource).map(ResourceHistory::currentState).orElse(ResourceState.STOPPED);
  }

  /** The name of the fail-count attribute for one operation. */
  public static String failCountAttribute(String rsc, String op, long intervalMs) {
    return FAIL_COUNT + rsc + "#" + op + "_" + intervalMs;
  }

  /** The name of the last-failure attribute for one operation. */
  public static String lastFailureAttribute(String rsc, String op, long intervalMs) {
    return LAST_FAILURE + rsc + "#" + op + "_" + intervalMs;
  }

  /** The id of the primitive behind a history id: {@code db:2} is instance 2 of {@code db}. */
  public static String primitiveOf(String historyId) {
    int colon = historyId.lastIndexOf(':');
    if (colon > 0 && colon < historyId.length() - 1) {
      for (int i = colon + 1; i < historyId.length(); i++) {
        if (!Character.isDigit(historyId.charAt(i))) {
          return historyId;
        }
      }
      return historyId.substring(0, colon);
    }
    return historyId;
  }

  /**
   * The histories of every instance of {@code primitive} here: {@code primitive} itself and the
   * anonymous clone instances {@code primitive:N}, in order.
   */
  public List<ResourceHistory> instanceHistories(String primitive) {
    return resources.stream().filter(h -> primitiveOf(h.resource()).equals(primitive)).toList();
  }

  /**
   * The fail count of {@code primitive} over all its instances: the sum of {@code fail-count-ID#OP}
   * and {@code fail-count-ID:N#OP}, saturating at INFINITY. Pacemaker counts the failures of an
   * anonymous clone's instances for the clone's primitive.
   */
  public Score instanceFailCount(String primitive) {
    return transientAttributes.entrySet().stream()
        .filter(
            e ->
                e.getKey().startsWith(FAIL_COUNT)
                    && namesInstance(e.getKey(), FAIL_COUNT, primitive))
        .map(e -> Score.parse(e.getValue()))
        .reduce(Score.ZERO, Score::plus);
  }

  /** The latest failure of any instance of {@code primitive}, epoch seconds. */
  public OptionalLong instanceLastFailure(String primitive) {
    return transientAttributes.entrySet().stream()
        .filter(
            e ->
                e.getKey().startsWith(LAST_FAILURE)
                    && namesInstance(e.getKey(), LAST_FAILURE, primitive))
        .mapToLong(e -> Long.parseLong(e.getValue().trim()))
        .max();
  }

  private static boolean namesInstance(String attribute, String prefix, String primitive) {
    int hash = attribute.indexOf('#', prefix.length());
    if (hash < 0) {
      return false;
    }
    return primitiveOf(attribute.substring(prefix.length(), hash)).equals(primitive);
  }

  /** The fail count of one operation of {@code rsc}; 0 if none. */
  public Score failCount(String rsc, String op, long intervalMs) {
    String v = transientAttributes.get(failCountAttribute(rsc, op, intervalMs));
    return v == null ? Score.ZERO : Score.parse(v);
  }

  /** The fail count of {@code rsc}: the sum over its operations, saturating at INFINITY. */
  public Score failCount(String rsc) {
    String prefix = FAIL_COUNT + rsc + "#";
    return transientAttributes.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> Score.parse(e.getValue()))
        .reduce(Score.ZERO, Score::plus);
  }

  /** The latest failure time of {@code rsc} over all its operations, epoch seconds. */
  public OptionalLong lastFailure(String rsc) {
    String prefix = LAST_FAILURE + rsc + "#";
    return transientAttributes.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(e -> Long.parseLong(e.getValue().trim()))
        .max();
  }

  /** The last failure time of one operation of {@code rsc}, epoch seconds. */
  public OptionalLong lastFailure(String rsc, String op, long intervalMs) {
    String v = transientAttributes.get(lastFailureAttribute(rsc, op, intervalMs));
    return v == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v.trim()));
  }

  /** This node's status with {@code next} as its transient attributes. */
  public NodeStatus withTransientAttributes(Map<String, String> next) {
    return new NodeStatus(
        node, membership, join, next, resources, id, inCcm, crmd, expected, extra);
  }

  /** This node's status with {@code next} as its resource histories. */
  public NodeStatus withResources(List<ResourceHistory> next) {
    return new NodeStatus(
        node, membership, join, transientAttributes, next, id, inCcm, crmd, expected, extra);
  }
}
