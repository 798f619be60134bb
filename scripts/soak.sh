#!/usr/bin/env bash
# Soak: a fresh 3-node local cluster under wrk's durable 256-byte PUTs for many minutes, then many 1 MB values to
# one key; reports per-minute throughput, every node's heap after a full GC and its data size, and the bounds.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LUA="$REPO_ROOT/scripts/lib/bench_put.lua"

usage() {
  cat <<'EOF2'
Usage: scripts/soak.sh [--minutes M] [--connections C] [--big-puts N] [--heap-limit-mb H] [--keep]

Starts a fresh 3-node cluster on loopback (scripts/start_nodes.sh, the nodes' default -Xmx512m, data under
store/soak/<time>/) and runs wrk against the leader for M one-minute rounds (PUT /kv/bench-<n>, 256-byte bodies
over 100,000 keys, each acknowledged after a quorum fsynced it). After every round it forces a full GC in each
node (jcmd) and prints writes/s, each node's heap in use after that GC, its WAL + snapshot size and the term. Then
it PUTs N values of 1,000,000 bytes to one key, and checks that every node is still up, one leads, and the key
reads back. Last come the bounds: heap after GC under H MiB on every node, the last round's throughput within 20%
of the first's, no node lost. Timings are reported, never judged alone: the machine is shared.

  --minutes M        one-minute rounds (default 10)
  --connections C    wrk connections (default 64)
  --big-puts N       1 MB PUTs after the rounds (default 500; 0: none)
  --heap-limit-mb H  the heap bound to report against (default 256)
  --keep             keep the data directories afterwards
  --help             this text

Needs wrk and the JDK's jcmd/jstat (it never installs anything: apt-get install -y wrk). Ports 18081-18083 and
18001-18003 (HTTP_PORT_BASE / RAFT_PORT_BASE). Exit codes: 0 ran and every node survived, 1 a node died or the
cluster stopped answering, 2 error.
EOF2
}

minutes=10
connections=64
big_puts=500
heap_limit_mb=256
keep=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes="${2:?--minutes needs a value}"; shift 2 ;;
    --connections) connections="${2:?--connections needs a value}"; shift 2 ;;
    --big-puts) big_puts="${2:?--big-puts needs a value}"; shift 2 ;;
    --heap-limit-mb) heap_limit_mb="${2:?--heap-limit-mb needs a value}"; shift 2 ;;
    --keep) keep=true; shift ;;
    --help|-h) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$minutes" "$connections" "$big_puts" "$heap_limit_mb"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "whole numbers expected, got '$n'" >&2; exit 2; }
done
((minutes >= 1 && minutes <= 1440)) || { echo "--minutes must be in [1, 1440]" >&2; exit 2; }
((connections >= 1 && connections <= 4096)) || { echo "--connections must be in [1, 4096]" >&2; exit 2; }
((big_puts <= 100000)) || { echo "--big-puts must be at most 100000" >&2; exit 2; }
for tool in wrk jcmd jstat curl; do
  command -v "$tool" >/dev/null || { echo "$tool not found: install it first (wrk: apt-get install -y wrk;" \
    "jcmd/jstat come with a JDK); nothing was started" >&2; exit 2; }
done

source "$REPO_ROOT/scripts/lib/local_cluster.sh"
local_cluster_ports_free || exit 2
ulimit -n 65536 2>/dev/null || true
export STORE_DIR="$REPO_ROOT/store/soak/$(date -u +%Y%m%dT%H%M%SZ)"
trap local_cluster_stop EXIT
export ELECTION_TIMEOUT_MS="${ELECTION_TIMEOUT_MS:-1000-2000}" HEARTBEAT_MS="${HEARTBEAT_MS:-100}"
local_cluster_start || exit 2
echo "3-node cluster up, leader node-$leader at $url; $(nproc) CPUs shared by the nodes and wrk; JAVA_OPTS=${JAVA_OPTS:-(default)}"

alive() { kill -0 "$(cat "$STORE_DIR/node-$1.pid")" 2>/dev/null; }
# Heap in use right after a full GC, in MiB (survivors + eden + old generation, from jstat -gc).
heap_after_gc_mb() {
  local pid; pid="$(cat "$STORE_DIR/node-$1.pid")"
  jcmd "$pid" GC.run >/dev/null 2>&1 || { echo "-"; return; }
  jstat -gc "$pid" 2>/dev/null | awk 'NR == 2 { printf "%.0f", ($3 + $4 + $6 + $8) / 1024 }'
}
data_mb() { du -sm "$STORE_DIR/node-$1" 2>/dev/null | cut -f1; }
value() { sed -n "s/.*[[:space:]]$1=\([0-9]*\).*/\1/p" <<<" $2"; }

results="$STORE_DIR/results.txt"
printf '%-6s %9s %8s   %-17s %-17s %s\n' round writes/s errors "heap MiB n0/n1/n2" "data MiB n0/n1/n2" term |
  tee "$results"
