#!/usr/bin/env bash
# Local mode of the operations guide (start_nodes.ps1 there): N node JVMs on loopback, no Docker.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STORE="${STORE_DIR:-$REPO_ROOT/store/local}"
JAR="$REPO_ROOT/node/target/node-0.1.0-SNAPSHOT-all.jar"
RAFT_PORT_BASE="${RAFT_PORT_BASE:-29001}"
HTTP_PORT_BASE="${HTTP_PORT_BASE:-9081}"

usage() {
  cat <<'EOF'
Usage: scripts/start_nodes.sh [--nodes N] [--build] [--wait-seconds S]
       scripts/start_nodes.sh --start-node I [--nodes N]
       scripts/start_nodes.sh --stop [--clean]
       scripts/start_nodes.sh --help

Starts N node JVMs (default 3) on 127.0.0.1: node i listens for Raft RPC on 29001+i and for HTTP on 9081+i,
keeps its write-ahead log in store/local/node-i/, logs to store/local/node-i.log and writes its pid to
store/local/node-i.pid. Then waits until exactly one node is LEADER and every node names it, and prints a
table of /status.

  --nodes N          cluster size (default 3; 1..9)
  --build            rebuild the node jar first (it is built anyway when missing)
  --wait-seconds S   how long to wait for a leader (default 30)
  --start-node I     (re)start only node I of an N-node cluster, e.g. after `kill -9 $(cat store/local/node-I.pid)`
  --stop             stop every node started here (SIGTERM, then SIGKILL after 10 s); data is kept
  --clean            with --stop: also delete store/local (all data)
  --help             this text

STORE_DIR overrides store/local; RAFT_PORT_BASE / HTTP_PORT_BASE override 29001 / 9081 (scripts/bench.sh uses
its own directory and ports, so it can run while the Docker cluster holds the guide's ports).
Environment passed to the nodes when set: ELECTION_TIMEOUT_MS, HEARTBEAT_MS, TICK_MS, REQUEST_TIMEOUT_MS,
UNSAFE_STALE_READS, JAVA_OPTS (default "-Xmx512m -XX:+UseParallelGC -Xmn64m").

Examples:
  scripts/start_nodes.sh --nodes 3
  export MULTIDRIVER_TOKEN="$(cat store/local/admin.token)"   # written on first start, mode 0600
  curl -H "Authorization: Bearer $MULTIDRIVER_TOKEN" -X PUT --data blue http://127.0.0.1:9082/kv/color
  curl -H "Authorization: Bearer $MULTIDRIVER_TOKEN" http://127.0.0.1:9083/kv/color    # via a follower
  scripts/start_nodes.sh --stop --clean

Exit codes: 0 ok (one leader), 2 error or no leader in time.
EOF
}

nodes=3
build=false
wait_s=30
stop=false
clean=false
only_node=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --nodes) nodes="${2:?--nodes needs a value}"; shift 2 ;;
    --build) build=true; shift ;;
    --wait-seconds) wait_s="${2:?--wait-seconds needs a value}"; shift 2 ;;
    --start-node) only_node="${2:?--start-node needs a node id}"; shift 2 ;;
    --stop) stop=true; shift ;;
    --clean) clean=true; shift ;;
    --help|-h) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$nodes" =~ ^[1-9]$ ]] || { echo "--nodes must be 1..9" >&2; exit 2; }
[[ "$wait_s" =~ ^[0-9]+$ ]] || { echo "--wait-seconds must be a whole number" >&2; exit 2; }
if [[ -n "$only_node" ]] && ! { [[ "$only_node" =~ ^[0-9]$ ]] && ((only_node < nodes)); }; then
  echo "--start-node must be a node id below --nodes ($nodes)" >&2; exit 2
fi
if $clean && ! $stop; then echo "--clean only goes with --stop" >&2; exit 2; fi

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_all() {
  local f pid any=false
  shopt -s nullglob
  for f in "$STORE"/node-*.pid; do
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      any=true
      echo "stopping $(basename "$f" .pid) (pid $pid)"
    fi
  done
  for ((t = 0; t < 100; t++)); do
    local alive=false
    for f in "$STORE"/node-*.pid; do pid_alive "$f" && alive=true; done
    $alive || break
    sleep 0.1
  done
  for f in "$STORE"/node-*.pid; do
    if pid_alive "$f"; then
      echo "$(basename "$f" .pid) ignored SIGTERM; sending SIGKILL"
      kill -KILL "$(cat "$f")" 2>/dev/null || true
    fi
    rm -f "$f"
  done
  $any || echo "no local nodes were running"
  if $clean; then
    rm -rf "$STORE"
    echo "removed $STORE"
  fi
}

if $stop; then
  stop_all
  exit 0
fi

if ! command -v java >/dev/null; then echo "java not found (Java 17 needed)" >&2; exit 2; fi
if $build || [[ ! -f "$JAR" ]]; then
  echo "building $JAR ..."
  (cd "$REPO_ROOT" && mvn -B -q -Dstyle.color=never -pl node -am package -DskipTests) || { echo "build failed" >&2; exit 2; }
fi
mkdir -p "$STORE"

