#!/usr/bin/env bash
# `sqlflow run` benchmarks, each printed side by side with its baseline:
#  1. overhead: a 5,000,000-row CSV -> a transform (join + group by) -> a Parquet export, as a
#     pipeline and as the same SQL run directly on DuckDB by a minimal program (target <= 1.10x);
#  2. parallelism: a pipeline of 8 independent loads, --threads 1 against --threads 4;
#  3. `sqlflow run` of the sample project made by `sqlflow init`.
# Usage: bench/run_pipeline_bench.sh [ROWS] [RUNS]   (defaults 5000000 and 3; medians reported)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-5000000}"
runs="${2:-3}"
sqlflow="$PWD/build/sqlflow"
direct="$PWD/build/bench/duckdb_direct"
[ -x "$sqlflow" ] && [ -x "$direct" ] || { echo "build first: scripts/build.sh" >&2; exit 2; }
work="$PWD/build/bench-work"
rm -rf "$work" && mkdir -p "$work/pipelines" "$work/profiles" "$work/data" "$work/output"
cd "$work"
printf 'engines:\n  duckdb: {mode: memory}\n' > profiles/dev.yml

median_s() {  # runs "$@" $runs times, prints the median wall time in seconds
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1000}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

echo "generating $rows events and 100,000 users (CSV) ..."
"$direct" "COPY (SELECT i AS event_id, (i * 7919) % 100000 AS user_id,
                   ['view','click','buy','refund'][1 + i % 4] AS kind,
                   round((i % 1000) / 10.0, 2) AS amount,
                   TIMESTAMP '2024-01-01' + to_seconds(i % 31536000) AS at
            FROM range($rows) t(i)) TO '$work/data/events.csv' (HEADER)" \
          "COPY (SELECT i AS user_id, ['DE','FR','US','GB','JP'][1 + i % 5] AS country
            FROM range(100000) t(i)) TO '$work/data/users.csv' (HEADER)"

# 1. Overhead.
transform="SELECT u.country, e.kind, count(*) AS n, sum(e.amount) AS total FROM events e JOIN users u USING (user_id) GROUP BY ALL"
cat > pipelines/overhead.sf <<SF
SOURCE events_src TYPE CSV PARAMS {"path": "data/events.csv"};
SOURCE users_src TYPE CSV PARAMS {"path": "data/users.csv"};
LOAD events FROM events_src;
LOAD users FROM users_src;
CREATE TABLE by_country AS $transform;
EXPORT by_country TO 'output/by_country.parquet' TYPE PARQUET;
SF
pipeline_s=$(median_s "$sqlflow" run overhead --threads 1)
direct_s=$(median_s "$direct" \
  "CREATE TABLE events AS SELECT * FROM read_csv('$work/data/events.csv')" \
  "CREATE TABLE users AS SELECT * FROM read_csv('$work/data/users.csv')" \
  "CREATE TABLE by_country AS $transform" \
  "COPY (SELECT * FROM by_country) TO '$work/output/direct.parquet' (FORMAT parquet)")
echo
echo "1. overhead: $rows-row CSV -> join + group by -> Parquet (median of $runs runs)"
printf '   %-40s %8s s\n' "DuckDB directly (minimal C program)" "$direct_s"
printf '   %-40s %8s s   ratio %sx (target <= 1.10x)\n' "sqlflow run" "$pipeline_s" \
  "$(ratio "$pipeline_s" "$direct_s")"

# 2. Parallelism: 8 independent loads of 1/8 of the events each.
for i in $(seq 0 7); do
  "$direct" "COPY (SELECT * FROM read_csv('$work/data/events.csv') WHERE event_id % 8 = $i)
             TO '$work/data/part$i.csv' (HEADER)"
done
: > pipelines/parallel.sf
for i in $(seq 0 7); do
  echo "SOURCE p${i}_src TYPE CSV PARAMS {\"path\": \"data/part$i.csv\"};" >> pipelines/parallel.sf
  echo "LOAD part$i FROM p${i}_src;" >> pipelines/parallel.sf
done
serial_s=$(median_s "$sqlflow" run parallel --threads 1)
parallel_s=$(median_s "$sqlflow" run parallel --threads 4)
echo
echo "2. parallelism: 8 independent loads of $((rows / 8)) rows each (median of $runs runs, $(nproc) cores)"
printf '   %-40s %8s s\n' "sqlflow run --threads 1" "$serial_s"
printf '   %-40s %8s s   speed-up %sx\n' "sqlflow run --threads 4" "$parallel_s" \
  "$(ratio "$serial_s" "$parallel_s")"

# 3. The sample project.
rm -rf sample && "$sqlflow" init sample >/dev/null
cd sample
sample_s=$(median_s "$sqlflow" run daily_sales)
customers_s=$(median_s "$sqlflow" run customers)
echo
echo "3. the sample project (sqlflow init; median of $runs runs)"
printf '   %-40s %8s s\n' "sqlflow run daily_sales (15 steps)" "$sample_s"
printf '   %-40s %8s s\n' "sqlflow run customers (8 steps)" "$customers_s"
