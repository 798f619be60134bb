#!/usr/bin/env bash
# Builds the JRE base image that node/Dockerfile starts FROM, locally, without any registry.
#
# Why: machines without Docker Hub (CI, this project's sandboxes) cannot pull eclipse-temurin:17-jre.
# We build a Debian bookworm root file system with debootstrap (which only needs the Debian mirror apt
# already uses), add a JRE plus the tools the chaos tests need inside a container (iptables, iproute2,
# curl, procps), and import it under the very tag node/Dockerfile names. Users who can pull get the
# real public image instead and never need this script.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/build_base_image.sh [--tag TAG] [--force] [--mirror URL] [--help]

Builds a local Debian bookworm + OpenJDK 17 JRE image (with iptables, iproute2, curl, procps)
by debootstrap and imports it as TAG (default: the FROM image of node/Dockerfile,
eclipse-temurin:17-jre). Skips the build when TAG already exists, unless --force.

Needs root, debootstrap and a running Docker engine. Takes a few minutes.

  --tag TAG      image tag to create (default: read from node/Dockerfile's FROM line)
  --force        rebuild even if the tag exists
  --mirror URL   Debian mirror (default: the first URIs: entry of /etc/apt/sources.list.d/debian.sources,
                 else http://deb.debian.org/debian)
  --help         this text

Exit codes: 0 image present/built, 2 error.
EOF
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tag=""
force=false
mirror=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --force) force=true; shift ;;
    --mirror) mirror="${2:?--mirror needs a value}"; shift 2 ;;
    --help|-h) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [[ -z "$tag" ]]; then
  # The FROM line may carry an ARG default (FROM ${BASE_IMAGE}); resolve it from the ARG line.
  from="$(awk 'toupper($1)=="FROM"{print $2; exit}' "$repo_root/node/Dockerfile")"
  if [[ "$from" == \$\{*\} ]]; then
    arg="${from#\$\{}"; arg="${arg%\}}"
    from="$(sed -n "s/^ARG[[:space:]]\+${arg}=\(.*\)$/\1/p" "$repo_root/node/Dockerfile" | head -n1)"
  fi
  tag="$from"
fi
[[ -n "$tag" ]] || { echo "cannot determine the base image tag from node/Dockerfile" >&2; exit 2; }

command -v docker >/dev/null || { echo "docker CLI not found" >&2; exit 2; }
docker info >/dev/null 2>&1 || { echo "Docker engine not reachable (is dockerd running?)" >&2; exit 2; }

if ! $force && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "base image $tag already present; skipping (use --force to rebuild)"
  exit 0
fi

command -v debootstrap >/dev/null || { echo "debootstrap not found (apt-get install -y debootstrap)" >&2; exit 2; }
[[ "$(id -u)" == 0 ]] || { echo "debootstrap needs root" >&2; exit 2; }

if [[ -z "$mirror" ]]; then
  mirror="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  [[ -n "$mirror" ]] || mirror="http://deb.debian.org/debian"
fi

rootfs="$(mktemp -d /tmp/multidriver-rootfs.XXXXXX)"
cleanup() {
  # debootstrap may leave /proc etc. mounted inside the rootfs after a failure.
  for m in proc sys dev/pts dev; do umount -l "$rootfs/$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$rootfs"
}
trap cleanup EXIT

start_s=$SECONDS
echo "debootstrap bookworm from $mirror into $rootfs ..."
debootstrap --variant=minbase \
  --include=openjdk-17-jre-headless,iptables,iproute2,curl,procps,ca-certificates \
  bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 || {
    echo "debootstrap failed; last lines of $rootfs.log:" >&2; tail -n 30 "$rootfs.log" >&2; exit 2; }

# Keep the image small: package caches and docs are not needed at run time.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
       "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*

# Resolve inside the new root: /usr/bin/java -> /etc/alternatives/java -> .../bin/java.
java_home="$(dirname "$(dirname "$(chroot "$rootfs" readlink -f /usr/bin/java)")")"
echo "importing as $tag (JAVA_HOME=$java_home) ..."
tar -C "$rootfs" -c . | docker import \
  --change "ENV JAVA_HOME=$java_home" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  - "$tag" >/dev/null
rm -f "$rootfs.log"
echo "built $tag in $((SECONDS - start_s)) s: $(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}')"
