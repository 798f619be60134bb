#!/usr/bin/env bash
# Serves the run store read-only on 127.0.0.1 (like Jepsen's `lein run serve`): store/index.html lists every past
# simulation, chaos and Maelstrom run, newest first, with verdict, seed, command line and commit, linking each report.
# Usage: scripts/serve.sh [--port P (8088)] [--dir store] [--help]   (Ctrl-C stops)
# Exit: 0 stopped, 2 error.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/check_jar.sh"
# --dir is the caller's (relative to where they are); without one, the repository's store.
dir_given=false
for arg in "$@"; do [[ "$arg" == --dir || "$arg" == --dir=* ]] && dir_given=true; done
if $dir_given; then
  exec java -cp "$check_jar" multidriver.check.cli.ServeMain "$@"
fi
exec java -cp "$check_jar" multidriver.check.cli.ServeMain --dir "$check_root/store" "$@"
