#!/usr/bin/env bash
# Shows the cluster's logs (view_docker_logs.ps1 in the operations guide).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/docker_cluster_common.sh"

usage() {
  cat <<'EOF2'
Usage: scripts/view_docker_logs.sh [--node N | --service NAME] [--follow] [--tail LINES] [--help]

Prints the logs of all five nodes (compose logs; the proxy and the --with-services services too), or of
node-N only, or of one service only.

  --node N       only node-N (0..4), like `docker-compose logs node-N`
  --service NAME only postgres, redis or rabbitmq (started by start_docker_cluster.sh --with-services)
  --follow, -f   keep following new lines (Ctrl-C to stop)
  --tail LINES   only the last LINES lines per node (default: all)
  --help         this text

Exit codes: 0 ok, 2 error.
EOF2
}

node=""
service=""
follow=false
tail_lines="all"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --node|-n) node="${2:?--node needs a value}"; shift 2 ;;
    --service|-s) service="${2:?--service needs a value}"; shift 2 ;;
    --follow|-f) follow=true; shift ;;
    --tail) tail_lines="${2:?--tail needs a value}"; shift 2 ;;
    --help|-h) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -n "$node" ]] && { [[ ! "$node" =~ ^[0-9]+$ ]] || ((node >= NODE_COUNT)); }; then
  echo "--node must be 0..$((NODE_COUNT - 1))" >&2
  exit 2
fi
if [[ -n "$service" ]]; then
  [[ " ${SERVICES[*]} " == *" $service "* ]] || { echo "--service must be one of: ${SERVICES[*]}" >&2; exit 2; }
  [[ -z "$node" ]] || { echo "give --node or --service, not both" >&2; exit 2; }
  services_enabled || { echo "the services do not run (scripts/start_docker_cluster.sh --with-services)" >&2; exit 2; }
fi
[[ "$tail_lines" == all || "$tail_lines" =~ ^[0-9]+$ ]] || { echo "--tail must be a number or 'all'" >&2; exit 2; }

require_docker
args=(logs --timestamps "--tail=$tail_lines")
$follow && args+=(--follow)
if [[ -n "$node" ]]; then
  compose "${args[@]}" "node-$node"
elif [[ -n "$service" ]]; then
  compose "${args[@]}" "$service"
else
  compose "${args[@]}"
fi
