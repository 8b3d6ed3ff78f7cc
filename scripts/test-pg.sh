#!/usr/bin/env bash
# The end-to-end suite against PostgreSQL: after scripts/test.sh (packages installed, build/ built),
# starts a throwaway server (scripts/pg-cluster.sh), runs every e2e file on it (`ctest -L pg`:
# each Desk gets a new database there), and stops the server however the tests end.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/csdesk ] || { echo "test-pg.sh: build first (bash scripts/test.sh)" >&2; exit 1; }
cluster=$(mktemp -d /tmp/csdesk-pg.XXXXXX)
trap 'bash scripts/pg-cluster.sh stop "$cluster"' EXIT
CSDESK_TEST_PG=$(bash scripts/pg-cluster.sh start "$cluster")
export CSDESK_TEST_PG
ctest --test-dir build -L pg -j"$(nproc)" --output-on-failure "$@"
