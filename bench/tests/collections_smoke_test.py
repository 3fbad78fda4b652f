#!/usr/bin/python3
"""Smoke test of the collections check: `bench_collections.py --fields 20000` against a stepdb,
checked from its table; then a stepdb that cannot start, and a bad --fields.

Usage: collections_smoke_test.py <path of stepdb>

Checks that the run exits 0 (so the hash and the set loaded, survived the restart, read back
right, DEL'd to nothing, and the full compaction gave the disk back) and that its table has
every checked row marked ok and none FAILED; that a stepdb which exits at start makes it exit
1 naming it; that --fields 0 is a usage error (exit 2); and that after each run no process it
started is left and its working directory is gone.
"""
import stat
import sys
import tempfile
from pathlib import Path

from smoke_support import fail, run_tagged

BENCH = Path(__file__).resolve().parents[1] / "server" / "bench_collections.py"
TAG = "STEPDB_COLLECTIONS_BENCH_SMOKE"
FIELDS = 20_000
CHECKED = [  # the start of each checked row, in order
    "HLEN bench:hash after the restart",
    "SCARD bench:set after the restart",
    "HGET and SISMEMBER",
    "DEL bench:hash",
    "DEL bench:set",
    "EXISTS of both after DEL",
    "data directory after DEBUG COMPACT",
    "element records dropped",
]


def check_run(stepdb):
    run = run_tagged(BENCH, ["--stepdb", stepdb, "--fields", str(FIELDS), "--sample", "200"],
                     TAG, timeout=90)
    if run.returncode != 0:
        fail("the run did not exit 0", run)
    if "FAILED" in run.stdout:
        fail("a row of the table says FAILED", run)
    ok_rows = [line for line in run.stdout.splitlines() if line.rstrip().endswith("  ok")]
    if [next((c for c in CHECKED if row.startswith(c)), row) for row in ok_rows] != CHECKED:
        fail("expected the checked rows %s, each ok, in that order" % CHECKED, run)
    if "%s elements" % format(FIELDS, ",") not in run.stdout:
        fail("the table should name the %d elements loaded" % FIELDS, run)
    return run


def check_a_stepdb_that_cannot_start():
    with tempfile.TemporaryDirectory(prefix="stepdb-bench-smoke-") as tmp:
        stand_in = Path(tmp) / "stepdb"
        stand_in.write_text("#!/bin/sh\necho 'cannot open the data directory' >&2\nexit 3\n")
        stand_in.chmod(stand_in.stat().st_mode | stat.S_IXUSR)
        run = run_tagged(BENCH, ["--stepdb", str(stand_in), "--fields", "10"], TAG, timeout=30)
    if run.returncode != 1:
        fail("a stepdb that exits at start should make the check exit 1", run)
    if "exited with status 3" not in run.stderr or "cannot open the data directory" not in \
            run.stderr:
        fail("stderr should say that stepdb exited with status 3, and quote its log", run)


def main():
    stepdb = sys.argv[1]
    run = check_run(stepdb)
    check_a_stepdb_that_cannot_start()
    usage = run_tagged(BENCH, ["--stepdb", stepdb, "--fields", "0"], TAG, timeout=30)
    if usage.returncode != 2:
        fail("--fields 0 should be a usage error (exit 2)", usage)
    print("ok: %s fields and members on %s" % (format(FIELDS, ","), stepdb))
    print(run.stdout, end="")
    print(run.stderr, end="")


if __name__ == "__main__":
    main()
