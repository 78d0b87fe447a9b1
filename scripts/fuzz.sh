#!/usr/bin/env bash
# Builds the libFuzzer targets (parser_fuzz: pipeline files; condition_fuzz: IF conditions) with
# clang into build-fuzz/ and runs each for a bounded time, then prints per target the runs
# executed, the crashes found (0 expected) and the corpus size. Not part of CI's default run.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 60)
#
# Seeds: test/fuzz/corpus/<parser|condition>/ (read only) and test/fuzz/<name>.dict. New inputs
# accumulate in fuzz-out/<target>/corpus/ (git-ignored) from one run to the next; a crashing input
# is saved as fuzz-out/<target>/crash-* (or leak-*, timeout-*, oom-*) and the log beside it.
# Exit status: 0 when no target crashed, 1 when one did, 2 for a bad argument.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] (a whole number of seconds, default 60)" >&2
  exit 2
fi

# clang and its libFuzzer runtime, installed only when missing (the main build needs neither).
install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  echo "fuzz: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
install_missing clang
clang_major="$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n1)"
install_missing "libclang-rt-${clang_major}-dev"

export CCACHE_DIR="${CCACHE_DIR:-$PWD/.cache/ccache}"
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSQLFLOW_FUZZ=ON -DSQLFLOW_BUILD_TESTS=OFF -DSQLFLOW_BUILD_BENCH=OFF >/dev/null
fi
targets=(parser condition)
cmake --build build-fuzz --target "${targets[@]/%/_fuzz}"

# The value of libFuzzer's final statistic `name` in `log`, or 0.
final_stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -n1 | grep . || echo 0; }

status=0
summary=()
for t in "${targets[@]}"; do
  out="fuzz-out/${t}_fuzz"
  mkdir -p "$out/corpus"
  rm -f "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-*
  echo "fuzz: ${t}_fuzz for ${seconds}s (log: $out/log)"
  set +e
  # Inputs up to 8 KiB from the start (no slow growth of the length limit), so that nesting
  # thousands of levels deep is within reach: so run, condition_fuzz found the condition parser's
  # stack overflow (issue 16) in about 40,000 runs; with the default growth, not in 60 s.
  "build-fuzz/src/${t}_fuzz" -max_total_time="$seconds" -max_len=8192 -len_control=0 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -dict="test/fuzz/$t.dict" -artifact_prefix="$out/" \
    "$out/corpus" "test/fuzz/corpus/$t" >"$out/log" 2>&1
  rc=$?
  set -e
  runs="$(final_stat number_of_executed_units "$out/log")"
  crashes="$(find "$out" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) | wc -l)"
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi  # died without an artifact
  corpus="$(( $(find "$out/corpus" -type f | wc -l) + $(find "test/fuzz/corpus/$t" -type f | wc -l) ))"
  summary+=("$(printf '%-16s runs: %-10s crashes: %-3s corpus: %s inputs' "${t}_fuzz" "$runs" \
    "$crashes" "$corpus")")
  if [ "$crashes" -ne 0 ]; then
    status=1
    grep -m1 -E "ERROR: (AddressSanitizer|libFuzzer|UndefinedBehaviorSanitizer)" "$out/log" || true
    find "$out" -maxdepth 1 -name '*-*' -type f | sed 's/^/  input: /'
  fi
done
printf '%s\n' "${summary[@]}"
exit "$status"
