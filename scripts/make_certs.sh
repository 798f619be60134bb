#!/usr/bin/env bash
# Creates the cluster's TLS material: a private CA, one certificate per node, one for the reverse proxy and one
# client certificate.
#
# Why a private CA: nodes authenticate each other (and clients) by certificates that chain to this CA only, so no
# public CA can mint a valid "node-3". A node's identity is its certificate's CN, node-<id>, which the node checks
# against the id it expects; the SANs only serve host name verification (node-i inside the compose network,
# multi-driver-node-i as the container name, localhost/127.0.0.1 through the published ports).
# EC P-256 keys: small, fast handshakes, and readable by Java 17 as PKCS#8 ("EC" KeyFactory) without BouncyCastle.
set -Eeuo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/make_certs.sh [--dir DIR] [--force] [--nodes N] [--node ID]... [--help]

Creates in DIR (default: <repo>/secrets/tls, mode 0700):
  ca.key, ca.crt              cluster CA (EC P-256, 10 years, CA:true, keyCertSign+cRLSign)
  node-<i>.key, node-<i>.crt  for i in 0..N-1: CN=node-<i>, SAN DNS:node-<i>, DNS:multi-driver-node-<i>,
                              DNS:localhost, IP:127.0.0.1, serverAuth+clientAuth, 2 years
  proxy.key, proxy.crt        CN=multi-driver-proxy, SAN DNS:localhost, DNS:multi-driver-proxy, IP:127.0.0.1,
                              serverAuth, 2 years
  client.key, client.crt      CN=client, clientAuth, 2 years
Keys are PKCS#8 PEM, mode 0600. Existing files are kept (a missing certificate is signed for an existing key)
unless --force, which recreates everything (a new CA invalidates every old certificate). Every certificate is
checked with `openssl verify` against ca.crt at the end.

  --dir DIR   output directory
  --force     recreate all keys and certificates
  --nodes N   number of nodes (default 5)
  --node ID   also a certificate for server ID (repeatable): a server that joins later under a new id
              (scripts/replace_node.sh)
  --help      this text

Exit codes: 0 all certificates present and verified, 2 error (openssl missing, bad argument, verify failed).
EOF
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$repo_root/secrets/tls"
force=false
nodes=5
extra_ids=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="${2:?--dir needs a value}"; shift 2 ;;
    --force) force=true; shift ;;
    --nodes) nodes="${2:?--nodes needs a value}"; shift 2 ;;
    --node)
      [[ "${2:-}" =~ ^[0-9]{1,7}$ ]] || { echo "--node needs a server id (a number), got '${2:-}'" >&2; exit 2; }
      extra_ids+=("$2"); shift 2 ;;
    --help|-h) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$nodes" =~ ^[1-9][0-9]{0,2}$ ]] || { echo "--nodes must be a positive integer, got '$nodes'" >&2; exit 2; }
command -v openssl >/dev/null || { echo "openssl not found (apt-get install -y openssl)" >&2; exit 2; }

# Any failing command below (functions too: set -E) is an error of this script: exit 2 as documented, not
# openssl's own status.
trap 'echo "make_certs: command failed at line $LINENO" >&2; exit 2' ERR

# Keys must never be readable by others, not even for the instant between creation and chmod.
umask 077
mkdir -p "$dir"
chmod 0700 "$dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

created=()

# new_key NAME: NAME.key as a PKCS#8 PEM EC P-256 key (genpkey writes PKCS#8, which Java reads directly).
new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$1.key" 2>/dev/null
  chmod 0600 "$dir/$1.key"
  created+=("$1.key")
}

# The CA. An explicit config (not the system openssl.cnf) so the extensions are exactly these everywhere.
if $force || [[ ! -s "$dir/ca.key" || ! -s "$dir/ca.crt" ]]; then
  # A new CA key means every leaf must be re-signed: treat it like --force for the rest.
  force=true
  new_key ca
  cat >"$work/ca.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = multi-driver-ca
[ext]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
  openssl req -new -x509 -config "$work/ca.cnf" -extensions ext -key "$dir/ca.key" -sha256 -days 3650 \
    -set_serial "0x$(openssl rand -hex 16)" -out "$dir/ca.crt"
  chmod 0644 "$dir/ca.crt"
  created+=("ca.crt")
fi

# leaf NAME CN EKU SAN: NAME.key (kept if present) and NAME.crt signed by the CA for 2 years.
leaf() {
  local name="$1" cn="$2" eku="$3" san="$4"
  if ! $force && [[ -s "$dir/$name.key" && -s "$dir/$name.crt" ]]; then
    return 0
  fi
  if $force || [[ ! -s "$dir/$name.key" ]]; then
    new_key "$name"
  fi
  {
    echo "basicConstraints = critical, CA:false"
    echo "keyUsage = critical, digitalSignature"
    echo "extendedKeyUsage = $eku"
    [[ -n "$san" ]] && echo "subjectAltName = $san"
    echo "subjectKeyIdentifier = hash"
    echo "authorityKeyIdentifier = keyid"
  } >"$work/$name.ext"
  openssl req -new -key "$dir/$name.key" -subj "/CN=$cn" -out "$work/$name.csr"
  # A random serial instead of -CAcreateserial: no ca.srl file to keep, and serials never repeat.
  openssl x509 -req -in "$work/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -sha256 -days 730 \
    -set_serial "0x$(openssl rand -hex 16)" -extfile "$work/$name.ext" -out "$dir/$name.crt" 2>/dev/null
  chmod 0644 "$dir/$name.crt"
  created+=("$name.crt")
}

ids=()
for ((i = 0; i < nodes; i++)); do ids+=("$i"); done
ids+=("${extra_ids[@]}")
for i in "${ids[@]}"; do
  leaf "node-$i" "node-$i" "serverAuth, clientAuth" \
    "DNS:node-$i, DNS:multi-driver-node-$i, DNS:localhost, IP:127.0.0.1"
done
leaf proxy multi-driver-proxy serverAuth "DNS:localhost, DNS:multi-driver-proxy, IP:127.0.0.1"
leaf client client clientAuth ""

# Verify everything, old files included: a leaf kept from an earlier run may belong to a replaced CA.
names=(proxy client)
for i in "${ids[@]}"; do names+=("node-$i"); done
failed=0
for n in "${names[@]}"; do
  if ! openssl verify -CAfile "$dir/ca.crt" "$dir/$n.crt" >/dev/null 2>&1; then
    echo "$dir/$n.crt does not verify against $dir/ca.crt (expired or from another CA? rerun with --force)" >&2
    failed=1
  fi
done
[[ "$failed" == 0 ]] || exit 2

if [[ ${#created[@]} -eq 0 ]]; then
  echo "TLS material in $dir already complete; nothing created (use --force to recreate)"
else
  echo "created in $dir: ${created[*]}"
fi
echo "verified ${#names[@]} certificates against $dir/ca.crt"
