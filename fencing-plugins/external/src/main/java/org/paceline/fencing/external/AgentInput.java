package org.paceline.fencing.external;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.paceline.api.fencing.FenceRequest;

/**
 * What a fence agent reads on its standard input for one request: {@code key=value} lines, as
 * fence-agents and Pacemaker's fencer exchange them. Values never reach the command line, so
 * passwords stay out of {@code ps}.
 *
 * <p>Built the way Pacemaker builds it:
 *
 * <ul>
 *   <li>{@code action=} the request's action, or the value of {@code pcmk_<action>_action} when the
 *       device configures one (e.g. {@code pcmk_reboot_action=off});
 *   <li>every configured device parameter except the cluster's own ({@code pcmk_*}, {@code
 *       CRM_meta_*}, names starting with {@code #}) and a configured {@code action} (the request
 *       decides the action);
 *   <li>for requests that concern a node (off, on, reboot, status): the target's port under the
 *       name {@code pcmk_host_argument} gives (default: {@code plug} when the agent declares it,
 *       else {@code port}; {@code none}: no port at all), unless the device configures a value for
 *       that parameter itself (other than {@code dynamic}); the port is the request's {@link
 *       FenceRequest#port() port} (from {@code pcmk_host_map}) or else the target node's name;
 *   <li>and {@code nodename=} the target node's name, unless configured.
 * </ul>
 *
 * @param agentAction the action the agent is asked for
 * @param stdin the text for the agent's standard input, one {@code key=value} per line
 * @param keys the keys in {@code stdin}, in order (for logs: never log the values)
 */
public record AgentInput(String agentAction, String stdin, List<String> keys) {

  /** The parameter that names the target's parameter ({@code plug}, {@code port}, or none). */
  public static final String HOST_ARGUMENT = "pcmk_host_argument";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public AgentInput {
    Objects.requireNonNull(agentAction, "agentAction");
    Objects.requireNonNull(stdin, "stdin");
    keys = List.copyOf(keys);
  }

  /**
   * The input for {@code request}.
   *
   * @param defaultHostArgument the parameter that takes the target's port when {@value
   *     #HOST_ARGUMENT} is not configured (see {@link FenceMetadata#defaultHostArgument()})
   * @throws IllegalArgumentException naming the parameter whose name or value cannot be passed (a
   *     line break or NUL in a value, a name that is not a plain word); the message never contains
   *     a value
   */
  public static AgentInput of(FenceRequest request, String defaultHostArgument) {
    Map<String, String> params = request.parameters();
    String action = request.action().agentName();
    String agentAction = params.getOrDefault("pcmk_" + action + "_action", action).strip();
    if (!ACTION.matcher(agentAction).matches()) {
      throw new IllegalArgumentException(
          "parameter pcmk_" + action + "_action must be a plain action name");
    }
    String hostArg = params.getOrDefault(HOST_ARGUMENT, defaultHostArgument).strip();
    boolean passPort = !hostArg.equalsIgnoreCase("none");
    if (passPort && !KEY.matcher(hostArg).matches()) {
      throw new IllegalArgumentException(
          "parameter " + HOST_ARGUMENT + " must name a parameter or be none");
    }
    boolean portConfigured = passPort && !dynamic(params.get(hostArg));
    List<String> keys = new ArrayList<>();
    StringBuilder in = new StringBuilder();
    line(in, keys, "action", agentAction);
    for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
      String key = e.getKey();
      if (clusterOnly(key) || key.equals("action") || (key.equals(hostArg) && !portConfigured)) {
        continue;
      }
      line(in, keys, key, e.getValue());
    }
    if (request.action().hasTarget()) {
      if (passPort && !portConfigured) {
        line(in, keys, hostArg, request.port() != null ? request.port() : request.target());
      }
      if (!params.containsKey("nodename") && !keys.contains("nodename")) {
        line(in, keys, "nodename", request.target());
      }
    }
    return new AgentInput(agentAction, in.toString(), keys);
  }

  /** Whether a configured port value leaves the port to the cluster. */
  private static boolean dynamic(String value) {
    return value == null || value.isBlank() || value.strip().equalsIgnoreCase("dynamic");
  }

  /** Whether {@code key} is the cluster's, never passed to the agent. */
  static boolean clusterOnly(String key) {
    return key.toLowerCase(Locale.ROOT).startsWith("pcmk_")
        || key.startsWith("CRM_meta_")
        || key.startsWith("#");
  }

  private static void line(StringBuilder in, List<String> keys, String key, String value) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "parameter name '"
              + printable(key)
              + "' cannot be passed to a fence agent (letters, digits, _ . - only)");
    }
    if (value == null) {
      throw new IllegalArgumentException("parameter " + key + " has no value");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "the value of parameter " + key + " contains a line break or NUL character");
    }
    keys.add(key);
    in.append(key).append('=').append(value).append('\n');
  }

  private static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return cut.replaceAll("[\\p{Cntrl}]", "?");
  }
}
