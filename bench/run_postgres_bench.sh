#!/usr/bin/env bash
# PostgreSQL -> DuckDB load benchmark (issue 5 "Speed"), every figure side by side with its
# baseline, in one run, on a generated ROWS-row, 7-column table (int, bigint, numeric(12,2), text,
# timestamp, bool, date) in a throwaway PostgreSQL 15 server:
#  a. psql -c "COPY (SELECT …) TO STDOUT (FORMAT binary)" > /dev/null: the server's own output rate;
#  b. COPY to a CSV file + a sqlflow LOAD of that CSV (DuckDB read_csv), total;
#  c. sqlflow run of a LOAD of the table (persistent profile), "parallel": 1 and the default
#     parallel read, each run right after a run of (a); ratio of the rate to (a) (targets:
#     >= 0.9x on one connection, > 1x parallel);
#  d. incremental (cursor_field updated_at, primary_key id): the full first load, then runs after
#     1% new rows each (target: <= 5% of the full load's time), and beside them the floor of such
#     a run: psql's COPY of those rows plus DuckDB alone appending as many rows to the file;
#  e. peak memory (max RSS) of the loads in persistent mode.
# Also a breakdown: CPU seconds of the client (sqlflow / psql) and of the server for each, and the
# same load into a memory profile (what writing the DuckDB file costs).
# Usage: bench/run_postgres_bench.sh [ROWS] [RUNS]   (defaults 5000000 and 3; medians reported)
# KEEP=1 keeps the temp dir (server data and project) for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-5000000}"
runs="${2:-3}"
source bench/pg_bench_common.sh
pg_bench_start
proj="$work/proj"
mkdir -p "$proj/pipelines" "$proj/profiles" "$proj/data"
cd "$proj"

echo "generating $rows rows in PostgreSQL 15 (127.0.0.1:$pg_port) ..."
# The values of row g (PostgreSQL and DuckDB alike); new rows for (d) continue the series, with
# later timestamps.
row_sql="g, (g::bigint * 7919) % 1000003,
  CASE WHEN g % 50 = 0 THEN NULL ELSE round(((g % 100000) / 7.0)::numeric, 2) END,
  CASE WHEN g % 97 = 0 THEN NULL ELSE 'order note ' || g END,
  timestamp '2024-01-01' + g * interval '1 second', g % 3 = 0, date '2024-01-01' + (g % 365)::int"
pg_psql postgres -c "CREATE DATABASE bench" >/dev/null
pg_psql bench >/dev/null <<SQL
CREATE TABLE orders (id int PRIMARY KEY, customer_id bigint NOT NULL, amount numeric(12,2),
  note text, updated_at timestamp NOT NULL, paid bool, order_date date);
INSERT INTO orders SELECT $row_sql FROM generate_series(1, $rows) g;
CREATE INDEX orders_updated_at ON orders (updated_at);
VACUUM ANALYZE orders;
SQL
table_mb=$(pg_psql bench -At -c "SELECT pg_relation_size('orders') / 1048576")
columns="id, customer_id, amount, note, updated_at, paid, order_date"

cat >profiles/dev.yml <<YML
engines: {duckdb: {mode: persistent, path: target/bench.duckdb}}
connectors:
  pg: {type: POSTGRES, params: {host: 127.0.0.1, port: $pg_port, dbname: bench, user: postgres}}
YML
sed 's/mode: persistent, path: target\/bench.duckdb/mode: memory/' profiles/dev.yml >profiles/mem.yml
cat >pipelines/serial.sf <<'SF'
SOURCE orders_src FROM "pg" OPTIONS {"table": "orders", "parallel": 1};
LOAD orders FROM orders_src;
SF
cat >pipelines/parallel.sf <<'SF'
SOURCE orders_src FROM "pg" OPTIONS {"table": "orders"};
LOAD orders FROM orders_src;
SF
cat >pipelines/csv.sf <<'SF'
SOURCE orders_csv TYPE CSV PARAMS {"path": "data/orders.csv"};
LOAD orders FROM orders_csv;
SF
cat >pipelines/incremental.sf <<'SF'
SOURCE orders_src FROM "pg" OPTIONS {"table": "orders", "sync_mode": "incremental", "cursor_field": "updated_at", "primary_key": "id"};
LOAD orders FROM orders_src;
SF

# Every LOAD starts from an empty target database.
fresh="rm -rf target"
# Fails unless the last load left exactly $1 rows in orders.
check_count() {
  local n
  n=$("$sqlflow" query "SELECT count(*) AS n FROM orders" | awk 'NR == 3 {print $1}')
  [ "$n" = "$1" ] || { echo "check failed: orders has $n rows, expected $1" >&2; exit 1; }
}

