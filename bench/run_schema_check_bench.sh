#!/usr/bin/env bash
# Schema-check benchmark (issue 6 "Speed"): `sqlflow schema compare SOURCE` (reads the source's
# current schema without loading and compares it with the recorded one) on a ~1 GB Parquet file
# and on a PostgreSQL table, against the floor of opening the same source, as medians of RUNS
# runs in milliseconds, in one run:
#  - Parquet: the floor is `sqlflow validate` (process, project, plan) plus what DuckDB needs to
#    read the file's schema (`DESCRIBE SELECT * FROM read_parquet(…)` minus `SELECT 1`, both run
#    by build/bench/duckdb_direct); the same compare on a 1,000-row Parquet file shows the time
#    does not grow with the data;
#  - PostgreSQL: the floor is `sqlflow validate` plus a connection (`psql -c "SELECT 1"`).
# "beyond opening" = compare - floor (target: a few ms); "compare - show" is what comparing with
# the recorded schema adds to reading the current one (show reads it and prints it).
# Usage: bench/run_schema_check_bench.sh [PARQUET_ROWS] [RUNS]   (defaults 20000000 (~1 GB) and 15)
# KEEP=1 keeps the temp dir.
# The t helper sets NAME_w / NAME_c through printf -v, which shellcheck cannot follow.
# shellcheck disable=SC2154
set -euo pipefail
cd "$(dirname "$0")/.."
pq_rows="${1:-20000000}"
runs="${2:-15}"
source bench/pg_bench_common.sh
pg_bench_start
proj="$work/proj"
mkdir -p "$proj/pipelines" "$proj/profiles" "$proj/data"
cd "$proj"

echo "generating a $pq_rows-row Parquet file and a 1,000,000-row PostgreSQL table ..."
pq_select="SELECT i AS id, i * 7919 % 1000003 AS customer_id,
  CAST((i % 100000) / 7.0 AS DECIMAL(12,2)) AS amount, md5(CAST(i AS VARCHAR)) AS note,
  TIMESTAMP '2024-01-01' + to_seconds(i) AS updated_at, i % 3 = 0 AS paid,
  DATE '2024-01-01' + CAST(i % 365 AS INTEGER) AS order_date"
"$direct" "COPY ($pq_select FROM range($pq_rows) t(i)) TO '$proj/data/big.parquet' (FORMAT parquet)" \
  "COPY ($pq_select FROM range(1000) t(i)) TO '$proj/data/small.parquet' (FORMAT parquet)"
pq_mb=$(($(stat -c %s data/big.parquet) / 1048576))
pg_psql postgres -c "CREATE DATABASE bench" >/dev/null
pg_psql bench >/dev/null <<'SQL'
CREATE TABLE orders (id int PRIMARY KEY, customer_id bigint NOT NULL, amount numeric(12,2),
  note text, updated_at timestamp NOT NULL, paid bool, order_date date);
INSERT INTO orders SELECT g, (g::bigint * 7919) % 1000003, round(((g % 100000) / 7.0)::numeric, 2),
  'order note ' || g, timestamp '2024-01-01' + g * interval '1 second', g % 3 = 0,
  date '2024-01-01' + (g % 365) FROM generate_series(1, 1000000) g;
VACUUM ANALYZE orders;
SQL

cat >profiles/dev.yml <<YML
engines: {duckdb: {mode: persistent, path: target/bench.duckdb}}
connectors:
  pg: {type: POSTGRES, params: {host: 127.0.0.1, port: $pg_port, dbname: bench, user: postgres}}
YML
cat >pipelines/schema.sf <<'SF'
SOURCE big_pq TYPE PARQUET PARAMS {"path": "data/big.parquet"};
SOURCE small_pq TYPE PARQUET PARAMS {"path": "data/small.parquet"};
SOURCE pg_orders FROM "pg" OPTIONS {"table": "orders"};
LOAD big FROM big_pq;
LOAD small FROM small_pq;
LOAD pg_orders FROM pg_orders;
SF
# Record each source's schema as the baseline the compare checks against.
for s in big_pq small_pq pg_orders; do "$sqlflow" schema accept "$s" >/dev/null; done
"$sqlflow" schema compare big_pq | grep -q "the schema matches version 1" ||
  { echo "schema compare did not report a match" >&2; exit 1; }