join_addresses() { # base port -> 127.0.0.1:base,127.0.0.1:base+1,...
  local out="" i
  for ((i = 0; i < nodes; i++)); do out+="${out:+,}127.0.0.1:$(($1 + i))"; done
  echo "$out"
}
PEERS="$(join_addresses $RAFT_PORT_BASE)"
HTTP_PEERS="$(join_addresses $HTTP_PORT_BASE)"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_node() {
  local i="$1" pidf="$STORE/node-$1.pid" port
  if pid_alive "$pidf"; then
    echo "node-$i already running (pid $(cat "$pidf")); use --stop first" >&2
    return 2
  fi
  for port in $((RAFT_PORT_BASE + i)) $((HTTP_PORT_BASE + i)); do
    if port_in_use "$port"; then
      echo "port $port is already in use (the Docker cluster? scripts/stop_docker_cluster.sh)" >&2
      return 2
    fi
  done
  mkdir -p "$STORE/node-$i"
  # setsid: the node outlives this script and its terminal; the pid file is how --stop finds it.
  # shellcheck disable=SC2086
  NODE_ID="$i" PEERS="$PEERS" HTTP_PEERS="$HTTP_PEERS" BIND_HOST=127.0.0.1 \
    RAFT_PORT=$((RAFT_PORT_BASE + i)) HTTP_PORT=$((HTTP_PORT_BASE + i)) DATA_DIR="$STORE/node-$i" \
    CLUSTER_ID="${CLUSTER_ID:-multi_driver_local}" BOOTSTRAP="$BOOTSTRAP_NEW" CLUSTER_SECRET_FILE="$SECRET_FILE" \
    TOKENS_FILE="$STORE/api/tokens" \
    setsid java ${JAVA_OPTS:--Xmx512m -XX:+UseParallelGC -Xmn64m} -jar "$JAR" \
    >>"$STORE/node-$i.log" 2>&1 </dev/null &
  echo $! >"$pidf"
  echo "started node-$i (pid $!): raft 127.0.0.1:$((RAFT_PORT_BASE + i)), http 127.0.0.1:$((HTTP_PORT_BASE + i)), log $STORE/node-$i.log"
}

# Raft frames are signed with a cluster secret (HMAC-SHA256) and HTTP clients need a bearer token; a new local
# cluster gets a random secret and an admin token ($STORE/admin.token), readable by this user only.
source "$REPO_ROOT/scripts/lib/credentials.sh"
ensure_credentials "$STORE"
SECRET_FILE="$STORE/cluster.secret"
# This cluster's own admin token, whatever MULTIDRIVER_TOKEN says (that may be another cluster's).
TOKEN="$(MULTIDRIVER_TOKEN='' read_token "$STORE/admin.token")"

# Bootstrap only a brand-new local cluster (no node has a WAL yet), decided once before any node starts; a node that
# lost its data while the others kept theirs refuses to start as a fresh voter (see node/README.md).
BOOTSTRAP_NEW=true
for ((i = 0; i < nodes; i++)); do
  if [[ -d "$STORE/node-$i/wal" ]]; then BOOTSTRAP_NEW=false; fi
done

if [[ -n "$only_node" ]]; then
  start_node "$only_node"
else
  for ((i = 0; i < nodes; i++)); do start_node "$i"; done
fi

# Prints one top-level scalar field of the flat part of a /status JSON body.
field() { printf '%s' "$1" | sed 's/"peers":\[.*\]//' | sed -n "s/.*\"$2\":\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p"; }

deadline=$((SECONDS + wait_s))
while true; do
  leaders=() named=() up=0
  for ((i = 0; i < nodes; i++)); do
    body="$(curl_auth "$TOKEN" -fsS --max-time 1 "http://127.0.0.1:$((HTTP_PORT_BASE + i))/status" 2>/dev/null)" ||
      continue
    up=$((up + 1))
    [[ "$(field "$body" role)" == LEADER ]] && leaders+=("$i")
    named+=("$(field "$body" leader)")
  done
  if ((up == nodes && ${#leaders[@]} == 1)); then
    agree=true
    for n in "${named[@]}"; do [[ "$n" == "${leaders[0]}" ]] || agree=false; done
    $agree && break
  fi
  for ((i = 0; i < nodes; i++)); do
    if ! pid_alive "$STORE/node-$i.pid"; then
      echo "node-$i exited; last log lines:" >&2
      tail -n 20 "$STORE/node-$i.log" >&2 || true
      exit 2
    fi
  done
  if ((SECONDS >= deadline)); then
    echo "no single agreed leader after ${wait_s}s ($up of $nodes nodes answering)" >&2
    exit 2
  fi
  sleep 0.2
done

printf '%-6s %-9s %-6s %-7s %-12s %s\n' NODE ROLE TERM LEADER COMMIT HTTP
for ((i = 0; i < nodes; i++)); do
  body="$(curl_auth "$TOKEN" -fsS --max-time 1 "http://127.0.0.1:$((HTTP_PORT_BASE + i))/status")"
  printf '%-6s %-9s %-6s %-7s %-12s %s\n' "node-$i" "$(field "$body" role)" "$(field "$body" term)" \
    "$(field "$body" leader)" "$(field "$body" commitIndex)" "http://127.0.0.1:$((HTTP_PORT_BASE + i))"
done
echo "leader: node-${leaders[0]}"
