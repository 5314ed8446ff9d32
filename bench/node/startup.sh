#!/usr/bin/env bash
# Node start-up time, idle RSS and hot-deploy latency of one Paceline node.
#
#   bench/node/startup.sh [RUNS] [IDLE_SECONDS]     (defaults: 10 runs, 60 s idle)
#
# For each run: a fresh state directory, the node's JVM started directly (the command
# 'paceline node start --print-command' gives), and the time until its admin API lists
# ocf:paceline:Dummy ("process start to agents listed"). Also times the whole
# 'paceline node start' command (CLI JVM + node until it answers). After the last run
# the node idles IDLE_SECONDS, then RSS and PSS are read from /proc, then the example
# agent bundle is copied into deploy/ (and removed) RUNS times, timing until 'ra list'
# shows it (and no longer shows it). Only 127.0.0.1 is used.
set -euo pipefail
runs=${1:-10}
idle=${2:-60}
root=$(cd "$(dirname "$0")/../.." && pwd -P)
"$root/paceline" --version >/dev/null
dist="$root/platform/dist/target/paceline"
pl="$dist/bin/paceline"
tmp=$(mktemp -d)
node_pid=
cleanup() {
  [ -n "$node_pid" ] && kill -9 "$node_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$pl" cluster init --name bench --dir "$tmp/c" --port "$port" --admin-port 0 n1=127.0.0.1 >/dev/null
cfg="$tmp/c/n1"
printf 'paths {\n    state_dir: state\n    deploy_dir: %s\n}\n' "$tmp/deploy" > "$tmp/paths"
sed -i '/^paths {/,/^}/d' "$cfg/paceline.conf"
cat "$tmp/paths" >> "$cfg/paceline.conf"
mkdir -p "$tmp/deploy"
cred=$(cat "$cfg/credential")
mapfile -t cmd < <("$pl" node start --print-command --config "$cfg")

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
agents() { curl -sf -u "$cred" "$(cat "$cfg/state/run/admin.url" 2>/dev/null)api/v1/agents" 2>/dev/null || true; }
wait_for() { # wait_for PATTERN present|absent
  while :; do
    if agents | grep -q "$1"; then [ "$2" = present ] && return 0; else [ "$2" = absent ] && return 0; fi
    sleep 0.01
  done
}
median_max() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "median %d ms, min %d ms, max %d ms (n=%d)\n", m, a[1], a[NR], NR}'; }

starts=()
for i in $(seq 1 "$runs"); do
  rm -rf "$cfg/state"
  t0=$(now_ms)
  "${cmd[@]}" >/dev/null 2>&1 &
  node_pid=$!
  wait_for 'ocf:paceline:Dummy' present
  starts+=($(( $(now_ms) - t0 )))
  if [ "$i" -lt "$runs" ]; then
    kill -TERM "$node_pid"; wait "$node_pid" || true; node_pid=
  fi
done
echo "node process start -> Dummy listed: $(printf '%s\n' "${starts[@]}" | median_max)"

sleep "$idle"
rss=$(awk '/^VmRSS/ {print int($2/1024)}' "/proc/$node_pid/status")
pss=$(awk '/^Pss:/ {print int($2/1024)}' "/proc/$node_pid/smaps_rollup")
threads=$(ls "/proc/$node_pid/task" | wc -l)
echo "idle after ${idle} s: RSS ${rss} MiB, PSS ${pss} MiB, ${threads} threads"

deploys=(); removes=()
for i in $(seq 1 "$runs"); do
  t0=$(now_ms)
  cp "$dist/examples/paceline-ra-example.jar" "$tmp/deploy/greeter.jar"
  wait_for 'ocf:example:Greeter' present
  deploys+=($(( $(now_ms) - t0 )))
  t0=$(now_ms)
  rm "$tmp/deploy/greeter.jar"
  wait_for 'ocf:example:Greeter' absent
  removes+=($(( $(now_ms) - t0 )))
done
echo "jar copied into deploy/ -> agent listed: $(printf '%s\n' "${deploys[@]}" | median_max)"
echo "jar deleted -> agent gone: $(printf '%s\n' "${removes[@]}" | median_max)"
kill -TERM "$node_pid"; wait "$node_pid" || true; node_pid=

cli=()
for i in $(seq 1 "$runs"); do
  rm -rf "$cfg/state"
  t0=$(now_ms)
  "$pl" node start --config "$cfg" >/dev/null
  cli+=($(( $(now_ms) - t0 )))
  "$pl" node stop --config "$cfg" >/dev/null
done
echo "'paceline node start' (CLI + node until it answers): $(printf '%s\n' "${cli[@]}" | median_max)"
