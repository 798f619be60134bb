#!/usr/bin/env bash
# Linearizability checker for Jepsen histories (EDN or JSON lines).
# Usage: scripts/check.sh --model cas-register [--init EDN] [--independent] [--time-limit S] [--report DIR]
#                         [--json] [--knossos PATH] FILE...
# Exit: 0 valid, 1 invalid, 2 unknown or error (several files: the worst).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/check_jar.sh"
exec java ${CHECK_JAVA_OPTS:-} -jar "$check_jar" "$@"
