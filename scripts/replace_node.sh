#!/usr/bin/env bash
# The operations guide's drill for a lost disk, made safe (Raft thesis §4): machine N gets an empty volume and a new
# Raft server that joins the running cluster as a learner, catches up (through a snapshot when the leader has
# compacted its log) and is promoted to voter.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/docker_cluster_common.sh"

usage() {
  cat <<'EOF2'
Usage: scripts/replace_node.sh N [--wait-seconds S] [--help]

Replaces the server on machine N (container multi-driver-node-N, volume multi_driver_nodeN_data) of the running
compose cluster:
  1. stops the container and deletes its volume (the guide's "docker-compose down -v" for one node);
  2. removes the old server from the configuration (DELETE /cluster/members/<id>, through any live node);
  3. starts the machine empty with a NEW server id (JOIN=true): a server that lost its log and votes must never
     rejoin under its old id, or its empty log could vote and acknowledge where the old one counted;
     the id and its TLS certificate (node-<id>, signed by the cluster CA) are recorded in secrets/machines.env and
     secrets/tls/machine-N;
  4. adds it as a learner (POST /cluster/members), waits until it has caught up, and promotes it to voter;
  5. restarts the container without JOIN, so that a later loss of this volume is refused again.
Every request carries the admin token (MULTIDRIVER_TOKEN, else secrets/admin.token).

  --wait-seconds S  bound on each waiting step (default 120)
  --help            this text

Exit codes: 0 the new server is a voter; 1 the cluster refused or did not finish a step in time; 2 bad arguments,
Docker or the cluster not reachable.
EOF2
}

machine=""
wait_s=120
while [[ $# -gt 0 ]]; do
  case "$1" in
    --wait-seconds) wait_s="${2:?--wait-seconds needs a value}"; shift 2 ;;
    --help|-h) usage; exit 0 ;;
    -*) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    *) [[ -z "$machine" ]] || { echo "one machine at a time (got $machine and $1)" >&2; exit 2; }; machine="$1"; shift ;;
  esac
done
[[ "$machine" =~ ^[0-9]+$ ]] && ((machine < NODE_COUNT)) || { echo "N must be a machine number 0..$((NODE_COUNT - 1)), got '${machine}' (see --help)" >&2; exit 2; }
[[ "$wait_s" =~ ^[1-9][0-9]*$ ]] || { echo "--wait-seconds must be a positive integer, got '$wait_s'" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 2; }
require_docker

# Sends METHOD PATH [BODY] to the HTTP port of machine M; prints "<status> <body>".
api() {
  local port="$1" method="$2" path="$3" body="${4:-}" token out
  token="$(api_token)" || return 2
  if [[ -n "$body" ]]; then
    out="$(curl_auth "$token" -sS --max-time 15 -X "$method" -H 'Content-Type: application/json' --data "$body" \
      -w '\n%{http_code}' "http://127.0.0.1:$port$path" 2>/dev/null)" || { echo "000 no answer"; return 0; }
  else
    out="$(curl_auth "$token" -sS --max-time 15 -X "$method" -w '\n%{http_code}' "http://127.0.0.1:$port$path" \
      2>/dev/null)" || { echo "000 no answer"; return 0; }
  fi
  echo "${out##*$'\n'} ${out%$'\n'*}"
}

# A machine other than N that answers; prints its HTTP port.
other_port() {
  local i
  for ((i = 0; i < NODE_COUNT; i++)); do
    if ((i == machine)); then continue; fi
    if http_get "$(node_http_port "$i")" /health >/dev/null 2>&1; then node_http_port "$i"; return 0; fi
  done
  return 1
}

# Retries "METHOD PATH BODY" through a live machine other than N until the status is one of ACCEPT (a regex), for at
# most wait_s seconds; prints the last answer. 409 (another change in progress, a learner behind) and 503/504 (no
# leader yet) are retried.
until_status() {
  local accept="$1" method="$2" path="$3" body="${4:-}" deadline=$((SECONDS + wait_s)) port answer=""
  while ((SECONDS < deadline)); do
    if port="$(other_port)"; then
      answer="$(api "$port" "$method" "$path" "$body")"
      if [[ "${answer%% *}" =~ ^($accept)$ ]]; then echo "$answer"; return 0; fi
      case "${answer%% *}" in
        400|401|403) echo "$answer"; return 1 ;;
      esac
    fi
    sleep 1
  done
  echo "${answer:-no live machine answered}"
  return 1
}

