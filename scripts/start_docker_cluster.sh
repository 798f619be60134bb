#!/usr/bin/env bash
# Starts the five-node Docker cluster of the operations guide (start_docker_cluster.ps1 there).
# A thin wrapper: the program is `java -jar cli/target/multidriver.jar cluster start` (any OS with Java); --help for its options.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/multidriver.sh"
multidriver cluster start "$@"
