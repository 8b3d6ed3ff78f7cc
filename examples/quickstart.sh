#!/usr/bin/env bash
# From a fresh Debian machine to October's report and scores: install the build packages
# (the list in .ci/run, kept identical), build Release into build/, build the demo database, print the report.
#
#   bash examples/quickstart.sh [DEMO_DIR]     # as root, or with sudo; default demo dir ./demo
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  g++ cmake make pkg-config python3 sqlite3 tzdata \
  libcli11-dev libsqlitecpp-dev libsqlite3-dev libfmt-dev libtomlplusplus-dev doctest-dev libutf8proc-dev libphonenumber-dev \
  clang libclang-rt-14-dev >/dev/null
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target csdesk
CSDESK="$PWD/build/csdesk" bash examples/demo.sh "${1:-demo}"
