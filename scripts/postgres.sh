#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests and benchmarks (TOOLCHAIN.md "PostgreSQL 15").
#
#   scripts/postgres.sh start DIR PORT   initdb DIR/data if needed, start on 127.0.0.1:PORT
#   scripts/postgres.sh stop DIR         stop the server of DIR (nothing to do when none runs)
#   scripts/postgres.sh status DIR       exit 0 when the server of DIR runs
#
# User "postgres" without a password (other users need one over TCP), the socket in DIR, fsync
# off: for tests only. PostgreSQL
# refuses to run as root, so as root the server runs as the `postgres` user (DIR is chowned to
# it). Both commands are idempotent. Set PG_BIN to use other binaries.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

usage() {
  echo "usage: $0 start DIR PORT | stop DIR | status DIR" >&2
  exit 2
}

die() {
  echo "postgres.sh: $*" >&2
  exit 1
}

# Runs a command as the server's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

check_binaries() {
  [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] ||
    die "PostgreSQL binaries not found in $PG_BIN (install postgresql-15: scripts/install_deps.sh, or set PG_BIN)"
  if [[ "$(id -u)" == 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "running as root but there is no 'postgres' user to run the server as (PostgreSQL refuses root)"
  fi
}

# User postgres connects without a password (socket and TCP); every other user needs one over
# TCP, so tests can exercise password and permission errors with roles they create.
write_hba() {
  cat >"$1" <<'HBA'
local all all trust
host all postgres 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
HBA
  [[ "$(id -u)" != 0 ]] || chown postgres: "$1"
}

is_running() {
  local dir="$1"
  [[ -f "$dir/data/PG_VERSION" ]] && as_owner "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

start() {
  local dir="$1" port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"
  check_binaries
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres: "$dir"
    [[ -d "$dir/data" ]] && chown -R postgres: "$dir/data"
  fi
  if is_running "$dir"; then
    echo "postgres.sh: already running in $dir"
    return 0
  fi
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    rm -rf "$dir/data"
    as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync \
      -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
      die "initdb failed in $dir/data; see $dir/initdb.log: $(tail -n 3 "$dir/initdb.log")"
  fi
  write_hba "$dir/data/pg_hba.conf"
  local opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off"
  opts+=" -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
  if ! as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o "$opts" \
    start >"$dir/pg_ctl.log" 2>&1; then
    die "the server did not start on 127.0.0.1:$port (port in use? see $dir/server.log): $(tail -n 3 "$dir/server.log" 2>/dev/null)"
  fi
  echo "postgres.sh: running on 127.0.0.1:$port (data in $dir/data)"
}

stop() {
  local dir="$1"
  [[ -d "$dir/data" ]] || return 0
  check_binaries
  if is_running "$dir"; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ||
      die "pg_ctl stop failed for $dir/data"
  fi
  echo "postgres.sh: stopped $dir"
}

[[ $# -ge 2 ]] || usage
case "$1" in
  start) [[ $# -eq 3 ]] || usage; start "$2" "$3" ;;
  stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
  status) [[ $# -eq 2 ]] || usage; is_running "$2" ;;
  *) usage ;;
esac
