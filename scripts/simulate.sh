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
if [[ ! -f "$JAR" || "${SIM_REBUILD:-0}" == "1" ]]; then
  echo "building $JAR ..." >&2
  (cd "$ROOT" && mvn -B -q -pl sim -am package -DskipTests) >&2
fi
exec java ${SIM_JAVA_OPTS:-} -jar "$JAR" "$@"
