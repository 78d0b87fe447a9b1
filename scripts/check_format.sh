#!/usr/bin/env bash
# Fails (and lists the files) when a tracked C++ file is not clang-formatted.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=()
while IFS= read -r f; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(git ls-files '*.cc' '*.h')
if [ ${#bad[@]} -gt 0 ]; then
  printf 'not clang-formatted (run clang-format -i FILE):\n'; printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "all C++ files are clang-formatted"
