package org.paceline.ra.script;

import java.util.Map;

/**
 * The environment variable that marks every process a node starts, so that fencing can find them
 * after the node's own process has died and its daemons were adopted by init.
 *
 * <p>{@code paceline node start} puts {@value #VARIABLE}{@code =<absolute path of the node's pid
 * file>} into the node process's environment. Children inherit it, except where an environment is
 * built from scratch: this library's {@link CommandRunner} therefore adds it to every child's
 * environment whatever the {@link CommandSpec} says (a spec cannot remove or change it), and agents
 * that start processes by other means pass it on themselves. {@code fence_paceline_process} kills
 * every live process whose {@code /proc/PID/environ} holds the entry of the fenced node.
 *
 * <p>A process that replaces its environment (for example {@code env -i}) drops the mark.
 */
public final class NodeMarker {

  /** The variable: the absolute path of the node's pid file. */
  public static final String VARIABLE = "PACELINE_NODE_PIDFILE";

  private NodeMarker() {}

  /**
   * The marker entry of {@code environment} (a map holding only {@link #VARIABLE}), or an empty map
   * when it is unset or blank.
   */
  public static Map<String, String> of(Map<String, String> environment) {
    String value = environment.get(VARIABLE);
    if (value == null || value.isBlank() || value.indexOf('\0') >= 0) {
      return Map.of();
    }
    return Map.of(VARIABLE, value);
  }

  /** The marker of this JVM's own environment (empty when the node was not started marked). */
  public static Map<String, String> ofThisProcess() {
    return of(System.getenv());
  }
}
