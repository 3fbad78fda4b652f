#!/usr/bin/python3
"""The server benchmark: stepdb beside redis-server and memcached, in one run, on one machine.

    ./scripts/bench server [flags]      builds the release stepdb, then runs this script
    bench_server.py --stepdb PATH [flags]

Every server starts on a free loopback port with a fresh directory, and the same client
measures stepdb and its peer, alternately: stepdb, peer, stepdb, peer, ... for --runs runs,
so that a machine that gets busier in the middle of a line slows both. The lines:

  pipeline1     redis-benchmark SET and GET, 50 clients, 100-byte values, 100,000 random
                keys, one request at a time per client; stepdb --fsync everysec against
                redis-server with appendonly yes, appendfsync everysec
  pipeline16    the same with -P 16 (16 requests in flight per client)
  collections   redis-benchmark HSET, SADD and SPOP as it runs them by default (no -r: every
                HSET writes the same field of myhash, every SADD the same member of myset,
                so SPOP pops that member once and then finds no set), then HSET with
                -r 100000 (one hash that grows towards 100,000 random fields), then SPOP
                from a set that holds members: before each run, SADD of --requests random
                members (of 1,000,000, pipeline 16, not measured) to myset, then --requests/2
                SPOPs; pipeline 1, the same servers as pipeline1
  lists         redis-benchmark LPUSH, RPUSH, LPOP, RPOP, LRANGE_100 and LRANGE_600 as it runs
                them by default (-t lpush,rpush,lpop,rpop,lrange_100,lrange_600, no -r: every
                request names the one list mylist, and the pops take back what the pushes
                added), then LRANGE mylist 0 99 and 0 599 (its CSV calls them "LRANGE_100
                (first 100 elements)" and "LRANGE_600 (first 600 elements)"); pipeline 1, the
                same servers as pipeline1. Before the LRANGE tests redis-benchmark fills
                mylist with --requests more LPUSHes and reports them as "LPUSH (needed to
                benchmark LRANGE)": that rate goes to stderr with the run's others but is no
                line of the table, since it is the LPUSH line's command again (mylist grows
                by --requests elements per run, so run R's LRANGEs read a list of R times
                --requests elements)
  zsets         redis-benchmark ZADD and ZPOPMIN as it runs them by default (-t zadd,zpopmin,
                no -r: every ZADD sets the score 0 of the same member of myzset, so ZPOPMIN
                pops that member once and then finds no sorted set), then ZADD with -r
                100000 (myzset grows towards 100,000 random members with random scores),
                then ZPOPMIN from a sorted set that holds members: before each run, ZADD of
                --requests random members and scores (of 1,000,000, pipeline 16, not
                measured) to myzset, then --requests/10 ZPOPMINs; then --requests/10
                ZRANGEBYSCORE ranked __rand_int__ +inf LIMIT 0 10 with -r --zset-members,
                over a sorted set filled once per server before the runs (not measured):
                ranked holds --zset-members members, member:N with the score N for N from
                0, sent 100 members per ZADD through redis-cli --pipe, and ZCARD must then
                count them all. Each request names a random score S below --zset-members
                and gets the 10 members from S on (member:S ... member:S+9; fewer only for
                the last 10 scores): a seek to a random point of the score order and a
                short read, while the range it names runs to the end of the set; pipeline
                1, the same servers as pipeline1
  memaslap      memcaslap, 32 connections, 90% get / 10% set, against memcached
  fsync-always  redis-benchmark SET, pipeline 1, with stepdb --fsync always against
                redis-server appendfsync always (each on a server of its own)
  rss           VmRSS after loading --rss-keys keys (key:0000000, ...) with 100-byte values
                through redis-cli --pipe, on a fresh stepdb and a fresh redis-server

Output: a table on stdout (or CSV with --csv; report.py describes both), progress on stderr.
Exit status: 0 iff every run of every line completed; 1 at the first error (a server that
does not start or dies, a client that fails or reports an error reply, a get that misses):
the lines completed so far are printed and the reason goes to stderr; 2 for a bad command
line. Whatever happens, every server started is stopped and reaped and the working directory
is removed (servers.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import clients
from report import Line, csv_text, table
from servers import BenchError, Fleet, Server

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_STEPDB = ROOT / "build" / "release" / "server" / "stepdb"

LINE_GROUPS = ["pipeline1", "pipeline16", "collections", "lists", "zsets", "memaslap",
               "fsync-always", "rss"]
# The groups that redis-benchmark measures on one stepdb and one redis-server.
SHARED_SERVER_GROUPS = {"pipeline1", "pipeline16", "collections", "lists", "zsets"}
# The collections group: redis-benchmark's own tests without -r, then HSET with -r.
COLLECTION_TESTS = ["HSET", "SADD", "SPOP"]
# The lists group: redis-benchmark's list tests, named as -t names them, without -r.
LIST_TESTS = ["LPUSH", "RPUSH", "LPOP", "RPOP", "LRANGE_100", "LRANGE_600"]
RANDOM_FIELDS = clients.KEYSPACE
# SPOP from a set that holds members: the set is loaded from this many random members.
SPOP_MEMBER_SPACE = 1_000_000
SPOP_LOAD_PIPELINE = 16
# The zsets group: redis-benchmark's own tests without -r, then ZADD with -r, then ZPOPMIN
# from a sorted set loaded as SPOP's set is.
ZSET_TESTS = ["ZADD", "ZPOPMIN"]
# ZRANGEBYSCORE from a random score: the sorted set it reads, the members it returns, the
# members per ZADD of the set's fill.
RANGE_ZSET_KEY = "ranked"
RANGE_LIMIT = 10
RANGE_LOAD_BATCH = 100
ZRANGEBYSCORE_COMMAND = ["ZRANGEBYSCORE", RANGE_ZSET_KEY, "__rand_int__", "+inf", "LIMIT", "0",
                         str(RANGE_LIMIT)]
# The pops of SPOP from a set of members and of ZPOPMIN from a sorted set of members, and the
# ZRANGEBYSCORE runs, are half of --requests, so that the pops never empty what a run grew.
POP_DIVISOR = 2

# The defaults, and --quick's: a smoke test of the whole run in a few seconds.
DEFAULTS = {"runs": 3, "requests": 100_000, "memaslap_seconds": 10, "rss_keys": 1_000_000,
            "zset_members": 100_000}
QUICK = {"runs": 1, "requests": 2_000, "memaslap_seconds": 1, "rss_keys": 10_000,
         "zset_members": 1_000}
# Pipelined runs do this many times --requests (they go about ten times faster), and the
# fsync-always line a fifth of it (each write waits for the disk), so every run takes
# about as long.
PIPELINED_FACTOR = 10
FSYNC_ALWAYS_DIVISOR = 5

MIB = 1024 * 1024
DYING_SERVER_WAIT = 2.0  # seconds


class Interrupted(BenchError):
    """SIGINT or SIGTERM arrived."""


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="./scripts/bench server",
        description="stepdb beside redis-server and memcached: redis-benchmark (strings, "
                    "hashes, sets, lists, sorted sets), memcaslap and memory after a bulk "
                    "load, alternating stepdb and its peer run by run.")
    parser.add_argument("--stepdb", metavar="PATH", default=str(DEFAULT_STEPDB),
                        help="the stepdb executable (default: the release build's, "
                             "build/release/server/stepdb)")
    parser.add_argument("--runs", metavar="R", type=int, help=f"runs per server and line "
                        f"(default {DEFAULTS['runs']})")
    parser.add_argument("--requests", metavar="N", type=int,
                        help=f"redis-benchmark -n per pipeline-1 run (default "
                             f"{DEFAULTS['requests']:,}); pipeline 16 runs use "
                             f"{PIPELINED_FACTOR}x as many, fsync-always runs 1/"
                             f"{FSYNC_ALWAYS_DIVISOR}")
    parser.add_argument("--memaslap-seconds", metavar="S", type=int,
                        help=f"memcaslap -t per run (default {DEFAULTS['memaslap_seconds']})")
    parser.add_argument("--rss-keys", metavar="N", type=int,
                        help=f"keys loaded before RSS is read (default {DEFAULTS['rss_keys']:,})")
    parser.add_argument("--zset-members", metavar="N", type=int,
                        help=f"members of the sorted set ZRANGEBYSCORE reads (default "
                             f"{DEFAULTS['zset_members']:,})")
    parser.add_argument("--lines", metavar="LIST", default=",".join(LINE_GROUPS),
                        help="comma list of the lines to run, of: %(default)s")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke test: 1 run, tiny sizes (flags given still win)")
    parser.add_argument("--csv", action="store_true", help="print CSV instead of the table")
    parser.add_argument("--work-dir", metavar="DIR", help="make the servers' directories in a fresh "
                        "directory under this one (default: the system's temporary directory); "
                        "put it on the disk you mean to measure")
    parser.add_argument("--timeout", metavar="S", type=float, default=600.0,
                        help="seconds one client run may take before it counts as failed "
                             "(default %(default)g)")
    args = parser.parse_args(argv)
    for name, default in (QUICK if args.quick else DEFAULTS).items():
        if getattr(args, name) is None:
            setattr(args, name, default)
    for name in DEFAULTS:
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    args.lines = [group for group in args.lines.split(",") if group]
    unknown = [group for group in args.lines if group not in LINE_GROUPS]
    if unknown or not args.lines:
        parser.error(f"--lines takes a comma list of {','.join(LINE_GROUPS)}; "
                     f"got {','.join(unknown) or 'nothing'}")
    if args.work_dir is not None and not os.path.isdir(args.work_dir):
        parser.error(f"--work-dir {args.work_dir} is not a directory")
    return args


def plan(args: argparse.Namespace) -> dict[str, Line]:
    """The lines to run, by CSV name, in the order they run and print."""
    runs = args.runs
    lines = []

    def pipeline1(key: str, title: str) -> Line:
        """A redis-benchmark line at pipeline 1 beside redis-server."""
        return Line(key, f"{title}, pipeline 1", "ops/s", "redis-server", runs)

    for pipeline in (1, 16):
        if f"pipeline{pipeline}" in args.lines:
            for test in ("SET", "GET"):
                lines.append(Line(f"{test.lower()}_p{pipeline}", f"{test}, pipeline {pipeline}",
                                  "ops/s", "redis-server", runs))
    if "collections" in args.lines:
        titles = {"HSET": "HSET, one field", "SADD": "SADD, one member",
                  "SPOP": "SPOP, one member then none"}
        lines += [pipeline1(f"{test.lower()}_p1", titles[test]) for test in COLLECTION_TESTS]
        lines.append(pipeline1(f"hset_p1_r{RANDOM_FIELDS}",
                               f"HSET, {RANDOM_FIELDS:,} random fields"))
        lines.append(pipeline1("spop_p1_loaded", "SPOP from a set of members"))
    if "lists" in args.lines:
        titles = {"LPUSH": "LPUSH, one list", "RPUSH": "RPUSH, one list",
                  "LPOP": "LPOP, one list", "RPOP": "RPOP, one list",
                  "LRANGE_100": "LRANGE, first 100 elements",
                  "LRANGE_600": "LRANGE, first 600 elements"}
        lines += [pipeline1(f"{test.lower()}_p1", titles[test]) for test in LIST_TESTS]
    if "zsets" in args.lines:
        titles = {"ZADD": "ZADD, one member", "ZPOPMIN": "ZPOPMIN, one member then none"}
        lines += [pipeline1(f"{test.lower()}_p1", titles[test]) for test in ZSET_TESTS]
        lines.append(pipeline1(f"zadd_p1_r{RANDOM_FIELDS}",
                               f"ZADD, {RANDOM_FIELDS:,} random members"))
        lines.append(pipeline1("zpopmin_p1_loaded", "ZPOPMIN from a sorted set of members"))
        lines.append(pipeline1("zrangebyscore_p1", f"ZRANGEBYSCORE LIMIT 0 {RANGE_LIMIT}, "
                                                   f"{args.zset_members:,} members"))
    if "memaslap" in args.lines:
        lines.append(Line("memaslap_get90_set10", "memcaslap get 90% / set 10%", "ops/s",
                          "memcached", runs))
    if "fsync-always" in args.lines:
        lines.append(Line("set_p1_fsync_always", "SET, pipeline 1, fsync always", "ops/s",
                          "redis-server", runs))
    if "rss" in args.lines:
        lines.append(Line("rss_loaded", f"RSS after {args.rss_keys:,} keys x 100 B", "MiB",
                          "redis-server", runs, higher_is_better=False))
    return {line.key: line for line in lines}


def tool_version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    words = done.stdout.split()
    for word in words:
        if word.startswith("v="):  # Redis server v=7.0.15 sha=...
            return word[2:]
    return words[1] if len(words) > 1 else "unknown"  # memcached 1.6.18


def header(args: argparse.Namespace) -> list[str]:
    """What the table's reader needs to judge it: versions, settings, the machine."""
    groups = set(args.lines)
    requests = args.requests
    lines = [
        f"StepDB server benchmark: stepdb beside redis-server "
        f"{tool_version(['redis-server', '--version'])}"
        + (f" and memcached {tool_version(['memcached', '-V'])}" if "memaslap" in groups else "")
        + ", over loopback",
        f"median of {args.runs} run(s) per server, alternating stepdb and peer; stepdb/peer "
        f"above 1.00x is better for ops/s, below 1.00x is better for MiB (RSS: lower is better)",
        "durability: stepdb --fsync everysec, redis-server appendonly yes + appendfsync "
        "everysec (both always on the fsync-always line)"
        + ("; memcached keeps nothing" if "memaslap" in groups else ""),
    ]
    if groups & (SHARED_SERVER_GROUPS | {"fsync-always"}):
        lines.append(
            f"redis-benchmark: {clients.REDIS_BENCHMARK_CLIENTS} clients, {clients.VALUE_SIZE}"
            f"-byte values, {clients.KEYSPACE:,} random keys; -n {requests} at pipeline 1, "
            f"{requests * PIPELINED_FACTOR} at pipeline 16, "
            f"{max(1, requests // FSYNC_ALWAYS_DIVISOR)} with fsync always")
    if "collections" in groups:
        lines.append(
            f"collections: redis-benchmark -t hset,sadd,spop without -r (one field of myhash, "
            f"one member of myset), then -t hset -r {RANDOM_FIELDS} (myhash grows towards "
            f"{RANDOM_FIELDS:,} fields); -n {requests} each; then, per run, -t sadd -r "
            f"{SPOP_MEMBER_SPACE} -P {SPOP_LOAD_PIPELINE} -n {requests} (not measured) and "
            f"-t spop -n {max(1, requests // POP_DIVISOR)} on the set it grew")
    if "lists" in groups:
        lines.append(
            f"lists: redis-benchmark -t {','.join(test.lower() for test in LIST_TESTS)} "
            f"without -r (one list, mylist); -n {requests}; the LPUSHes it adds to fill "
            f"mylist for LRANGE are no line (their rate is on stderr)")
    if "zsets" in groups:
        lines.append(
            f"zsets: redis-benchmark -t zadd,zpopmin without -r (one member of myzset), then "
            f"-t zadd -r {RANDOM_FIELDS} (myzset grows towards {RANDOM_FIELDS:,} members); -n "
            f"{requests} each; then, per run, -t zadd -r {SPOP_MEMBER_SPACE} -P "
            f"{SPOP_LOAD_PIPELINE} -n {requests} (not measured) and -t zpopmin -n "
            f"{max(1, requests // POP_DIVISOR)} on the sorted set it grew; then -n "
            f"{max(1, requests // POP_DIVISOR)} -r "
            f"{args.zset_members} {' '.join(ZRANGEBYSCORE_COMMAND)} over {RANGE_ZSET_KEY}, "
            f"{args.zset_members:,} members with the scores 0..{args.zset_members - 1} "
            f"(loaded once per server)")
    if "memaslap" in groups:
        lines.append(
            f"memcaslap: {clients.MEMASLAP_CONNECTIONS} connections, "
            f"{clients.MEMASLAP_THREADS} threads, 90% get / 10% set, {clients.VALUE_SIZE}-byte "
            f"values, {args.memaslap_seconds} s per run")
    lines.append(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at "
                 f"start (clients and servers share the CPUs)")
    return lines


