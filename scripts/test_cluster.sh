#!/usr/bin/env bash
# Checks the running Docker cluster (test_cluster.ps1 in the operations guide).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/docker_cluster_common.sh"

usage() {
  cat <<'EOF2'
Usage: scripts/test_cluster.sh [--no-write] [--via-proxy] [--help]

Prints a table of node, role, term, leader and commit index from every node's /status
(http://127.0.0.1:9081-9085), then writes a fresh key through one node and reads it back
through another (followers forward to the leader). Every request carries the API token
(MULTIDRIVER_TOKEN, else secrets/admin.token).

  --no-write   only the table (and the leader count)
  --via-proxy  write and read through the reverse proxy, https://127.0.0.1:8443, checking its
               certificate against secrets/tls/ca.crt (the table still asks each node)
  --help       this text

When the services of start_docker_cluster.sh --with-services run, a second table gives the health of
multi-driver-postgres, multi-driver-redis and multi-driver-rabbitmq (their Docker health checks: pg_isready,
redis-cli ping with the password, rabbitmq-diagnostics check_running).

Exit codes: 0 exactly one leader and the write was read back (and every service healthy); 1 not exactly one
leader, the read did not return the written value, or a service is not healthy; 2 no node answered or the
write failed.
EOF2
}

write=true
via_proxy=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-write) write=false; shift ;;
    --via-proxy) via_proxy=true; shift ;;
    --help|-h) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
command -v curl >/dev/null || { echo "curl not found" >&2; exit 2; }

printf '%-8s %-6s %-14s %-6s %-8s %-12s\n' NODE PORT ROLE TERM LEADER COMMIT_INDEX
up=()
leaders=()
for ((i = 0; i < NODE_COUNT; i++)); do
  port="$(node_http_port "$i")"
  if body="$(http_get "$port" /status 2>/dev/null)"; then
    role="$(json_field "$body" role)"
    printf '%-8s %-6s %-14s %-6s %-8s %-12s\n' "node-$i" "$port" "$role" "$(json_field "$body" term)" \
      "$(json_field "$body" leader)" "$(json_field "$body" commitIndex)"
    up+=("$i")
    [[ "$role" == LEADER ]] && leaders+=("$i")
  else
    printf '%-8s %-6s %-14s %-6s %-8s %-12s\n' "node-$i" "$port" DOWN - - -
  fi
done
leader_names=""
((${#leaders[@]})) && leader_names=" ($(printf 'node-%s ' "${leaders[@]}" | sed 's/ $//'))"
echo "nodes up: ${#up[@]}/$NODE_COUNT, leaders: ${#leaders[@]}$leader_names"
((${#up[@]} > 0)) || { echo "no node answered /status (is the cluster running? scripts/start_docker_cluster.sh)" >&2; exit 2; }

verdict=0
if ((${#leaders[@]} != 1)); then
  echo "FAIL: expected exactly one leader, found ${#leaders[@]}"
  verdict=1
fi

if services_enabled; then
  printf '%-24s %-6s %-10s\n' SERVICE PORT HEALTH
  declare -A service_port=([postgres]=5432 [redis]=6379 [rabbitmq]=5672)
  healthy=0
  for service in "${SERVICES[@]}"; do
    health="$(service_health "$service")"
    printf '%-24s %-6s %-10s\n' "$(service_container "$service")" "${service_port[$service]}" "$health"
    [[ "$health" == healthy ]] && healthy=$((healthy + 1))
  done
  echo "services healthy: $healthy/${#SERVICES[@]}"
  if ((healthy != ${#SERVICES[@]})); then
    echo "FAIL: a service is not healthy (scripts/view_docker_logs.sh --service NAME)"
    verdict=1
  fi
fi

if $write && $via_proxy; then
  key="test-cluster-proxy-$(date +%s)-$RANDOM"
  value="value-$RANDOM$RANDOM"
  headers="$(mktemp)"
  if ! curl_auth "$(api_token)" -fsS --max-time 10 --cacert "$REPO_ROOT/secrets/tls/ca.crt" -D "$headers" \
    -X PUT --data-binary "$value" \
    "https://127.0.0.1:$PROXY_HTTPS_PORT/kv/$key" >/dev/null; then
    rm -f "$headers"
    echo "FAIL: PUT /kv/$key through the proxy (https://127.0.0.1:$PROXY_HTTPS_PORT) was not acknowledged"
    exit 2
  fi
  served_by="$(sed -n 's/^[Xx]-[Nn]ode-[Ii]d: *\([0-9]*\).*/\1/p' "$headers")"
  request_id="$(sed -n 's/^[Xx]-[Rr]equest-[Ii]d: *\([0-9a-f]*\).*/\1/p' "$headers")"
  rm -f "$headers"
  got="$(proxy_get "/kv/$key" 2>/dev/null || true)"
  if [[ "$(json_field "$got" value)" == "$value" ]]; then
    echo "write and read via the proxy (HTTPS, served by node-${served_by:-?}, request id ${request_id:-?}): ok ($key=$value)"
  else
    echo "FAIL: wrote $key=$value via the proxy, read via the proxy returned: ${got:-<no answer>}"
    verdict=1
  fi
elif $write && ((${#up[@]} > 0)); then
  # Write through a node that is not the leader when there is one, to exercise forwarding.
  writer="${up[0]}"
  for n in "${up[@]}"; do [[ " ${leaders[*]:-} " == *" $n "* ]] || { writer="$n"; break; }; done
  reader="$writer"
  for n in "${up[@]}"; do [[ "$n" != "$writer" ]] && { reader="$n"; break; }; done
  key="test-cluster-$(date +%s)-$RANDOM"
  value="value-$RANDOM$RANDOM"
  if ! curl_auth "$(api_token)" -fsS --max-time 5 -X PUT --data-binary "$value" \
    "http://127.0.0.1:$(node_http_port "$writer")/kv/$key" >/dev/null; then
    echo "FAIL: PUT /kv/$key through node-$writer was not acknowledged"
    exit 2
  fi
  got="$(http_get "$(node_http_port "$reader")" "/kv/$key" 2>/dev/null || true)"
  if [[ "$(json_field "$got" value)" == "$value" ]]; then
    echo "write via node-$writer, read via node-$reader: ok ($key=$value)"
  else
    echo "FAIL: wrote $key=$value via node-$writer, read via node-$reader returned: ${got:-<no answer>}"
    verdict=1
  fi
fi
exit "$verdict"
