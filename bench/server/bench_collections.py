#!/usr/bin/python3
"""The collections acceptance check: a hash and a set of a million elements each, larger than
any one write, on the release stepdb; they survive a restart, DEL ends each in one write, and
a full compaction gives the disk back.

    ./scripts/bench collections [flags]      builds the release stepdb, then runs this script
    bench_collections.py --stepdb PATH [flags]

One stepdb (--fsync everysec, its default) on a free loopback port with a fresh data
directory, and these steps, each timed:

  1. load: HSET bench:hash with --fields fields (field:0000000 -> value:0000000, ...) and
     SADD bench:set with as many members (member:0000000, ...), --batch elements per command,
     PIPELINE commands in flight; every reply must count the whole batch as new;
  2. restart: SIGTERM, then a new stepdb on the same directory (the time is until it
     listens again);
  3. check: HLEN and SCARD are --fields; --sample random fields and members read back
     (HGET gives the value, SISMEMBER 1), and as many that were never written do not
     (HGET nil, SISMEMBER 0);
  4. DEL bench:hash, then DEL bench:set: each reply is 1 and its round trip is reported in
     milliseconds; then EXISTS of both is 0;
  5. DEBUG COMPACT (a full compaction, on the server's loop): the data directory's size
     (what du counts) before and after, and INFO's entries_filtered, which must have grown
     by every element record (2 x --fields); the directory must shrink to at most
     SHRUNK_SHARE of its size before.

Output: a table on stdout (step, figure, unit, check), progress on stderr. Exit status: 0 iff
every check passed; 1 if one failed or a step could not be done (the table so far is printed,
the reason goes to stderr); 2 for a bad command line. The server is stopped and the working
directory removed whatever happens (servers.py). Loopback only.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench_expire import RespConnection, info_field
from bench_server import Bench as ServerBench
from bench_server import progress, run_main
from clients import resp_command
from servers import HOST, BenchError, Fleet, Server

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_STEPDB = ROOT / "build" / "release" / "server" / "stepdb"

DEFAULT_FIELDS = 1_000_000
DEFAULT_BATCH = 100
DEFAULT_SAMPLE = 1000
PIPELINE = 32  # commands in flight while loading
PROGRESS_STEPS = 10  # progress lines per collection loaded
SHRUNK_SHARE = 0.10  # after DEBUG COMPACT the directory holds at most this share of before
HASH_KEY = "bench:hash"
SET_KEY = "bench:set"
MIB = 1024 * 1024


def field_name(index: int) -> str:
    return f"field:{index:07d}"


def field_value(index: int) -> str:
    return f"value:{index:07d}"


def member_name(index: int) -> str:
    return f"member:{index:07d}"


def batch_words(command: str, key: str, start: int, end: int, is_hash: bool) -> list[str]:
    """HSET key field value ... or SADD key member ... for the elements [start, end)."""
    words = [command, key]
    for index in range(start, end):
        words += [field_name(index), field_value(index)] if is_hash else [member_name(index)]
    return words


def directory_bytes(path: Path) -> int:
    """Bytes allocated to the files under path (what du counts)."""
    total = 0
    for directory, _, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(directory, name)).st_blocks * 512
            except OSError:  # removed by a compaction while we looked
                pass
    return total


@dataclass
class Row:
    step: str
    figure: str
    unit: str
    check: str = ""  # "ok", "FAILED: why", or "" for a figure that is not checked


def table(rows: list[Row], header: list[str]) -> str:
    cells = [("step", "figure", "unit", "check")] + [
        (row.step, row.figure, row.unit, row.check) for row in rows]
    widths = [max(len(cell[i]) for cell in cells) for i in range(4)]
    body = ["  ".join(cell[i].rjust(widths[i]) if i == 1 else cell[i].ljust(widths[i])
                      for i in range(4)).rstrip() for cell in cells]
    return "\n".join(header + [""] + body) + "\n"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="./scripts/bench collections",
        description="A hash and a set of a million elements each on the release stepdb: load, "
                    "restart, read back, DEL each (its latency), then a full compaction that "
                    "must give the disk back. Exits 1 if a check fails.")
    parser.add_argument("--stepdb", metavar="PATH", default=str(DEFAULT_STEPDB),
                        help="the stepdb executable (default: the release build's, "
                             "build/release/server/stepdb)")
    parser.add_argument("--fields", metavar="N", type=int, default=DEFAULT_FIELDS,
                        help="fields of the hash, and members of the set (default %(default)s)")
    parser.add_argument("--batch", metavar="B", type=int, default=DEFAULT_BATCH,
                        help="elements per HSET or SADD while loading (default %(default)s)")
    parser.add_argument("--sample", metavar="S", type=int, default=DEFAULT_SAMPLE,
                        help="fields and members read back after the restart, and as many "
                             "absent ones (default %(default)s)")
    parser.add_argument("--seed", metavar="X", type=int, default=8,
                        help="seed of the sample (default %(default)s)")
    parser.add_argument("--work-dir", metavar="DIR",
                        help="make the data directory in a fresh directory under this one "
                             "(default: the system's temporary directory); put it on the disk "
                             "you mean to measure")
    parser.add_argument("--timeout", metavar="S", type=float, default=600.0,
                        help="seconds one reply may take, the load's and DEBUG COMPACT's "
                             "included (default %(default)g)")
    args = parser.parse_args(argv)
    for name in ("fields", "batch", "sample"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.fields >= 10_000_000:
        parser.error("--fields must be below 10,000,000 (the names have 7 digits)")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    if args.work_dir is not None and not os.path.isdir(args.work_dir):
        parser.error(f"--work-dir {args.work_dir} is not a directory")
    args.stepdb = os.path.abspath(args.stepdb)
    return args


def header(args: argparse.Namespace) -> list[str]:
    return [
        f"StepDB collections check: {os.path.basename(args.stepdb)} (--fsync everysec), over "
        f"loopback",
        f"a hash of {args.fields:,} fields (13-byte values) and a set of {args.fields:,} "
        f"members, loaded {args.batch} per command, {PIPELINE} commands in flight",
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start",
    ]


def check_tools(args: argparse.Namespace) -> None:
    if not (os.path.isfile(args.stepdb) and os.access(args.stepdb, os.X_OK)):
        raise BenchError(f"{args.stepdb} is not an executable file (build it: cmake --preset "
                         f"release && cmake --build --preset release --target stepdb)")


class Check:
    """One run: a stepdb on one data directory, restarted once; the rows as they fill in."""

    def __init__(self, args: argparse.Namespace, fleet: Fleet, rows: list[Row]):
        self.args = args
        self.fleet = fleet
        self.rows = rows
        self.data_dir = fleet.workdir / "data"
        self.failures: list[str] = []

    def start(self) -> Server:
        def command(port: int, _home: Path) -> list[str]:
            return [self.args.stepdb, "--host", HOST, "--port", str(port), "--data-dir",
                    str(self.data_dir), "--fsync", "everysec", "--log-level", "warn"]
        server = self.fleet.start_command("stepdb (fsync everysec)", "stepdb", command)
        return ServerBench.announce(server)

    def connect(self, server: Server) -> RespConnection:
        connection = RespConnection.connect(server.port)
        connection.sock.settimeout(self.args.timeout)
        return connection

    def row(self, step: str, figure: str, unit: str, failure: str | None = None,
            checked: bool = True) -> None:
        """Adds a row; a failure is kept for the exit status and said on stderr at once."""
        check = "" if not checked else ("ok" if failure is None else f"FAILED: {failure}")
        self.rows.append(Row(step, figure, unit, check))
        if failure is not None:
            self.failures.append(f"{step}: {failure}")
            progress(f"FAILED: {step}: {failure}")

    def run(self) -> None:
        server = self.start()
        connection = self.connect(server)
        try:
            self.load(server, connection, "HSET", HASH_KEY, is_hash=True)
            self.load(server, connection, "SADD", SET_KEY, is_hash=False)
        finally:
            connection.close()
        loaded_bytes = directory_bytes(self.data_dir)
        self.row("data directory after the load", f"{loaded_bytes / MIB:,.1f}", "MiB",
                 checked=False)

        started = time.monotonic()
        self.fleet.stop(server)
        server = self.start()
        self.row("restart (stop, start, listening)", f"{(time.monotonic() - started) * 1000:,.0f}",
                 "ms", checked=False)
        connection = self.connect(server)
        try:
            self.read_back(connection)
            self.delete(connection)
            self.compact(server, connection)
        finally:
            connection.close()
        server.check_alive()
        self.fleet.stop(server)
        if self.failures:
            raise BenchError(f"{len(self.failures)} check(s) failed: " + "; ".join(self.failures))

    def load(self, server: Server, connection: RespConnection, command: str, key: str,
             is_hash: bool) -> None:
        """Step 1 for one collection, pipelined: PIPELINE commands sent, then their replies."""
        fields, batch = self.args.fields, self.args.batch
        starts = list(range(0, fields, batch))
        next_progress = 1
        started = time.monotonic()
        for window in range(0, len(starts), PIPELINE):
            window_starts = starts[window:window + PIPELINE]
            payload = b"".join(
                resp_command(*batch_words(command, key, start, min(fields, start + batch),
                                          is_hash)) for start in window_starts)
            connection.sock.sendall(payload)
            for start in window_starts:
                expected = min(fields, start + batch) - start
                reply = connection.read_reply(f"{command} {key} ... ({expected} elements)")
                if reply != expected:
                    raise BenchError(f"{command} {key} of elements {start:,}..."
                                     f"{start + expected - 1:,}: expected :{expected} (all "
                                     f"new), got {reply!r}")
            done = min(fields, window_starts[-1] + batch)
            if done * PROGRESS_STEPS >= next_progress * fields:
                next_progress = done * PROGRESS_STEPS // fields + 1
                progress(f"{key}: {done:,} of {fields:,} elements "
                         f"({time.monotonic() - started:.1f} s)")
            server.check_alive()
        seconds = time.monotonic() - started
        self.row(f"load {key} ({command}, {fields:,} elements)", f"{fields / seconds:,.0f}",
                 "elements/s", checked=False)

    def read_back(self, connection: RespConnection) -> None:
        """Step 3."""
        fields = self.args.fields
        for command, key in (("HLEN", HASH_KEY), ("SCARD", SET_KEY)):
            got = connection.call(command, key)
            self.row(f"{command} {key} after the restart", f"{got:,}" if isinstance(got, int)
                     else repr(got), "elements",
                     None if got == fields else f"expected {fields:,}")
        rng = random.Random(self.args.seed)
        sample = [rng.randrange(fields) for _ in range(self.args.sample)]
        absent = [fields + rng.randrange(fields) for _ in range(self.args.sample)]
        wrong = []
        started = time.monotonic()
        for index in sample:
            value = connection.call("HGET", HASH_KEY, field_name(index))
            if value != field_value(index).encode():
                wrong.append(f"HGET {field_name(index)} gave {value!r}")
            if connection.call("SISMEMBER", SET_KEY, member_name(index)) != 1:
                wrong.append(f"SISMEMBER {member_name(index)} is not 1")
        for index in absent:
            if connection.call("HGET", HASH_KEY, field_name(index)) is not None:
                wrong.append(f"HGET {field_name(index)} (never written) is not nil")
            if connection.call("SISMEMBER", SET_KEY, member_name(index)) != 0:
                wrong.append(f"SISMEMBER {member_name(index)} (never written) is not 0")
        reads = 4 * self.args.sample
        micros = (time.monotonic() - started) * 1e6 / reads
        self.row(f"HGET and SISMEMBER, {reads:,} present and absent", f"{micros:,.0f}",
                 "us/read", None if not wrong else
                 f"{len(wrong)} wrong, first: {wrong[0]}")

    def delete(self, connection: RespConnection) -> None:
        """Step 4."""
        for key in (HASH_KEY, SET_KEY):
            started = time.monotonic()
            reply = connection.call("DEL", key)
            millis = (time.monotonic() - started) * 1000
            self.row(f"DEL {key} ({self.args.fields:,} elements)", f"{millis:,.2f}", "ms",
                     None if reply == 1 else f"DEL replied {reply!r}, expected 1")
        exists = connection.call("EXISTS", HASH_KEY, SET_KEY)
        self.row("EXISTS of both after DEL", str(exists), "keys",
                 None if exists == 0 else "expected 0")

    def compact(self, server: Server, connection: RespConnection) -> None:
        """Step 5."""
        filtered_before = info_field(connection.call("INFO", "storage"), "entries_filtered")
        before = directory_bytes(self.data_dir)
        self.row("data directory before DEBUG COMPACT", f"{before / MIB:,.1f}", "MiB",
                 checked=False)
        started = time.monotonic()
        connection.expect("OK", "DEBUG", "COMPACT")
        self.row("DEBUG COMPACT", f"{(time.monotonic() - started) * 1000:,.0f}", "ms",
                 checked=False)
        server.check_alive()
        after = directory_bytes(self.data_dir)
        self.row("data directory after DEBUG COMPACT", f"{after / MIB:,.2f}", "MiB",
                 None if after <= SHRUNK_SHARE * before else
                 f"more than {SHRUNK_SHARE:.0%} of the {before / MIB:,.1f} MiB before")
        filtered = info_field(connection.call("INFO", "storage"), "entries_filtered")
        dropped = filtered - filtered_before
        self.row("element records dropped (INFO entries_filtered)", f"{dropped:,}", "records",
                 None if dropped >= 2 * self.args.fields else
                 f"expected at least {2 * self.args.fields:,}")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    rows: list[Row] = []
    return run_main("stepdb-bench-collections-", args, {}, check_tools, header,
                    lambda fleet: Check(args, fleet, rows).run(),
                    render=lambda top: table(rows, top))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
