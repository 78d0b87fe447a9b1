#!/usr/bin/env bash
# The main job: builds SQLFlow, then validates and compiles the example project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd examples/shop
../../build/sqlflow --version
../../build/sqlflow list
../../build/sqlflow validate
../../build/sqlflow compile orders
