#!/usr/bin/env bash
# The main job: builds SQLFlow, creates the sample project with `sqlflow init`, and runs its
# pipelines end to end (dev: in memory; prod: a persistent database, queried afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
sqlflow="$PWD/build/sqlflow"
rm -rf build/demo
"$sqlflow" init build/demo
cd build/demo
"$sqlflow" validate
"$sqlflow" run daily_sales
"$sqlflow" run customers
"$sqlflow" run daily_sales --profile prod
"$sqlflow" query --profile prod \
  "SELECT status, count(*) AS orders, round(sum(amount), 2) AS amount FROM orders GROUP BY ALL ORDER BY ALL"
"$sqlflow" runs --last 5
ls -l output
