#!/usr/bin/env bash
# Ring stability and idle cost of real Paceline node processes.
#
#   bench/ring/stability.sh [MINUTES] [idle|load] [TOKEN_MS]   (defaults: 10 idle 300)
#
# Starts three nodes on 127.0.0.1-3 with the given token, waits until they share one
# view, then watches them for MINUTES. With 'load', node n2 and a CPU-bound process
# (sha256sum of /dev/zero) are pinned to the same core for the whole run, so n2 competes
# for its CPU. Prints the view changes each node counted during the run (spurious
# ones: there is no real failure), the CPU each node used (from /proc, % of one core),
# and RSS. Only loopback addresses are used; everything started is stopped at the end.
set -euo pipefail
minutes=${1:-10}
mode=${2:-idle}
token=${3:-300}
root=$(cd "$(dirname "$0")/../.." && pwd -P)
"$root/paceline" --version >/dev/null
pl="$root/platform/dist/target/paceline/bin/paceline"
tmp=$(mktemp -d)
hog=
cleanup() {
  [ -n "$hog" ] && kill "$hog" 2>/dev/null || true
  for n in n1 n2 n3; do "$pl" node stop --config "$tmp/c/$n" >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$pl" cluster init --name stab --dir "$tmp/c" --token "$token" --port "$port" --admin-port 0 \
  n1=127.0.0.1 n2=127.0.0.2 n3=127.0.0.3 >/dev/null
mkdir -p "$tmp/gc"
for n in n1 n2 n3; do
  PACELINE_NODE_OPTS="-Xlog:gc:file=$tmp/gc/$n.log" "$pl" node start --config "$tmp/c/$n" >/dev/null
done

status() { # status NODE -> JSON
  local d="$tmp/c/$1"
  curl -sf -u "$(cat "$d/credential")" "$(cat "$d/state/run/admin.url")api/v1/status"
}
members() { status "$1" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(",".join(s["ring"]["members"]) if s.get("ring") else "")'; }
views() { status "$1" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["ring"]["counters"].get("view_changes",0))'; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
pid() { cat "$tmp/c/$1/state/run/paceline.pid"; }

for _ in $(seq 1 300); do
  [ "$(members n1)" = "n1,n2,n3" ] && [ "$(members n2)" = "n1,n2,n3" ] && [ "$(members n3)" = "n1,n2,n3" ] && break
  sleep 0.1
done
[ "$(members n1)" = "n1,n2,n3" ] || { echo "nodes did not form one view" >&2; exit 1; }
sleep 2
if [ "$mode" = load ]; then
  taskset -pc 0 "$(pid n2)" >/dev/null
  taskset -c 0 sha256sum /dev/zero >/dev/null &
  hog=$!
fi
declare -A v0 c0
for n in n1 n2 n3; do v0[$n]=$(views $n); c0[$n]=$(cpu_ticks "$(pid $n)"); done
t0=$(date +%s.%N)
sleep $(( minutes * 60 ))
t1=$(date +%s.%N)
hz=$(getconf CLK_TCK)
echo "| node | view changes in ${minutes} min ($mode, token ${token} ms) | CPU (% of one core) | RSS | GC pauses, longest |"
echo "|---|---|---|---|---|"
for n in n1 n2 n3; do
  v=$(( $(views $n) - ${v0[$n]} ))
  c=$(cpu_ticks "$(pid $n)")
  pct=$(python3 -c "print(f'{100*($c-${c0[$n]})/$hz/($t1-$t0):.2f}')")
  rss=$(awk '/^VmRSS/ {print int($2/1024)}' "/proc/$(pid $n)/status")
  gc=$(python3 - "$tmp/gc/$n.log" <<'PY'
import re, sys
ms = [float(m) for m in re.findall(r'Pause.* ([0-9.]+)ms', open(sys.argv[1]).read())]
print(f"{len(ms)}, {max(ms):.1f} ms" if ms else "0")
PY
)
  echo "| $n | $v | $pct % | $rss MiB | $gc |"
done