def check_tools(args: argparse.Namespace) -> None:
    if not (os.path.isfile(args.stepdb) and os.access(args.stepdb, os.X_OK)):
        raise BenchError(f"{args.stepdb} is not an executable file (build it: cmake --preset "
                         f"release && cmake --build --preset release --target stepdb)")
    needed = {"redis-server"}
    if (SHARED_SERVER_GROUPS | {"fsync-always"}) & set(args.lines):
        needed.add("redis-benchmark")
    if "memaslap" in args.lines:
        needed |= {"memcached", "memcaslap"}
    if {"rss", "zsets"} & set(args.lines):
        needed.add("redis-cli")
    missing = sorted(tool for tool in needed if shutil.which(tool) is None)
    if missing:
        raise BenchError(f"not installed: {', '.join(missing)} (./scripts/setup installs them)")


class Bench:
    """One benchmark run: the plan, the fleet of servers, the lines as they fill in."""

    def __init__(self, args: argparse.Namespace, fleet: Fleet, lines: dict[str, Line]):
        self.args = args
        self.fleet = fleet
        self.lines = lines

    @staticmethod
    def announce(server: Server) -> Server:
        """Says which pid and port a server got (a profiler needs the pid)."""
        progress(f"{server.name}: pid {server.pid}, port {server.port}")
        return server

    @staticmethod
    def measure(server: Server, client, *args):
        """client(server.port, *args), then a check that the server is still up. A client
        that fails because the server died reports the server's exit and log instead."""
        try:
            result = client(server.port, *args)
        except BenchError:
            # A crashing server may take a moment to go (a core dump, a crash report).
            try:
                server.process.wait(DYING_SERVER_WAIT)
            except subprocess.TimeoutExpired:
                pass
            server.check_alive()
            raise
        server.check_alive()
        return result

    def run(self) -> None:
        args, fleet = self.args, self.fleet
        groups = set(args.lines)
        if groups & (SHARED_SERVER_GROUPS | {"memaslap"}):
            stepdb = self.announce(fleet.start_stepdb("everysec"))
            if groups & SHARED_SERVER_GROUPS:
                redis = self.announce(fleet.start_redis("everysec"))
                if "pipeline1" in groups:
                    self.redis_benchmark_line("pipeline 1", stepdb, redis, ["SET", "GET"], 1,
                                              args.requests, "_p1")
                if "pipeline16" in groups:
                    self.redis_benchmark_line("pipeline 16", stepdb, redis, ["SET", "GET"], 16,
                                              args.requests * PIPELINED_FACTOR, "_p16")
                if "collections" in groups:
                    self.collection_lines("collections", COLLECTION_TESTS, "HSET", "SADD",
                                          "SPOP", POP_DIVISOR, stepdb, redis)
                if "lists" in groups:
                    self.redis_benchmark_line("lists", stepdb, redis, LIST_TESTS, 1,
                                              args.requests, "_p1", keyspace=None)
                if "zsets" in groups:
                    self.collection_lines("zsets", ZSET_TESTS, "ZADD", "ZADD", "ZPOPMIN",
                                          POP_DIVISOR, stepdb, redis)
                    self.zrangebyscore_line(stepdb, redis)
                fleet.stop(redis)
            if "memaslap" in groups:
                memcached = self.announce(fleet.start_memcached())
                self.memaslap_line(stepdb, memcached)
                fleet.stop(memcached)
            fleet.stop(stepdb)
        if "fsync-always" in groups:
            stepdb = self.announce(fleet.start_stepdb("always"))
            redis = self.announce(fleet.start_redis("always"))
            self.redis_benchmark_line("fsync always", stepdb, redis, ["SET"], 1,
                                      max(1, args.requests // FSYNC_ALWAYS_DIVISOR),
                                      "_p1_fsync_always")
            fleet.stop(stepdb)
            fleet.stop(redis)
        if "rss" in groups:
            self.rss_line()

    def redis_benchmark_line(self, label: str, stepdb: Server, redis: Server,
                             tests: list[str], pipeline: int, requests: int, suffix: str,
                             keyspace: int | None = clients.KEYSPACE) -> None:
        lines = [self.lines[test.lower() + suffix] for test in tests]
        for run in range(1, self.args.runs + 1):
            for server, is_stepdb in ((stepdb, True), (redis, False)):
                started = time.monotonic()
                rates = self.measure(server, clients.run_redis_benchmark, tests, requests,
                                     pipeline, self.args.timeout, keyspace)
                for line, test in zip(lines, tests):
                    (line.stepdb_runs if is_stepdb else line.peer_runs).append(rates[test])
                # Every rate, even those of no line (LPUSH to fill the list for LRANGE).
                shown = ", ".join(f"{test} {rate:,.0f}" for test, rate in rates.items())
                progress(f"{label}, run {run}/{self.args.runs}, {server.name}: "
                         f"{shown} ops/s ({time.monotonic() - started:.1f} s)")

    def collection_lines(self, label: str, tests: list[str], grow: str, add: str, pop: str,
                         pop_divisor: int, stepdb: Server, redis: Server) -> None:
        """A collection type's lines: redis-benchmark's own `tests` without -r, then the test
        `grow` with -r RANDOM_FIELDS (one collection that grows), then `pop` where every
        pop finds a member (loaded_pop_line, with `add` and `pop_divisor`)."""
        requests = self.args.requests
        self.redis_benchmark_line(label, stepdb, redis, tests, 1, requests, "_p1",
                                  keyspace=None)
        self.redis_benchmark_line(f"{grow} -r {RANDOM_FIELDS}", stepdb, redis, [grow], 1,
                                  requests, f"_p1_r{RANDOM_FIELDS}", keyspace=RANDOM_FIELDS)
        self.loaded_pop_line(add, pop, pop_divisor, stepdb, redis)

    def loaded_pop_line(self, add: str, pop: str, divisor: int, stepdb: Server,
                        redis: Server) -> None:
        """A pop (SPOP, ZPOPMIN) where every pop finds a member: each run first adds
        --requests random members with the test `add` (SADD, ZADD; not measured), then pops
        --requests / `divisor` of them with the test `pop`."""
        line = self.lines[f"{pop.lower()}_p1_loaded"]
        requests = self.args.requests
        for run in range(1, self.args.runs + 1):
            for server, is_stepdb in ((stepdb, True), (redis, False)):
                started = time.monotonic()
                self.measure(server, clients.run_redis_benchmark, [add], requests,
                             SPOP_LOAD_PIPELINE, self.args.timeout, SPOP_MEMBER_SPACE)
                rates = self.measure(server, clients.run_redis_benchmark, [pop],
                                     max(1, requests // divisor), 1, self.args.timeout, None)
                (line.stepdb_runs if is_stepdb else line.peer_runs).append(rates[pop])
                progress(f"{pop} after {add}, run {run}/{self.args.runs}, {server.name}: "
                         f"{pop} {rates[pop]:,.0f} ops/s ({time.monotonic() - started:.1f} s)")

    def zrangebyscore_line(self, stepdb: Server, redis: Server) -> None:
        """ZRANGEBYSCORE from a random score over a sorted set of --zset-members members,
        filled once per server before the runs (not measured)."""
        line = self.lines["zrangebyscore_p1"]
        members = self.args.zset_members
        load_file = self.fleet.workdir / "zset.resp"
        commands = clients.write_zset_load_file(load_file, RANGE_ZSET_KEY, members,
                                                RANGE_LOAD_BATCH)
        for server in (stepdb, redis):
            started = time.monotonic()
            self.measure(server, clients.run_pipe_load, load_file, commands, self.args.timeout)
            count = self.measure(server, clients.run_redis_cli_integer,
                                 ["ZCARD", RANGE_ZSET_KEY], self.args.timeout)
            if count != members:
                raise BenchError(f"{server.name}: ZCARD {RANGE_ZSET_KEY} is {count:,} after "
                                 f"loading {members:,} members")
            progress(f"{server.name}: {RANGE_ZSET_KEY} loaded with {members:,} members "
                     f"({time.monotonic() - started:.1f} s)")
        load_file.unlink()
        for run in range(1, self.args.runs + 1):
            for server, is_stepdb in ((stepdb, True), (redis, False)):
                started = time.monotonic()
                rate = self.measure(server, clients.run_redis_benchmark_custom,
                                    ZRANGEBYSCORE_COMMAND,
                                    max(1, self.args.requests // POP_DIVISOR), 1,
                                    self.args.timeout, members)
                (line.stepdb_runs if is_stepdb else line.peer_runs).append(rate)
                progress(f"ZRANGEBYSCORE, run {run}/{self.args.runs}, {server.name}: "
                         f"{rate:,.0f} ops/s ({time.monotonic() - started:.1f} s)")

    def memaslap_line(self, stepdb: Server, memcached: Server) -> None:
        line = self.lines["memaslap_get90_set10"]
        for run in range(1, self.args.runs + 1):
            for server, is_stepdb in ((stepdb, True), (memcached, False)):
                seconds = self.args.memaslap_seconds
                result = self.measure(server, clients.run_memaslap, seconds,
                                      min(self.args.timeout, seconds + 60))
                (line.stepdb_runs if is_stepdb else line.peer_runs).append(result.ops_per_sec)
                progress(f"memcaslap, run {run}/{self.args.runs}, {server.name}: "
                         f"{result.ops_per_sec:,.0f} ops/s ({result.gets:,} gets, "
                         f"{result.sets:,} sets, {result.get_misses} misses)")

    def rss_line(self) -> None:
        line = self.lines["rss_loaded"]
        count = self.args.rss_keys
        load_file = self.fleet.workdir / "load.resp"
        progress(f"writing {count:,} SET commands for redis-cli --pipe")
        clients.write_load_file(load_file, count)
        for run in range(1, self.args.runs + 1):
            for is_stepdb in (True, False):
                server = self.announce(self.fleet.start_stepdb("everysec") if is_stepdb else
                                    self.fleet.start_redis("everysec"))
                before = server.rss_bytes()
                started = time.monotonic()
                self.measure(server, clients.run_pipe_load, load_file, count,
                             self.args.timeout)
                loaded = server.rss_bytes()
                (line.stepdb_runs if is_stepdb else line.peer_runs).append(loaded / MIB)
                progress(f"RSS, run {run}/{self.args.runs}, {server.name}: "
                         f"{before / MIB:,.1f} MiB empty, {loaded / MIB:,.1f} MiB after "
                         f"{count:,} keys (loaded in {time.monotonic() - started:.1f} s; "
                         f"{server.disk_bytes() / MIB:,.1f} MiB in its directory)")
                self.fleet.stop(server)
        load_file.unlink()


def run_main(workdir_prefix: str, args: argparse.Namespace, lines: dict[str, Line],
             check_tools: Callable[[argparse.Namespace], None],
             header: Callable[[argparse.Namespace], list[str]],
             run: Callable[[Fleet], None],
             render: Callable[[list[str]], str] | None = None) -> int:
    """What a benchmark's main does once its flags are parsed: check_tools(args) (BenchError
    if something is missing), run(fleet) with a Fleet of args.stepdb in a fresh directory
    named workdir_prefix... under args.work_dir, then stop every server, remove the directory
    and print `lines` (the table under header(args), or CSV with args.csv) whatever
    happened; a report that is not made of Lines passes `render`, which gets the header and
    returns the text to print instead. SIGINT and SIGTERM stop the run as an error. Returns
    the exit status: 0, or 1 after an error, whose reason goes to stderr."""
    error = None
    top = None
    fleet = None

    def stop_on_signal(signum, _frame):
        raise Interrupted(f"stopped by {signal.Signals(signum).name}")

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGINT, stop_on_signal)
    try:
        check_tools(args)
        top = header(args)
        workdir = Path(tempfile.mkdtemp(prefix=workdir_prefix, dir=args.work_dir))
        fleet = Fleet(os.path.abspath(args.stepdb), workdir)
        run(fleet)
    except BenchError as e:
        error = str(e)
    finally:
        # A second signal must not cut the clean-up short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if fleet is not None:
            fleet.stop_all()
            shutil.rmtree(fleet.workdir, ignore_errors=True)
    if top is not None and render is not None:
        sys.stdout.write(render(top))
    elif top is not None:
        sys.stdout.write(csv_text(list(lines.values())) if args.csv else
                         table(list(lines.values()), top))
    if error is not None:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    lines = plan(args)
    return run_main("stepdb-bench-server-", args, lines, check_tools, header,
                    lambda fleet: Bench(args, fleet, lines).run())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
