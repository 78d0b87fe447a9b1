#!/usr/bin/env bash
# Python UDF benchmarks (issue 4), printed side by side with their baselines:
#  1. throughput on ROWS rows: a numeric UDF vectorized and row-at-a-time against the native
#     DuckDB expression, and the same for a string UDF, at DuckDB threads=1 and default
#     (bench/udf_bench.cc; targets: vectorized numeric >= 0.8x native, row numeric >= 10 M/s);
#  2. start-up: `sqlflow run` of a tiny pipeline that calls one UDF against the same pipeline
#     with the native expression instead (median of RUNS runs): what starting Python costs.
# Usage: bench/run_udf_bench.sh [ROWS] [RUNS] [BUILD_DIR]   (defaults 10000000, 11, build)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000000}"
runs="${2:-11}"
build="$PWD/${3:-build}"
sqlflow="$build/sqlflow"
bench="$build/bench/udf_bench"
[ -x "$sqlflow" ] && [ -x "$bench" ] || { echo "build first: ninja -C $build sqlflow udf_bench" >&2; exit 2; }

echo "1. throughput"
"$bench" "$rows" 3

work="$build/udf-bench-work"
rm -rf "$work" && mkdir -p "$work/pipelines" "$work/profiles" "$work/python_udfs"
cd "$work"
printf 'engines:\n  duckdb: {mode: memory}\n' > profiles/dev.yml
cat > python_udfs/tiny.py <<'PY'
from sqlflow.udfs import python_scalar_udf


@python_scalar_udf
def twice(x: int) -> int:
    return 2 * x
PY
echo 'CREATE TABLE t AS SELECT twice(range) AS y FROM range(10);' > pipelines/with_udf.sf
echo 'CREATE TABLE t AS SELECT 2 * range AS y FROM range(10);' > pipelines/without_udf.sf
"$sqlflow" run with_udf >/dev/null  # warm the page cache for Python, numpy and the UDF file

median_ms() {  # runs "$@" $runs times, prints the median wall time in milliseconds
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
with_ms=$(median_ms "$sqlflow" run with_udf)
without_ms=$(median_ms "$sqlflow" run without_udf)
echo
echo "2. start-up: sqlflow run of a 1-step pipeline (median of $runs runs)"
printf '   %-36s %6s ms\n' "without a UDF (Python not started)" "$without_ms"
printf '   %-36s %6s ms\n' "with one row UDF" "$with_ms"
printf '   %-36s %6s ms\n' "cost of Python" "$((with_ms - without_ms))"
