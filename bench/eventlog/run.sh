#!/usr/bin/env bash
# Event log benchmark (see EventLogBench's javadoc): three event-log nodes in one JVM on real rings
# (UDP on 127.0.0.1-3, AES-256-GCM), each with its EventRelay, event journal and draft journal;
# node 1 publishes with the KafkaPublisher to a local single-node KRaft broker (its own JVM by
# default). One broker serves every run. First, events flow at saturation through throwaway
# clusters until the JIT compilers of the broker and the harness are quiet, at most --prewarm
# seconds (the broker and the node code get as warm as in a cluster in service); then per run, on a fresh cluster and topic: warm-up, the offered rate for SECONDS, then
# saturation. Markdown on stdout, progress on stderr, the broker's log in
# bench/eventlog/target/bench-logs/.
#
#   bench/eventlog/run.sh [--runs 3] [--rate 20000] [--seconds 10] [--warmup 5] [--saturation 10]
#       [--prewarm 240]
#       [--mode full|publisher] [--broker process|inproc] [--token 1000] [--state-dir DIR]
#       [--set KEY=VALUE]... [--broker-set KEY=VALUE]...
#
# A rated phase that falls more than 1 s of events behind stops early as "not sustained".
# --mode publisher: no rings, the events go straight into node 1's journal (publisher + broker
# alone). --state-dir: where the nodes' journals go (default: java.io.tmpdir). --set passes
# event-log settings as paceline.conf's events section names them (journal.sync=off,
# publish.batch=500, kafka.linger.ms=1, ...); --broker-set passes broker settings.
# BENCH_JVM_OPTS adds options to the harness JVM (e.g. -XX:StartFlightRecording=filename=x.jfr).
#
# Builds the module first when its output is missing or older than its sources or bundles/
# eventlog's (offline Maven; with the module in the root reactor, bundles/eventlog is packaged from
# source with it, the other modules come from ~/.m2: run `mvn -o install -DskipTests` after
# changing them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
lib="$here/target/bench-eventlog"

case "${1:-}" in
  -h|--help) sed -n "2,25p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

in_reactor=false
grep -q '<module>bench/eventlog</module>' "$root/pom.xml" && in_reactor=true

stale() {
  [ -d "$lib" ] || return 0
  local inputs=("$here/src" "$here/pom.xml")
  if $in_reactor; then
    inputs+=("$root/bundles/eventlog/src/main" "$root/bundles/eventlog/pom.xml")
  else
    inputs+=("$HOME/.m2/repository/org/paceline/paceline-eventlog/0.1.0-SNAPSHOT/paceline-eventlog-0.1.0-SNAPSHOT.jar")
  fi
  [ -n "$(find "${inputs[@]}" -newer "$lib" -print -quit 2>/dev/null)" ]
}

if stale; then
  echo "run.sh: building bench/eventlog" >&2
  if $in_reactor; then
    (cd "$root" && mvn -o -q -B package -pl bundles/eventlog,bench/eventlog -DskipTests -Dspotless.check.skip=true)
  else
    (cd "$root" && mvn -o -q -B -f bench/eventlog/pom.xml package -Dspotless.check.skip=true)
  fi
  touch "$lib"
fi

logs="$here/target/bench-logs"
mkdir -p "$logs"
# shellcheck disable=SC2086 # BENCH_JVM_OPTS: more options for the harness JVM (e.g. a JFR recording)
exec java -Xms1g -Xmx1g -XX:+UseG1GC ${BENCH_JVM_OPTS:-} -Dbench.logs="$logs" -cp "$lib/*" \
  org.paceline.bench.eventlog.EventLogBench "$@"
