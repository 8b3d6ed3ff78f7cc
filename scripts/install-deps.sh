#!/usr/bin/env bash
# Installs the Debian packages in scripts/packages.txt (as root, or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
mapfile -t packages < <(sed 's/#.*//' scripts/packages.txt | tr -s ' \t' '\n' | grep -v '^$')
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
