#!/usr/bin/env bash
# Starts the five-node Docker cluster of the operations guide (start_docker_cluster.ps1 there).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/docker_cluster_common.sh"

usage() {
  cat <<'EOF2'
Usage: scripts/start_docker_cluster.sh [--no-build] [--with-services] [--wait-seconds S] [--help]

Builds the node jar (mvn -pl node -am package -DskipTests), the local base images if they are missing
(scripts/build_base_image.sh, scripts/build_proxy_image.sh), the images multi-driver-node:latest
(node/Dockerfile) and multi-driver-proxy:latest (proxy/Dockerfile), creates the credentials on first use
(secrets/: cluster.secret, tokens, admin.token, tls/ by scripts/make_certs.sh), then starts containers
multi-driver-node-0..4 and multi-driver-proxy (compose project multi_driver, network
multi_driver_cluster-network, volumes multi_driver_node{0..4}_data) and waits until all five nodes answer
/status, exactly one of them reports LEADER, and the proxy answers https://127.0.0.1:8443/health.

Ports on 127.0.0.1: HTTP API 9081-9085, Raft RPC 29001-29005 (mutual TLS), proxy HTTPS 8443 and HTTP 8080
(redirects to HTTPS). Clients send `Authorization: Bearer $(cat secrets/admin.token)`.

  --no-build         use the existing multi-driver-node:latest image as it is
  --with-services    also start PostgreSQL, Redis and RabbitMQ (docker-compose.services.yml: containers
                     multi-driver-postgres/-redis/-rabbitmq on 127.0.0.1:5432/6379/5672, volumes
                     multi_driver_{postgres,redis,rabbitmq}_data, passwords in secrets/services/), building their
                     images when missing (scripts/build_target_image.sh), and wait until they are healthy;
                     remembered until scripts/stop_docker_cluster.sh
  --wait-seconds S   how long to wait for the nodes and a single leader (default 90)
  --help             this text

Exit codes: 0 all nodes up with one leader, 2 error or not ready in time.
EOF2
}

build=true
with_services=false
wait_s=90
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=false; shift ;;
    --with-services) with_services=true; shift ;;
    --wait-seconds) wait_s="${2:?--wait-seconds needs a value}"; shift 2 ;;
    --help|-h) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$wait_s" =~ ^[0-9]+$ ]] || { echo "--wait-seconds must be a whole number" >&2; exit 2; }

require_docker
cd "$REPO_ROOT"

if $build; then
  echo "==> building the node jar"
  mvn -B -q -Dstyle.color=never -pl node -am package -DskipTests
  echo "==> base image"
  bash "$REPO_ROOT/scripts/build_base_image.sh"
  echo "==> building $NODE_IMAGE"
  # Quiet unless it fails (the legacy builder prints a deprecation notice on every build).
  build_log="$(mktemp)"
  if ! docker build -t "$NODE_IMAGE" -f node/Dockerfile node >"$build_log" 2>&1; then
    cat "$build_log" >&2; rm -f "$build_log"; exit 2
  fi
  rm -f "$build_log"
  docker image prune -f --filter label=io.multidriver.image=node >/dev/null || true # superseded builds only
  echo "==> proxy image"
  bash "$REPO_ROOT/scripts/build_proxy_image.sh"
  build_log="$(mktemp)"
  if ! docker build -t "$PROXY_IMAGE" proxy >"$build_log" 2>&1; then
    cat "$build_log" >&2; rm -f "$build_log"; exit 2
  fi
  rm -f "$build_log"
  docker image prune -f --filter label=io.multidriver.image=proxy >/dev/null || true
else
  for image in "$NODE_IMAGE" "$PROXY_IMAGE"; do
    if ! docker image inspect "$image" >/dev/null 2>&1; then
      echo "$image does not exist; run without --no-build" >&2
      exit 2
    fi
  done
fi

if $with_services; then
  for service in "${SERVICES[@]}"; do
    # Skips the build when the image exists (about a minute each by debootstrap otherwise).
    bash "$REPO_ROOT/scripts/build_target_image.sh" "$service" | sed 's/^/==> /'
  done
fi

