#!/usr/bin/env bash
# The README's test command: from a fresh Debian machine (as root, or with sudo) to the test
# summary — install the packages, build Release into build/, run every test but the long
# stress variants (`ctest --test-dir build -L long` runs those).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
# One test per core: the suite takes about half as long on 2 cores as one at a time.
ctest --test-dir build -LE "long|pg" -j"$(nproc)" --output-on-failure
