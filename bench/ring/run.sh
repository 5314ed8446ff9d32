#!/usr/bin/env bash
# Cluster-level ring benchmark: three node processes (RingNodeMain) on 127.0.0.1-3, real UDP,
# AES-256-GCM. Prints Markdown tables on stdout; progress on stderr; node logs in
# bench/ring/target/bench-logs/.
#
#   bench/ring/run.sh throughput [--seconds 10] [--sizes 100,1024,10240] [--senders 1,3]
#                                [--rows default,tuned,W/M/MTU] [--token 1000]
#   bench/ring/run.sh crash [RUNS] [--tokens 1000,300] [--victims 3,1]     (RUNS: 20)
#   bench/ring/run.sh all [RUNS]
#   common: [--node-jvm "JVM OPTIONS"] [--logs DIR]
#
# Rows: default = Corosync's window_size 50, max_messages 17, netmtu 1500; tuned = 100/30/65000;
# W/M/MTU = any window_size/max_messages/netmtu. Builds the module first when its output is
# missing or older than its sources (offline Maven; with the module in the root reactor, also
# bundles/api and bundles/ring from source, otherwise paceline-ring from ~/.m2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
lib="$here/target/bench-ring"

if [ $# -eq 0 ]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
fi

in_reactor=false
grep -q '<module>bench/ring</module>' "$root/pom.xml" && in_reactor=true

stale() {
  [ -d "$lib" ] || return 0
  local inputs=("$here/src" "$here/pom.xml")
  if $in_reactor; then
    inputs+=("$root/bundles/api/src" "$root/bundles/api/pom.xml" "$root/bundles/ring/src" "$root/bundles/ring/pom.xml")
  else
    inputs+=("$HOME/.m2/repository/org/paceline/paceline-ring/0.1.0-SNAPSHOT/paceline-ring-0.1.0-SNAPSHOT.jar")
  fi
  [ -n "$(find "${inputs[@]}" -newer "$lib" -print -quit 2>/dev/null)" ]
}

if stale; then
  echo "run.sh: building bench/ring" >&2
  if $in_reactor; then
    (cd "$root" && mvn -o -q -B package -pl bench/ring -am -DskipTests -Dspotless.check.skip=true)
  else
    (cd "$root" && mvn -o -q -B -f bench/ring/pom.xml package -Dspotless.check.skip=true)
  fi
  touch "$lib"
fi

exec java -Xmx256m -cp "$lib/*" org.paceline.bench.ring.RingBench --logs "$here/target/bench-logs" "$@"
