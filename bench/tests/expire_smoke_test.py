#!/usr/bin/python3
"""Smoke test of the expiry benchmark: `bench_expire.py --keys 2000 --runs 1 --csv` against a
stepdb-stage07 and redis-server, checked as CSV; then a bad --keys.

Usage: expire_smoke_test.py <path of stepdb-stage07>

Checks that the run exits 0 (so every key loaded, every one was purged and every probe GET got
its value) and prints exactly the CSV header and one row per line, in order, with one run and
positive figures whose ratio is stepdb / redis-server; that stepdb counts no due key in DBSIZE
(only the probe's key is left); that --keys 0 is a usage error (exit 2); and that no process
the benchmark started is left and its working directory is gone.
"""
import sys
from pathlib import Path

from smoke_support import check_report_row, fail, run_tagged

BENCH = Path(__file__).resolve().parents[1] / "server" / "bench_expire.py"
HEADER = "line,unit,better,peer,stepdb,peer_value,ratio,runs,stepdb_runs,peer_runs"
LINES = {  # line: unit; every line is lower-is-better against redis-server
    "purge_ms": "ms",
    "probe_get_p50_us": "us",
    "probe_get_p99_us": "us",
    "probe_get_max_us": "us",
    "dbsize_all_due": "keys",
}
TAG = "STEPDB_EXPIRE_BENCH_SMOKE"


def check_run(stepdb):
    run = run_tagged(BENCH, ["--stepdb", stepdb, "--keys", "2000", "--runs", "1", "--csv"],
                     TAG, timeout=60)
    if run.returncode != 0:
        fail("the run did not exit 0", run)
    rows = run.stdout.splitlines()
    if not rows or rows[0] != HEADER:
        fail("stdout does not start with the CSV header", run)
    seen = {}
    for row in rows[1:]:
        line, unit, better, peer, stepdb_value, _ = check_report_row(row, run)
        if LINES.get(line) != unit or (better, peer) != ("lower", "redis-server"):
            fail("unexpected line, unit, better or peer in %r" % row, run)
        seen[line] = stepdb_value
    if list(seen) != list(LINES):
        fail("expected the lines %s in that order, got %s" % (list(LINES), list(seen)), run)
    if seen["dbsize_all_due"] != 1:
        fail("once every key is due stepdb's DBSIZE should count only the probe's key, not %g"
             % seen["dbsize_all_due"], run)
    return run


def main():
    stepdb = sys.argv[1]
    run = check_run(stepdb)
    usage = run_tagged(BENCH, ["--stepdb", stepdb, "--keys", "0"], TAG, timeout=30)
    if usage.returncode != 2:
        fail("--keys 0 should be a usage error (exit 2)", usage)
    print("ok: %d lines, one run of 2,000 keys on %s" % (len(LINES), stepdb))
    print(run.stderr, end="")


if __name__ == "__main__":
    main()