first_rate=""
last_rate=""
max_heap=0
lost=false
for ((r = 1; r <= minutes; r++)); do
  out="$(wrk -t2 -c"$connections" -d60s --timeout 10s -s "$LUA" "$url" 2>&1 || true)"
  line="$(grep '^RESULT' <<<"$out" || true)"
  if [[ -z "$line" ]]; then echo "round $r: wrk gave no result: $out" | tee -a "$results"; lost=true; break; fi
  non2xx="$(value non2xx "$line")"
  errors=$((non2xx + $(value connect_errors "$line") + $(value read_errors "$line") + $(value write_errors "$line") \
    + $(value timeouts "$line")))
  rate="$(awk -v q="$(value requests "$line")" -v n="$non2xx" -v d="$(value duration_us "$line")" \
    'BEGIN { printf "%.0f", (q - n) / (d / 1e6) }')"
  heaps=() datas=()
  for i in 0 1 2; do
    if alive "$i"; then
      h="$(heap_after_gc_mb "$i")"; heaps+=("$h")
      [[ "$h" =~ ^[0-9]+$ ]] && ((h > max_heap)) && max_heap=$h
    else
      heaps+=(DEAD); lost=true
    fi
    datas+=("$(data_mb "$i")")
  done
  term="$(local_cluster_status_field "$leader" term || true)"
  printf '%-6s %9s %8s   %-17s %-17s %s\n' "$r" "$rate" "$errors" "$(IFS=/; echo "${heaps[*]}")" \
    "$(IFS=/; echo "${datas[*]}")" "${term:--}" | tee -a "$results"
  [[ -z "$first_rate" ]] && first_rate=$rate
  last_rate=$rate
  $lost && break
done

if ! $lost && ((big_puts > 0)); then
  big="$STORE_DIR/big.value"
  head -c 1000000 /dev/zero | tr '\0' 'b' >"$big"
  failed=0 start_s=$SECONDS
  for ((k = 1; k <= big_puts; k++)); do
    printf '%08d' "$k" | dd of="$big" bs=1 seek=0 count=8 conv=notrunc status=none # each value differs
    code="$(curl_auth "$MULTIDRIVER_TOKEN" -s -o /dev/null -w '%{http_code}' --max-time 30 -X PUT \
      --data-binary "@$big" "$url/kv/big" || echo 000)"
    [[ "$code" == 200 ]] || failed=$((failed + 1))
  done
  # GET /kv answers {"key":...,"value":...}: the value's first 8 bytes number the PUT.
  read_back="$(curl_auth "$MULTIDRIVER_TOKEN" -s --max-time 30 "$url/kv/big" | grep -o '"value":"[0-9]\{8\}' |
    cut -d'"' -f4 || true)"
  heaps=()
  for i in 0 1 2; do
    if alive "$i"; then heaps+=("$(heap_after_gc_mb "$i")"); else heaps+=(DEAD); lost=true; fi
  done
  echo "$big_puts PUTs of 1,000,000 bytes to one key in $((SECONDS - start_s)) s: $failed not acknowledged;" \
    "reads back value #$read_back (expected #$(printf '%08d' "$big_puts")); heap after GC n0/n1/n2:" \
    "$(IFS=/; echo "${heaps[*]}") MiB; data: $(data_mb 0)/$(data_mb 1)/$(data_mb 2) MiB" | tee -a "$results"
  [[ "$read_back" == "$(printf '%08d' "$big_puts")" ]] || lost=true
  for h in "${heaps[@]}"; do [[ "$h" =~ ^[0-9]+$ ]] && ((h > max_heap)) && max_heap=$h; done
fi

leaders=0
for i in 0 1 2; do
  if alive "$i"; then [[ "$(local_cluster_status_field "$i" role || true)" == LEADER ]] && leaders=$((leaders + 1))
  else lost=true; fi
done
{
  echo
  echo "bounds:"
  echo "  heap after GC on every node < $heap_limit_mb MiB: max $max_heap MiB: $( ((max_heap < heap_limit_mb)) && echo met || echo NOT met)"
  if [[ -n "$first_rate" && "$first_rate" -gt 0 ]]; then
    ratio="$(awk -v a="$last_rate" -v b="$first_rate" 'BEGIN { printf "%.2f", a / b }')"
    echo "  last round's throughput >= 0.8 x the first's: $last_rate / $first_rate = $ratio: $(awk -v x="$ratio" \
      'BEGIN { print (x >= 0.8 ? "met" : "NOT met") }') (a timing on a shared machine: read it beside the others)"
  fi
  echo "  every node up, one leader: $($lost && echo "NOT met (a node died or data did not read back)" || echo "met ($leaders leader)")"
} | tee -a "$results"
echo "results: $results"
$lost && exit 1
exit 0
