#!/usr/bin/env bash
# The local JSON API the REST source's tests talk to (test/servers/rest_api_server.py, python3
# stdlib only; docs/testing.md "REST API server").
#
#   scripts/rest_api.sh start DIR PORT   start the server on 127.0.0.1:PORT, pid and log in DIR
#   scripts/rest_api.sh stop DIR         stop the server of DIR (nothing to do when none runs)
#   scripts/rest_api.sh status DIR       exit 0 when the server of DIR runs
#
# Both commands are idempotent. The server keeps everything in memory: a restart forgets every
# namespace. The logic is scripts/lib/test_server.sh's.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC2034  # the TS_* settings are read by lib/test_server.sh
TS_NAME=rest_api
TS_SERVER="$REPO_DIR/test/servers/rest_api_server.py"
TS_LABEL="the REST test server"
# shellcheck source=scripts/lib/test_server.sh
source "$REPO_DIR/scripts/lib/test_server.sh"
test_server_main "$@"
