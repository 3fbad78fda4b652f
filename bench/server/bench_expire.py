#!/usr/bin/python3
"""The expiry benchmark: how fast stepdb and redis-server purge a million keys that fall due
within one second, and what their other clients see meanwhile.

    ./scripts/bench expire [flags]      builds the release stepdb-stage07, then runs this script
    bench_expire.py --stepdb PATH [flags]

The server measured as stepdb is the stage 07 server, stepdb-stage07: it is the first to expire
keys actively (--stepdb chooses another binary; one without active expiry never purges, and
the run fails at --timeout). redis-server runs with no persistence at all; stepdb with its
default durability, --fsync everysec.

One run of one server, on a fresh server each time:

  1. SET of PROBE_KEY, without expiry;
  2. --keys keys (key:0000000, ...) with 100-byte values, each SET key v PXAT t, through
     redis-cli --pipe. PXAT rather than PX: the due times are absolute, so they do not drift
     with how long the load takes, and every key falls due within SPREAD_MS of the first
     whatever the load's speed. The due times are spread evenly over SPREAD_MS and shuffled
     against the key order (key N is due DUE_STEP * N mod SPREAD_MS after the first), and the
     first is --lead seconds after the load file was begun; a load that ends later than that
     fails the run, since keys fell due under it;
  3. at the moment the last key is due on both servers (Redis deletes a key once now > t,
     stepdb once now >= t: one millisecond after the last t), DBSIZE: stepdb no longer counts
     due keys, redis-server counts them until it has deleted them;
  4. INFO stats every POLL_SECONDS until expired_keys is --keys: the time to purge runs from
     that moment to the reply that shows every key expired;
  5. meanwhile a probe connection sends GET PROBE_KEY, one at a time, and times each round
     trip; the round trips that overlap the purge (from the moment of 3 to the end of 4) give
     p50, p99 and the maximum.

Runs alternate, stepdb then redis-server, --runs times; the table shows medians and the ratio
stepdb / redis-server (lower is better on every line), through report.py, which also
describes the CSV of --csv. Progress goes to stderr. Exit status: 0 iff every run completed;
1 at the first error (a server that does not start or dies, a wrong reply, a load that fails
or outlasts --lead, a purge that outlasts --timeout): the lines completed so far are printed
and the reason goes to stderr; 2 for a bad command line. Every server started is stopped and
the working directory removed (servers.py). Loopback only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sys
import threading
import time
from pathlib import Path

import clients
from bench_server import Bench as ServerBench
from bench_server import progress, run_main, tool_version
from compare_stages import percentile
from report import Line
from servers import HOST, BenchError, Fleet, Server

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_STEPDB = ROOT / "build" / "release" / "stages" / "07-ttl" / "stepdb-stage07"

DEFAULT_KEYS = 1_000_000
DEFAULT_RUNS = 3
SPREAD_MS = 1000  # every key falls due within this many milliseconds of the first
DUE_STEP = 7919  # a prime, so key N's due offset DUE_STEP * N mod SPREAD_MS takes every value
POLL_SECONDS = 0.01
PROBE_KEY = "bench:probe"
PROBE_VALUE = "p" * clients.VALUE_SIZE
PROBE_HEAD_START_SECONDS = 0.05  # the probe is running before the purge window opens
SOCKET_TIMEOUT = 30.0


# --- a RESP connection ------------------------------------------------------------------------

class RespConnection:
    """One connection that sends a command as a RESP array and reads its reply: a simple
    string (str), an integer (int) or a bulk string (bytes, None for a null). An error reply,
    any other reply, or a closed connection raises BenchError. Not thread-safe: one thread
    per connection."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.reader = sock.makefile("rb")

    @classmethod
    def connect(cls, port: int) -> RespConnection:
        sock = socket.create_connection((HOST, port), timeout=SOCKET_TIMEOUT)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(sock)

    def close(self) -> None:
        self.reader.close()
        self.sock.close()

    def call(self, *words: str) -> str | int | bytes | None:
        self.sock.sendall(clients.resp_command(*words))
        return self.read_reply(" ".join(words))

    def read_reply(self, sent: str) -> str | int | bytes | None:
        line = self.reader.readline()
        if not line.endswith(b"\r\n"):
            raise BenchError(f"sent {sent!r}: the connection closed before a whole reply "
                             f"(got {line!r})")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b":":
            return int(rest)
        if kind == b"$" and rest == b"-1":
            return None
        if kind == b"$":
            data = self.reader.read(int(rest) + 2)
            if len(data) != int(rest) + 2 or not data.endswith(b"\r\n"):
                raise BenchError(f"sent {sent!r}: a bulk reply of {int(rest)} bytes was cut "
                                 f"short (got {data[:100]!r})")
            return data[:-2]
        raise BenchError(f"sent {sent!r}, got the reply {line!r}")

    def expect(self, expected, *words: str):
        """call(*words); BenchError unless the reply is `expected`."""
        reply = self.call(*words)
        if reply != expected:
            raise BenchError(f"sent {' '.join(words)!r}, expected {expected!r}, got {reply!r}")
        return reply


