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
EOF
  image_option_help
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo_root/scripts/lib/rootfs_image.sh"
parse_image_args "$@"

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

image_present_or_tools "$tag" "base image"

start_s=$SECONDS
debootstrap_rootfs openjdk-17-jre-headless,iptables,iproute2,curl,procps,ca-certificates
slim_rootfs

# Resolve inside the new root: /usr/bin/java -> /etc/alternatives/java -> .../bin/java.
java_home="$(dirname "$(dirname "$(chroot "$rootfs" readlink -f /usr/bin/java)")")"
echo "importing as $tag (JAVA_HOME=$java_home) ..."
tar -C "$rootfs" -c . | docker import \
  --change "ENV JAVA_HOME=$java_home" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  - "$tag" >/dev/null
report_image "$tag" "$start_s"
