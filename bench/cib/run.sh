#!/usr/bin/env bash
# CIB benchmarks (see CibBench's javadoc). Builds the module offline first.
#
#   bench/cib/run.sh latency [N]                 (N: 1000)
#   bench/cib/run.sh xml [NODES RESOURCES]       (32 10000: generates the node-loss CIB with
#                                                 ../shared/bench/gen-cib.py, then 3 rounds, -Xmx1g)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
lib="$here/target/bench-cib"
mode=${1:-}
if [ -z "$mode" ]; then
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
fi
(cd "$root" && mvn -o -q -B package -DskipTests -Dspotless.check.skip=true -pl bench/cib -am >&2)
cp="$lib/*"
case "$mode" in
  latency)
    exec java -Xmx512m -cp "$cp" org.paceline.bench.cib.CibBench latency "${2:-1000}" ;;
  xml)
    nodes=${2:-32}; resources=${3:-10000}
    file="$here/target/cib-$nodes-$resources-nodeloss.xml"
    [ -f "$file" ] || python3 "$root/../shared/bench/gen-cib.py" -n "$nodes" -r "$resources" \
      --scenario nodeloss -o "$file"
    exec java -Xmx1g -cp "$cp" org.paceline.bench.cib.CibBench xml "$file" 3 ;;
  *) echo "unknown mode $mode" >&2; exit 64 ;;
esac
