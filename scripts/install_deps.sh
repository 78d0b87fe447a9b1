#!/usr/bin/env bash
# Installs the Debian packages SQLFlow builds and tests with. Idempotent: packages already
# present are not reinstalled, and apt is not touched at all when nothing is missing. clang and
# libFuzzer are not needed here: scripts/fuzz.sh installs them for the fuzz build.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format
  libpq-dev postgresql libpg-query-dev
  libcurl4-openssl-dev libssl-dev libtinyxml2-dev libsimdjson-dev awscli openssl curl python3
  libpython3-dev python3-numpy python3-pandas
  nodejs npm
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# node may come from elsewhere than Debian's package; npm is all we need from it.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs/}"); missing=("${missing[@]/npm/}")
fi
to_install=()
for p in "${missing[@]}"; do [ -n "$p" ] && to_install+=("$p"); done

if [ ${#to_install[@]} -gt 0 ]; then
  echo "install_deps: installing ${to_install[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${to_install[@]}"
else
  echo "install_deps: all packages present"
fi
