#!/usr/bin/env bash
# The start/stop/status logic of the python test servers (scripts/rest_api.sh, scripts/saas_api.sh),
# sourced by them. The caller sets, then calls `test_server_main "$@"`:
#   TS_NAME    file prefix and script name: DIR/$TS_NAME.{pid,port,log,lock}, "$TS_NAME.sh: ..."
#   TS_SERVER  the python server (takes PORT, prints "port N" once it listens, answers
#              GET /_admin/health with 200)
#   TS_LABEL   how errors name the server ("the REST test server")
#
#   start DIR PORT   start the server on 127.0.0.1:PORT, pid and log in DIR
#   stop DIR         stop the server of DIR (nothing to do when none runs)
#   status DIR       exit 0 when the server of DIR runs
# Both start and stop are idempotent.

TS_START_TIMEOUT_S=30

ts_usage() {
  echo "usage: $0 start DIR PORT | stop DIR | status DIR" >&2
  exit 2
}

ts_die() {
  echo "$TS_NAME.sh: $*" >&2
  exit 1
}

# The pid of DIR's server when it runs (its pid file names a live process of TS_SERVER).
ts_running_pid() {
  local dir="$1" pid
  [[ -f "$dir/$TS_NAME.pid" ]] || return 1
  pid="$(cat "$dir/$TS_NAME.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  grep -q "$(basename "$TS_SERVER" .py)" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# True when the server on port $1 answers its health check (in a subshell: a failed connect
# must not end the script).
ts_health_answers() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /_admin/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    read -r -t 5 status <&3 || exit 1
    [[ "$status" == *" 200 "* ]]
  ) 2>/dev/null
}

# The error line of a failed start (python prints a traceback before it), else the log's tail.
ts_log_summary() {
  grep -m 1 -E "Error|error" "$1" 2>/dev/null || tail -n 5 "$1"
}

# Waits until the server of pid $1 answers its health check on port $2; fails with the log's
# summary when the process exits first (port in use) or time runs out.
ts_wait_until_listening() {
  local pid="$1" port="$2" log="$3" waited=0
  while ! { grep -q "^port " "$log" 2>/dev/null && ts_health_answers "$port"; }; do
    kill -0 "$pid" 2>/dev/null ||
      ts_die "$TS_LABEL exited before it listened on 127.0.0.1:$port (port in use?); see $log: $(ts_log_summary "$log")"
    ((waited++ < TS_START_TIMEOUT_S * 10)) || {
      kill "$pid" 2>/dev/null || true
      ts_die "$TS_LABEL did not listen on 127.0.0.1:$port within ${TS_START_TIMEOUT_S}s; see $log: $(ts_log_summary "$log")"
    }
    sleep 0.1
  done
}

ts_start() {
  local dir="$1" port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || ts_die "PORT must be a number, got '$port'"
  command -v python3 >/dev/null || ts_die "python3 not found (install python3: scripts/install_deps.sh)"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if ts_running_pid "$dir" >/dev/null; then
    local running_port
    running_port="$(cat "$dir/$TS_NAME.port" 2>/dev/null || echo '?')"
    [[ "$running_port" == "$port" ]] ||
      ts_die "a server already runs for $dir on port $running_port; stop it first ($0 stop $dir)"
    echo "$TS_NAME.sh: already running in $dir"
    return 0
  fi
  local log="$dir/$TS_NAME.log"
  : >"$log"
  # setsid + redirected streams: the server outlives this script and holds none of its pipes
  # (ctest waits for those to close), nor the lock of ts_locked(). -u: the log is written at once.
  setsid python3 -u "$TS_SERVER" "$port" </dev/null >"$log" 2>&1 8>&- &
  local pid=$!
  echo "$pid" >"$dir/$TS_NAME.pid"
  echo "$port" >"$dir/$TS_NAME.port"
  ts_wait_until_listening "$pid" "$port" "$log"
  echo "$TS_NAME.sh: running on 127.0.0.1:$port (log in $log)"
}

ts_stop() {
  local dir="$1" pid waited=0
  [[ -d "$dir" ]] || return 0
  if pid="$(ts_running_pid "$dir")"; then
    kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
      if ((waited++ == 50)); then kill -9 "$pid" 2>/dev/null || true; fi
      ((waited < 200)) || ts_die "$TS_LABEL (pid $pid) did not exit"
      sleep 0.1
    done
  fi
  rm -f "$dir/$TS_NAME.pid" "$dir/$TS_NAME.port"
  echo "$TS_NAME.sh: stopped $dir"
}

# Runs "$@" holding DIR's lock, so that two starts (ctest's fixture and a developer's script) do
# not both launch a server and overwrite each other's pid file.
ts_locked() {
  local dir="$1"
  mkdir -p "$dir"
  (
    flock 8
    "${@:2}"
  ) 8>"$dir/$TS_NAME.lock"
}

test_server_main() {
  [[ $# -ge 2 ]] || ts_usage
  case "$1" in
    start) [[ $# -eq 3 ]] || ts_usage; ts_locked "$2" ts_start "$2" "$3" ;;
    stop) [[ $# -eq 2 ]] || ts_usage; [[ ! -d "$2" ]] || ts_locked "$2" ts_stop "$2" ;;
    status) [[ $# -eq 2 ]] || ts_usage; ts_running_pid "$2" >/dev/null ;;
    *) ts_usage ;;
  esac
}