# (a) and (c) persistent: the server's own binary COPY output rate and the two persistent LOADs,
# measured in turn (a, c one connection, c parallel; RUNS times), so that a slow spell of this
# shared machine hits the baseline and the loads alike and their ratios hold.
declare -A walls cpus srvs
c1_rss=0 c2_rss=0
keep() {  # label: appends the last measure's figures
  walls[$1]+="$M_WALL " cpus[$1]+="$M_CPU " srvs[$1]+="$M_SRV "
}
# Every run starts alike: no target database, and nothing of an earlier run still being written
# back to disk (which would slow whichever command runs next).
settle="$fresh; sync"
for _ in $(seq "$runs"); do
  MEASURE_OUT=/dev/null measure 1 "$settle" \
    "$psql" -X -h 127.0.0.1 -p "$pg_port" -U postgres -d bench \
    -c "COPY (SELECT $columns FROM public.orders) TO STDOUT (FORMAT binary)"
  keep a
  measure 1 "$settle" "$sqlflow" run serial
  keep c1
  c1_rss=$((M_RSS > c1_rss ? M_RSS : c1_rss))
  check_count "$rows"
  measure 1 "$settle" "$sqlflow" run parallel
  keep c2
  c2_rss=$((M_RSS > c2_rss ? M_RSS : c2_rss))
  check_count "$rows"
done
med() { printf '%s\n' $1 | median; }
a_wall=$(med "${walls[a]}") a_cpu=$(med "${cpus[a]}") a_srv=$(med "${srvs[a]}")
c1_wall=$(med "${walls[c1]}") c1_cpu=$(med "${cpus[c1]}") c1_srv=$(med "${srvs[c1]}")
c2_wall=$(med "${walls[c2]}") c2_cpu=$(med "${cpus[c2]}") c2_srv=$(med "${srvs[c2]}")

# (b) COPY to a CSV file, then a LOAD of the CSV (DuckDB read_csv) into the same persistent file.
MEASURE_OUT=data/orders.csv measure "$runs" : \
  "$psql" -X -h 127.0.0.1 -p "$pg_port" -U postgres -d bench \
  -c "COPY (SELECT $columns FROM public.orders) TO STDOUT (FORMAT csv, HEADER)"
b1_wall=$M_WALL b1_cpu=$M_CPU b1_srv=$M_SRV
csv_mb=$(($(stat -c %s data/orders.csv) / 1048576))
measure "$runs" "$fresh" "$sqlflow" run csv
b2_wall=$M_WALL b2_cpu=$M_CPU b2_rss=$M_RSS
check_count "$rows"
b_wall=$(awk -v a="$b1_wall" -v b="$b2_wall" 'BEGIN {printf "%.3f", a + b}')
rm -f data/orders.csv

# (c) One connection into memory: what writing the DuckDB file costs, by difference.
measure "$runs" : "$sqlflow" run serial --profile mem
m_wall=$M_WALL m_cpu=$M_CPU m_srv=$M_SRV m_rss=$M_RSS

# (d) Incremental: the full first load, then RUNS runs each after 1% new rows.
rm -rf target
measure 1 : "$sqlflow" run incremental
d1_wall=$M_WALL d1_cpu=$M_CPU d1_srv=$M_SRV d1_rss=$M_RSS
check_count "$rows"
new=$((rows / 100))
next=$rows
add_rows() {
  pg_psql bench -c "INSERT INTO orders SELECT $row_sql FROM generate_series($((next + 1)), $((next + new))) g" >/dev/null
  next=$((next + new))
}
measure "$runs" add_rows "$sqlflow" run incremental
d2_wall=$M_WALL d2_cpu=$M_CPU d2_srv=$M_SRV d2_rss=$M_RSS d2_walls=$M_WALLS
check_count "$next"

# (d) floor: the same work as a run after 1% new rows, done by each engine's own tool in turn.
# PostgreSQL: psql's binary COPY of the last 1% rows, selected by updated_at as the incremental
# read does. DuckDB: a minimal program (loads libduckdb as sqlflow does) opens a copy of the
# loaded file, appends as many rows in one transaction and closes it (DuckDB checkpoints on
# close); each run appends the same rows to the copy, which is thrown away. sqlflow's own work comes on top: the watermark, the schema check, the MERGE on the key,
# the run record.
MEASURE_OUT=/dev/null measure "$runs" : \
  "$psql" -X -h 127.0.0.1 -p "$pg_port" -U postgres -d bench \
  -c "COPY (SELECT $columns FROM public.orders WHERE updated_at >= timestamp '2024-01-01' + interval '$((next - new + 1)) seconds') TO STDOUT (FORMAT binary)"
