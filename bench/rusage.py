#!/usr/bin/env python3
"""Runs a command and writes "WALL_S CPU_S MAXRSS_KB" of it to OUTFILE, with microsecond
resolution (GNU time rounds CPU to 10 ms, too coarse for the schema-check figures).

Usage: bench/rusage.py OUTFILE CMD [ARG...]   (stdin/stdout/stderr are the command's; exits
with its exit code). CPU_S is user + sys of the command and every process it waited for.
MAXRSS_KB is the largest child's (at least that of the interpreter's own start-up helpers).
"""
import resource
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out, cmd = sys.argv[1], sys.argv[2:]
    # Children reaped before (e.g. by a pyenv shim that exec'd this interpreter) do not count.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        code = subprocess.call(cmd)
    except OSError as e:
        print(f"rusage.py: cannot run {cmd[0]}: {e}", file=sys.stderr)
        return 127
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    with open(out, "w") as f:
        f.write(f"{wall:.6f} {cpu:.6f} {after.ru_maxrss}\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
