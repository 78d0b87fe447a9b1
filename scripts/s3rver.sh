#!/usr/bin/env bash
# A throwaway S3-protocol server for tests and benchmarks (TOOLCHAIN.md "S3": s3rver 3.7.1).
#
#   scripts/s3rver.sh start DIR PORT   start s3rver on 127.0.0.1:PORT storing objects in DIR/data
#   scripts/s3rver.sh stop DIR         stop the server of DIR (nothing to do when none runs)
#   scripts/s3rver.sh status DIR       exit 0 when the server of DIR runs
#
# Requests must be signed with AWS Signature V4 for the fixed credentials S3RVER / S3RVER
# (scripts/s3rver/ adds the check s3rver lacks and fixes its listing); buckets are made by users
# (`aws s3 mb`). The npm package is installed once into S3RVER_CACHE (default
# <repo>/.cache/s3rver, ignored by git), so later starts work without the network. Both commands
# are idempotent.
set -euo pipefail

S3RVER_VERSION="3.7.1"
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
S3RVER_CACHE="${S3RVER_CACHE:-$REPO_DIR/.cache/s3rver}"
START_TIMEOUT_S=30

usage() {
  echo "usage: $0 start DIR PORT | stop DIR | status DIR" >&2
  exit 2
}

die() {
  echo "s3rver.sh: $*" >&2
  exit 1
}

installed_version() {
  local manifest="$S3RVER_CACHE/node_modules/s3rver/package.json"
  [[ -f "$manifest" ]] || return 0
  node -p "require(process.argv[1]).version" "$manifest" 2>/dev/null || true
}

# Installs s3rver into the cache unless that exact version is there. A lock keeps two starts
# (ctest's fixture and a developer's script) from running npm into the same folder at once.
ensure_installed() {
  command -v node >/dev/null || die "node not found (install nodejs: scripts/install_deps.sh)"
  [[ "$(installed_version)" == "$S3RVER_VERSION" ]] && return 0
  command -v npm >/dev/null || die "npm not found (install npm: scripts/install_deps.sh)"
  mkdir -p "$S3RVER_CACHE"
  (
    flock 9
    [[ "$(installed_version)" == "$S3RVER_VERSION" ]] && exit 0
    npm install --prefix "$S3RVER_CACHE" --no-audit --no-fund --loglevel=error \
      "s3rver@$S3RVER_VERSION" >"$S3RVER_CACHE/npm-install.log" 2>&1 ||
      die "npm install s3rver@$S3RVER_VERSION into $S3RVER_CACHE failed (offline? the first start needs the npm registry): $(tail -n 3 "$S3RVER_CACHE/npm-install.log")"
  ) 9>"$S3RVER_CACHE/.install.lock"
}

# The pid of DIR's server when it runs (its pid file names a live s3rver process).
running_pid() {
  local dir="$1" pid
  [[ -f "$dir/s3rver.pid" ]] || return 1
  pid="$(cat "$dir/s3rver.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  grep -q s3rver "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

port_answers() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The error line of a failed start (node prints a stack after it), else the log's tail.
log_summary() {
  grep -m 1 -E "^[A-Za-z]*Error|EADDRINUSE" "$1" 2>/dev/null || tail -n 5 "$1"
}

# Waits until the server of pid $1 says it listens and port $2 accepts connections; fails with
# the log's tail when the process exits first (port in use, bad install) or time runs out.
wait_until_listening() {
  local pid="$1" port="$2" log="$3" waited=0
  while ! { grep -q "S3rver listening" "$log" 2>/dev/null && port_answers "$port"; }; do
    kill -0 "$pid" 2>/dev/null ||
      die "s3rver exited before it listened on 127.0.0.1:$port (port in use?); see $log: $(log_summary "$log")"
    ((waited++ < START_TIMEOUT_S * 10)) || {
      kill "$pid" 2>/dev/null || true
      die "s3rver did not listen on 127.0.0.1:$port within ${START_TIMEOUT_S}s; see $log: $(log_summary "$log")"
    }
    sleep 0.1
  done
}

start() {
  local dir="$1" port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"
  mkdir -p "$dir/data"
  dir="$(cd "$dir" && pwd)"
  if running_pid "$dir" >/dev/null; then
    local running_port
    running_port="$(cat "$dir/s3rver.port" 2>/dev/null || echo '?')"
    [[ "$running_port" == "$port" ]] ||
      die "a server already runs for $dir on port $running_port; stop it first ($0 stop $dir)"
    echo "s3rver.sh: already running in $dir"
    return 0
  fi
  ensure_installed
  local log="$dir/s3rver.log"
  : >"$log"
  # setsid + redirected streams: the server outlives this script and holds none of its pipes
  # (ctest waits for those to close), nor the lock of locked().
  setsid node "$REPO_DIR/scripts/s3rver/server.js" "$S3RVER_CACHE/node_modules/s3rver" \
    "$dir/data" "$port" </dev/null >"$log" 2>&1 8>&- &
  local pid=$!
  echo "$pid" >"$dir/s3rver.pid"
  echo "$port" >"$dir/s3rver.port"
  wait_until_listening "$pid" "$port" "$log"
  echo "s3rver.sh: running on 127.0.0.1:$port (data in $dir/data)"
}

stop() {
  local dir="$1" pid waited=0
  [[ -d "$dir" ]] || return 0
  if pid="$(running_pid "$dir")"; then
    kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
      if ((waited++ == 100)); then kill -9 "$pid" 2>/dev/null || true; fi
      ((waited < 200)) || die "s3rver (pid $pid) did not exit"
      sleep 0.1
    done
  fi
  rm -f "$dir/s3rver.pid" "$dir/s3rver.port"
  echo "s3rver.sh: stopped $dir"
}

# Runs "$@" holding DIR's lock, so that two starts (ctest's fixture and a developer's script) do
# not both launch a server and overwrite each other's pid file.
locked() {
  local dir="$1"
  mkdir -p "$dir"
  (
    flock 8
    "${@:2}"
  ) 8>"$dir/s3rver.lock"
}

[[ $# -ge 2 ]] || usage
case "$1" in
  start) [[ $# -eq 3 ]] || usage; locked "$2" start "$2" "$3" ;;
  stop) [[ $# -eq 2 ]] || usage; [[ ! -d "$2" ]] || locked "$2" stop "$2" ;;
  status) [[ $# -eq 2 ]] || usage; running_pid "$2" >/dev/null ;;
  *) usage ;;
esac
