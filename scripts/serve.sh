#!/usr/bin/env bash
# Serves the run store read-only on 127.0.0.1 (like Jepsen's `lein run serve`): store/index.html lists every past
# simulation, chaos and Maelstrom run, newest first, with verdict, seed, command line and commit, linking each report.
# Usage: scripts/serve.sh [--port P (8088)] [--dir store] [--help]   (Ctrl-C stops)
# Exit: 0 stopped, 2 error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/check/target/check-0.1.0-SNAPSHOT-all.jar"
# Rebuilt when missing or when a source it is made of is newer than the jar (an edit was not built).
if [[ ! -f "$jar" || -n "$(find "$root/check/src/main" "$root/check/pom.xml" "$root/pom.xml" -newer "$jar" -type f \
  -print -quit 2>/dev/null)" ]]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -B -q -Dstyle.color=never -pl check -am package -DskipTests) >&2 || { echo "error: build failed" >&2; exit 2; }
fi
cd "$root"
exec java -cp "$jar" multidriver.check.cli.ServeMain "$@"
