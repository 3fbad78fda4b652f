#!/usr/bin/python3
"""The event loop against thread-per-connection: stage 01's server beside stage 06's, measured.

    ./scripts/bench stages [flags]    builds the release stepdb-stage01, stepdb-stage06 and
                                      stepdb-bench-get-latency, then runs this script
    compare_stages.py --stage01 PATH --stage06 PATH --client PATH [flags]

stepdb-stage01 gives every connection a thread; stepdb-stage06 serves every connection from
one event loop thread and runs every command, engine calls included, on it. Three
measurements show what each design costs (stages/06-protocols/README.md reads them):

  memory   VmRSS of a fresh server, idle, then with --connections (1000, 5000) idle
           connections open. Every connection has sent one GET and read its reply before
           RSS is read, so the server has accepted it and built what it keeps for it (stage
           01: a thread and its stack; stage 06: the connection's state and buffers).
  latency  --clients (50) connections each sending GET of one existing key, one request at a
           time, --requests each, timed per request at the client: p50, p99, requests/s,
           and the CPU time the server and the client used per GET.
  disk     stage 06 only, started with --block-cache-bytes (1 MiB) and loaded with
           --disk-keys (200,000) keys of --disk-value-size (1 KiB) bytes, then DEBUG COMPACT:
           p50 and p99 of one client GETting one hot key: alone; while --random-clients (8)
           more connections GET one other key (its block always cached: what sharing the
           loop costs); and while they GET random keys, whose blocks are seldom in the cache
           (what their cache misses add).

The GETs of both servers are the same request: stage 01's text protocol `GET k\\n` answered
`VALUE v\\n`, and stage 06's inline command `GET k\\r\\n` answered `$len\\r\\nv\\r\\n`. The
timed load comes from stepdb-bench-get-latency (get_latency_client.cc: compiled, one thread,
epoll), so that the client costs the shared CPUs as little as it can; the progress lines give
the CPU time the client and the server each used, to show which one was the bottleneck.

Runs alternate: stage 01, stage 06, stage 01, ... (a fresh server for each run's memory and
latency), then on one loaded stage 06 server: alone, beside cached readers, beside random
readers, alone, ...; --runs of each (3). Output: a table of the medians on stdout (or CSV
with --csv, see csv_text), progress on stderr. Exit status: 0 iff every run completed; 1 at
the first error (a server that does not start or dies, a wrong reply, a client that fails or
takes longer than --timeout), with the reason on stderr and the figures measured so far; 2
for a bad command line. Every server is stopped and reaped and the working directory removed
(servers.py). Loopback only.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import clients
from servers import HOST, BenchError, Fleet, Server

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ROOT / "build" / "release"
DEFAULT_STAGE01 = RELEASE / "stages" / "01-memtable-tcp" / "stepdb-stage01"
DEFAULT_STAGE06 = RELEASE / "stages" / "06-protocols" / "stepdb-stage06"
DEFAULT_CLIENT = RELEASE / "bench" / "stepdb-bench-get-latency"

DEFAULTS = {"runs": 3, "connections": "1000,5000", "clients": 50, "requests": 2000,
            "disk_keys": 200_000, "disk_requests": 20_000, "random_clients": 8}
QUICK = {"runs": 1, "connections": "100,400", "clients": 10, "requests": 200,
         "disk_keys": 3000, "disk_requests": 2000, "random_clients": 2}

HOT_KEY = "bench:hot"
HOT_VALUE = "v" * clients.VALUE_SIZE
WARMUP_REQUESTS = 100  # per timed connection, untimed, before each latency run
CONNECT_BATCH = 100  # idle connections opened (and answered) at a time
SETTLE_SECONDS = 0.5  # after the last connection opens, before RSS is read
SOCKET_TIMEOUT = 30.0
MIB = 1024 * 1024


class Interrupted(BenchError):
    """SIGINT or SIGTERM arrived."""


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --- the two servers' grammars ----------------------------------------------------------------

@dataclass(frozen=True)
class Stage:
    """How to start one of the two servers and speak its protocol."""

    name: str  # stepdb-stage01
    column: str  # the CSV's server column: stage01
    protocol: str  # stepdb-bench-get-latency --protocol
    terminator: bytes
    ok_reply: bytes

    def request(self, *words: str) -> bytes:
        return " ".join(words).encode() + self.terminator

    def get_reply(self, value: str) -> bytes:
        if self.protocol == "text":
            return b"VALUE " + value.encode() + b"\n"
        return b"$%d\r\n%s\r\n" % (len(value), value.encode())


STAGE01 = Stage("stepdb-stage01", "stage01", "text", b"\n", b"OK\n")
STAGE06 = Stage("stepdb-stage06", "stage06", "resp", b"\r\n", b"+OK\r\n")


def exchange(sock: socket.socket, request: bytes, expected: bytes) -> None:
    """Sends `request` and reads exactly len(expected) bytes; BenchError if they differ."""
    sock.sendall(request)
    received = b""
    while len(received) < len(expected):
        chunk = sock.recv(len(expected) - len(received))
        if not chunk:
            break
        received += chunk
    if received != expected:
        raise BenchError(f"sent {request!r}, expected {expected!r}, got {received!r}")


def command(port: int, request: bytes, expected: bytes, timeout: float = SOCKET_TIMEOUT) -> None:
    """One request on a connection of its own."""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        exchange(sock, request, expected)


def open_idle_connections(port: int, stage: Stage, count: int) -> list[socket.socket]:
    """`count` connections to `port`, each of which has sent GET HOT_KEY and read the reply.
    Opened CONNECT_BATCH at a time, so that the server's accept queue never overflows."""
    opened: list[socket.socket] = []
    request, reply = stage.request("GET", HOT_KEY), stage.get_reply(HOT_VALUE)
    try:
        while len(opened) < count:
            batch = [socket.create_connection((HOST, port), timeout=SOCKET_TIMEOUT)
                     for _ in range(min(CONNECT_BATCH, count - len(opened)))]
            opened.extend(batch)
            for sock in batch:
                sock.sendall(request)
            for sock in batch:
                exchange(sock, b"", reply)
    except (OSError, BenchError) as e:
        close_all(opened)
        raise BenchError(f"opening idle connection {len(opened) + 1} of {count} to "
                         f"{stage.name}: {e}")
    return opened


