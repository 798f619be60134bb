# Cluster credentials for the start scripts and every client script: sourced, not run.
#
# A cluster has a Raft secret (every Raft frame is signed with it) and an HTTP tokens file (`<role> <name> <token>`
# per line, in its own directory api/, so the compose cluster can mount just that directory and still see edits).
# Both are created on first use (by `multidriver.jar cluster start` / `nodes start`, cli.cluster.Credentials), readable by
# this user only; there is no default secret and no default token. The admin token is also written alone to
# admin.token, which client scripts use unless MULTIDRIVER_TOKEN is set.

# read_token FILE...: prints MULTIDRIVER_TOKEN if set, else the first line of the first readable FILE; fails if none
# or if the token found is empty.
read_token() {
  local token="" f
  if [[ -n "${MULTIDRIVER_TOKEN:-}" ]]; then
    token="$MULTIDRIVER_TOKEN"
  else
    for f in "$@"; do
      if [[ -r "$f" ]]; then
        token="$(head -n1 "$f" | tr -d '[:space:]')"
        [[ -n "$token" ]] || { echo "$f holds no token on its first line" >&2; return 2; }
        break
      fi
    done
  fi
  [[ -n "$token" ]] || { echo "no API token: set MULTIDRIVER_TOKEN or create one of: $*" >&2; return 2; }
  printf '%s' "$token"
}

# curl_auth TOKEN CURL_ARGS...: curl with `Authorization: Bearer TOKEN`, the header passed in a config read from a
# pipe, so the token never shows in the process list (`ps`, /proc/*/cmdline) the way `-H "..."` would.
curl_auth() {
  local token="$1"
  shift
  curl -K <(printf 'header = "Authorization: Bearer %s"\n' "$token") "$@"
}
