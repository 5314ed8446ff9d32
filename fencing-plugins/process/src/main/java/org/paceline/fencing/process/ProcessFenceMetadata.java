package org.paceline.fencing.process;

import java.time.Duration;
import java.util.List;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.agent.ParameterSpec;

/** The meta-data of {@value ProcessFenceAgent#NAME}. */
final class ProcessFenceMetadata {

  private ProcessFenceMetadata() {}

  static final AgentMetadata METADATA =
      new AgentMetadata(
          ProcessFenceAgent.NAME,
          "1.0",
          "Kills a node's process tree on this host (clusters whose nodes share one host)",
          "Fences a cluster node that runs as a process on the same host as the fencing node, as"
              + " in test clusters, demos and the clusters 'paceline cluster init --fencing"
              + " process' writes. off and reboot send SIGKILL to the node's whole process tree:"
              + " the process named in the node's pid file, every process of the session it leads"
              + " (paceline node start runs nodes under setsid), and all their descendants,"
              + " including agents and services that moved to sessions of their own; the tree is"
              + " frozen with SIGSTOP first so that nothing escapes, and the action succeeds once"
              + " every process is gone. Processes that left the tree (daemons adopted by init,"
              + " also after the node's own process died) are found by the marker every node"
              + " process passes on to what it starts: the environment entry"
              + " PACELINE_NODE_PIDFILE=<the node's pid file>; off and reboot kill them too, as a"
              + " real reboot would, even when the node itself is already off. (Reading other"
              + " users' environments needs root; a process that clears its environment is not"
              + " found.) A reboot leaves the node down: this device cannot start a node (on is"
              + " not supported). status reports whether the node's own process runs (and names"
              + " leftover marked processes when it does not): when run/node.lock lies beside the"
              + " pid file (a Paceline node's run directory), whether the pid from the file holds"
              + " that lock; otherwise whether the pid runs a process that started before the"
              + " file was written. list names the nodes the parameters know."
              + " The device refuses to kill the node it runs in, and pid 1.\n"
              + "The node's pid file is found from the request's port (pcmk_host_map) or else"
              + " the node's name. Set pidfile_pattern or pidfiles (or both: a pair wins).",
          List.of(
              new ParameterSpec(
                  PidFileMap.PATTERN,
                  "string",
                  null,
                  false,
                  false,
                  "Pid file path with %n for the node name",
                  "An absolute path in which %n stands for the node's name (%% for a percent"
                      + " sign), e.g. /srv/cluster/%n/state/run/paceline.pid for the node folders"
                      + " of paceline cluster init --dir /srv/cluster. This or pidfiles is"
                      + " required."),
              new ParameterSpec(
                  PidFileMap.PIDFILES,
                  "string",
                  null,
                  false,
                  false,
                  "Node=pid file pairs",
                  "Explicit pid files, e.g. \"n1=/srv/a/run/paceline.pid"
                      + " n2=/srv/b/run/paceline.pid\" (pairs separated by blanks, commas or"
                      + " semicolons; node and path by = or :). This or pidfile_pattern is"
                      + " required.")),
          List.of(
              ActionSpec.of("off", Duration.ofSeconds(20)),
              ActionSpec.of("reboot", Duration.ofSeconds(20)),
              ActionSpec.of("status", Duration.ofSeconds(10)),
              ActionSpec.of("list", Duration.ofSeconds(10)),
              ActionSpec.of("monitor", Duration.ofSeconds(10)),
              ActionSpec.of("metadata", Duration.ofSeconds(5))));
}
