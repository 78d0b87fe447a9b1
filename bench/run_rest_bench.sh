#!/usr/bin/env bash
# REST source benchmark (issue 18 "Figures"), every figure beside its baseline, in one run,
# against the local JSON API (test/servers/rest_api_server.py via scripts/rest_api.sh) on
# 127.0.0.1:
#  a. resilience: LOADS (200) loads of a 40-page stream (400 records, 10 a page, cursor
#     paginator), each its own `sqlflow run` process on a fresh target and a namespace of its own,
#     PARALLEL (2) processes at a time; 20% of requests get an injected transient fault (429 with
#     Retry-After 0, 500, 503, connection reset; seed = the load's number, so each load's faults
#     differ); the server limits each namespace to 50 req/s (burst 10), the SOURCE's rate_limit
#     is 40 req/s (burst 5); retry max_attempts MAX_ATTEMPTS (8), base 10 ms, cap 100 ms. Figures: loads
#     succeeded (target >= 99.5%, printed beside what independent faults predict,
#     (1 - 0.2^MAX_ATTEMPTS)^40), rows lost or duplicated in the loads that succeeded (count, distinct ids
#     and sum of ids against 400 and 80,200) and rows left by loads that failed (target 0), and
#     requests over the server's limit (its over_limit counters summed; target 0);
#  b. throughput: 100,000 records over 1,000 pages (page_number paginator, per_page 100) loaded
#     by `sqlflow run` (the whole process: start-up, fetch, JSON parsing, load into DuckDB),
#     against the baseline of ONE `curl --config` process fetching the same 1,000 page URLs to
#     /dev/null in turn (curl keeps the connection alive across them, as sqlflow does); ratio =
#     baseline time / our time (target >= 0.8x);
#  c. memory: peak RSS of (b)'s load and of one ten times larger (1,000,000 records over 10,000
#     pages; its curl baseline is timed too); ratio large / small ("about the same" is taken as
#     <= 1.2x).
# Times are wall seconds on a monotonic clock (bench/rusage.py, perf_counter), medians of RUNS.
# Usage: bench/run_rest_bench.sh [RUNS]   (default 3)
# Environment: SQLFLOW_BIN (default build/sqlflow; copied into the temp dir first, so a relink of
# build/ during the run does not matter), SQLFLOW_BENCH_REST_PORT (54342), LOADS (200),
# PARALLEL (2), MAX_ATTEMPTS (8: the retry policy of (a); with the default 5, independent 20%
# faults fail (1 - (1 - 0.2^5)^40) = 1.3% of 40-page loads whatever the client does, so the
# 99.5% target needs 7 or more), CIRCUIT_THRESHOLD (default:
# MAX_ATTEMPTS), KEEP=1 keeps the temp dir. Needs
# python3 and curl. The server holds the 1,000,000 records in about 1.1 GB of memory during (c).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

die() {
  echo "run_rest_bench.sh: $*" >&2
  exit 1
}

runs="${1:-3}"
loads="${LOADS:-200}"
parallel="${PARALLEL:-2}"
port="${SQLFLOW_BENCH_REST_PORT:-54342}"
for n in "$runs" "$loads" "$parallel" "$port" "${MAX_ATTEMPTS:-8}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "RUNS, LOADS, PARALLEL, MAX_ATTEMPTS and the port must be positive integers, got '$n' (usage: bench/run_rest_bench.sh [RUNS])"
done
src_bin="${SQLFLOW_BIN:-$repo/build/sqlflow}"
[[ -x "$src_bin" ]] || die "no sqlflow binary at $src_bin: build it (/work/b.sh or scripts/build.sh) or set SQLFLOW_BIN"
command -v curl >/dev/null || die "curl not found (the baseline and the server's admin calls need it)"
command -v python3 >/dev/null || die "python3 not found (the test server and bench/rusage.py need it)"

