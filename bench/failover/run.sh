#!/usr/bin/env bash
# Failover benchmark (see FailoverBench's javadoc): three node processes of the built
# distribution on 127.0.0.1-3, fencing through the process device; SIGKILL of the node running a
# Dummy resource, timed until a survivor's CIB shows the resource started. Markdown on stdout.
#
#   bench/failover/run.sh [RUNS] [TOKENS]        (RUNS: 20, TOKENS: 1000,300)
#
# Packages the distribution and this module offline first, from the modules installed in ~/.m2
# (run `mvn -o install -DskipTests` after changing them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
(cd "$root" && mvn -o -q -B package -DskipTests -Dspotless.check.skip=true \
  -pl platform/dist,bench/failover >&2)
(cd "$here" && mvn -o -q -B dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=runtime >&2)
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
exec java -cp "$cp" org.paceline.bench.failover.FailoverBench \
  "$root/platform/dist/target/paceline" "${1:-20}" "${2:-1000,300}"