f1_wall=$M_WALL
cp target/bench.duckdb "$work/floor.duckdb"
measure "$runs" : "$direct" --db="$work/floor.duckdb" \
  "INSERT INTO orders SELECT $row_sql FROM generate_series($((next + 1)), $((next + new))) t(g)"
f2_wall=$M_WALL f2_walls=$M_WALLS
rm -f "$work/floor.duckdb"
f_wall=$(awk -v a="$f1_wall" -v b="$f2_wall" 'BEGIN {printf "%.3f", a + b}')

cpu() { [ "$1" = - ] && echo - || printf '%.2f' "$1"; }
row() {  # label wall client-cpu server-cpu rss [note]
  printf '  %-44s %7.2f s %6s M/s %7s %7s %7s  %s\n' "$1" "$2" "$(rate "$rows" "$2")" \
    "$(cpu "$3")" "$(cpu "$4")" "$5" "${6:-}"
}
echo
echo "$rows rows x 7 columns, table $table_mb MB; median of $runs runs; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-44s %9s %10s %7s %7s %7s\n' "" "wall" "rate" "cpu:cli" "cpu:srv" "RSS MB"
row "a. psql COPY binary > /dev/null" "$a_wall" "$a_cpu" "$a_srv" "-" "(baseline)"
row "b. psql COPY csv > file ($csv_mb MB)" "$b1_wall" "$b1_cpu" "$b1_srv" "-"
row "   + sqlflow LOAD of the CSV (read_csv)" "$b2_wall" "$b2_cpu" "-" "$b2_rss"
row "   = CSV route total" "$b_wall" "-" "-" "-" "$(ratio "$a_wall" "$b_wall")x of (a)"
row "c. sqlflow LOAD, parallel: 1" "$c1_wall" "$c1_cpu" "$c1_srv" "$c1_rss" \
  "$(ratio "$a_wall" "$c1_wall")x of (a) (target >= 0.9x)"
row "   sqlflow LOAD, parallel read (default 4)" "$c2_wall" "$c2_cpu" "$c2_srv" "$c2_rss" \
  "$(ratio "$a_wall" "$c2_wall")x of (a) (target > 1x)"
row "   sqlflow LOAD, parallel: 1, memory profile" "$m_wall" "$m_cpu" "$m_srv" "$m_rss" \
  "$(ratio "$a_wall" "$m_wall")x of (a)"
row "d. incremental: full first load" "$d1_wall" "$d1_cpu" "$d1_srv" "$d1_rss" \
  "$(ratio "$d1_wall" "$c2_wall")x the plain LOAD"
printf '  %-44s %7.2f s %10s %7s %7s %7s  %s\n' "   incremental: after 1% new rows ($new)" \
  "$d2_wall" "" "$(cpu "$d2_cpu")" "$d2_srv" "$d2_rss" \
  "$(awk -v a="$d2_wall" -v b="$d1_wall" 'BEGIN {printf "%.1f", 100 * a / b}')% of the full load (target <= 5%), $(awk -v a="$d2_wall" -v b="$c2_wall" 'BEGIN {printf "%.1f", 100 * a / b}')% of the plain LOAD"
# The median hides the runs whose closing checkpoint also merges small row groups (docs/development.md).
echo "   each run after 1% new rows, in order: $(printf '%.2f s ' $d2_walls)"
printf '  %-44s %7.2f s %10s %7s %7s %7s  %s\n' "   floor: psql COPY of the $new new rows" "$f1_wall"
printf '  %-44s %7.2f s %10s %7s %7s %7s  %s\n' "   + DuckDB alone: open, append $new, close" "$f2_wall" \
  "" "" "" "" "each run: $(printf '%.2f s ' $f2_walls)"
printf '  %-44s %7.2f s %10s %7s %7s %7s  %s\n' "   = floor of a run after 1% new rows" "$f_wall" \
  "" "" "" "" "$(awk -v a="$f_wall" -v b="$d1_wall" 'BEGIN {printf "%.1f", 100 * a / b}')% of the full load"
echo "e. peak memory (max RSS) of the $rows-row load, persistent: $c1_rss MB (parallel: 1), $c2_rss MB (parallel)"
echo "   cpu:cli = user+sys of the client process; cpu:srv = CPU of the server's backends (s)"