work="$(mktemp -d /tmp/sqlflow-rest-bench.XXXXXX)"
cleanup() {
  bash "$repo/scripts/rest_api.sh" stop "$work/server" >/dev/null 2>&1 || true
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # through the EXIT trap: the server is stopped

bin="$work/sqlflow"
cp "$src_bin" "$bin"
build_seen=0  # 1 once a build (ninja) was seen running during a timed run: timings are noisy
check_build() { if pgrep -f ninja >/dev/null; then build_seen=1; fi; }
check_build
if ((build_seen)); then
  echo "warning: a build (ninja) is running on this machine: the timings will be noisy" >&2
fi
bash scripts/rest_api.sh start "$work/server" "$port" >/dev/null
api="http://127.0.0.1:$port"

configure() {  # configure NS JSON: creates or replaces namespace NS (counters at 0)
  curl -sS --fail-with-body -X PUT "$api/_admin/ns/$1" -d "$2" >/dev/null
}
forget() { curl -sS --fail -X DELETE "$api/_admin/ns/$1" >/dev/null; }
stats() { curl -sS --fail "$api/_admin/ns/$1/stats"; }
json_field() {  # json_field FILE EXPR: python expression over d, the file's JSON
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}
median() { sort -n | awk '{a[NR]=$1} END {m=(NR+1)/2; if (NR%2) print a[m]; else print (a[NR/2]+a[NR/2+1])/2}'; }
calc() { awk "BEGIN {printf \"$1\", $2}"; }  # calc FORMAT EXPR
new_project() {  # new_project DIR: a project whose DuckDB file is DIR/target/bench.duckdb
  mkdir -p "$1/pipelines" "$1/profiles"
  printf 'engines: {duckdb: {mode: persistent, path: target/bench.duckdb}}\n' >"$1/profiles/dev.yml"
}

# --- a. resilience -----------------------------------------------------------------------------
pages=40
page_size=10
rows=$((pages * page_size))
fault_rate=0.2
attempts="${MAX_ATTEMPTS:-8}"
# The circuit breaker must allow as many consecutive failures as there are attempts, or it
# refuses the last ones (its default threshold is 5).
breaker="${CIRCUIT_THRESHOLD:-$attempts}"
res="$work/resilience"
mkdir -p "$res"

# resilience_load I PROJECT: load I on its own namespace and a fresh target; leaves I.rc, I.csv
# or I.left, I.stats and I.log in $res.
resilience_load() {
  local i="$1" proj="$2" ns="res$1" rc=0
  configure "$ns" "{\"records\": $rows, \"page_size\": $page_size,
    \"faults\": {\"seed\": $i, \"rate\": $fault_rate, \"kinds\": [\"429\", \"500\", \"503\", \"reset\"], \"retry_after\": 0},
    \"rate_limit\": {\"requests_per_second\": 50, \"burst\": 10}}"
  cat >"$proj/pipelines/res.sf" <<EOF
SOURCE s TYPE REST PARAMS {"base_url": "$api/ns/$ns", "path": "/cursor", "data_selector": "data", "paginator": {"type": "cursor", "cursor_path": "meta.next_cursor", "cursor_param": "cursor"}, "retry": {"max_attempts": $attempts, "base_delay": 0.01, "max_delay": 0.1}, "circuit": {"failure_threshold": $breaker}, "rate_limit": {"requests_per_second": 40, "burst": 5}};
LOAD res FROM s;
EXPORT SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(id) AS s FROM res TO "out/res.csv" TYPE CSV;
EOF
  rm -rf "$proj/target" "$proj/out"
  (cd "$proj" && timeout 300 "$bin" run res) >"$res/$i.log" 2>&1 || rc=$?
  echo "$rc" >"$res/$i.rc"
  if [[ "$rc" == 0 ]]; then
    cp "$proj/out/res.csv" "$res/$i.csv"
  else  # a failed LOAD must leave nothing of its pages behind
    local left=0
    if [[ -f "$proj/target/bench.duckdb" ]] &&
      [[ "$(cd "$proj" && "$bin" query --format csv "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'res'" | tail -n 1)" == 1 ]]; then
      left="$(cd "$proj" && "$bin" query --format csv "SELECT count(*) FROM res" | tail -n 1)"
    fi
    echo "$left" >"$res/$i.left"
  fi
  stats "$ns" >"$res/$i.stats"
  forget "$ns"
}

resilience_worker() {  # resilience_worker SLOT: loads SLOT, SLOT + PARALLEL, ...
  local slot="$1" proj="$work/res-proj-$1" i
  new_project "$proj"
  for ((i = slot; i <= loads; i += parallel)); do
    resilience_load "$i" "$proj"
    if ((i % 50 == 0)); then echo "  ... $i loads done" >&2; fi
  done
}

echo "a. resilience: $loads loads, $parallel sqlflow processes at a time ..." >&2
res_t0=$(date +%s%N)
worker_pids=()
for ((slot = 1; slot <= parallel; slot++)); do
  resilience_worker "$slot" &
  worker_pids+=("$!")
done
for pid in "${worker_pids[@]}"; do
  wait "$pid" || die "a resilience worker failed (the server's admin API? see $work, kept with KEEP=1)"
done
res_s=$(calc "%.0f" "($(date +%s%N) - $res_t0) / 1e9")
tally="$(python3 bench/rest_resilience_tally.py "$res" "$loads" "$rows" $((rows * (rows + 1) / 2)))"
read -r ok failed lost dup wrong_sum left over_limit requests faults served <<<"$(head -n 1 <<<"$tally")"
fail_lines="$(tail -n +2 <<<"$tally")"
expected_pct=$(calc "%.2f" "100 * (1 - $fault_rate ^ $attempts) ^ $pages")

# --- b. throughput and c. memory -----------------------------------------------------------------
tp="$work/throughput"
new_project "$tp"
for size in small large; do
  ns="tp_$size"
  cat >"$tp/pipelines/$size.sf" <<EOF
SOURCE s TYPE REST PARAMS {"base_url": "$api/ns/$ns", "path": "/page_number", "data_selector": "data", "paginator": {"type": "page_number", "page_param": "page", "page_size_param": "per_page", "page_size": 100, "total_path": "total_pages"}};
LOAD $size FROM s;
EOF
done

# measure SIZE RECORDS: RUNS alternating runs of the curl baseline and of `sqlflow run SIZE`;
# sets base_s, ours_s, step_s (the LOAD step's own seconds), rss_kb (medians) and checks that the
# last load holds every record once and asked for each page once.
measure() {
  local size="$1" records="$2" ns="tp_$1" n_pages=$(($2 / 100)) r p
  echo "b/c. $size: $records records in $n_pages pages, $runs runs ..." >&2
  configure "$ns" "{\"records\": $records, \"page_size\": 100}"
  for ((p = 1; p <= n_pages; p++)); do
    printf 'url = "%s/ns/%s/page_number?page=%d&per_page=100"\noutput = "/dev/null"\n' "$api" "$ns" "$p"
  done >"$work/$size.curl"
  local base=() ours=() steps=() rss=() before after
  for ((r = 1; r <= runs; r++)); do
    check_build
    python3 bench/rusage.py "$work/t_base" curl -sS --fail --config "$work/$size.curl" ||
      die "the curl baseline failed for $size"
    base+=("$(awk '{print $1}' "$work/t_base")")
    rm -rf "$tp/target"
    before=$(stats "$ns" | python3 -c "import json,sys; print(json.load(sys.stdin)['requests'])")
    (cd "$tp" && python3 "$repo/bench/rusage.py" "$work/t_ours" "$bin" run "$size" --json >"$work/ours.json") ||
      die "sqlflow run $size failed; its record: $(tail -c 2000 "$work/ours.json")"
    after=$(stats "$ns" | python3 -c "import json,sys; print(json.load(sys.stdin)['requests'])")
    ours+=("$(awk '{print $1}' "$work/t_ours")")
    rss+=("$(awk '{print $3}' "$work/t_ours")")
    check_build
    steps+=("$(json_field "$work/ours.json" "[s for s in d['steps'] if s['id'] == 'load.$size'][0]['seconds']")")
  done
  [[ $((after - before)) == "$n_pages" ]] || die "the $size load sent $((after - before)) requests for $n_pages pages"
  local got
  got="$(cd "$tp" && "$bin" query --format csv "SELECT count(*), count(DISTINCT id), sum(id) FROM $size" | tail -n 1)"
  [[ "$got" == "$records,$records,$((records * (records + 1) / 2))" ]] ||
    die "the $size load holds count, distinct ids, sum = $got, expected $records of each id once"
  # The floor: DuckDB's own ingest of the same records from a local NDJSON file, as the REST
  # source hands them to it (read_json, types inferred over all records), without any HTTP.
  (cd "$tp" && "$bin" query "COPY (SELECT * FROM $size) TO '$work/$size.ndjson' (FORMAT json)" >/dev/null)
  local floor=() floor_rss=()
  for ((r = 1; r <= runs; r++)); do
    rm -rf "$tp/target"
    (cd "$tp" && python3 "$repo/bench/rusage.py" "$work/t_floor" "$bin" query \
      "CREATE TABLE floor AS SELECT * FROM read_json('$work/$size.ndjson', format = 'newline_delimited', sample_size = -1)" >/dev/null) ||
      die "the floor ingest failed for $size"
    floor+=("$(awk '{print $1}' "$work/t_floor")")
    floor_rss+=("$(awk '{print $3}' "$work/t_floor")")
  done
  floor_s=$(printf '%s\n' "${floor[@]}" | median)
  floor_rss_kb=$(printf '%s\n' "${floor_rss[@]}" | median)
  forget "$ns"  # frees the server's memory before the next size
  base_s=$(printf '%s\n' "${base[@]}" | median)
  ours_s=$(printf '%s\n' "${ours[@]}" | median)
  step_s=$(printf '%s\n' "${steps[@]}" | median)
  rss_kb=$(printf '%s\n' "${rss[@]}" | median)
}
measure small 100000
small_base=$base_s small_ours=$ours_s small_step=$step_s small_rss=$rss_kb
small_floor=$floor_s small_floor_rss=$floor_rss_kb
measure large 1000000
large_base=$base_s large_ours=$ours_s large_step=$step_s large_rss=$rss_kb
large_floor=$floor_s large_floor_rss=$floor_rss_kb

# --- report --------------------------------------------------------------------------------------
verdict() { if awk "BEGIN {exit !($1)}"; then echo yes; else echo NO; fi; }
mb() { calc "%.0f MB" "$1 / 1024"; }
small_ratio=$(calc "%.2f" "$small_base / $small_ours")
large_ratio=$(calc "%.2f" "$large_base / $large_ours")
rss_ratio=$(calc "%.2f" "$large_rss / $small_rss")
ok_pct=$(calc "%.1f" "100 * $ok / $loads")

echo
echo "REST source benchmark (issue 18), local API server test/servers/rest_api_server.py on 127.0.0.1:$port"
echo "a. resilience: $loads loads, each a separate \`sqlflow run\` process ($parallel at a time, ${res_s} s in all) on a"
echo "   fresh target: $pages pages of $page_size records (cursor paginator), $(calc "%.0f" "100 * $fault_rate")% injected faults (429 Retry-After 0,"
echo "   500, 503, reset; seed = load number), server limit 50 req/s burst 10, SOURCE rate_limit 40"
echo "   req/s burst 5, retry max_attempts $attempts (base 10 ms, cap 100 ms), circuit failure_threshold $breaker"
printf '   loads succeeded %d / %d (%s%%); failed %d; expected with independent faults (1 - %s^%d)^%d = %s%%\n' \
  "$ok" "$loads" "$ok_pct" "$failed" "$fault_rate" "$attempts" "$pages" "$expected_pct"
printf '   rows lost %d, duplicated %d, loads with a wrong sum(id) %d (loads that succeeded); rows left by failed loads %d\n' \
  "$lost" "$dup" "$wrong_sum" "$left"
printf '   requests %d, injected faults %d (%.1f%%), pages served %d, over the server limit %d\n' \
  "$requests" "$faults" "$(calc "%.4f" "100 * $faults / $requests")" "$served" "$over_limit"
if [[ -n "$fail_lines" ]]; then
  echo "   failed loads said:"
  while IFS= read -r line; do echo "     ${line#error: }"; done <<<"$fail_lines"
fi
echo "b. throughput (median of $runs): \`sqlflow run\` (whole process) against one \`curl --config\` process"
echo "   fetching the same page URLs in turn to /dev/null over one kept-alive connection"
printf '   %-36s %8.2f s   sqlflow %8.2f s (its LOAD step %.2f s)   ratio %.2fx\n' \
  "100,000 records / 1,000 pages: curl" "$small_base" "$small_ours" "$small_step" "$small_ratio"
printf '   %-36s %8.2f s   sqlflow %8.2f s (its LOAD step %.2f s)   ratio %.2fx\n' \
  "1,000,000 records / 10,000 pages: curl" "$large_base" "$large_ours" "$large_step" "$large_ratio"
echo "   floor: DuckDB alone ingesting the same records from a local NDJSON file (read_json, types"
echo "   inferred over all records, CREATE TABLE), no HTTP: the part of the load no fetch can avoid"
printf '   %-36s %8.2f s   (%.0f%% of our LOAD step; curl + floor %.2f s)\n' \
  "100,000 records: floor" "$small_floor" "$(calc "%.4f" "100 * $small_floor / $small_step")" "$(calc "%.4f" "$small_base + $small_floor")"
printf '   %-36s %8.2f s   (%.0f%% of our LOAD step; curl + floor %.2f s)\n' \
  "1,000,000 records: floor" "$large_floor" "$(calc "%.4f" "100 * $large_floor / $large_step")" "$(calc "%.4f" "$large_base + $large_floor")"
if ((build_seen)); then
  echo "   note: a build (ninja) ran on this machine during these timings: they are noisy"
fi
echo "c. memory (median peak RSS of the sqlflow process, $runs runs)"
printf '   %-36s %8s\n   %-36s %8s   ratio %.2fx\n' \
  "100,000 records / 1,000 pages" "$(mb "$small_rss")" "1,000,000 records / 10,000 pages" "$(mb "$large_rss")" "$rss_ratio"
printf '   floor (DuckDB alone, as above): %s and %s, ratio %.2fx\n' \
  "$(mb "$small_floor_rss")" "$(mb "$large_floor_rss")" "$(calc "%.4f" "$large_floor_rss / $small_floor_rss")"

echo
echo "Summary"
row() { printf '  %-34s %-18s %-24s %-8s %-13s %s\n' "$@"; }
row "figure" "sqlflow" "baseline" "ratio" "target" "met"
row "a. loads succeeded" "$ok/$loads ($ok_pct%)" "$expected_pct% expected" "-" ">= 99.5%" "$(verdict "$ok * 1000 >= $loads * 995")"
row "a. rows lost, duplicated, left" "$((lost + dup + left))" "0" "-" "0" "$(verdict "$lost + $dup + $left + $wrong_sum == 0")"
row "a. requests over server limit" "$over_limit of $requests" "0" "-" "0" "$(verdict "$over_limit == 0")"
row "b. 100k records, 1,000 pages" "$(calc "%.2f s" "$small_ours")" "curl $(calc "%.2f s" "$small_base")" "${small_ratio}x" ">= 0.8x" "$(verdict "$small_ratio >= 0.8")"
row "b. 1M records, 10,000 pages" "$(calc "%.2f s" "$large_ours")" "curl $(calc "%.2f s" "$large_base")" "${large_ratio}x" "(info)" "-"
row "c. peak RSS, 1M vs 100k records" "$(mb "$large_rss")" "$(mb "$small_rss") (100k)" "${rss_ratio}x" "~1x (<=1.2x)" "$(verdict "$rss_ratio <= 1.2")"
row "b. floor: curl + DuckDB ingest" "$(calc "%.2f s" "$small_ours")" "$(calc "%.2f s" "$small_base + $small_floor")" "$(calc "%.2fx" "($small_base + $small_floor) / $small_ours")" "(info)" "-"
row "c. floor: DuckDB ingest RSS" "$(mb "$large_floor_rss")" "$(mb "$small_floor_rss") (100k)" "$(calc "%.2fx" "$large_floor_rss / $small_floor_rss")" "(info)" "-"
