# The checker's jar, rebuilt when missing or when a source it is made of is newer than it (an edit was not built):
# sourced by check.sh and serve.sh, sets $check_jar. Exits 2 when the build fails.
check_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
check_jar="$check_root/check/target/check-0.1.0-SNAPSHOT-all.jar"
if [[ ! -f "$check_jar" || -n "$(find "$check_root/check/src/main" "$check_root/check/pom.xml" "$check_root/pom.xml" \
  -newer "$check_jar" -type f -print -quit 2>/dev/null)" ]]; then
  echo "building $check_jar ..." >&2
  (cd "$check_root" && mvn -B -q -Dstyle.color=never -pl check -am package -DskipTests) >&2 \
    || { echo "error: build failed" >&2; exit 2; }
fi
