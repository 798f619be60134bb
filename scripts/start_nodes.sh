#!/usr/bin/env bash
# Local mode of the operations guide (start_nodes.ps1 there): N node JVMs on loopback, no Docker.
# A thin wrapper: `start_nodes.sh [ARGS]` is `java -jar cli/target/multidriver.jar nodes start [ARGS]`, and
# `start_nodes.sh --stop [--clean]` is `... nodes stop [--clean]` (any OS with Java); --help for the options.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/multidriver.sh"
stop=false
for a in "$@"; do [[ "$a" == --stop ]] && stop=true; done
if $stop; then
  # As before: --stop ignores the options of a start (--nodes N, --wait-seconds S, --build).
  args=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --stop|--build) shift ;;
      --nodes|--wait-seconds) shift; [[ $# -gt 0 ]] && shift ;;
      *) args+=("$1"); shift ;;
    esac
  done
  multidriver nodes stop "${args[@]}"
else
  for a in "$@"; do
    if [[ "$a" == --help || "$a" == -h ]]; then
      echo "scripts/start_nodes.sh --stop [--clean] stops the local cluster (nodes stop); the start's options:"
    fi
  done
  multidriver nodes start "$@"
fi
