#!/usr/bin/env bash
# Tests a node program in any language that speaks Maelstrom's protocol (JSON lines on stdin/stdout), as local
# processes: multi-driver is their network, runs lin-kv clients and the nemesis, and checks the history.
#   scripts/maelstrom.sh --bin PATH [ARGS...] --workload lin-kv --nodes 5 --time-limit 20 --rate 50
#                        --nemesis partition,kill,pause,delay --seed S [--out DIR]
# Exit codes: 0 valid, 1 invalid, 2 unknown or error. Report: store/maelstrom/latest/index.html
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$repo_root/chaos/target/chaos-0.1.0-SNAPSHOT-all.jar"
command -v java >/dev/null || { echo "java not found (Java 17 needed)" >&2; exit 2; }

# Rebuild the jar when a source it is made of is newer (or it is missing); a failed build is an error, never a verdict.
if [[ ! -f "$jar" ]] || [[ -n "$(find "$repo_root"/{core,check,server,node,chaos}/src \
    "$repo_root"/{core,check,server,node,chaos}/pom.xml "$repo_root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  echo "==> building the chaos jar (mvn -B -q -pl chaos -am package -DskipTests)" >&2
  (cd "$repo_root" && mvn -B -q -Dstyle.color=never -pl chaos -am package -DskipTests) >&2 || { echo "maelstrom: the build failed" >&2; exit 2; }
fi
exec java -Xmx2g -cp "$jar" multidriver.chaos.maelstrom.MaelstromMain "$@"
