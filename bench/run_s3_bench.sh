#!/usr/bin/env bash
# S3 source benchmark (issue 17 "Speed"), every figure beside its baseline, in one run, against a
# throwaway local S3 server (scripts/s3rver.sh: s3rver with Signature V4 checked) on 127.0.0.1:
#  a. reading ~SIZE_MB of Parquet (DAYS day=… partitions, OBJECTS_PER_DAY objects each) into a
#     table: `sqlflow run` of a LOAD from an S3 SOURCE, against the baseline `aws s3 cp
#     --recursive` of the same objects followed by a `sqlflow run` LOAD of the local files; the
#     ratio ours / baseline (target <= 1.0x);
#  b. peak memory (max RSS) of (a)'s sqlflow run, against the data size (target: bounded, not
#     proportional to the data);
#  c. partition pruning: an incremental source (cursor in the data, day partitions) loaded in full,
#     then one more day uploaded and loaded: the second run's LIST requests and bytes against the
#     full run's (target: >= 90% fewer of both).
# Usage: bench/run_s3_bench.sh [SIZE_MB] [RUNS]   (defaults 1024 and 3; medians reported)
# Needs build/sqlflow (scripts/build.sh), /usr/bin/aws and npm (scripts/install_deps.sh).
# KEEP=1 keeps the temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
size_mb="${1:-1024}"
runs="${2:-3}"
days=30
per_day=7
port="${SQLFLOW_BENCH_S3_PORT:-54339}"
bin="${SQLFLOW_BIN:-$repo/build/sqlflow}"
work="$(mktemp -d /tmp/sqlflow-s3-bench.XXXXXX)"
cleanup() {
  bash "$repo/scripts/s3rver.sh" stop "$work/s3" >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=""
endpoint="http://127.0.0.1:$port"
aws() { /usr/bin/aws --endpoint-url "$endpoint" "$@"; }

bash scripts/s3rver.sh start "$work/s3" "$port" >/dev/null
aws s3 mb s3://bench >/dev/null

# --- data: DAYS partitions of Parquet objects, rows of (id, ts, amount, note) -----------------
proj="$work/proj"
mkdir -p "$proj/pipelines" "$proj/profiles" "$proj/data" "$work/gen"
cd "$proj"
cat > profiles/dev.yml <<EOF
engines: {duckdb: {mode: persistent, path: target/bench.duckdb}}
connectors:
  lake: {type: S3, params: {bucket: bench, endpoint: "$endpoint"}}
EOF
# ~52 bytes of Parquet per row (an md5 text does not compress).
objects=$((days * per_day))
rows_per_object=$((size_mb * 1024 * 1024 / 52 / objects))
echo "generating $objects Parquet objects of $rows_per_object rows (~${size_mb} MB) ..."
gen_sql=""
for d in $(seq 1 $((days + 1))); do
  day=$(printf '2025-06-%02d' "$d")
  [ "$d" -gt 30 ] && day="2025-07-01"
  mkdir -p "$work/gen/day=$day"
  for o in $(seq 1 "$per_day"); do
    first=$(( ((d - 1) * per_day + o - 1) * rows_per_object ))
    gen_sql+="COPY (SELECT $first + g AS id, TIMESTAMP '$day' + to_microseconds(((g * 86399999999) // $rows_per_object)::BIGINT) AS ts,
      random() * 1000 AS amount, md5(CAST($first + g AS VARCHAR)) AS note
      FROM range($rows_per_object) t(g)) TO '$work/gen/day=$day/part-$o.parquet' (FORMAT parquet);
"
  done
done
printf '%s' "$gen_sql" > "$work/gen.sql"
"$bin" query --profile dev "$(cat "$work/gen.sql")" >/dev/null
mkdir -p "$work/later"
mv "$work/gen/day=2025-07-01" "$work/later/"
bytes=$(du -sb "$work/gen" | cut -f1)
echo "uploading $(( bytes / 1024 / 1024 )) MB with awscli ..."
aws s3 cp --recursive --quiet "$work/gen" s3://bench/events/

