#!/usr/bin/env bash
# Wall time of `sqlflow validate` on the example project against the floor (a minimal program
# that loads libduckdb, opens an in-memory database and runs one query), and of --version,
# side by side, as medians of N runs, with the ratio. Usage: bench/run_validate_bench.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
sqlflow="$PWD/build/sqlflow"
floor="$PWD/build/bench/duckdb_floor"
[ -x "$sqlflow" ] && [ -x "$floor" ] || { echo "build first: scripts/build.sh" >&2; exit 2; }

median_ms() {  # runs "$@" $runs times in examples/shop, prints the median wall time in ms
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    (cd examples/shop && "$@" >/dev/null 2>&1) || { echo "failed: $*" >&2; exit 1; }
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

floor_ms=$(median_ms "$floor")
validate_ms=$(median_ms "$sqlflow" validate)
version_ms=$(median_ms "$sqlflow" --version)
echo "median of $runs runs, examples/shop:"
printf '  %-44s %8s ms\n' "floor (load libduckdb, open :memory:, 1 query)" "$floor_ms"
printf '  %-44s %8s ms   ratio %.2fx (target <= 1.5x)\n' "sqlflow validate (both pipelines)" \
  "$validate_ms" "$(awk -v a="$validate_ms" -v b="$floor_ms" 'BEGIN {print a / b}')"
printf '  %-44s %8s ms   (opens no database)\n' "sqlflow --version" "$version_ms"
