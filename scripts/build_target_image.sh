#!/usr/bin/env bash
# Builds the image of another system that the chaos harness tests (scripts/chaos.sh --target NAME), locally,
# without any registry: a Debian bookworm root file system with the system's own Debian packages, plus the tools
# every nemesis needs inside a container (iptables for partitions, iproute2, procps). The image tag is the one the
# target's Java plug-in starts (multidriver.chaos.target.*), so `scripts/chaos.sh --target NAME` finds it.
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/build_target_image.sh TARGET [--tag TAG] [--force] [--mirror URL] [--help]

TARGET is one of:
  etcd      Debian's etcd-server (etcd 3.4)            -> multi-driver-etcd:bookworm
  redis     Debian's redis-server and redis-sentinel   -> multi-driver-redis:bookworm
  rabbitmq  Debian's rabbitmq-server (RabbitMQ 3.10)   -> multi-driver-rabbitmq:bookworm
  postgres  Debian's postgresql (PostgreSQL 15)        -> multi-driver-postgres:bookworm

Builds a Debian bookworm image with the target's packages plus iptables, iproute2 and procps by debootstrap
and imports it as TAG (default above). Skips the build when TAG already exists, unless --force.

Needs root, debootstrap and a running Docker engine. Takes about a minute.

  --tag TAG      image tag to create
EOF_USAGE
  image_option_help
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo_root/scripts/lib/rootfs_image.sh"

target="${1:-}"
case "$target" in
  --help|-h) usage; exit 0 ;;
  "") echo "which target? (see --help)" >&2; exit 2 ;;
esac
shift
parse_image_args "$@"

case "$target" in
  etcd)
    packages=etcd-server,iptables,iproute2,procps,ca-certificates
    default_tag=multi-driver-etcd:bookworm
    # The harness starts each member with its own flags; this is only what `docker run IMAGE` does alone.
    cmd='["/usr/bin/etcd", "--data-dir", "/data"]'
    ;;
  redis)
    packages=redis-server,redis-sentinel,redis-tools,iptables,iproute2,procps
    default_tag=multi-driver-redis:bookworm
    cmd='["/usr/bin/redis-server", "--protected-mode", "no"]'
    ;;
  rabbitmq)
    packages=rabbitmq-server,iptables,iproute2,procps
    default_tag=multi-driver-rabbitmq:bookworm
    cmd='["/usr/sbin/rabbitmq-server"]'
    ;;
  postgres)
    packages=postgresql,iptables,iproute2,procps
    default_tag=multi-driver-postgres:bookworm
    # The harness runs initdb and postgres as the postgres user with its own data directory; see PostgresTarget.
    cmd='["/bin/sh", "-c", "echo start this image through scripts/chaos.sh --target postgres or docker-compose.services.yml; exit 2"]'
    ;;
  *) echo "unknown target '$target' (see --help)" >&2; exit 2 ;;
esac
tag="${tag:-$default_tag}"

image_present_or_tools "$tag" "$target image"

start_s=$SECONDS
debootstrap_rootfs "$packages"
slim_rootfs
mkdir -p "$rootfs/data"

echo "importing as $tag ..."
tar -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change "CMD $cmd" \
  - "$tag" >/dev/null
report_image "$tag" "$start_s"
