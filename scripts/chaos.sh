#!/usr/bin/env bash
# Chaos run against a Docker cluster of multi-driver nodes or of another system (issues 6, 12). All options are
# the Java CLI's:
#   scripts/chaos.sh --nodes 5 --time-limit 60 --nemesis kill,pause,partition [--rate R] [--concurrency C]
#                    [--target multidriver|etcd] [--target-opt K=V]... [--list-targets]
#                    [--cluster testcontainers|compose] [--node-env K=V]... [--out DIR]
# Exit codes: 0 valid, 1 invalid, 2 unknown or error. Report: store/chaos/latest/index.html
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$repo_root/chaos/target/chaos-0.1.0-SNAPSHOT-all.jar"
node_jar="$repo_root/node/target/node-0.1.0-SNAPSHOT-all.jar"

for arg in "$@"; do
  if [[ "$arg" == --help || "$arg" == -h ]]; then
    [[ -f "$jar" ]] || { echo "Usage: scripts/chaos.sh [options]  (build first for the full help: mvn -B -q -pl chaos -am package -DskipTests)"; exit 0; }
    exec java -jar "$jar" --help
  fi
done

command -v java >/dev/null || { echo "java not found (Java 17 needed)" >&2; exit 2; }
command -v docker >/dev/null || { echo "docker not found" >&2; exit 2; }

# Rebuild the chaos and node jars when any module's sources are newer than them (or they are missing).
stale=false
for j in "$jar" "$node_jar"; do
  if [[ ! -f "$j" ]] || [[ -n "$(find "$repo_root"/{core,check,node,chaos}/src "$repo_root"/{core,check,node,chaos}/pom.xml "$repo_root/pom.xml" -newer "$j" -print -quit 2>/dev/null)" ]]; then
    stale=true
  fi
done
if $stale; then
  echo "==> building the node and chaos jars (mvn -B -q -pl chaos -am package -DskipTests)"
  if ! (cd "$repo_root" && mvn -B -q -Dstyle.color=never -pl chaos -am package -DskipTests); then
    if [[ -f "$jar" && -f "$node_jar" ]]; then
      echo "WARNING: the build failed; running the existing (older) jars" >&2
    else
      echo "build failed" >&2
      exit 2
    fi
  fi
fi

# Testcontainers on machines that pull no image: no Ryuk, no startup checks; published ports via localhost.
export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
export TESTCONTAINERS_CHECKS_DISABLE="${TESTCONTAINERS_CHECKS_DISABLE:-true}"
export TESTCONTAINERS_HOST_OVERRIDE="${TESTCONTAINERS_HOST_OVERRIDE:-localhost}"
export MULTIDRIVER_REPO_ROOT="$repo_root"

set +e
java -Xmx2g -jar "$jar" "$@"
rc=$?
set -e
exit "$rc"
