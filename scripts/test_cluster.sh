#!/usr/bin/env bash
# Checks the running Docker cluster (test_cluster.ps1 in the operations guide).
# A thin wrapper: the program is `java -jar cli/target/multidriver.jar cluster test` (any OS with Java); --help for its options.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/multidriver.sh"
multidriver cluster test "$@"
