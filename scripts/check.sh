#!/usr/bin/env bash
# Linearizability checker for Jepsen histories (EDN or JSON lines).
# Usage: scripts/check.sh --model cas-register [--init EDN] [--independent] [--time-limit S] [--report DIR]
#                         [--json] [--knossos PATH] FILE...
# Exit: 0 valid, 1 invalid, 2 unknown or error (several files: the worst).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/check/target/check-0.1.0-SNAPSHOT-all.jar"
# Rebuilt when missing or when a source it is made of is newer than the jar (an edit was not built).
if [[ ! -f "$jar" || -n "$(find "$root/check/src/main" "$root/check/pom.xml" "$root/pom.xml" -newer "$jar" -type f \
  -print -quit 2>/dev/null)" ]]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -B -q -Dstyle.color=never -pl check -am package -DskipTests) >&2 || { echo "error: build failed" >&2; exit 2; }
fi
exec java ${CHECK_JAVA_OPTS:-} -jar "$jar" "$@"
