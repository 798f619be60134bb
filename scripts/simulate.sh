#!/usr/bin/env bash
# Deterministic simulator of the Raft KV cluster: thin wrapper over the sim module's runnable jar.
#   scripts/simulate.sh --schedules 1000 --seed 1            # campaign (exit 0 ok, 1 violation, 2 error/unknown)
#   scripts/simulate.sh --schedules 1000 --seed 1 --bug vote-twice
#   scripts/simulate.sh --replay store/sim/latest/reproducer.json
#   scripts/simulate.sh --help
# Builds the jar on first use (or when SIM_REBUILD=1).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/sim/target/sim-0.1.0-SNAPSHOT-all.jar"
# Rebuilt when missing, when asked, or when a source it is made of is newer than the jar (an edit was not built).
stale() {
  [[ ! -f "$JAR" ]] && return 0
  [[ -n "$(find "$ROOT"/{core,check,server,sim}/src/main "$ROOT"/{core,check,server,sim}/pom.xml "$ROOT/pom.xml" \
    -newer "$JAR" -type f -print -quit 2>/dev/null)" ]]
}
if [[ "${SIM_REBUILD:-0}" == "1" ]] || stale; then
  echo "building $JAR ..." >&2
  # A failed build is an error (exit 2), never "violation found" (exit 1).
  (cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl sim -am package -DskipTests) >&2 || { echo "simulate: the build failed" >&2; exit 2; }
fi
exec java ${SIM_JAVA_OPTS:-} -jar "$JAR" "$@"
