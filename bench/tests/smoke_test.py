#!/usr/bin/env python3
"""Smoke test of stepdb-bench-engine: a small run on every engine built in, checked as CSV.

Usage: smoke_test.py <path of stepdb-bench-engine>

Checks that the run exits 0 (so every read of a written key hit and every read of a missing
key missed: the benchmark checks its answers itself), that stdout holds exactly the CSV header
and one line per engine and workload with positive numbers, and that an unknown engine or
workload is a usage error (exit 2).
"""
import subprocess
import sys

from smoke_support import fail

WORKLOADS = ["fillseq", "fillrandom", "overwrite", "readrandom", "readmissing", "readseq",
             "deleterandom"]
HEADER = "engine,workload,num,value_size,ops_per_sec,micros_per_op"
NUM = 2000


def run(binary, *args):
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=100)


def main():
    binary = sys.argv[1]

    listing = run(binary, "--list-engines")
    if listing.returncode != 0:
        fail("--list-engines failed", listing)
    engines = [line.split("\t")[0] for line in listing.stdout.splitlines() if line]
    if "stepdb-memtable" not in engines:
        fail("stepdb-memtable is not among the engines built in", listing)

    bench = run(binary, "--num", str(NUM), "--csv", "--engines", "all", "--seed", "7")
    if bench.returncode != 0:
        fail("the benchmark did not exit 0", bench)
    lines = bench.stdout.splitlines()
    if not lines or lines[0] != HEADER:
        fail("stdout does not start with the CSV header", bench)
    seen = {}
    for line in lines[1:]:
        fields = line.split(",")
        if len(fields) != 6:
            fail("not a CSV line of 6 fields: %r" % line, bench)
        engine, workload, num, value_size, ops_per_sec, micros_per_op = fields
        if engine not in engines or workload not in WORKLOADS:
            fail("unexpected engine or workload in %r" % line, bench)
        if (engine, workload) in seen:
            fail("%s %s appears twice" % (engine, workload), bench)
        try:
            numbers = (int(num), int(value_size), float(ops_per_sec), float(micros_per_op))
        except ValueError:
            fail("a number does not parse in %r" % line, bench)
        if numbers[0] != NUM or numbers[1] != 100 or numbers[2] <= 0 or numbers[3] <= 0:
            fail("wrong or non-positive numbers in %r" % line, bench)
        seen[(engine, workload)] = numbers
    for engine in engines:
        for workload in WORKLOADS:
            if (engine, workload) not in seen:
                fail("no line for %s %s" % (engine, workload), bench)

    for args in (["--engines", "nosuchdb"], ["--benchmarks", "fillseq,nosuchload"]):
        usage = run(binary, "--num", "10", *args)
        if usage.returncode != 2:
            fail("%s should be a usage error (exit 2)" % " ".join(args), usage)

    print("ok: %d engines (%s) x %d workloads" % (len(engines), ", ".join(engines),
                                                  len(WORKLOADS)))


if __name__ == "__main__":
    main()
