# shellcheck shell=bash disable=SC2034
# Shared by bench/run_postgres_bench.sh and bench/run_schema_check_bench.sh (sourced, not run):
# a throwaway PostgreSQL server in a temp dir on a free port, and timing helpers that report
# medians together with the CPU time of the client and of the server.
#
# After `pg_bench_start`: $work (temp dir, removed at exit unless KEEP=1), $pg_port, $pg_pid
# (the postmaster), $psql, `pg_psql DB ARGS…` (psql as user postgres, stops on the first error).

sqlflow="${SQLFLOW_BIN:-$PWD/build/sqlflow}"
direct="$PWD/build/bench/duckdb_direct"
postgres_sh="$PWD/scripts/postgres.sh"
rusage="$PWD/bench/rusage.py"
# The server's own psql, not Debian's /usr/bin/psql (a Perl wrapper that costs ~80 ms per start).
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
psql="$PG_BIN/psql"
[ -x "$sqlflow" ] && [ -x "$direct" ] || { echo "build first: scripts/build.sh" >&2; exit 2; }
[ -x "$psql" ] || { echo "$psql not found: scripts/install_deps.sh (or set PG_BIN)" >&2; exit 2; }

# A TCP port nobody listens on, from a random start.
free_port() {
  local p
  for p in $(seq $((50000 + RANDOM % 10000)) 65000); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo "no free port" >&2
  exit 1
}

pg_bench_cleanup() {
  "$postgres_sh" stop "$work/pg" >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then
    echo "kept $work" >&2
  else
    rm -rf "$work"
  fi
}

# Starts the server (its data under $work/pg, readable by the postgres user) with autovacuum off,
# so no background work lands in the server CPU figures.
pg_bench_start() {
  work="$(mktemp -d /tmp/sqlflow-bench.XXXXXX)"
  chmod 755 "$work"
  trap pg_bench_cleanup EXIT
  trap 'exit 130' INT TERM  # so that the EXIT trap stops the server
  pg_port="$(free_port)"
  "$postgres_sh" start "$work/pg" "$pg_port" >/dev/null
  pg_pid="$(head -n 1 "$work/pg/data/postmaster.pid")"
  pg_psql postgres -c "ALTER SYSTEM SET autovacuum = off" -c "SELECT pg_reload_conf()" >/dev/null
}

pg_psql() {
  local db="$1"
  shift
  "$psql" -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d "$db" -v ON_ERROR_STOP=1 "$@"
}

# CPU ticks (1/100 s) the server's finished backends used: the postmaster's cutime + cstime.
server_ticks() { awk '{print $16 + $17}' "/proc/$pg_pid/stat"; }

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN {printf "%.2f", n / s / 1e6}'; }  # M rows/s

# measure RUNS SETUP CMD…: runs SETUP (a shell snippet, untimed; ":" for none) then CMD, RUNS
# times. Sets M_WALL (median wall s), M_CPU (median client user+sys s), M_SRV (median server
# CPU s), M_RSS (max RSS of the client over the runs, MB), M_WALLS (every wall s, in run order).
# Output goes to $MEASURE_OUT (default $work/last.log, shown when the command fails).
measure() {
  local runs="$1" setup="$2"
  shift 2
  local walls=() cpus=() srvs=() rss=0 out="${MEASURE_OUT:-$work/last.log}"
  for _ in $(seq "$runs"); do
    eval "$setup"
    # A setup's own backend (add_rows) exits after its client does; its CPU must not be counted.
    [ "$setup" = ":" ] || sleep 0.3
    local s0 s1 w c m
    s0=$(server_ticks)
    if ! python3 "$rusage" "$work/time.out" "$@" >"$out" 2>"$work/last.err"; then
      echo "failed: $*" >&2
      cat "$work/last.err" >&2
      [ "$out" = /dev/null ] || cat "$out" >&2
      exit 1
    fi
    sleep 0.2  # let the postmaster reap the backends
    s1=$(server_ticks)
    read -r w c m <"$work/time.out"
    walls+=("$w")
    cpus+=("$c")
    srvs+=("$(awk -v d=$((s1 - s0)) 'BEGIN {printf "%.2f", d / 100}')")
    if [ "$m" -gt "$rss" ]; then rss="$m"; fi
  done
  M_WALLS="${walls[*]}"  # every run's wall time, in run order
  M_WALL=$(printf '%s\n' "${walls[@]}" | median)
  M_CPU=$(printf '%s\n' "${cpus[@]}" | median)
  M_SRV=$(printf '%s\n' "${srvs[@]}" | median)
  M_RSS=$((rss / 1024))
}
