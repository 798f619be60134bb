# Shared by the scripts that build a base image from a Debian root file system (build_base_image.sh,
# build_proxy_image.sh): sourced, not run. No registry is reachable here, so images are debootstrapped from the
# Debian mirror apt already uses and imported with `docker import`.

# parse_image_args "$@": sets tag, force and mirror from --tag/--force/--mirror; --help calls usage.
parse_image_args() {
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
}

# image_present_or_tools TAG WHAT: exits 0 when TAG exists (unless $force); checks docker, debootstrap and root.
image_present_or_tools() {
  command -v docker >/dev/null || { echo "docker CLI not found" >&2; exit 2; }
  docker info >/dev/null 2>&1 || {
    echo "Docker engine not reachable (start it, e.g. nohup dockerd >/var/log/dockerd.log 2>&1 &)" >&2; exit 2; }
  if ! $force && docker image inspect "$1" >/dev/null 2>&1; then
    echo "$2 $1 already present; skipping (use --force to rebuild)"
    exit 0
  fi
  command -v debootstrap >/dev/null || { echo "debootstrap not found (apt-get install -y debootstrap)" >&2; exit 2; }
  [[ "$(id -u)" == 0 ]] || { echo "debootstrap needs root" >&2; exit 2; }
}

# debootstrap_rootfs PACKAGES: a minbase bookworm with PACKAGES (comma-separated) in a new temporary $rootfs,
# removed on exit. Uses $mirror, else apt's own mirror, else deb.debian.org.
debootstrap_rootfs() {
  if [[ -z "$mirror" ]]; then
    mirror="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
    [[ -n "$mirror" ]] || mirror="http://deb.debian.org/debian"
  fi
  rootfs="$(mktemp -d /tmp/multidriver-rootfs.XXXXXX)"
  trap cleanup_rootfs EXIT
  echo "debootstrap bookworm from $mirror into $rootfs ..."
  # debootstrap installs a policy-rc.d that forbids starting services: no package's postinst starts a daemon.
  debootstrap --variant=minbase --include="$1" bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 || {
    echo "debootstrap failed; last lines of $rootfs.log:" >&2; tail -n 30 "$rootfs.log" >&2; exit 2; }
}

cleanup_rootfs() {
  # debootstrap may leave /proc etc. mounted inside the rootfs after a failure.
  for m in proc sys dev/pts dev; do umount -l "$rootfs/$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$rootfs"
  rm -f "$rootfs.log"
}

# slim_rootfs [EXTRA_PATH...]: package caches, docs and locales are not needed at run time.
slim_rootfs() {
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
         "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* "$@"
}

# report_image TAG START_SECONDS: one line with the build time and size.
report_image() {
  echo "built $1 in $((SECONDS - $2)) s: $(docker image inspect -f '{{.Size}}' "$1" | awk '{printf "%.0f MB", $1/1e6}')"
}

# image_option_help: the options every image script takes, for the end of its usage text.
image_option_help() {
  cat <<'EOF_OPTIONS'
  --force        rebuild even if the tag exists
  --mirror URL   Debian mirror (default: the first URIs: entry of /etc/apt/sources.list.d/debian.sources,
                 else http://deb.debian.org/debian)
  --help         this text

Exit codes: 0 image present/built, 2 error.
EOF_OPTIONS
}
