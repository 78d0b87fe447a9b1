#!/usr/bin/env bash
# Builds SQLFlow and runs every test (unit tests and the .test pipeline cases) through ctest,
# which prints the closing summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd build
ctest --output-on-failure --timeout 300 -j 2