def close_all(sockets: list[socket.socket]) -> None:
    for sock in sockets:
        sock.close()
    sockets.clear()


def raise_open_file_limit(needed: int) -> None:
    """Raises this process's soft RLIMIT_NOFILE to at least `needed` (the servers inherit
    it); BenchError if the hard limit is lower."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        return
    if hard != resource.RLIM_INFINITY and hard < needed:
        raise BenchError(f"{needed} open files are needed and the hard limit is {hard} "
                         f"(raise it, or use fewer --connections)")
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


def check_thread_limits(needed: int) -> None:
    """Stage 01 needs a thread per connection: raises this process's soft RLIMIT_NPROC (the
    server inherits it; it counts every process and thread of the user) to at least `needed`
    more than are running now, and checks the kernel's limits on tasks. BenchError if a
    limit is too low, rather than a run that fails half-way with "server busy"."""
    running = len(os.listdir("/proc/self/task"))  # this process's threads; others unknown
    wanted = needed + running
    soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            raise BenchError(f"stage 01 needs {needed} threads and the user's process limit "
                             f"(ulimit -u) is {hard}: use fewer --connections")
        resource.setrlimit(resource.RLIMIT_NPROC, (wanted, hard))
    for name in ("threads-max", "pid_max"):
        with open(f"/proc/sys/kernel/{name}") as f:
            limit = int(f.read())
        if limit < 2 * needed:  # shared with every other process of the machine
            raise BenchError(f"stage 01 needs {needed} threads and kernel.{name} is {limit}: "
                             f"use fewer --connections")


# --- the latency client -----------------------------------------------------------------------

@dataclass
class LatencyResult:
    """What one run of stepdb-bench-get-latency measured."""

    seconds: float
    background: int  # replies the random readers got during the timed requests
    replies: int  # every reply of the run: warm-up, timed and the random readers'
    latencies_ns: list[int]
    # CPU time used during the whole client run (warm-up and connecting included), measured
    # by the benchmark rather than printed by the client.
    client_cpu_seconds: float = 0.0
    server_cpu_seconds: float = 0.0

    @property
    def ops_per_sec(self) -> float:
        return len(self.latencies_ns) / self.seconds

    def percentile_us(self, p: float) -> float:
        return percentile(sorted(self.latencies_ns), p) / 1000.0


def percentile(sorted_values: list[int], p: float) -> int:
    """The nearest-rank p-th percentile (0 < p <= 100) of an ascending list: the smallest
    value that at least p% of the values are at or below."""
    if not sorted_values or not 0 < p <= 100:
        raise ValueError(f"percentile {p} of {len(sorted_values)} values")
    return sorted_values[math.ceil(p / 100 * len(sorted_values)) - 1]


def parse_latency_output(output: str, expected_requests: int) -> LatencyResult:
    """Reads stepdb-bench-get-latency's stdout: `requests N seconds S background B replies
    R`, then N latencies in nanoseconds, one a line. BenchError unless it is exactly that,
    with N == expected_requests, R >= N + B and positive figures."""
    lines = output.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    words = lines[0].split() if lines else []
    try:
        if len(words) != 8 or words[0::2] != ["requests", "seconds", "background", "replies"]:
            raise ValueError("no summary line")
        requests, seconds = int(words[1]), float(words[3])
        background, replies = int(words[5]), int(words[7])
        latencies = [int(line) for line in lines[1:]]
    except ValueError as e:
        raise BenchError(f"stepdb-bench-get-latency printed something that does not parse "
                         f"({e}):\n{output[:500]}")
    if requests != expected_requests or len(latencies) != requests:
        raise BenchError(f"stepdb-bench-get-latency reported {requests} requests and listed "
                         f"{len(latencies)} latencies; expected {expected_requests}")
    if seconds <= 0 or background < 0 or any(n <= 0 for n in latencies):
        raise BenchError(f"stepdb-bench-get-latency reported a figure that is not positive: "
                         f"{lines[0]}")
    if replies < requests + background:
        raise BenchError(f"stepdb-bench-get-latency reported fewer replies than requests and "
                         f"background replies: {lines[0]}")
    return LatencyResult(seconds, background, replies, latencies)


def threads_and_virtual_memory(pid: int) -> str:
    """"N threads, V MiB virtual" from /proc/PID/status: where a thread's stack shows even
    though RSS counts only its touched pages."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, value = line.partition(":")
            fields[name] = value.split()
    return (f"{fields['Threads'][0]} threads, "
            f"{int(fields['VmSize'][0]) / 1024:,.0f} MiB virtual")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- figures and their output -----------------------------------------------------------------

@dataclass
class Figure:
    """One row of the table: a quantity, run by run, for each server it is measured on."""

    key: str  # the CSV name: get_p99
    title: str  # the table's name
    unit: str
    runs: dict[str, list[float]] = field(default_factory=dict)  # by Stage.column

    def median(self, column: str, runs: int) -> float | None:
        """The median for `column`, or None unless all `runs` runs completed."""
        values = self.runs.get(column, [])
        return statistics.median(values) if len(values) == runs else None


CSV_HEADER = "figure,unit,server,median,runs"


def _cell(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if unit == "ops/s" else f"{value:,.1f}"


def table(figures: list[Figure], header: list[str], runs: int) -> str:
    """`header`, then one row per figure with the median for each server ("-" where it was
    not measured, or its `runs` runs did not all complete)."""
    columns = [STAGE01, STAGE06]
    rows = [("figure", "unit") + tuple(stage.name for stage in columns)]
    for figure in figures:
        medians = (figure.median(stage.column, runs) for stage in columns)
        rows.append((figure.title, figure.unit) +
                    tuple(_cell(median, figure.unit) for median in medians))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    body = ["  ".join(cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])
                      for i, cell in enumerate(row)).rstrip() for row in rows]
    return "\n".join(header + [""] + body) + "\n"


def csv_text(figures: list[Figure], runs: int) -> str:
    """The header, then one row per figure and server whose `runs` runs all completed:

      figure,unit,server,median,runs
      get_p99,us,stage06,412.0,398.5;412.0;430.1

    `runs` lists every run's figure in the order they ran, separated by semicolons."""
    out = [CSV_HEADER]
    for figure in figures:
        for column, values in figure.runs.items():
            median = figure.median(column, runs)
            if median is not None:
                out.append(",".join([figure.key, figure.unit, column, f"{median:.1f}",
                                     ";".join(f"{v:.1f}" for v in values)]))
    return "\n".join(out) + "\n"


# --- the benchmark ----------------------------------------------------------------------------

def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="./scripts/bench stages",
        description="stepdb-stage01 (a thread per connection) beside stepdb-stage06 (one "
                    "event loop): memory per idle connection, GET latency, and the cost of "
                    "disk reads on the loop thread.")
    parser.add_argument("--stage01", metavar="PATH", default=str(DEFAULT_STAGE01),
                        help="the stepdb-stage01 executable (default: the release build's)")
    parser.add_argument("--stage06", metavar="PATH", default=str(DEFAULT_STAGE06),
                        help="the stepdb-stage06 executable (default: the release build's)")
    parser.add_argument("--client", metavar="PATH", default=str(DEFAULT_CLIENT),
                        help="the stepdb-bench-get-latency executable (default: the release "
                             "build's)")
    parser.add_argument("--runs", metavar="R", type=int,
                        help=f"runs of each measurement per server (default {DEFAULTS['runs']})")
    parser.add_argument("--connections", metavar="LIST",
                        help=f"idle connection counts at which RSS is read, ascending "
                             f"(default {DEFAULTS['connections']})")
    parser.add_argument("--clients", metavar="C", type=int,
                        help=f"timed connections of the latency line (default "
                             f"{DEFAULTS['clients']})")
    parser.add_argument("--requests", metavar="N", type=int,
                        help=f"timed GETs per connection on the latency line (default "
                             f"{DEFAULTS['requests']:,})")
    parser.add_argument("--disk-keys", metavar="N", type=int,
                        help=f"keys loaded for the disk line (default {DEFAULTS['disk_keys']:,})")
    parser.add_argument("--disk-value-size", metavar="B", type=int, default=1024,
                        help="bytes per value on the disk line (default %(default)s)")
    parser.add_argument("--block-cache-bytes", metavar="SIZE", default="1MiB",
                        help="stage 06's block cache on the disk line (default %(default)s)")
    parser.add_argument("--disk-requests", metavar="N", type=int,
                        help=f"timed GETs of the hot key per run of the disk line (default "
                             f"{DEFAULTS['disk_requests']:,})")
    parser.add_argument("--random-clients", metavar="R", type=int,
                        help=f"connections reading random keys beside the hot key's (default "
                             f"{DEFAULTS['random_clients']})")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke test: 1 run, tiny sizes (flags given still win)")
    parser.add_argument("--csv", action="store_true", help="print CSV instead of the table")
    parser.add_argument("--work-dir", metavar="DIR",
                        help="make the servers' directories in a fresh directory under this "
                             "one (default: the system's temporary directory)")
    parser.add_argument("--timeout", metavar="S", type=float, default=300.0,
                        help="seconds one client run, load or compaction may take "
                             "(default %(default)g)")
    args = parser.parse_args(argv)
    for name, default in (QUICK if args.quick else DEFAULTS).items():
        if getattr(args, name) is None:
            setattr(args, name, default)
    # The servers run in directories of their own.
    for flag in ("stage01", "stage06", "client"):
        setattr(args, flag, os.path.abspath(getattr(args, flag)))
    try:
        args.connections = [int(n) for n in args.connections.split(",")]
    except ValueError:
        parser.error(f"--connections takes a comma list of numbers; got {args.connections}")
    if args.connections != sorted(set(args.connections)) or args.connections[0] < 1:
        parser.error("--connections must be ascending counts of at least 1")
    for name in ("runs", "clients", "requests", "disk_keys", "disk_value_size",
                 "disk_requests"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.random_clients < 1:
        parser.error("--random-clients must be at least 1")
    if args.work_dir is not None and not os.path.isdir(args.work_dir):
        parser.error(f"--work-dir {args.work_dir} is not a directory")
    return args


def plan(args: argparse.Namespace) -> list[Figure]:
    figures = [Figure("rss_idle", "idle RSS", "MiB")]
    figures += [Figure(f"rss_{n}_connections", f"RSS with {n:,} idle connections", "MiB")
                for n in args.connections]
    most, readers = args.connections[-1], args.random_clients
    figures += [
        Figure("kib_per_connection", f"per connection ((RSS at {most:,} - idle) / {most:,})",
               "KiB"),
        Figure("get_p50", f"GET, {args.clients} clients: p50", "us"),
        Figure("get_p99", f"GET, {args.clients} clients: p99", "us"),
        Figure("get_throughput", f"GET, {args.clients} clients: throughput", "ops/s"),
        Figure("get_server_cpu", f"GET, {args.clients} clients: server CPU per GET", "us"),
        Figure("get_client_cpu", f"GET, {args.clients} clients: client CPU per GET", "us"),
        Figure("hot_get_alone_p50", "hot-key GET, alone: p50", "us"),
        Figure("hot_get_alone_p99", "hot-key GET, alone: p99", "us"),
        Figure("alone_server_cpu", "alone: server CPU per GET", "us"),
        Figure("hot_get_cached_readers_p50",
               f"hot-key GET beside {readers} readers of a cached key: p50", "us"),
        Figure("hot_get_cached_readers_p99",
               f"hot-key GET beside {readers} readers of a cached key: p99", "us"),
        Figure("cached_readers_throughput", f"{readers} readers of a cached key: throughput",
               "ops/s"),
        Figure("cached_readers_server_cpu", "beside readers of a cached key: server CPU per GET",
               "us"),
        Figure("hot_get_random_readers_p50", f"hot-key GET beside {readers} random readers: p50",
               "us"),
        Figure("hot_get_random_readers_p99", f"hot-key GET beside {readers} random readers: p99",
               "us"),
        Figure("random_readers_throughput", f"{readers} random readers: throughput", "ops/s"),
        Figure("random_readers_server_cpu", "beside random readers: server CPU per GET", "us"),
    ]
    return figures


def header(args: argparse.Namespace) -> list[str]:
    keys, size = args.disk_keys, args.disk_value_size
    return [
        "StepDB stages benchmark: stepdb-stage01 (a thread per connection) beside "
        "stepdb-stage06 (one event loop), over loopback",
        f"median of {args.runs} run(s), alternating the servers; latencies in microseconds, "
        f"timed per request at the client (stepdb-bench-get-latency: compiled, one thread, "
        f"epoll)",
        f"memory: VmRSS of a fresh server idle, then with {', '.join(map(str, args.connections))}"
        f" idle connections (each has done one GET)",
        f"latency: {args.clients} connections, each GET of one {clients.VALUE_SIZE}-byte value, "
        f"one at a time, {args.requests:,} per connection after {WARMUP_REQUESTS} untimed",
        f"disk: stage 06 with --block-cache-bytes {args.block_cache_bytes}, {keys:,} keys x "
        f"{size:,} B ({keys * size / MIB:,.0f} MiB) after DEBUG COMPACT; {args.disk_requests:,}"
        f" GETs of one hot key, alone or beside {args.random_clients} readers of one cached key "
        f"or of random keys; the files stay in the page cache (no disk seeks, only block cache "
        f"misses: decoding and reads of mapped pages)",
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start "
        f"(the client and the server share the CPUs)",
    ]


def check_files(args: argparse.Namespace) -> None:
    for flag, target in (("stage01", "stepdb-stage01"), ("stage06", "stepdb-stage06"),
                         ("client", "stepdb-bench-get-latency")):
        path = getattr(args, flag)
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise BenchError(f"--{flag} {path} is not an executable file (build it: cmake "
                             f"--preset release && cmake --build --preset release --target "
                             f"{target})")
    if shutil.which("redis-cli") is None:
        raise BenchError("redis-cli is not installed (./scripts/setup installs it)")


class Bench:
    """One benchmark run: its flags, its servers, the figures as they fill in."""

    def __init__(self, args: argparse.Namespace, fleet: Fleet, figures: list[Figure]):
        self.args = args
        self.fleet = fleet
        self.figures = {figure.key: figure for figure in figures}

    def record(self, key: str, stage: Stage, value: float) -> None:
        self.figures[key].runs.setdefault(stage.column, []).append(value)

    def start(self, stage: Stage, extra: list[str] | None = None) -> Server:
        args = self.args
        if stage is STAGE01:
            def command_for(port: int, _home: Path) -> list[str]:
                return [args.stage01, "--host", HOST, "--port", str(port), "--log-level", "warn"]
        else:
            # maxclients must admit every idle connection and the client's.
            maxclients = args.connections[-1] + args.clients + args.random_clients + 16

            def command_for(port: int, home: Path) -> list[str]:
                return [args.stage06, "--host", HOST, "--port", str(port), "--data-dir",
                        str(home / "data"), "--fsync", "everysec", "--log-level", "warn",
                        "--maxclients", str(maxclients)] + (extra or [])
        server = self.fleet.start_command(stage.name, stage.column, command_for)
        progress(f"{stage.name}: pid {server.pid}, port {server.port}")
        return server

    def latency_client(self, server: Server, stage: Stage, key: str, clients_: int,
                       requests: int, readers: int = 0,
                       reader_keys: int = 0) -> LatencyResult:
        """Runs stepdb-bench-get-latency against `server`, with `readers` more connections
        reading keys drawn from the first `reader_keys` loaded ones; says on stderr how much
        CPU the client and the server used, so that a run where the client was the
        bottleneck shows."""
        command = [self.args.client, "--port", str(server.port), "--protocol", stage.protocol,
                   "--clients", str(clients_), "--requests", str(requests), "--warmup",
                   str(WARMUP_REQUESTS), "--key", key, "--timeout", str(self.args.timeout)]
        if readers:
            width = len(clients.load_key(0, self.args.disk_keys)) - len(b"key:")
            command += ["--random-clients", str(readers), "--random-key-prefix", "key:",
                        "--random-key-width", str(width), "--random-key-count",
                        str(reader_keys)]
        server_cpu = cpu_seconds(server.pid)
        client_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        done = clients.run_tool(command, self.args.timeout + 30)
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        server.check_alive()
        result = parse_latency_output(done.stdout.decode(errors="replace"), clients_ * requests)
        result.client_cpu_seconds = ((after.ru_utime + after.ru_stime) -
                                     (client_cpu.ru_utime + client_cpu.ru_stime))
        result.server_cpu_seconds = cpu_seconds(server.pid) - server_cpu
        progress(f"  {wall:.1f} s: client CPU {result.client_cpu_seconds:.1f} s, server CPU "
                 f"{result.server_cpu_seconds:.1f} s")
        return result

    def run(self) -> None:
        for run in range(1, self.args.runs + 1):
            for stage in (STAGE01, STAGE06):
                server = self.start(stage)
                command(server.port, stage.request("SET", HOT_KEY, HOT_VALUE), stage.ok_reply)
                self.memory(run, server, stage)
                self.latency(run, server, stage)
                self.fleet.stop(server)
        self.disk()

    def memory(self, run: int, server: Server, stage: Stage) -> None:
        time.sleep(SETTLE_SECONDS)
        idle = server.rss_bytes()
        self.record("rss_idle", stage, idle / MIB)
        shown = [f"idle {idle / MIB:.1f} MiB ({threads_and_virtual_memory(server.pid)})"]
        opened: list[socket.socket] = []
        try:
            for count in self.args.connections:
                opened += open_idle_connections(server.port, stage, count - len(opened))
                time.sleep(SETTLE_SECONDS)
                rss = server.rss_bytes()
                self.record(f"rss_{count}_connections", stage, rss / MIB)
                shown.append(f"{count:,} connections {rss / MIB:.1f} MiB "
                             f"({threads_and_virtual_memory(server.pid)})")
        finally:
            close_all(opened)
        most = self.args.connections[-1]
        per_connection = (rss - idle) / most / 1024
        self.record("kib_per_connection", stage, per_connection)
        progress(f"memory, run {run}/{self.args.runs}, {stage.name}: {', '.join(shown)}; "
                 f"{per_connection:.1f} KiB per connection")
        time.sleep(SETTLE_SECONDS)  # let the server close them before the latency line

    def latency(self, run: int, server: Server, stage: Stage) -> None:
        progress(f"latency, run {run}/{self.args.runs}, {stage.name}: {self.args.clients} "
                 f"clients x {self.args.requests:,} GETs")
        result = self.latency_client(server, stage, HOT_KEY, self.args.clients,
                                     self.args.requests)
        p50, p99 = result.percentile_us(50), result.percentile_us(99)
        self.record("get_p50", stage, p50)
        self.record("get_p99", stage, p99)
        self.record("get_throughput", stage, result.ops_per_sec)
        # Per reply, warm-up included: what each design costs the CPUs, which a loaded
        # machine disturbs less than the rate it gets through.
        self.record("get_server_cpu", stage, result.server_cpu_seconds / result.replies * 1e6)
        self.record("get_client_cpu", stage, result.client_cpu_seconds / result.replies * 1e6)
        progress(f"  p50 {p50:.1f} us, p99 {p99:.1f} us, {result.ops_per_sec:,.0f} ops/s")

    def disk(self) -> None:
        args = self.args
        server = self.start(STAGE06, ["--block-cache-bytes", args.block_cache_bytes])
        load_file = self.fleet.workdir / "load.resp"
        progress(f"disk: loading {args.disk_keys:,} keys x {args.disk_value_size:,} B, then "
                 f"DEBUG COMPACT")
        started = time.monotonic()
        clients.write_load_file(load_file, args.disk_keys, args.disk_value_size)
        clients.run_pipe_load(server.port, load_file, args.disk_keys, args.timeout)
        load_file.unlink()
        command(server.port, STAGE06.request("DEBUG", "COMPACT"), STAGE06.ok_reply,
                timeout=args.timeout)
        hot_key = clients.load_key(args.disk_keys // 2, args.disk_keys).decode()
        progress(f"  loaded and compacted in {time.monotonic() - started:.1f} s; "
                 f"{server.disk_bytes() / MIB:,.0f} MiB in its directory, RSS "
                 f"{server.rss_bytes() / MIB:,.0f} MiB")
        # Readers of one key (key:0000000, its block always cached) separate what sharing
        # the loop with more clients costs from what their block cache misses cost.
        readers = args.random_clients
        conditions = [("alone", 0, 0, "no other reader"),
                      ("cached_readers", readers, 1, f"{readers} readers of one cached key"),
                      ("random_readers", readers, args.disk_keys, f"{readers} random readers")]
        for run in range(1, args.runs + 1):
            for name, count, keys, described in conditions:
                progress(f"disk, run {run}/{args.runs}: {args.disk_requests:,} GETs of "
                         f"{hot_key} beside {described}")
                result = self.latency_client(server, STAGE06, hot_key, 1, args.disk_requests,
                                             count, keys)
                p50, p99 = result.percentile_us(50), result.percentile_us(99)
                self.record(f"hot_get_{name}_p50", STAGE06, p50)
                self.record(f"hot_get_{name}_p99", STAGE06, p99)
                cpu = result.server_cpu_seconds / result.replies * 1e6
                self.record(f"{name}_server_cpu", STAGE06, cpu)
                shown = f"p50 {p50:.1f} us, p99 {p99:.1f} us, server CPU {cpu:.1f} us per GET"
                if count:
                    rate = result.background / result.seconds
                    self.record(f"{name}_throughput", STAGE06, rate)
                    shown += f"; the readers {rate:,.0f} ops/s"
                progress(f"  {shown}")
        self.fleet.stop(server)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    figures = plan(args)
    error = None
    top = None
    fleet = None

    def stop_on_signal(signum, _frame):
        raise Interrupted(f"stopped by {signal.Signals(signum).name}")

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGINT, stop_on_signal)
    try:
        check_files(args)
        # Idle connections, the client's, and room for the servers' own files.
        raise_open_file_limit(args.connections[-1] + args.clients + args.random_clients + 256)
        check_thread_limits(args.connections[-1] + args.clients + 16)
        top = header(args)
        workdir = Path(tempfile.mkdtemp(prefix="stepdb-bench-stages-", dir=args.work_dir))
        fleet = Fleet(args.stage06, workdir)
        Bench(args, fleet, figures).run()
    except (BenchError, OSError, subprocess.SubprocessError) as e:
        error = str(e)
    finally:
        # A second signal must not cut the clean-up short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if fleet is not None:
            fleet.stop_all()
            shutil.rmtree(fleet.workdir, ignore_errors=True)
    if top is not None:
        sys.stdout.write(csv_text(figures, args.runs) if args.csv else
                         table(figures, top, args.runs))
    if error is not None:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
