#!/usr/bin/env bash
# Shows the Docker cluster's logs (view_docker_logs.ps1 in the operations guide).
# A thin wrapper: the program is `java -jar cli/target/multidriver.jar cluster logs` (any OS with Java); --help for its options.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/multidriver.sh"
multidriver cluster logs "$@"
