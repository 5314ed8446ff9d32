package org.paceline.ra.builtin.internal.process;

import java.time.Duration;
import java.util.List;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.agent.ParameterSpec;

/** The meta-data of {@code ocf:paceline:Process}. */
final class ProcessMetadata {

  private ProcessMetadata() {}

  private static final String DURATION =
      " A duration: whole seconds, or a number with ms, s, m or h (e.g. 500ms, 10s, 2m).";

  static final AgentMetadata METADATA =
      new AgentMetadata(
          "Process",
          "1.0",
          "Runs any command as a supervised daemon",
          "Starts the command in its own session (through setsid, never through a shell), with"
              + " standard input from /dev/null and its output appended to log files. The process"
              + " is not tied to the node: it keeps running when the node or this agent's bundle"
              + " stops or is updated, and the agent finds it again through its pid file, which"
              + " holds the pid and the process's start time (so a reused pid is never mistaken"
              + " for it). The command must stay in the foreground: a command that forks into the"
              + " background and exits counts as failed. Monitor reports running while the process"
              + " lives and the optional TCP and HTTP checks pass. Stop sends SIGTERM to every"
              + " process of the session, waits stop_grace, then sends SIGKILL. The process runs"
              + " as the node's user; to run it as another user from a node running as root, use"
              + " e.g. command=\"setpriv --reuid=www-data --regid=www-data --init-groups -- ...\".",
          List.of(
              new ParameterSpec(
                  "command",
                  "string",
                  null,
                  true,
                  false,
                  "The program and its arguments",
                  "Words separated by blanks, as a shell splits a simple command but with no"
                      + " expansion at all: '...' keeps everything inside literally; \"...\" keeps"
                      + " everything except \\\" and \\\\; outside quotes a backslash makes the next"
                      + " character literal. ; | & < > $ * ~ and # are ordinary characters. The"
                      + " first word is an executable path (relative to workdir) or a name looked"
                      + " up in PATH. To use shell features, say so: /bin/sh -c '...'."),
              new ParameterSpec(
                  "workdir",
                  "string",
                  "/",
                  false,
                  false,
                  "Working directory of the process (an absolute path)",
                  ""),
              new ParameterSpec(
                  "env",
                  "string",
                  null,
                  false,
                  false,
                  "Extra environment variables, as KEY=VALUE words",
                  "Quoted like command, e.g. env=\"LANG=C.UTF-8 GREETING='hello world'\". The"
                      + " process gets PATH (the node's, or a standard one), HOME, USER, LOGNAME,"
                      + " LANG, LC_ALL and TZ when the node has them, then these, which override;"
                      + " and always the node's PACELINE_NODE_PIDFILE, which marks the process as"
                      + " the node's for fencing and cannot be set here."),
              new ParameterSpec(
                  "pidfile",
                  "string",
                  null,
                  false,
                  true,
                  "Pid file (default: <agent state directory>/process/<resource>.pid)",
                  "An absolute path. Its first line is the pid; the agent also keeps the"
                      + " process's start time in it. Two resources must not share one."),
              new ParameterSpec(
                  "stdout",
                  "string",
                  null,
                  false,
                  false,
                  "File the process's standard output is appended to (default:"
                      + " <agent state directory>/process/<resource>.stdout.log)",
                  "An absolute path; the folder is created if needed."),
              new ParameterSpec(
                  "stderr",
                  "string",
                  null,
                  false,
                  false,
                  "File the process's standard error is appended to (default:"
                      + " <agent state directory>/process/<resource>.stderr.log)",
                  "An absolute path; may be the same file as stdout."),
              new ParameterSpec(
                  "check_tcp",
                  "string",
                  null,
                  false,
                  false,
                  "HOST:PORT that must accept a TCP connection for the process to count as running",
                  "e.g. 127.0.0.1:8080 or [::1]:8080. Start waits until it does."),
              new ParameterSpec(
                  "check_http",
                  "string",
                  null,
                  false,
                  false,
                  "http:// or https:// URL that must answer 2xx or 3xx for the process to count as"
                      + " running",
                  "A GET, with no proxy and redirects not followed. Start waits until it answers."),
              new ParameterSpec(
                  "check_timeout",
                  "string",
                  "5s",
                  false,
                  false,
                  "How long one TCP or HTTP check may take",
                  "Never longer than what is left of the operation's timeout." + DURATION),
              new ParameterSpec(
                  "stop_grace",
                  "string",
                  "10s",
                  false,
                  false,
                  "How long stop waits after SIGTERM before SIGKILL",
                  "Cut short so that the SIGKILL still happens within the stop operation's timeout"
                      + " (keep the stop timeout above stop_grace)."
                      + DURATION)),
          List.of(
              ActionSpec.of("start", Duration.ofSeconds(30)),
              ActionSpec.of("stop", Duration.ofSeconds(30)),
              new ActionSpec("monitor", Duration.ofSeconds(20), Duration.ofSeconds(10), 0, null),
              ActionSpec.of("validate-all", Duration.ofSeconds(10)),
              ActionSpec.of("meta-data", Duration.ofSeconds(5))));
}
