#!/usr/bin/env bash
# Creates the cluster's TLS material: a private CA, a certificate per node, the proxy's and a client's.
# A thin wrapper: the program is `java -jar cli/target/multidriver.jar cluster certs` (any OS with Java); --help for its options.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/multidriver.sh"
multidriver cluster certs "$@"
