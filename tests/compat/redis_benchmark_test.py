"""redis-benchmark (Debian's redis-tools, Redis 7.0) as a smoke test: many clients at once,
SET / GET / INCR / MSET, every reply checked by the benchmark itself.

redis-benchmark exits 1 at the first error reply ("Error from server: ..."), and at start it
sends CONFIG GET save and CONFIG GET appendonly: if those fail it warns on stderr ("WARNING:
Could not fetch server CONFIG"). So: exit 0, nothing on stderr, and one "requests per second"
result per test. The figures themselves are not judged here (bench/ compares speeds).
"""

from __future__ import annotations

import re

from compat_support import report, run

TESTS = ["SET", "GET", "INCR", "MSET (10 keys)"]
RESULT = re.compile(r"^(.+): (\d+(?:\.\d+)?) requests per second, p50=\d+(?:\.\d+)? msec$")


def test_benchmark_set_get_incr_mset(servers):
    command = ["redis-benchmark", "-h", servers.host, "-p", str(servers.redis_port),
               "-t", "set,get,incr,mset", "-n", "20000", "-c", "20", "-q"]
    done = run(command, timeout=240)
    why = report(command, done, as_text=True)
    assert done.returncode == 0, why
    assert done.stderr == b"", why
    output = done.stdout.decode(errors="replace")
    assert not re.search(r"ERR|error", output, re.IGNORECASE), why
    # -q rewrites a progress line with \r while a test runs; the text after the last \r of
    # each line is that test's result.
    finals = [line.split("\r")[-1].strip() for line in output.split("\n")]
    finals = [line for line in finals if line]
    results = [RESULT.match(line) for line in finals]
    assert all(results), f"a line is not a result: {finals}\n{why}"
    assert [m.group(1) for m in results] == TESTS, why
    assert all(float(m.group(2)) > 0 for m in results), why