cat > pipelines/s3load.sf <<'EOF'
SOURCE events FROM "lake" OPTIONS {"prefix": "events/", "pattern": "**/*.parquet"};
LOAD events FROM events;
EOF
cat > pipelines/localload.sf <<'EOF'
SOURCE events TYPE PARQUET PARAMS {"path": "download/**/*.parquet"};
LOAD events FROM events;
EOF
cat > pipelines/incr.sf <<'EOF'
SOURCE events FROM "lake" OPTIONS {"prefix": "events/", "pattern": "**/*.parquet", "partition_keys": ["day"], "sync_mode": "incremental", "cursor_field": "ts"};
LOAD incr_events FROM events;
EOF

median() { sort -n | awk '{a[NR]=$1} END {m=(NR+1)/2; if (NR%2) print a[m]; else print (a[NR/2]+a[NR/2+1])/2}'; }
timed() {  # timed OUT CMD...: wall seconds and max RSS (KB) of CMD into OUT
  python3 "$repo/bench/rusage.py" "$1" "${@:2}"
}

ours=() base=() rss=() base_rss=()
for r in $(seq 1 "$runs"); do
  rm -rf download target/bench.duckdb*
  timed "$work/b_dl" /usr/bin/aws --endpoint-url "$endpoint" s3 cp --recursive --quiet s3://bench/events/ download/
  timed "$work/b_load" "$bin" run localload >/dev/null
  base+=("$(awk '{print $1}' "$work/b_dl") + $(awk '{print $1}' "$work/b_load")")
  base_rss+=("$(awk '{print $3}' "$work/b_load")")
  rm -rf download target/bench.duckdb*
  timed "$work/o" "$bin" run s3load >/dev/null
  ours+=("$(awk '{print $1}' "$work/o")")
  rss+=("$(awk '{print $3}' "$work/o")")
done
base_s=$(for e in "${base[@]}"; do echo "$e" | bc -l; done | median)
ours_s=$(for e in "${ours[@]}"; do echo "$e"; done | median)
rss_kb=$(for e in "${rss[@]}"; do echo "$e"; done | median)
base_rss_kb=$(for e in "${base_rss[@]}"; do echo "$e"; done | median)
rows=$("$bin" query --profile dev "SELECT count(*) FROM events" | sed -n 3p | tr -d ' ')

# --- pruning: a full incremental load, then one more day -----------------------------------------
rm -rf target/bench.duckdb*
"$bin" run incr --json > "$work/full.json"
aws s3 cp --recursive --quiet "$work/later" s3://bench/events/
"$bin" run incr --json > "$work/incr.json"
metric() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print([s for s in d['steps'] if s['id']=='load.incr_events'][0]['metrics'].get(sys.argv[2], 0))" "$1" "$2"; }
full_list=$(metric "$work/full.json" list_requests); incr_list=$(metric "$work/incr.json" list_requests)
full_bytes=$(metric "$work/full.json" bytes_received); incr_bytes=$(metric "$work/incr.json" bytes_received)
full_get=$(metric "$work/full.json" get_requests); incr_get=$(metric "$work/incr.json" get_requests)

echo
echo "S3 read of $objects Parquet objects, $(( bytes / 1024 / 1024 )) MB, $rows rows (median of $runs; s3rver on 127.0.0.1)"
printf '  %-46s %8.2f s\n' "baseline: aws s3 cp --recursive + LOAD local" "$base_s"
printf '  %-46s %8.2f s   ratio %.2fx (target <= 1.0x)\n' "sqlflow: LOAD from SOURCE TYPE S3" "$ours_s" "$(echo "$ours_s / $base_s" | bc -l)"
printf '  %-46s %8d MB  (data %d MB)\n' "peak RSS of the S3 load" "$((rss_kb / 1024))" "$((bytes / 1024 / 1024))"
printf '  %-46s %8d MB  (DuckDB loading the same files from disk)\n' "peak RSS of the local LOAD (baseline)" "$((base_rss_kb / 1024))"
echo "partition pruning (incremental, day partitions, 1 new day after a full load of $days):"
printf '  %-22s %10s %10s %14s\n' "" "LIST" "GET" "bytes"
printf '  %-22s %10s %10s %14s\n' "full load" "$full_list" "$full_get" "$full_bytes"
printf '  %-22s %10s %10s %14s\n' "next run (1 new day)" "$incr_list" "$incr_get" "$incr_bytes"
printf '  fewer: LIST %.1f%%, bytes %.1f%% (target >= 90%% each)\n' \
  "$(echo "100 * (1 - $incr_list / $full_list)" | bc -l)" "$(echo "100 * (1 - $incr_bytes / $full_bytes)" | bc -l)"
