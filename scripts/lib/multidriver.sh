# The portable entry point, java -jar cli/target/multidriver.jar, for the scripts that are thin wrappers over it:
# sourced, then `multidriver COMMAND ARGS...`. The jar is rebuilt when missing or older than a source it is made of
# (an edit that was not built yet); a failed build exits 2.
multidriver_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
multidriver_jar="$multidriver_root/cli/target/multidriver.jar"

multidriver() {
  local stale=""
  if [[ -f "$multidriver_jar" ]]; then
    stale="$(find "$multidriver_root"/{core,server,node,check,sim,chaos,cli}/src/main "$multidriver_root"/{core,server,node,check,sim,chaos,cli}/pom.xml \
      "$multidriver_root/pom.xml" -newer "$multidriver_jar" -type f -print -quit 2>/dev/null || true)"
  fi
  if [[ ! -f "$multidriver_jar" || -n "$stale" ]]; then
    echo "building $multidriver_jar${stale:+ ($stale changed)} ..." >&2
    (cd "$multidriver_root" && mvn -B -q -Dstyle.color=never -pl cli -am package -DskipTests) >&2 \
      || { echo "error: the build failed" >&2; exit 2; }
  fi
  command -v java >/dev/null || { echo "java not found (Java 17 needed)" >&2; exit 2; }
  # The checkout is the one this script is in, wherever it is run from (its secrets/, store/ and compose files).
  MULTIDRIVER_REPO_ROOT="$multidriver_root" exec java -jar "$multidriver_jar" "$@"
}
