package org.paceline.ra.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A node where systemd is PID 1, built in a temporary directory: {@code proc/1/comm} says {@code
 * systemd}, {@code run/systemd/system} exists, and {@code bin/systemctl} is a stand-in script.
 *
 * <p>Real systemd cannot run in the test sandbox (PID 1 is not systemd there, and starting real
 * units would need root and a system bus), so the stand-in answers the way systemctl does for the
 * verbs the agent uses: {@code show --property=...} prints {@code KEY=VALUE} lines; {@code start}
 * and {@code stop} run a "job" (they exit when it is done) that moves the unit to the states the
 * test scripted; {@code is-enabled} prints the unit file state; {@code daemon-reload} succeeds. It
 * records every argument vector, one per line, in {@code calls.log}.
 *
 * <p>Per unit, files under {@code state/} script it: {@code <unit>.states} holds the states {@code
 * show} reports, one "ActiveState SubState Result" line each, the first line consumed by each
 * {@code show} until one is left; {@code <unit>.on-start} / {@code <unit>.on-stop} replace them
 * when the job runs (default "active running success" / "inactive dead success"); {@code
 * <unit>.load} the LoadState (default loaded); {@code <unit>.start-rc} a failing job's exit status;
 * {@code <unit>.hang-<verb>} makes that verb hang (writing its pid to {@code hung.pid}); {@code
 * <unit>.enabled} the is-enabled answer. A unit without a {@code .states} file is not found.
 */
final class FakeSystemd {

  private static final String SCRIPT =
      """
      #!/bin/bash
      # stand-in for systemctl: real systemd cannot run in this sandbox (PID 1 is not systemd)
      S='%s'
      printf '%%s\\n' "$*" >> "$S/calls.log"
      verb=""; props=""; unit=""
      while [ $# -gt 0 ]; do
        case "$1" in
          --) shift; unit="$1"; break ;;
          --property=*) props="${1#--property=}" ;;
          --*) ;;
          *) [ -z "$verb" ] && verb="$1" ;;
        esac
        shift
      done
      f="$S/$unit"
      if [ -n "$unit" ] && [ -e "$f.hang-$verb" ]; then
        echo $$ > "$S/hung.pid"
        exec sleep 600
      fi
      case "$verb" in
        show)
          if [ -e "$f.garbage" ]; then echo "Failed to connect to bus: No such file or directory"; exit 0; fi
          if [ ! -e "$f.states" ]; then
            printf 'LoadState=not-found\\nActiveState=inactive\\nSubState=dead\\nResult=success\\n'
            exit 0
          fi
          line=$(head -n 1 "$f.states")
          if [ "$(wc -l < "$f.states")" -gt 1 ]; then
            tail -n +2 "$f.states" > "$f.states.tmp" && mv "$f.states.tmp" "$f.states"
          fi
          set -- $line
          printf 'LoadState=%%s\\nActiveState=%%s\\nSubState=%%s\\nResult=%%s\\n' \\
            "$(cat "$f.load" 2>/dev/null || echo loaded)" "$1" "$2" "$3"
          ;;
        start|stop)
          if [ ! -e "$f.states" ]; then
            echo "Failed to $verb $unit: Unit $unit not found." >&2; exit 5
          fi
          if [ "$verb" = start ] && [ -e "$f.start-rc" ]; then
            echo "Job for $unit failed because the control process exited with error code." >&2
            exit "$(cat "$f.start-rc")"
          fi
          if [ -e "$f.on-$verb" ]; then cp "$f.on-$verb" "$f.states"
          elif [ "$verb" = start ]; then echo "active running success" > "$f.states"
          else echo "inactive dead success" > "$f.states"; fi
          ;;
        is-enabled)
          if [ ! -e "$f.states" ]; then
            echo "Failed to get unit file state for $unit: No such file or directory" >&2; exit 1
          fi
          if [ -e "$f.enabled" ]; then cat "$f.enabled"; exit 0; fi
          echo disabled; exit 1
          ;;
        daemon-reload) ;;
        *) echo "Unknown command verb $verb." >&2; exit 1 ;;
      esac
      """;

  final Path root;
  final Path state;
  final SystemdHost host;

  FakeSystemd(Path root) throws IOException {
    this.root = root;
    this.state = Files.createDirectories(root.resolve("state"));
    Path proc = Files.createDirectories(root.resolve("proc/1"));
    Files.writeString(proc.resolve("comm"), "systemd\n");
    Path run = Files.createDirectories(root.resolve("run/systemd/system"));
    Path systemctl = Files.createDirectories(root.resolve("bin")).resolve("systemctl");
    Files.writeString(systemctl, SCRIPT.formatted(state));
    Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
    Path lib = Files.createDirectories(root.resolve("lib/systemd/system"));
    this.host = new SystemdHost(root.resolve("proc"), run, systemctl, etc, List.of(etc, lib));
  }

  /** Installs {@code unit} (a unit file and a state) in {@code states}, one line each. */
  FakeSystemd unit(String unit, String... states) throws IOException {
    Files.writeString(
        root.resolve("lib/systemd/system").resolve(unit),
        "[Unit]\nDescription=Fake " + unit + "\n\n[Service]\nExecStart=/bin/true\n");
    return script(unit, "states", states);
  }

  /** Writes {@code state/<unit>.<kind>} with {@code lines}. */
  FakeSystemd script(String unit, String kind, String... lines) throws IOException {
    Files.writeString(
        state.resolve(unit + "." + kind),
        lines.length == 0 ? "" : String.join("\n", lines) + "\n",
        StandardCharsets.UTF_8);
    return this;
  }

  /** The argument vectors systemctl was called with, without the executable. */
  List<String> calls() throws IOException {
    Path log = state.resolve("calls.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** The verbs systemctl was called with, in order. */
  List<String> verbs() throws IOException {
    return calls().stream()
        .map(c -> c.replace("--no-pager --no-ask-password ", "").split(" ")[0])
        .toList();
  }

  /** The pid of the stand-in that hung, once it has. */
  Optional<Long> hungPid() throws IOException {
    Path pid = state.resolve("hung.pid");
    return Files.exists(pid)
        ? Optional.of(Long.parseLong(Files.readString(pid).strip()))
        : Optional.empty();
  }
}
