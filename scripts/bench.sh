#!/usr/bin/env bash
# Write benchmark: a fresh 3-node local cluster, wrk doing durable 256-byte PUTs to the leader.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LUA="$REPO_ROOT/scripts/lib/bench_put.lua"

usage() {
  cat <<'EOF'
Usage: scripts/bench.sh [--connections "64 256 1024"] [--duration S] [--warmup S] [--threads T] [--keep]

Starts a fresh 3-node cluster on loopback (scripts/start_nodes.sh, data under store/bench/<time>/), finds the
leader, warms the JVMs up, then runs wrk against the leader once per connection count: every request is
PUT /kv/bench-<n> with a 256-byte body over 100,000 keys, acknowledged only after a quorum fsynced it. Prints
writes/s and p50/p99/max latency per concurrency next to etcd's reference on the same 2-core machine, writes
store/bench/<time>/results.txt and stops the cluster. Needs wrk (it never installs anything itself: apt-get install -y wrk).

  --connections LIST  space-separated connection counts (default "64 256 1024")
  --duration S        seconds per measured run (default 10)
  --warmup S          seconds of warm-up at 64 connections, not reported (default 30: the JIT needs it on
                      a busy 2-core machine)
  --threads T         wrk threads (default 2)
  --keep              keep the cluster's data directory afterwards
  --help              this text

Uses HTTP ports 18081-18083 and Raft ports 18001-18003 (override with HTTP_PORT_BASE / RAFT_PORT_BASE), so
it does not disturb a Docker or local cluster on the guide's ports. Exit codes: 0 done, 2 error.
EOF
}

connections="64 256 1024"
duration=10
warmup=30
threads=2
keep=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --connections) connections="${2:?--connections needs a value}"; shift 2 ;;
    --duration) duration="${2:?--duration needs a value}"; shift 2 ;;
    --warmup) warmup="${2:?--warmup needs a value}"; shift 2 ;;
    --threads) threads="${2:?--threads needs a value}"; shift 2 ;;
    --keep) keep=true; shift ;;
    --help|-h) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in $connections $duration $warmup $threads; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "numbers expected, got '$n'" >&2; exit 2; }
done

if ! command -v wrk >/dev/null; then
  echo "wrk not found: install it first (Debian: apt-get install -y wrk); nothing was started" >&2
  exit 2
fi
# Ports of its own (not the guide's 9081+/29001+), so the Docker cluster or a local cluster may keep running.
source "$REPO_ROOT/scripts/lib/local_cluster.sh"
local_cluster_ports_free || exit 2

# 1,024 connections need more descriptors than some shells allow by default (wrk and the nodes inherit this).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

export STORE_DIR="$REPO_ROOT/store/bench/$(date -u +%Y%m%dT%H%M%SZ)"
trap local_cluster_stop EXIT

# etcd's default timing (heartbeat 100 ms, election timeout 1 s), as in the reference run; roomy heaps because
# the log is kept in memory (no snapshots yet); a small young generation keeps GC pauses short.
export ELECTION_TIMEOUT_MS="${ELECTION_TIMEOUT_MS:-1000-2000}" HEARTBEAT_MS="${HEARTBEAT_MS:-100}"
export JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC -Xmn64m}"
local_cluster_start || exit 2
echo "3-node cluster up, leader node-$leader at $url; $(nproc) CPUs shared by the nodes and wrk"

if ((warmup > 0)); then
  echo "warm-up: ${warmup}s at 64 connections (JIT) ..."
  wrk -t"$threads" -c64 -d"${warmup}s" --timeout 10s -s "$LUA" "$url" >/dev/null
fi

term_before="$(curl_auth "$MULTIDRIVER_TOKEN" -fsS --max-time 2 "$url/status" | sed -n 's/.*"term":\([0-9]*\).*/\1/p')"
value() { sed -n "s/.*[[:space:]]$1=\([0-9]*\).*/\1/p" <<<" $2"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }

results="$STORE_DIR/results.txt"
{
  printf '%-12s %10s %9s %9s %9s %9s %8s\n' connections writes/s p50_ms p90_ms p99_ms max_ms errors
} | tee "$results"
for c in $connections; do
  out="$(wrk -t"$threads" -c"$c" -d"${duration}s" --timeout 10s -s "$LUA" "$url")"
  line="$(grep '^RESULT' <<<"$out")"
  req="$(value requests "$line")"
  dur="$(value duration_us "$line")"
  non2xx="$(value non2xx "$line")"
  errors=$((non2xx + $(value connect_errors "$line") + $(value read_errors "$line") + $(value write_errors "$line") \
    + $(value timeouts "$line")))
  rate="$(awk -v r="$req" -v n="$non2xx" -v d="$dur" 'BEGIN { printf "%.0f", (r - n) / (d / 1e6) }')"
  printf '%-12s %10s %9s %9s %9s %9s %8s\n' "$c" "$rate" "$(ms "$(value p50_us "$line")")" \
    "$(ms "$(value p90_us "$line")")" "$(ms "$(value p99_us "$line")")" "$(ms "$(value max_us "$line")")" \
    "$errors" | tee -a "$results"
done
term_after="$(curl_auth "$MULTIDRIVER_TOKEN" -fsS --max-time 2 "$url/status" | sed -n 's/.*"term":\([0-9]*\).*/\1/p')"
role_after="$(curl_auth "$MULTIDRIVER_TOKEN" -fsS --max-time 2 "$url/status" | sed -n 's/.*"role":"\([A-Z_]*\)".*/\1/p')"
if [[ "$term_after" != "$term_before" || "$role_after" != LEADER ]]; then
  echo "NOTE: leadership changed during the runs (term $term_before -> $term_after, node-$leader is now $role_after);" \
    "requests to a follower were forwarded" | tee -a "$results"
fi
cat <<'EOF' | tee -a "$results"

reference, same machine and client: etcd 3.4.23, 3 members on loopback, wrk through the JSON gateway
  64 connections: 6,938 writes/s (p50 8.5 ms, p99 22 ms)
  256 connections: 9,829 writes/s (p99 55 ms)
  1,024 connections: 10,109 writes/s (p99 162 ms)
EOF
echo "results: $results"