# t NAME CMD…: median wall and client CPU of CMD over $runs runs, in ms, as ${NAME}_w / ${NAME}_c.
t() {
  local name="$1"
  shift
  measure "$runs" : "$@"
  printf -v "${name}_w" '%.1f' "$(awk -v s="$M_WALL" 'BEGIN {print s * 1000}')"
  printf -v "${name}_c" '%.1f' "$(awk -v s="$M_CPU" 'BEGIN {print s * 1000}')"
}
t validate "$sqlflow" validate schema
t select1 "$direct" "SELECT 1"
t describe "$direct" "DESCRIBE SELECT * FROM read_parquet('$proj/data/big.parquet')"
t pq_show "$sqlflow" schema show big_pq
t pq_compare "$sqlflow" schema compare big_pq
t small_compare "$sqlflow" schema compare small_pq
t connect "$psql" -X -h 127.0.0.1 -p "$pg_port" -U postgres -d bench -c "SELECT 1"
t pg_show "$sqlflow" schema show pg_orders
t pg_compare "$sqlflow" schema compare pg_orders

calc() { awk "BEGIN {printf \"%.1f\", $1}"; }
pq_floor_w=$(calc "$validate_w + $describe_w - $select1_w")
pq_floor_c=$(calc "$validate_c + $describe_c - $select1_c")
pg_floor_w=$(calc "$validate_w + $connect_w")
pg_floor_c=$(calc "$validate_c + $connect_c")
line() { printf '  %-52s %8s %8s  %s\n' "$1" "$2" "$3" "${4:-}"; }
beyond() {  # compare floor (wall), compare floor (cpu)
  printf '%s ms wall, %s ms CPU beyond opening the source' "$(calc "$1 - $2")" "$(calc "$3 - $4")"
}
echo
echo "median of $runs runs, ms; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
line "" "wall" "cpu"
echo "Parquet: data/big.parquet, $pq_mb MB, $pq_rows rows, 7 columns"
line "sqlflow validate (process, project, plan)" "$validate_w" "$validate_c"
line "duckdb_direct SELECT 1" "$select1_w" "$select1_c"
line "duckdb_direct DESCRIBE read_parquet(big.parquet)" "$describe_w" "$describe_c"
line "floor = validate + (DESCRIBE - SELECT 1)" "$pq_floor_w" "$pq_floor_c"
line "sqlflow schema show big_pq" "$pq_show_w" "$pq_show_c"
line "sqlflow schema compare big_pq" "$pq_compare_w" "$pq_compare_c"
line "sqlflow schema compare small_pq (1,000 rows)" "$small_compare_w" "$small_compare_c"
echo "  => compare on $pq_mb MB: $(beyond "$pq_compare_w" "$pq_floor_w" "$pq_compare_c" "$pq_floor_c");"
echo "     $(calc "$pq_compare_w - $small_compare_w") ms wall more than on 1,000 rows; compare - show: $(calc "$pq_compare_w - $pq_show_w") ms"
echo "PostgreSQL: public.orders, 1,000,000 rows, 7 columns"
line "psql -c 'SELECT 1' (connect)" "$connect_w" "$connect_c"
line "floor = validate + connect" "$pg_floor_w" "$pg_floor_c"
line "sqlflow schema show pg_orders" "$pg_show_w" "$pg_show_c"
line "sqlflow schema compare pg_orders" "$pg_compare_w" "$pg_compare_c"
echo "  => $(beyond "$pg_compare_w" "$pg_floor_w" "$pg_compare_c" "$pg_floor_c");"
echo "     compare - show: $(calc "$pg_compare_w - $pg_show_w") ms"
