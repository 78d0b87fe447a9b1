#!/usr/bin/env bash
# Fails (and lists the files) when a tracked C++ file is not clang-formatted. One clang-format
# process checks every file (one per file cost a minute of CI in process start-ups).
set -euo pipefail
cd "$(dirname "$0")/.."
report="$(git ls-files -z '*.cc' '*.h' | xargs -0 clang-format --dry-run -Werror 2>&1 >/dev/null || true)"
bad="$(printf '%s\n' "$report" | sed -n 's/^\([^:]*\.\(cc\|h\)\):[0-9]*:[0-9]*: error: .*clang-format-violations.*/\1/p' | sort -u)"
if [ -n "$bad" ]; then
  printf 'not clang-formatted (run clang-format -i FILE):\n'
  printf '  %s\n' $bad
  exit 1
fi
if printf '%s\n' "$report" | grep -q 'error'; then
  printf 'clang-format failed:\n%s\n' "$report"
  exit 1
fi
echo "all C++ files are clang-formatted"