# The guide's host ports are fixed; another program on them (e.g. the local cluster of scripts/start_nodes.sh,
# which uses the same numbers) would make compose fail half-way. Ports held by our own running containers are fine.
if [[ -z "$(compose ps -q 2>/dev/null)" ]]; then
  busy=()
  for ((i = 0; i < NODE_COUNT; i++)); do
    for port in $((29001 + i)) $((HTTP_PORT_BASE + i)); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then busy+=("$port"); fi
    done
  done
  if $with_services; then
    for port in 5432 6379 5672; do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then busy+=("$port"); fi
    done
  fi
  if ((${#busy[@]})); then
    echo "host port(s) ${busy[*]} on 127.0.0.1 are in use; the cluster needs 29001-29005 and 9081-9085." >&2
    echo "A local cluster (scripts/start_nodes.sh) uses the same ports: stop it with scripts/start_nodes.sh --stop." >&2
    exit 2
  fi
fi

# Raft frames are signed with the cluster secret (HMAC-SHA256) and HTTP clients need a bearer token from
# secrets/api/tokens; docker-compose.yml mounts into each node only those and its own certificate and key. They are
# created on first use, readable by this user only, with an admin token in secrets/admin.token (never mounted);
# there is no default secret and no default token.
ensure_credentials "$REPO_ROOT/secrets" | sed 's/^/==> /'
if $with_services; then
  ensure_service_credentials | sed 's/^/==> /'
  touch "$SERVICES_DIR/enabled" # from now on every script's compose call includes docker-compose.services.yml
fi
# Members talk Raft over mutual TLS with certificates of a private cluster CA (CN=node-<id>), and the proxy serves
# HTTPS with its own certificate of that CA; created once, kept across restarts.
extra_ids=()
for ((i = 0; i < NODE_COUNT; i++)); do
  id="$(machine_id "$i")"
  if ((id >= NODE_COUNT)); then extra_ids+=(--node "$id"); fi
done
bash "$REPO_ROOT/scripts/make_certs.sh" --dir "$REPO_ROOT/secrets/tls" --nodes 5 "${extra_ids[@]}" | sed 's/^/==> /'
for ((i = 0; i < NODE_COUNT; i++)); do prepare_machine_tls "$i" "$(machine_id "$i")"; done

# A brand-new cluster (no node volume exists yet) is bootstrapped; otherwise every node must find its WAL. A node
# whose volume alone was wiped then refuses to start as a fresh voter instead of risking a second vote in a term.
existing_volumes=0
for ((i = 0; i < NODE_COUNT; i++)); do
  if docker volume inspect "${COMPOSE_PROJECT}_node${i}_data" >/dev/null 2>&1; then existing_volumes=$((existing_volumes + 1)); fi
done
if ((existing_volumes == 0)); then
  echo "==> no node volume exists: bootstrapping a new cluster"
  export MULTIDRIVER_BOOTSTRAP=true
else
  export MULTIDRIVER_BOOTSTRAP=false
fi

echo "==> starting the cluster (compose project $COMPOSE_PROJECT)"
compose up -d --no-build

echo "==> waiting up to ${wait_s}s for all $NODE_COUNT nodes and exactly one leader"
deadline=$((SECONDS + wait_s))
up=0
while ((SECONDS < deadline)); do
  mapfile -t leaders < <(leader_ids)
  up="$(nodes_up)"
  if ((${#leaders[@]} == 1 && up == NODE_COUNT)); then
    if ! proxy_healthy; then
      sleep 1
      continue
    fi
    if services_enabled; then
      unhealthy=()
      for service in "${SERVICES[@]}"; do
        [[ "$(service_health "$service")" == healthy ]] || unhealthy+=("$service")
      done
      if ((${#unhealthy[@]})); then
        sleep 1
        continue
      fi
    fi
    echo "leader: node-${leaders[0]} (http://127.0.0.1:$(node_http_port "${leaders[0]}")); proxy: https://127.0.0.1:8443"
    if services_enabled; then
      echo "services healthy: multi-driver-postgres 127.0.0.1:5432, multi-driver-redis 127.0.0.1:6379," \
        "multi-driver-rabbitmq 127.0.0.1:5672 (passwords in secrets/services/)"
    fi
    echo "next: scripts/test_cluster.sh [--via-proxy]   |   logs: scripts/view_docker_logs.sh   |   stop: scripts/stop_docker_cluster.sh"
    exit 0
  fi
  sleep 1
done
echo "not ready after ${wait_s}s: $up/$NODE_COUNT nodes answer, leaders: ${leaders[*]:-none}$(services_enabled \
  && echo ", services not healthy: ${unhealthy[*]:-none}"); container states:" >&2
compose ps >&2 || true
echo "see: scripts/view_docker_logs.sh" >&2
exit 2