def info_field(info: bytes, name: str) -> int:
    """The integer field `name` of an INFO reply ("name:value" lines); BenchError if absent."""
    prefix = name.encode() + b":"
    for line in info.split(b"\r\n"):
        if line.startswith(prefix):
            return int(line[len(prefix):])
    raise BenchError(f"INFO has no {name} field:\n{info[:500].decode(errors='replace')}")


# --- the latency probe ------------------------------------------------------------------------

class LatencyProbe(threading.Thread):
    """GET PROBE_KEY on a connection of its own, one request at a time, until stop(); keeps
    the start and end (time.monotonic_ns) of every round trip. A wrong reply or a lost
    connection ends the probe and is raised again by stop()."""

    def __init__(self, port: int):
        super().__init__(name="latency probe", daemon=True)
        self.connection = RespConnection.connect(port)
        self.round_trips: list[tuple[int, int]] = []
        self.error: BaseException | None = None
        self.stopping = threading.Event()

    def run(self) -> None:
        expected = PROBE_VALUE.encode()
        try:
            while not self.stopping.is_set():
                started = time.monotonic_ns()
                self.connection.expect(expected, "GET", PROBE_KEY)
                self.round_trips.append((started, time.monotonic_ns()))
        except (BenchError, OSError) as e:
            self.error = e
        finally:
            self.connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(SOCKET_TIMEOUT)
        if self.is_alive():
            raise BenchError(f"the latency probe's GET got no reply within {SOCKET_TIMEOUT:g} s")
        if self.error is not None:
            raise BenchError(f"the latency probe failed: {self.error}")


def latencies_us(round_trips: list[tuple[int, int]], window_start_ns: int,
                 window_end_ns: int) -> list[float]:
    """The durations of the round trips (start, end) that overlap [window_start_ns,
    window_end_ns], in microseconds, ascending."""
    return sorted((end - start) / 1000 for start, end in round_trips
                  if end >= window_start_ns and start <= window_end_ns)


def due_offset_ms(index: int) -> int:
    """When key `index` falls due, in milliseconds after the first key."""
    return DUE_STEP * index % SPREAD_MS


def last_due_offset_ms(keys: int) -> int:
    """When the last of `keys` keys falls due, in milliseconds after the first."""
    return max(due_offset_ms(index) for index in range(min(keys, SPREAD_MS)))


# --- the benchmark ----------------------------------------------------------------------------

