#!/usr/bin/env bash
# Write benchmark: a fresh 3-node local cluster, durable 256-byte PUTs to the leader, per connection count.
# A thin wrapper: the program is `java -jar cli/target/multidriver.jar bench` (any OS with Java); --help for its options.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/multidriver.sh"
# 1,024 connections need more descriptors than some shells allow by default (the load and the nodes inherit this).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
multidriver bench "$@"
