#!/usr/bin/env bash
# Builds the Nginx base image that proxy/Dockerfile starts FROM, locally, without any registry.
#
# Why: machines without Docker Hub (CI, this project's sandboxes) cannot pull nginx:*. As in
# scripts/build_base_image.sh we debootstrap a Debian bookworm root file system (only the Debian mirror apt
# already uses is needed) with nginx, curl (healthcheck) and ca-certificates, and import it under the tag
# proxy/Dockerfile names. Bookworm's `nginx` package has ssl, upstream (with keepalive) and proxy compiled in;
# nginx-light is only a metapackage adding the echo module, which the proxy does not use.
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/build_proxy_image.sh [--tag TAG] [--force] [--mirror URL] [--help]

Builds a local Debian bookworm + nginx image (with curl and ca-certificates) by debootstrap and imports
it as TAG (default: the FROM image of proxy/Dockerfile, multi-driver-nginx-base:bookworm). Skips the
build when TAG already exists, unless --force. Then build the proxy itself with
  docker build -t multi-driver-proxy:latest proxy

Needs root, debootstrap and a running Docker engine. Takes about a minute.

  --tag TAG      image tag to create (default: read from proxy/Dockerfile's FROM line)
EOF_USAGE
  image_option_help
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo_root/scripts/lib/rootfs_image.sh"
parse_image_args "$@"

if [[ -z "$tag" ]]; then
  tag="$(awk 'toupper($1)=="FROM"{print $2; exit}' "$repo_root/proxy/Dockerfile" 2>/dev/null || true)"
fi
[[ -n "$tag" ]] || { echo "cannot determine the base image tag from proxy/Dockerfile" >&2; exit 2; }

image_present_or_tools "$tag" "nginx base image"

start_s=$SECONDS
debootstrap_rootfs nginx,curl,ca-certificates

# proxy/nginx.conf loads no dynamic modules: ssl must be compiled in (an opt-in --with-), and proxy, upstream
# and upstream keepalive are built by default unless a --without- removed them.
modules="$(chroot "$rootfs" nginx -V 2>&1)"
grep -q -- '--with-http_ssl_module' <<<"$modules" || { echo "bookworm's nginx lacks http_ssl_module" >&2; exit 2; }
if grep -Eo -- '--without-http_(proxy|upstream_[a-z_]+)_module' <<<"$modules"; then
  echo "bookworm's nginx lacks the module(s) above" >&2; exit 2
fi

# The Debian default site is removed so that nothing listens on port 80 if someone runs the base image with the
# stock config.
slim_rootfs "$rootfs"/etc/nginx/sites-enabled/default

echo "importing as $tag ..."
# (docker import accepts no STOPSIGNAL; proxy/Dockerfile sets SIGQUIT, nginx's graceful stop.)
tar -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["nginx", "-g", "daemon off;"]' \
  - "$tag" >/dev/null
report_image "$tag" "$start_s"
