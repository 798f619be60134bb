#!/usr/bin/env bash
# Stops the Docker cluster (stop_docker_cluster.ps1 in the operations guide).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/docker_cluster_common.sh"

usage() {
  cat <<'EOF2'
Usage: scripts/stop_docker_cluster.sh [--volumes] [--help]

Stops and removes the containers multi-driver-node-0..4 and the proxy, the services of --with-services
(multi-driver-postgres, -redis, -rabbitmq) when they run, and the network multi_driver_cluster-network
(compose down). The data volumes multi_driver_node{0..4}_data (and the services' volumes) are kept unless
--volumes. The next start leaves the services out unless given --with-services again.

  --volumes   also delete the data volumes (like `docker-compose down -v`): the next start is a new cluster
  --help      this text

Exit codes: 0 stopped, 2 error.
EOF2
}

volumes=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --volumes|-v) volumes=true; shift ;;
    --help|-h) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

require_docker
if $volumes; then
  compose down --volumes --remove-orphans
  # The servers that ran on replaced machines are gone with their volumes: the next start founds servers 0..4 again.
  rm -f "$MACHINES_ENV"
  rm -f "$SERVICES_DIR/enabled"
  echo "cluster stopped, volumes removed"
else
  compose down --remove-orphans
  rm -f "$SERVICES_DIR/enabled"
  echo "cluster stopped (volumes kept; --volumes removes them)"
fi