old_id="$(machine_id "$machine")"
cluster="$(until_status 200 GET /cluster)" || { echo "GET /cluster failed: $cluster" >&2; exit 1; }
# A new id: above every id in the configuration and every id a machine ever ran.
new_id="$NODE_COUNT"
above() { if (($1 >= new_id)); then new_id=$(($1 + 1)); fi; }
for id in $(printf '%s' "${cluster#* }" | grep -o '"id":[0-9]*' | cut -d: -f2); do above "$id"; done
for ((i = 0; i < NODE_COUNT; i++)); do above "$(machine_id "$i")"; done
if [[ -f "$MACHINES_ENV" ]]; then
  while IFS= read -r line; do
    if [[ "$line" =~ ^MULTIDRIVER_RETIRED_ID_([0-9]+)= ]]; then above "${BASH_REMATCH[1]}"; fi
  done <"$MACHINES_ENV"
fi
container="multi-driver-node-$machine"
volume="${COMPOSE_PROJECT}_node${machine}_data"
echo "==> machine $machine ($container) runs server $old_id; its replacement will be server $new_id"

echo "==> stopping $container and deleting its volume $volume"
compose stop "node-$machine" >/dev/null
compose rm -f "node-$machine" >/dev/null
docker volume rm "$volume" >/dev/null 2>&1 || true
set_machine_setting "MULTIDRIVER_RETIRED_ID_$old_id" true

echo "==> removing server $old_id from the configuration"
answer="$(until_status '200|404' DELETE "/cluster/members/$old_id")" || { echo "removal failed: $answer" >&2; exit 1; }
echo "    ${answer}"

echo "==> starting machine $machine empty as server $new_id (JOIN=true)"
bash "$REPO_ROOT/scripts/make_certs.sh" --dir "$REPO_ROOT/secrets/tls" --nodes "$NODE_COUNT" --node "$new_id" \
  | sed 's/^/    /'
prepare_machine_tls "$machine" "$new_id"
set_machine_setting "MULTIDRIVER_NODE${machine}_ID" "$new_id"
set_machine_setting "MULTIDRIVER_NODE${machine}_JOIN" true
compose up -d --no-build "node-$machine" >/dev/null

echo "==> adding server $new_id as a learner"
body="{\"id\":$new_id,\"raftAddress\":\"node-$machine:29001\",\"httpAddress\":\"node-$machine:9081\",\"learner\":true}"
answer="$(until_status 200 POST /cluster/members "$body")" || { echo "adding the learner failed: $answer" >&2; exit 1; }
echo "    ${answer}"

echo "==> waiting for server $new_id to catch up, then promoting it (409 while it is behind)"
answer="$(until_status 200 POST /cluster/members "{\"id\":$new_id,\"learner\":false}")" \
  || { echo "promotion failed: $answer" >&2; exit 1; }
echo "    ${answer}"

echo "==> restarting $container without JOIN (a later loss of its volume is refused again)"
set_machine_setting "MULTIDRIVER_NODE${machine}_JOIN" false
compose up -d --no-build "node-$machine" >/dev/null
deadline=$((SECONDS + wait_s))
until status="$(http_get "$(node_http_port "$machine")" /status 2>/dev/null)" \
  && [[ "$(json_field "$status" leader)" =~ ^[0-9]+$ ]]; do
  ((SECONDS < deadline)) || { echo "machine $machine does not follow a leader after its restart" >&2; exit 1; }
  sleep 1
done
cluster="$(until_status 200 GET /cluster)" || { echo "GET /cluster failed: $cluster" >&2; exit 1; }
echo "==> server $new_id is a voter on machine $machine; configuration:"
printf '%s\n' "${cluster#* }" | grep -o '"id":[0-9]*,"learner":[a-z]*' | sed 's/^/    /'
echo "==> replaced in ${SECONDS}s"
