#!/usr/bin/env bash
# From a fresh Debian machine to October's report and scores: install the build packages
# (scripts/packages.txt), build Release into build/, build the demo database, print the report.
#
#   bash examples/quickstart.sh [DEMO_DIR]     # as root, or with sudo; default demo dir ./demo
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target csdesk
CSDESK="$PWD/build/csdesk" bash examples/demo.sh "${1:-demo}"
