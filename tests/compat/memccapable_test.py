"""memccapable (Debian's libmemcached-tools, libmemcached 1.1) against the Memcached side of
the port: its ASCII-protocol conformance suite.

`memccapable -a` runs only the ASCII tests (StepDB speaks the text protocol, not the binary
one); -t bounds each network operation. It FLUSHes the server, so this file keeps its own
server. Every test of the suite must report [pass]: none skipped, none missing.
"""

from __future__ import annotations

import re

from compat_support import report, run

# The ASCII tests of libmemcached 1.1's memccapable, in the order it runs them.
ASCII_TESTS = [
    "version", "quit", "verbosity", "set", "set noreply", "get", "gets", "mget", "flush",
    "flush noreply", "add", "add noreply", "replace", "replace noreply", "cas", "cas noreply",
    "delete", "delete noreply", "incr", "incr noreply", "decr", "decr noreply", "append",
    "append noreply", "prepend", "prepend noreply", "stat",
]
RESULT = re.compile(r"^ascii (.+?)\s+\[(\w+)\]$")


def test_memccapable_ascii_suite(servers):
    command = ["memccapable", "-a", "-h", servers.host, "-p", str(servers.memcached_port),
               "-t", "10"]
    done = run(command, timeout=120)
    why = report(command, done, as_text=True)
    assert done.returncode == 0, why
    lines = done.stdout.decode(errors="replace").splitlines()
    results = [RESULT.match(line).groups() for line in lines if RESULT.match(line)]
    assert [name for name, _ in results] == ASCII_TESTS, why
    assert all(status == "pass" for _, status in results), why
    assert lines[-1] == "All tests passed", why
