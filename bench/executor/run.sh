#!/usr/bin/env bash
# Executor benchmarks (issue 6). Builds the module offline first; prints Markdown tables on stdout.
#
#   bench/executor/run.sh jmh [JMH OPTIONS]     ExecutorJmh: probes through the executor on the Java
#                                               Dummy and a no-op agent vs the direct call
#                                               (default 3 × 1 s warm-up, 5 × 1 s, 1 fork)
#   bench/executor/run.sh ocf [N [WARMUP]]      OcfOverhead: ocf:heartbeat:Dummy start+stop through
#                                               the executor vs the script run directly (N: 200,
#                                               WARMUP: 20; OCF root: -Dpaceline.ocf.root in JAVA_OPTS)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
lib="$here/target/bench-executor"
mode=${1:-}
if [ -z "$mode" ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
fi
shift
case "$mode" in
  jmh|ocf) ;;
  *) echo "unknown mode $mode (jmh or ocf)" >&2; exit 64 ;;
esac
(cd "$root" && mvn -o -q -B package -DskipTests -Dspotless.check.skip=true -pl bench/executor -am >&2)
cp="$lib/*"
echo "run.sh: uptime before: $(uptime)" >&2
status=0
case "$mode" in
  jmh)
    java -Xmx256m ${JAVA_OPTS:-} -cp "$cp" org.paceline.bench.executor.JmhTables "$@" || status=$? ;;
  ocf)
    java -Xmx256m ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
      org.paceline.bench.executor.OcfOverhead "$@" || status=$? ;;
esac
echo "run.sh: uptime after: $(uptime)" >&2
exit $status
