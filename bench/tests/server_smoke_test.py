#!/usr/bin/python3
"""Smoke test of the server benchmark: `bench_server.py --quick --csv` against a stepdb
binary, redis-server and memcached, checked as CSV; then a stepdb that cannot start.

Usage: server_smoke_test.py <path of stepdb> [<path of a stepdb that serves sorted sets>]

Checks that the quick run exits 0 (so every client run completed without an error reply, and
no memcaslap get missed) and prints exactly the CSV header and one row per line with one run
and positive figures whose ratio is stepdb / peer; that a stepdb which exits at start makes
the benchmark exit 1 naming it; that a bad --lines is a usage error (exit 2); and that after
each run no process the benchmark started is left and its working directory is gone. The
benchmark's processes are recognised by an environment variable they inherit.

The lists group has a quick run of its own, with fewer requests: the sanitized build's LRANGEs
of 600 elements would take half a minute at the quick run's count. So has the zsets group,
with as few requests.
"""
import stat
import sys
import tempfile
from pathlib import Path

from smoke_support import check_report_row, fail, run_tagged

BENCH = Path(__file__).resolve().parents[1] / "server" / "bench_server.py"
HEADER = "line,unit,better,peer,stepdb,peer_value,ratio,runs,stepdb_runs,peer_runs"
LINES = {  # line: (unit, better, peer)
    "set_p1": ("ops/s", "higher", "redis-server"),
    "get_p1": ("ops/s", "higher", "redis-server"),
    "set_p16": ("ops/s", "higher", "redis-server"),
    "get_p16": ("ops/s", "higher", "redis-server"),
    "hset_p1": ("ops/s", "higher", "redis-server"),
    "sadd_p1": ("ops/s", "higher", "redis-server"),
    "spop_p1": ("ops/s", "higher", "redis-server"),
    "hset_p1_r100000": ("ops/s", "higher", "redis-server"),
    "spop_p1_loaded": ("ops/s", "higher", "redis-server"),
    "memaslap_get90_set10": ("ops/s", "higher", "memcached"),
    "set_p1_fsync_always": ("ops/s", "higher", "redis-server"),
    "rss_loaded": ("MiB", "lower", "redis-server"),
}
# Every group but lists and zsets, which run on their own (LIST_LINES, ZSET_LINES).
OTHER_GROUPS = "pipeline1,pipeline16,collections,memaslap,fsync-always,rss"
LIST_LINES = {line: ("ops/s", "higher", "redis-server") for line in
              ("lpush_p1", "rpush_p1", "lpop_p1", "rpop_p1", "lrange_100_p1", "lrange_600_p1")}
# --quick's 2,000 requests take the dev build's stepdb half a minute in the LRANGE tests (up
# to 600 elements a reply, under the sanitizers); 300 take a few seconds, and then
# LRANGE_600 reads the 300 elements the list holds.
LIST_REQUESTS = "300"
ZSET_LINES = {line: ("ops/s", "higher", "redis-server") for line in
              ("zadd_p1", "zpopmin_p1", "zadd_p1_r100000", "zpopmin_p1_loaded",
               "zrangebyscore_p1")}
# The zsets group's five redis-benchmark runs per server, and the fill of the sorted set
# that ZRANGEBYSCORE reads (--quick's 1,000 members), take a few seconds at this count.
ZSET_REQUESTS = "300"
TAG = "STEPDB_SERVER_BENCH_SMOKE"


def run_bench(*args, timeout=100):
    """Runs the benchmark; fails if it leaves a process or a file behind."""
    return run_tagged(BENCH, args, TAG, timeout)


def check_quick_run(stepdb, groups, lines, *flags):
    """A quick run of `groups` (a --lines value), with `flags` too, must print exactly
    `lines`, in order."""
    run = run_bench("--stepdb", stepdb, "--quick", "--csv", "--lines", groups, *flags)
    if run.returncode != 0:
        fail("the quick run did not exit 0", run)
    rows = run.stdout.splitlines()
    if not rows or rows[0] != HEADER:
        fail("stdout does not start with the CSV header", run)
    seen = []
    for row in rows[1:]:
        line, unit, better, peer, _, _ = check_report_row(row, run)
        if lines.get(line) != (unit, better, peer):
            fail("unexpected line, unit, better or peer in %r" % row, run)
        seen.append(line)
    if seen != list(lines):
        fail("expected the lines %s in that order, got %s" % (list(lines), seen), run)
    return run


def check_a_stepdb_that_cannot_start():
    with tempfile.TemporaryDirectory(prefix="stepdb-bench-smoke-") as tmp:
        stand_in = Path(tmp) / "stepdb"
        stand_in.write_text("#!/bin/sh\necho 'cannot open the data directory' >&2\nexit 3\n")
        stand_in.chmod(stand_in.stat().st_mode | stat.S_IXUSR)
        run = run_bench("--stepdb", str(stand_in), "--quick", "--lines", "pipeline1")
    if run.returncode != 1:
        fail("a stepdb that exits at start should make the benchmark exit 1", run)
    if "exited with status 3" not in run.stderr or "cannot open the data directory" not in \
            run.stderr:
        fail("stderr should say that stepdb exited with status 3, and quote its log", run)
    if "not done" not in run.stdout:
        fail("the table should show the line as not done", run)


def main():
    stepdb = sys.argv[1]
    run = check_quick_run(stepdb, OTHER_GROUPS, LINES)
    lists_run = check_quick_run(stepdb, "lists", LIST_LINES, "--requests", LIST_REQUESTS)
    zsets_run = check_quick_run(stepdb, "zsets", ZSET_LINES, "--requests", ZSET_REQUESTS)
    check_a_stepdb_that_cannot_start()
    usage = run_bench("--stepdb", stepdb, "--lines", "pipeline1,nosuchline", timeout=30)
    if usage.returncode != 2:
        fail("an unknown line should be a usage error (exit 2)", usage)
    print("ok: %d lines, %d list lines and %d sorted set lines, quick runs on %s"
          % (len(LINES), len(LIST_LINES), len(ZSET_LINES), stepdb))
    print(run.stderr + lists_run.stderr + zsets_run.stderr, end="")


if __name__ == "__main__":
    main()
