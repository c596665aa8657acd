#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages Parley needs. Idempotent and quiet when everything is present.
# Usage: scripts/deps.sh run|test
set -euo pipefail

run_pkgs=(
  cmake ninja-build g++
  libexpected-dev libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libspdlog-dev
  libssl-dev openssl
  libc-ares-dev pkg-config
  libsqlite3-dev
)
test_pkgs=(
  clang libclang-rt-14-dev llvm
  libgtest-dev libgmock-dev libbenchmark-dev python3
  sip-tester sipsak kamailio
  libnet-sip-perl libio-socket-ssl-perl
  dnsmasq-base
  sqlite3
)

want=("${run_pkgs[@]}")
if [[ "${1:-run}" == test ]]; then want+=("${test_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "deps: installing ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "deps: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
