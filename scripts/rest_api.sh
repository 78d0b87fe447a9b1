#!/usr/bin/env bash
# The local JSON API the REST source's tests talk to (test/servers/rest_api_server.py, python3
# stdlib only; docs/testing.md "REST API server").
#
#   scripts/rest_api.sh start DIR PORT   start the server on 127.0.0.1:PORT, pid and log in DIR
#   scripts/rest_api.sh stop DIR         stop the server of DIR (nothing to do when none runs)
#   scripts/rest_api.sh status DIR       exit 0 when the server of DIR runs
#
# Both commands are idempotent. The server keeps everything in memory: a restart forgets every
# namespace.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER="$REPO_DIR/test/servers/rest_api_server.py"
START_TIMEOUT_S=30

usage() {
  echo "usage: $0 start DIR PORT | stop DIR | status DIR" >&2
  exit 2
}

die() {
  echo "rest_api.sh: $*" >&2
  exit 1
}

# The pid of DIR's server when it runs (its pid file names a live rest_api_server process).
running_pid() {
  local dir="$1" pid
  [[ -f "$dir/rest_api.pid" ]] || return 1
  pid="$(cat "$dir/rest_api.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  grep -q rest_api_server "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# True when the server on port $1 answers its health check (in a subshell: a failed connect
# must not end this script).
health_answers() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /_admin/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    read -r -t 5 status <&3 || exit 1
    [[ "$status" == *" 200 "* ]]
  ) 2>/dev/null
}

# The error line of a failed start (python prints a traceback before it), else the log's tail.
log_summary() {
  grep -m 1 -E "Error|error" "$1" 2>/dev/null || tail -n 5 "$1"
}

# Waits until the server of pid $1 answers its health check on port $2; fails with the log's
# summary when the process exits first (port in use) or time runs out.
wait_until_listening() {
  local pid="$1" port="$2" log="$3" waited=0
  while ! { grep -q "^port " "$log" 2>/dev/null && health_answers "$port"; }; do
    kill -0 "$pid" 2>/dev/null ||
      die "the REST test server exited before it listened on 127.0.0.1:$port (port in use?); see $log: $(log_summary "$log")"
    ((waited++ < START_TIMEOUT_S * 10)) || {
      kill "$pid" 2>/dev/null || true
      die "the REST test server did not listen on 127.0.0.1:$port within ${START_TIMEOUT_S}s; see $log: $(log_summary "$log")"
    }
    sleep 0.1
  done
}

start() {
  local dir="$1" port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"
  command -v python3 >/dev/null || die "python3 not found (install python3: scripts/install_deps.sh)"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if running_pid "$dir" >/dev/null; then
    local running_port
    running_port="$(cat "$dir/rest_api.port" 2>/dev/null || echo '?')"
    [[ "$running_port" == "$port" ]] ||
      die "a server already runs for $dir on port $running_port; stop it first ($0 stop $dir)"
    echo "rest_api.sh: already running in $dir"
    return 0
  fi
  local log="$dir/rest_api.log"
  : >"$log"
  # setsid + redirected streams: the server outlives this script and holds none of its pipes
  # (ctest waits for those to close), nor the lock of locked(). -u: the log is written at once.
  setsid python3 -u "$SERVER" "$port" </dev/null >"$log" 2>&1 8>&- &
  local pid=$!
  echo "$pid" >"$dir/rest_api.pid"
  echo "$port" >"$dir/rest_api.port"
  wait_until_listening "$pid" "$port" "$log"
  echo "rest_api.sh: running on 127.0.0.1:$port (log in $log)"
}

stop() {
  local dir="$1" pid waited=0
  [[ -d "$dir" ]] || return 0
  if pid="$(running_pid "$dir")"; then
    kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
      if ((waited++ == 50)); then kill -9 "$pid" 2>/dev/null || true; fi
      ((waited < 200)) || die "the REST test server (pid $pid) did not exit"
      sleep 0.1
    done
  fi
  rm -f "$dir/rest_api.pid" "$dir/rest_api.port"
  echo "rest_api.sh: stopped $dir"
}

# Runs "$@" holding DIR's lock, so that two starts (ctest's fixture and a developer's script) do
# not both launch a server and overwrite each other's pid file.
locked() {
  local dir="$1"
  mkdir -p "$dir"
  (
    flock 8
    "${@:2}"
  ) 8>"$dir/rest_api.lock"
}

[[ $# -ge 2 ]] || usage
case "$1" in
  start) [[ $# -eq 3 ]] || usage; locked "$2" start "$2" "$3" ;;
  stop) [[ $# -eq 2 ]] || usage; [[ ! -d "$2" ]] || locked "$2" stop "$2" ;;
  status) [[ $# -eq 2 ]] || usage; running_pid "$2" >/dev/null ;;
  *) usage ;;
esac
