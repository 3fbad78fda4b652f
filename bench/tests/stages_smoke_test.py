#!/usr/bin/python3
"""Smoke test of the stages comparison: `compare_stages.py --quick --csv` against a
stepdb-stage01, a stepdb-stage06 and a stepdb-bench-get-latency, checked as CSV; then a
stage 06 that cannot start.

Usage: stages_smoke_test.py <stepdb-stage01> <stepdb-stage06> <stepdb-bench-get-latency>

Checks that the quick run exits 0 (so every reply was the one expected and every client run
completed) and prints exactly the CSV header and one row per figure and server it is measured
on, in order, with one run and a positive figure; that a stage 06 which exits at start makes
the comparison exit 1 naming it; that a bad --connections is a usage error (exit 2); and that
after each run no process the comparison started is left and its working directory is gone.
The comparison's processes are recognised by an environment variable they inherit.
"""
import stat
import sys
import tempfile
from pathlib import Path

from smoke_support import fail, run_tagged

BENCH = Path(__file__).resolve().parents[1] / "server" / "compare_stages.py"
HEADER = "figure,unit,server,median,runs"
BOTH = ["stage01", "stage06"]
# --quick reads RSS at 100 and 400 idle connections.
FIGURES = [  # (figure, unit, servers)
    ("rss_idle", "MiB", BOTH),
    ("rss_100_connections", "MiB", BOTH),
    ("rss_400_connections", "MiB", BOTH),
    ("kib_per_connection", "KiB", BOTH),
    ("get_p50", "us", BOTH),
    ("get_p99", "us", BOTH),
    ("get_throughput", "ops/s", BOTH),
    ("get_server_cpu", "us", BOTH),
    ("get_client_cpu", "us", BOTH),
    ("hot_get_alone_p50", "us", ["stage06"]),
    ("hot_get_alone_p99", "us", ["stage06"]),
    ("alone_server_cpu", "us", ["stage06"]),
    ("hot_get_cached_readers_p50", "us", ["stage06"]),
    ("hot_get_cached_readers_p99", "us", ["stage06"]),
    ("cached_readers_throughput", "ops/s", ["stage06"]),
    ("cached_readers_server_cpu", "us", ["stage06"]),
    ("hot_get_random_readers_p50", "us", ["stage06"]),
    ("hot_get_random_readers_p99", "us", ["stage06"]),
    ("random_readers_throughput", "ops/s", ["stage06"]),
    ("random_readers_server_cpu", "us", ["stage06"]),
]
TAG = "STEPDB_STAGES_BENCH_SMOKE"


def run_bench(*args, timeout=200):
    """Runs the benchmark; fails if it leaves a process or a file behind."""
    return run_tagged(BENCH, args, TAG, timeout)


def check_quick_run(binaries):
    run = run_bench(*binaries, "--quick", "--csv")
    if run.returncode != 0:
        fail("the quick run did not exit 0", run)
    rows = run.stdout.splitlines()
    if not rows or rows[0] != HEADER:
        fail("stdout does not start with the CSV header", run)
    expected = [(figure, unit, server) for figure, unit, servers in FIGURES
                for server in servers]
    seen = []
    for row in rows[1:]:
        fields = row.split(",")
        if len(fields) != 5:
            fail("not a CSV row of 5 fields: %r" % row, run)
        try:
            median = float(fields[3])
            runs = [float(v) for v in fields[4].split(";")]
        except ValueError:
            fail("a number does not parse in %r" % row, run)
        if runs != [median]:
            fail("--quick should make one run, listed as the median: %r" % row, run)
        if median <= 0:
            fail("a figure is not positive: %r" % row, run)
        seen.append(tuple(fields[:3]))
    if seen != expected:
        fail("expected the rows %s in that order, got %s" % (expected, seen), run)
    return run


def check_a_stage06_that_cannot_start(binaries):
    with tempfile.TemporaryDirectory(prefix="stepdb-stages-smoke-") as tmp:
        stand_in = Path(tmp) / "stepdb-stage06"
        stand_in.write_text("#!/bin/sh\necho 'cannot open the data directory' >&2\nexit 3\n")
        stand_in.chmod(stand_in.stat().st_mode | stat.S_IXUSR)
        stage01, _, client = binaries
        run = run_bench("--stage01", stage01, "--stage06", str(stand_in), "--client", client,
                        "--quick", "--connections", "5", "--requests", "5")
    if run.returncode != 1:
        fail("a stage 06 that exits at start should make the comparison exit 1", run)
    if "exited with status 3" not in run.stderr or "cannot open the data directory" not in \
            run.stderr:
        fail("stderr should say that stage 06 exited with status 3, and quote its log", run)
    if "idle RSS" not in run.stdout:
        fail("the table should still be printed", run)


def main():
    stage01, stage06, client = sys.argv[1:4]
    binaries = ["--stage01", stage01, "--stage06", stage06, "--client", client]
    run = check_quick_run(binaries)
    check_a_stage06_that_cannot_start([stage01, stage06, client])
    usage = run_bench(*binaries, "--connections", "400,100", timeout=30)
    if usage.returncode != 2:
        fail("descending --connections should be a usage error (exit 2)", usage)
    print("ok: %d figures, quick run" % len(FIGURES))
    print(run.stderr, end="")


if __name__ == "__main__":
    main()
