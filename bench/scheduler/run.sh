#!/usr/bin/env bash
# Scheduler benchmarks (see SchedulerBench's javadoc). Builds the module offline first; generates
# the inputs with ../shared/bench/gen-cib.py into bench/scheduler/target/ on first use:
# 16x1000, 32x5000 and 32x10000 node loss, 32x10000 fresh.
#
#   bench/scheduler/run.sh memory [RUNS]      the scheduler on the model in memory, one JVM per
#                                             input (-Xmx2g), RUNS timed runs after >= RUNS and >= 10 s
#                                             of warm-up
#   bench/scheduler/run.sh e2e [REPEAT]       ./paceline simulate --xml FILE vs crm_simulate -x FILE -R
#                                             and -S (timeout 300 s), REPEAT runs of ours, 2 of each
#                                             crm_simulate mode (1 once it did not finish)
#   bench/scheduler/run.sh phases             one cold run per input, timed per phase, CLI JVM flags
#   bench/scheduler/run.sh all                memory, then e2e
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
lib="$here/target/bench-scheduler"
mode=${1:-}
arg=${2:-}
if [ -z "$mode" ]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
fi
(cd "$root" && mvn -o -q -B package -DskipTests -Dspotless.check.skip=true -pl bench/scheduler -am >&2)
cp="$lib/*"
inputs=()
for spec in 16:1000:nodeloss 32:5000:nodeloss 32:10000:nodeloss 32:10000:fresh; do
  IFS=: read -r n r scenario <<<"$spec"
  file="$here/target/cib-$n-$r-$scenario.xml"
  [ -f "$file" ] || python3 "$root/../shared/bench/gen-cib.py" -n "$n" -r "$r" --scenario "$scenario" \
    -o "$file" >&2
  inputs+=("$file")
done
machine() {
  echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)," \
    "$(free -g | awk '/^Mem:/ {print $2}') GB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | head -n 1
}
memory() {
  local runs=${1:-20}
  machine
  local first=yes
  for f in "${inputs[@]}"; do
    java -Xmx2g -Xms2g -cp "$cp" org.paceline.bench.scheduler.SchedulerBench memory \
      --warmup "$runs" --runs "$runs" "$f" | if [ $first = yes ]; then cat; else tail -n +3; fi
    first=no
  done
}
e2e() {
  machine
  (cd "$root" && java -Xmx256m -cp "$cp" org.paceline.bench.scheduler.SchedulerBench e2e \
    --paceline ./paceline --repeat "${1:-3}" --crm-repeat 2 --timeout 300 "${inputs[@]}")
}
case "$mode" in
  memory) memory "${arg:-20}" ;;
  e2e) e2e "${arg:-3}" ;;
  phases)
    for f in "${inputs[@]}"; do
      java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$cp" \
        org.paceline.bench.scheduler.SchedulerBench phases "$f"
    done ;;
  all) memory 20; echo; e2e 3 ;;
  *) echo "unknown mode $mode" >&2; exit 64 ;;
esac
