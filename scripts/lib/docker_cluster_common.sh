# Shared by scripts/replace_node.sh (start/stop/test/logs are `multidriver.jar cluster ...`): sourced, not run.
# Names follow the operations guide: project multi_driver, services node-0..node-4, containers
# multi-driver-node-{0..4}, HTTP API on 127.0.0.1:9081-9085.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COMPOSE_PROJECT=multi_driver
COMPOSE_FILE_PATH="$REPO_ROOT/docker-compose.yml"
# PostgreSQL, Redis and RabbitMQ beside the nodes (start_docker_cluster.sh --with-services): their compose file is
# used while secrets/services/enabled exists, so stop, test and view see them too.
SERVICES_FILE_PATH="$REPO_ROOT/docker-compose.services.yml"
SERVICES_DIR="$REPO_ROOT/secrets/services"
SERVICES=(postgres redis rabbitmq)
NODE_IMAGE=multi-driver-node:latest
PROXY_IMAGE=multi-driver-proxy:latest
PROXY_HTTPS_PORT=8443
NODE_COUNT=5
HTTP_PORT_BASE=9081

# Which Raft server each machine runs, when scripts/replace_node.sh replaced one: MULTIDRIVER_NODE<N>_ID and
# MULTIDRIVER_NODE<N>_JOIN, read by docker-compose.yml. Without the file machine N runs server N.
MACHINES_ENV="$REPO_ROOT/secrets/machines.env"

# The Raft server id machine N runs now.
machine_id() {
  local var="MULTIDRIVER_NODE$1_ID" line value=""
  if [[ -f "$MACHINES_ENV" ]]; then
    while IFS= read -r line; do
      [[ "$line" == "$var="* ]] && value="${line#*=}"
    done <"$MACHINES_ENV"
  fi
  echo "${value:-$1}"
}

# Records (or changes) one setting in secrets/machines.env.
set_machine_setting() {
  local key="$1" value="$2" tmp
  mkdir -p "$(dirname "$MACHINES_ENV")"
  tmp="$(mktemp "$MACHINES_ENV.XXXXXX")"
  if [[ -f "$MACHINES_ENV" ]]; then grep -v "^$key=" "$MACHINES_ENV" >"$tmp" || true; fi
  echo "$key=$value" >>"$tmp"
  mv "$tmp" "$MACHINES_ENV"
}

# secrets/tls/machine-N: the CA certificate and the certificate and key of the server machine N runs (mounted as its
# TLS_DIR; the CA key never leaves secrets/tls).
prepare_machine_tls() {
  local n="$1" id="$2" dir="$REPO_ROOT/secrets/tls/machine-$1"
  mkdir -p "$dir"
  chmod 0755 "$dir"
  rm -f "$dir"/node-*.crt "$dir"/node-*.key
  cp "$REPO_ROOT/secrets/tls/ca.crt" "$REPO_ROOT/secrets/tls/node-$id.crt" "$REPO_ROOT/secrets/tls/node-$id.key" "$dir/"
  # Readable by the node's user inside the container, like the single-file mounts before.
  chmod 0644 "$dir"/*
}

# `docker compose` (v2) when the plugin exists, else `docker-compose` (v1).
compose() {
  if [[ -z "${COMPOSE_CMD:-}" ]]; then
    if docker compose version >/dev/null 2>&1; then
      COMPOSE_CMD="docker compose"
    elif command -v docker-compose >/dev/null 2>&1; then
      COMPOSE_CMD="docker-compose"
    else
      echo "neither 'docker compose' nor 'docker-compose' is installed" >&2
      return 2
    fi
  fi
  if [[ -f "$MACHINES_ENV" ]]; then
    set -a
    # shellcheck disable=SC1090
    source "$MACHINES_ENV"
    set +a
  fi
  local files=(-f "$COMPOSE_FILE_PATH")
  if services_enabled; then files+=(-f "$SERVICES_FILE_PATH"); fi
  $COMPOSE_CMD -p "$COMPOSE_PROJECT" "${files[@]}" "$@"
}

services_enabled() { [[ -f "$SERVICES_DIR/enabled" ]]; }

require_docker() {
  command -v docker >/dev/null 2>&1 || { echo "docker CLI not found" >&2; exit 2; }
  docker info >/dev/null 2>&1 || { echo "Docker engine not reachable (start Docker / dockerd first)" >&2; exit 2; }
}

node_http_port() { echo $((HTTP_PORT_BASE + $1)); }

source "$REPO_ROOT/scripts/lib/credentials.sh"

# The API token of the scripts: MULTIDRIVER_TOKEN, else secrets/admin.token (written by start_docker_cluster.sh).
api_token() {
  if [[ -z "${API_TOKEN:-}" ]]; then
    API_TOKEN="$(read_token "$REPO_ROOT/secrets/admin.token")" || return 2
  fi
  printf '%s' "$API_TOKEN"
}

# GET http://127.0.0.1:<port><path> with a short timeout and the API token; prints the body, fails on HTTP >= 400
# or no answer.
http_get() {
  local token
  token="$(api_token)" || return 2
  curl_auth "$token" -fsS --max-time "${HTTP_TIMEOUT_S:-2}" "http://127.0.0.1:$1$2"
}

# Prints one top-level scalar field of a flat JSON object (string quotes removed, null kept as "null").
# The nested "peers" array is cut first so that its per-peer fields never shadow the top-level ones.
json_field() {
  local json="$1" field="$2"
  json="$(printf '%s' "$json" | tr -d '\n' | sed 's/"peers"[[:space:]]*:[[:space:]]*\[[^]]*\]//')"
  printf '%s' "$json" | sed -n "s/.*\"$field\"[[:space:]]*:[[:space:]]*\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p"
}