def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="./scripts/bench expire",
        description="stepdb beside redis-server: the time to purge keys that all fall due "
                    "within one second, a probe client's GET latency meanwhile, and DBSIZE "
                    "once they are due; alternating stepdb and redis-server run by run.")
    parser.add_argument("--stepdb", metavar="PATH", default=str(DEFAULT_STEPDB),
                        help="the server measured as stepdb; it must expire keys actively "
                             "(default: the release build's stepdb-stage07)")
    parser.add_argument("--keys", metavar="K", type=int, default=DEFAULT_KEYS,
                        help="keys loaded per run, all falling due within one second "
                             "(default %(default)s)")
    parser.add_argument("--runs", metavar="R", type=int, default=DEFAULT_RUNS,
                        help="runs per server (default %(default)s)")
    parser.add_argument("--lead", metavar="S", type=float,
                        help="seconds from the start of writing the load to the first key "
                             "due; writing and loading must end before (default: 5 + 25 s per "
                             "million keys)")
    parser.add_argument("--csv", action="store_true", help="print CSV instead of the table")
    parser.add_argument("--work-dir", metavar="DIR",
                        help="make the servers' directories in a fresh directory under this "
                             "one (default: the system's temporary directory)")
    parser.add_argument("--timeout", metavar="S", type=float, default=300.0,
                        help="seconds a load, or a purge, may take (default %(default)g)")
    args = parser.parse_args(argv)
    for name in ("keys", "runs"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.lead is None:
        args.lead = 5 + 25 * args.keys / 1_000_000
    if args.lead <= 0 or args.timeout <= 0:
        parser.error("--lead and --timeout must be positive")
    if args.work_dir is not None and not os.path.isdir(args.work_dir):
        parser.error(f"--work-dir {args.work_dir} is not a directory")
    # The server runs in a directory of its own.
    args.stepdb = os.path.abspath(args.stepdb)
    return args


def plan(args: argparse.Namespace) -> dict[str, Line]:
    """The lines, by CSV name, in the order they print."""
    runs, keys = args.runs, args.keys
    lines = [
        Line("purge_ms", f"time to purge {keys:,} keys", "ms", "redis-server", runs,
             higher_is_better=False),
        Line("probe_get_p50_us", "probe GET during the purge: p50", "us", "redis-server",
             runs, higher_is_better=False),
        Line("probe_get_p99_us", "probe GET during the purge: p99", "us", "redis-server",
             runs, higher_is_better=False),
        Line("probe_get_max_us", "probe GET during the purge: max", "us", "redis-server",
             runs, higher_is_better=False),
        Line("dbsize_all_due", "DBSIZE once all are due", "keys", "redis-server", runs,
             higher_is_better=False),
    ]
    return {line.key: line for line in lines}


def header(args: argparse.Namespace) -> list[str]:
    """What the table's reader needs to judge it: versions, settings, the machine."""
    return [
        f"StepDB expiry benchmark: {os.path.basename(args.stepdb)} beside redis-server "
        f"{tool_version(['redis-server', '--version'])}, over loopback",
        f"median of {args.runs} run(s) per server, alternating stepdb and redis-server, a "
        f"fresh server per run; stepdb/peer below 1.00x is better on every line",
        "durability: stepdb --fsync everysec (its default); redis-server with no persistence "
        "(appendonly no, no snapshots)",
        f"load: {args.keys:,} keys x {clients.VALUE_SIZE} B, SET key v PXAT t through "
        f"redis-cli --pipe, t spread evenly over {SPREAD_MS} ms (shuffled against the key "
        f"order), the first due {args.lead:g} s after writing the load began",
        f"time to purge: from the moment the last key is due until INFO stats expired_keys "
        f"reaches {args.keys:,} (polled every {POLL_SECONDS * 1000:g} ms)",
        f"probe: one connection, GET of a {clients.VALUE_SIZE}-byte key without expiry, one at "
        f"a time (a Python client); the round trips that overlap the purge",
        "DBSIZE: asked the moment the last key is due; the probe's key counts 1 (stepdb counts "
        "no due key, redis-server counts a due key until it deletes it)",
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start "
        f"(the clients and the server share the CPUs)",
    ]


def check_tools(args: argparse.Namespace) -> None:
    if not (os.path.isfile(args.stepdb) and os.access(args.stepdb, os.X_OK)):
        raise BenchError(f"{args.stepdb} is not an executable file (build it: cmake --preset "
                         f"release && cmake --build --preset release --target stepdb-stage07)")
    missing = [tool for tool in ("redis-server", "redis-cli") if shutil.which(tool) is None]
    if missing:
        raise BenchError(f"not installed: {', '.join(missing)} (./scripts/setup installs them)")


def sleep_until(unix_seconds: float) -> None:
    time.sleep(max(0.0, unix_seconds - time.time()))


class Bench:
    """One benchmark run: its flags, its servers, the lines as they fill in."""

    def __init__(self, args: argparse.Namespace, fleet: Fleet, lines: dict[str, Line]):
        self.args = args
        self.fleet = fleet
        self.lines = lines

    def run(self) -> None:
        for run in range(1, self.args.runs + 1):
            for is_stepdb in (True, False):
                server = ServerBench.announce(self.fleet.start_stepdb("everysec") if is_stepdb
                                              else self.fleet.start_redis(None))
                figures = self.measure(server)
                for key, value in figures.items():
                    line = self.lines[key]
                    (line.stepdb_runs if is_stepdb else line.peer_runs).append(value)
                progress(f"run {run}/{self.args.runs}, {server.name}: purged in "
                         f"{figures['purge_ms']:,.0f} ms; probe GET p50 "
                         f"{figures['probe_get_p50_us']:,.0f} us, p99 "
                         f"{figures['probe_get_p99_us']:,.0f} us, max "
                         f"{figures['probe_get_max_us']:,.0f} us; DBSIZE "
                         f"{figures['dbsize_all_due']:,.0f} once all were due")
                self.fleet.stop(server)

    def measure(self, server: Server) -> dict[str, float]:
        """One run on `server` (the module's comment, steps 1 to 5): its figures by line."""
        args, keys = self.args, self.args.keys
        control = RespConnection.connect(server.port)
        try:
            control.expect("OK", "SET", PROBE_KEY, PROBE_VALUE)
            began = time.time()
            first_due_ms = int((began + args.lead) * 1000)

            def due_ms(index: int) -> int:
                return first_due_ms + due_offset_ms(index)

            last_due_ms = first_due_ms + last_due_offset_ms(keys)
            load_file = self.fleet.workdir / "load.resp"
            clients.write_load_file(load_file, keys, expire_at_ms=due_ms)
            ServerBench.measure(server, clients.run_pipe_load, load_file, keys, args.timeout)
            load_file.unlink()
            loaded = time.time()
            if loaded * 1000 >= first_due_ms:
                raise BenchError(f"writing and loading {keys:,} keys took {loaded - began:.1f} "
                                 f"s, and the first fell due after {args.lead:g} s: raise "
                                 f"--lead")
            control.expect(keys + 1, "DBSIZE")
            progress(f"  {keys:,} keys written and loaded in {loaded - began:.1f} s; the first "
                     f"is due {first_due_ms / 1000 - loaded:.1f} s later")

            sleep_until(last_due_ms / 1000 - PROBE_HEAD_START_SECONDS)
            probe = LatencyProbe(server.port)
            probe.start()
            try:
                sleep_until((last_due_ms + 1) / 1000)
                window_start = time.monotonic_ns()
                dbsize = control.call("DBSIZE")
                window_end = self.wait_for_purge(server, control, window_start)
            finally:
                probe.stop()
            control.expect(1, "DBSIZE")
        finally:
            control.close()
        server.check_alive()
        latencies = latencies_us(probe.round_trips, window_start, window_end)
        if not latencies:
            raise BenchError(f"{server.name}: the latency probe made no round trip during "
                             f"the purge")
        return {"purge_ms": (window_end - window_start) / 1e6,
                "probe_get_p50_us": percentile(latencies, 50),
                "probe_get_p99_us": percentile(latencies, 99),
                "probe_get_max_us": latencies[-1],
                "dbsize_all_due": float(dbsize)}

    def wait_for_purge(self, server: Server, control: RespConnection, since_ns: int) -> int:
        """Polls INFO stats until expired_keys is --keys; the time.monotonic_ns() at which the
        reply that showed it arrived. BenchError if it goes past --keys, or takes longer than
        --timeout."""
        keys, deadline = self.args.keys, since_ns + int(self.args.timeout * 1e9)
        while True:
            expired = info_field(control.call("INFO", "stats"), "expired_keys")
            now = time.monotonic_ns()
            if expired == keys:
                return now
            if expired > keys:
                raise BenchError(f"{server.name}: INFO stats expired_keys is {expired:,}, but "
                                 f"only {keys:,} keys had an expiry")
            if now >= deadline:
                raise BenchError(f"{server.name}: INFO stats expired_keys reached only "
                                 f"{expired:,} of {keys:,} within {self.args.timeout:g} s "
                                 f"(does the server expire keys actively?)")
            server.check_alive()
            time.sleep(POLL_SECONDS)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    lines = plan(args)
    return run_main("stepdb-bench-expire-", args, lines, check_tools, header,
                    lambda fleet: Bench(args, fleet, lines).run())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
