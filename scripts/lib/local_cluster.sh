# Used by scripts/soak.sh: a fresh 3-node cluster of local JVMs on ports of their own
# (HTTP_PORT_BASE / RAFT_PORT_BASE, default 18081 / 18001, not the guide's), data under $STORE_DIR.
# After local_cluster_start: $leader (its id), $url (its HTTP base), MULTIDRIVER_TOKEN (the admin token), and
# curl_auth from credentials.sh. The caller sets STORE_DIR, `keep`, and calls local_cluster_stop on exit.

local_cluster_ports_free() {
  export HTTP_PORT_BASE="${HTTP_PORT_BASE:-18081}" RAFT_PORT_BASE="${RAFT_PORT_BASE:-18001}"
  local i port
  for ((i = 0; i < 3; i++)); do
    for port in $((HTTP_PORT_BASE + i)) $((RAFT_PORT_BASE + i)); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port is in use; set HTTP_PORT_BASE/RAFT_PORT_BASE to free ones" >&2
        return 2
      fi
    done
  done
}

local_cluster_start() {
  mkdir -p "$STORE_DIR"
  "$REPO_ROOT/scripts/start_nodes.sh" --nodes 3 --wait-seconds 60 >"$STORE_DIR/start.txt" ||
    { cat "$STORE_DIR/start.txt" >&2; return 2; }
  leader="$(sed -n 's/^leader: node-\([0-9]\)$/\1/p' "$STORE_DIR/start.txt")"
  # start_nodes.sh created the cluster's tokens; wrk and curl send the admin token.
  MULTIDRIVER_TOKEN="$(head -n1 "$STORE_DIR/admin.token")"
  export MULTIDRIVER_TOKEN
  source "$REPO_ROOT/scripts/lib/credentials.sh"
  url="http://127.0.0.1:$((HTTP_PORT_BASE + leader))"
}

local_cluster_stop() {
  "$REPO_ROOT/scripts/start_nodes.sh" --stop >/dev/null || true
  if ! $keep; then rm -rf "$STORE_DIR"/node-*/; fi
}

# One field of a node's /status (numbers and upper-case words).
local_cluster_status_field() {
  curl_auth "$MULTIDRIVER_TOKEN" -fsS --max-time 2 "http://127.0.0.1:$((HTTP_PORT_BASE + $1))/status" 2>/dev/null |
    sed -n "s/.*\"$2\":\"\{0,1\}\([A-Z_0-9]*\).*/\1/p"
}
