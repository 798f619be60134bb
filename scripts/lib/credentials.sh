# Cluster credentials for the start scripts and every client script: sourced, not run.
#
# A cluster has a Raft secret (every Raft frame is signed with it) and an HTTP tokens file (`<role> <name> <token>`
# per line, in its own directory api/, so the compose cluster can mount just that directory and still see edits).
# Both are created on first use, readable by this user only; there is no default secret and no default token. The
# admin token is also written alone to admin.token, which client scripts use unless MULTIDRIVER_TOKEN is set.

# ensure_credentials DIR: creates DIR/cluster.secret, DIR/admin.token and DIR/api/tokens when missing.
ensure_credentials() {
  local dir="$1" admin
  mkdir -p "$dir/api"
  chmod 700 "$dir" "$dir/api" 2>/dev/null || true
  if [[ ! -s "$dir/cluster.secret" ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$dir/cluster.secret.tmp") && mv "$dir/cluster.secret.tmp" "$dir/cluster.secret"
    echo "created the cluster secret $dir/cluster.secret"
  fi
  if [[ -s "$dir/api/tokens" && ! -s "$dir/admin.token" ]]; then
    # Interrupted between the two files, or admin.token deleted: the tokens file still holds the admin's token.
    admin="$(awk '$1 == "admin" { print $3; exit }' "$dir/api/tokens")"
    if [[ -n "$admin" ]]; then
      (umask 077 && printf '%s\n' "$admin" >"$dir/admin.token")
      echo "restored $dir/admin.token from $dir/api/tokens"
    fi
  fi
  if [[ ! -s "$dir/api/tokens" ]]; then
    admin="$(head -c 32 /dev/urandom | od -An -vtx1 | tr -d ' \n')"
    # admin.token first: if we stop between the two writes, the next start recreates both consistently.
    (umask 077 && printf '%s\n' "$admin" >"$dir/admin.token")
    (umask 077 && {
      echo "# HTTP API bearer tokens: <role> <name> <token>; role read, write or admin. Nodes reread this file"
      echo "# within a second of a change. A client id belongs to the token name that registered it; several tokens"
      echo "# may share a name (and its sessions) while one replaces another."
      echo "admin admin $admin"
    } >"$dir/api/tokens.tmp") && mv "$dir/api/tokens.tmp" "$dir/api/tokens"
    echo "created the tokens file $dir/api/tokens and the admin token $dir/admin.token"
  fi
}

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
