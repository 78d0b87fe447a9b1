#!/usr/bin/env bash
# Installs what the build needs (idempotent), then configures and builds into build/.
# After it, the binary is build/sqlflow and the test binary build/test/sqlflow_tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$PWD/.cache/ccache}"
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
# Two cores: ninja's default parallelism (cores + 2) is right.
cmake --build build
