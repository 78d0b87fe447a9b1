#!/usr/bin/env python3
"""Tallies the resilience loads of bench/run_rest_bench.sh.

Usage: bench/rest_resilience_tally.py DIR LOADS EXPECTED_ROWS EXPECTED_SUM

DIR holds, for load I (1..LOADS): I.rc (the exit code of its `sqlflow run`), I.csv (the
"n,ids,s" export of a load that succeeded), I.left (rows a failed load left in its table),
I.stats (the server's counters of its namespace) and I.log (the run's output).

Prints one line "succeeded failed lost duplicated wrong_sum left_by_failed over_limit requests
faults pages_served" (integers, for `read`), then the errors of failed loads, one line per
kind: "error: COUNT loads (first: load I): LINE".
"""
import json
import os
import re
import sys


def read(path, default=None):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return default


def first_error(log):
    """What a failed run said: the line under its first FAILED step (else the first line that
    mentions an error, else its last line), with the load's namespace name made generic so that
    loads failing the same way count as one kind."""
    lines = [line.strip() for line in (log or "").splitlines() if line.strip()]
    said = next((lines[k + 1] for k, line in enumerate(lines[:-1]) if line.startswith("FAILED")),
                next((line for line in lines if "error" in line.lower()),
                     lines[-1] if lines else "(no output)"))
    return re.sub(r"/ns/res[0-9]+", "/ns/res<N>", said)


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    folder, loads, want_rows, want_sum = sys.argv[1], *map(int, sys.argv[2:])
    t = dict.fromkeys(["succeeded", "failed", "lost", "duplicated", "wrong_sum",
                       "left_by_failed", "over_limit", "requests", "faults", "pages_served"], 0)
    errors = {}
    for i in range(1, loads + 1):
        base = os.path.join(folder, str(i))
        rc = read(base + ".rc")
        if rc is None:
            raise SystemExit("load %d left no exit code in %s: did its worker stop?" % (i, folder))
        stats = json.loads(read(base + ".stats"))
        t["over_limit"] += stats["over_limit"]
        t["requests"] += stats["requests"]
        t["faults"] += sum(stats["faults"].values())
        t["pages_served"] += stats["pages_served"]
        if int(rc) != 0:
            t["failed"] += 1
            t["left_by_failed"] += int(read(base + ".left", "0"))
            kind = errors.setdefault(first_error(read(base + ".log")), [i, 0])
            kind[1] += 1
            continue
        t["succeeded"] += 1
        n, ids, total = (int(v or 0) for v in read(base + ".csv").splitlines()[1].split(","))
        t["lost"] += max(0, want_rows - ids)
        t["duplicated"] += n - ids
        t["wrong_sum"] += total != want_sum
    print(" ".join(str(v) for v in t.values()))
    for line, (first, count) in errors.items():
        loads_word = "load" if count == 1 else "loads"
        print("error: %d %s (first: load %d): %s" % (count, loads_word, first, line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
