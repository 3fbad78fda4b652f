"""The load generators the benchmark drives, and the parsing of what they print.

  redis-benchmark   (redis-tools)          RESP SET, GET, HSET, SADD, SPOP, LPUSH, RPUSH,
                                           LPOP, RPOP, LRANGE, ZADD, ZPOPMIN, and a command
                                           given on its command line; `--csv` prints one
                                           row per test: "test","rps",latencies...
  memcaslap         (libmemcached-tools)   Memcached text protocol, 90% get / 10% set (its
                                           default mix); the last line holds "TPS: N"
  redis-cli --pipe  (redis-tools)          bulk load of a file of RESP commands; its last
                                           line is "errors: E, replies: R"

Each run_* function runs one client to completion, at most `timeout` seconds (then the client
is killed and reaped), and returns what it measured. A client that exits non-zero, prints
something that does not parse, or reports errors raises BenchError with the command and the
end of its output: a benchmark that goes on after an error reply measures the error path.
The parse_* functions are separate so that they can be tested on recorded output.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from servers import HOST, PARENT_DEATH_SIGNAL, BenchError

OUTPUT_TAIL_CHARS = 2000

# redis-benchmark: 50 clients, 100-byte values, keys drawn from 100,000 (key:000000000042;
# for HSET, SADD, SPOP and ZADD the elements of one key, myhash, myset or myzset,
# element:000000000042, and ZADD's score too; the list tests name the one key mylist and push
# the value, so -r changes nothing for them).
REDIS_BENCHMARK_CLIENTS = 50
VALUE_SIZE = 100
KEYSPACE = 100_000

# memcaslap: 32 connections from 2 threads (one per core of a small machine; it needs at
# least one thread per server and spreads the connections over them), 100-byte values like
# every other line, otherwise its defaults: 90% get / 10% set, 64-byte keys, and gets only
# for keys it has set.
MEMASLAP_CONNECTIONS = 32
MEMASLAP_THREADS = 2
# Below this share of gets the run was not the 90/10 mix (check_memaslap).
MEMASLAP_MIN_GET_SHARE = 0.8


def _tail(text: str) -> str:
    return text if len(text) <= OUTPUT_TAIL_CHARS else "..." + text[-OUTPUT_TAIL_CHARS:]


def run_tool(command: list[str], timeout: float, stdin=None) -> subprocess.CompletedProcess:
    """Runs a client to completion, at most `timeout` seconds; BenchError unless it exits 0."""
    try:
        done = subprocess.run(command, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                              capture_output=True, timeout=timeout, check=False,
                              preexec_fn=PARENT_DEATH_SIGNAL)
    except subprocess.TimeoutExpired as e:
        raise BenchError(f"{' '.join(command)} did not finish within {timeout:g} s; "
                         f"its output so far:\n{_tail(_text(e.stdout) + _text(e.stderr))}")
    except OSError as e:
        raise BenchError(f"cannot run {command[0]}: {e} (./scripts/setup installs it)")
    if done.returncode != 0:
        raise BenchError(f"{' '.join(command)} exited with status {done.returncode}:\n"
                         f"{_tail(_text(done.stdout) + _text(done.stderr))}")
    return done


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode(errors="replace")


# --- redis-benchmark ---------------------------------------------------------------------------

def redis_benchmark_command(port: int, tests: list[str], requests: int, pipeline: int,
                            keyspace: int | None = KEYSPACE) -> list[str]:
    """redis-benchmark's command line. `keyspace` is its -r: __rand_int__ in a key or an
    element is drawn from that many; None leaves -r out, and then every request names the
    same key and element (HSET writes the field "element:__rand_int__" of myhash each time)."""
    return _redis_benchmark_options(port, requests, pipeline, keyspace) + [
        "-t", ",".join(tests), "--csv"]


def redis_benchmark_custom_command(port: int, words: list[str], requests: int, pipeline: int,
                                   keyspace: int | None) -> list[str]:
    """redis-benchmark's command line that sends the command `words` instead of its own
    tests; with `keyspace` (its -r), each __rand_int__ among the words is a number drawn
    from that many, written as 12 digits (000000000042)."""
    return _redis_benchmark_options(port, requests, pipeline, keyspace) + ["--csv"] + words


def _redis_benchmark_options(port: int, requests: int, pipeline: int,
                             keyspace: int | None) -> list[str]:
    command = ["redis-benchmark", "-h", HOST, "-p", str(port), "-c", str(REDIS_BENCHMARK_CLIENTS),
               "-n", str(requests), "-d", str(VALUE_SIZE)]
    if keyspace is not None:
        command += ["-r", str(keyspace)]
    return command + ["-P", str(pipeline)]


# redis-benchmark --csv names a test by its -t name in capitals ("SET" for set), except the
# LRANGE tests, which say how much they read: "LRANGE_100 (first 100 elements)".
_LRANGE_TEST = re.compile(r"LRANGE_(\d+)")
# Before its LRANGE tests redis-benchmark fills mylist with -n LPUSHes of its own, and
# reports them as one more test, under this name.
LRANGE_FILL = "LPUSH (needed to benchmark LRANGE)"


def csv_test_name(test: str) -> str:
    """The name redis-benchmark --csv gives the test that -t calls `test`: "SET" for set,
    "LRANGE_100 (first 100 elements)" for lrange_100."""
    name = test.upper()
    lrange = _LRANGE_TEST.fullmatch(name)
    return f"{name} (first {lrange[1]} elements)" if lrange else name


def parse_redis_benchmark_csv(output: str, tests: list[str]) -> dict[str, float]:
    """Requests per second from redis-benchmark --csv, in the order it ran the tests, by
    their -t name in capitals ("SET", "LRANGE_100"); where `tests` hold an LRANGE test, the
    LPUSHes that filled its list too, under LRANGE_FILL. Raises BenchError unless each of
    those has exactly one row with a positive rate, and no other row is there."""
    # CSV name: the name it is returned under.
    wanted = {csv_test_name(test): test.upper() for test in tests}
    if any(_LRANGE_TEST.fullmatch(test.upper()) for test in tests):
        wanted[LRANGE_FILL] = LRANGE_FILL
    return _parse_rates(output, wanted)


def parse_custom_command_csv(output: str, words: list[str]) -> float:
    """Requests per second from redis-benchmark --csv run with the command `words`, which
    its CSV names by the words as given, joined by spaces ("ZRANGEBYSCORE k __rand_int__
    ..."). Raises BenchError unless that is its one row and the rate is positive."""
    name = " ".join(words)
    return _parse_rates(output, {name: name})[name]


def _parse_rates(output: str, wanted: dict[str, str]) -> dict[str, float]:
    """The rate of each row of redis-benchmark --csv, under wanted[its CSV name], in the
    order of the rows; BenchError unless the rows are exactly `wanted`'s, each positive."""
    rows = list(csv.reader(io.StringIO(output)))
    rows = [row for row in rows if row]
    if not rows or rows[0][:2] != ["test", "rps"]:
        raise BenchError(f"redis-benchmark --csv printed no header row:\n{_tail(output)}")
    rates: dict[str, float] = {}
    for row in rows[1:]:
        try:
            name, rate = row[0], float(row[1])
        except (IndexError, ValueError):
            raise BenchError(f"redis-benchmark --csv printed a row that does not parse: {row}")
        if name in rates:
            raise BenchError(f"redis-benchmark --csv printed {name} twice:\n{_tail(output)}")
        rates[name] = rate
    if sorted(rates) != sorted(wanted) or any(rate <= 0 for rate in rates.values()):
        raise BenchError(f"redis-benchmark --csv should hold one positive rate for each of "
                         f"{', '.join(wanted)}:\n{_tail(output)}")
    return {wanted[name]: rate for name, rate in rates.items()}


def run_redis_benchmark(port: int, tests: list[str], requests: int, pipeline: int,
                        timeout: float, keyspace: int | None = KEYSPACE) -> dict[str, float]:
    """Runs redis-benchmark once against `port` and returns requests per second by test.
    redis-benchmark exits 1 at the first error reply ("Error from server: ...")."""
    command = redis_benchmark_command(port, tests, requests, pipeline, keyspace)
    done = run_tool(command, timeout)
    return parse_redis_benchmark_csv(_text(done.stdout), tests)


def run_redis_benchmark_custom(port: int, words: list[str], requests: int, pipeline: int,
                               timeout: float, keyspace: int | None) -> float:
    """Runs redis-benchmark once against `port` with the command `words` and returns its
    requests per second."""
    command = redis_benchmark_custom_command(port, words, requests, pipeline, keyspace)
    done = run_tool(command, timeout)
    return parse_custom_command_csv(_text(done.stdout), words)


# --- memcaslap ---------------------------------------------------------------------------------

@dataclass
class MemaslapResult:
    ops_per_sec: float
    gets: int
    sets: int
    get_misses: int


_MEMASLAP_TOTAL = re.compile(r"^Run time: \S+ Ops: (\d+) TPS: (\d+)", re.MULTILINE)
_MEMASLAP_COUNTER = re.compile(r"^(cmd_get|cmd_set|get_misses): (\d+)$", re.MULTILINE)


def memaslap_command(port: int, seconds: int) -> list[str]:
    return ["memcaslap", "-s", f"{HOST}:{port}", "-c", str(MEMASLAP_CONNECTIONS),
            "-T", str(MEMASLAP_THREADS), "-X", str(VALUE_SIZE), "-t", f"{seconds}s"]


def parse_memaslap(output: str) -> MemaslapResult:
    """The throughput and counters of memcaslap's final report. Raises BenchError if the
    report is missing, or if the run did no operation."""
    totals = _MEMASLAP_TOTAL.findall(output)
    counters = dict(_MEMASLAP_COUNTER.findall(output))
    if not totals or set(counters) != {"cmd_get", "cmd_set", "get_misses"}:
        raise BenchError(f"memcaslap printed no final report (Run time ... TPS, cmd_get, "
                         f"cmd_set, get_misses):\n{_tail(output)}")
    operations, tps = (int(n) for n in totals[-1])
    if operations == 0 or tps == 0:
        raise BenchError(f"memcaslap completed no operation:\n{_tail(output)}")
    return MemaslapResult(float(tps), int(counters["cmd_get"]), int(counters["cmd_set"]),
                          int(counters["get_misses"]))


def check_memaslap(result: MemaslapResult, command: list[str], output: str) -> None:
    """Raises BenchError unless the run looks like memcaslap's 90/10 mix against a working
    server. memcaslap exits 0 whatever the server replies: against a server that refuses its
    sets it goes on setting and never gets (it only gets keys it has set), and a miss on such
    a get means the server lost the write (or evicted it)."""
    operations = result.gets + result.sets
    if result.gets < MEMASLAP_MIN_GET_SHARE * operations:
        raise BenchError(f"memcaslap did {result.gets:,} gets and {result.sets:,} sets, not "
                         f"its 90/10 mix: the server refused or lost its sets? "
                         f"{' '.join(command)}\n{_tail(output)}")
    if result.get_misses:
        raise BenchError(f"{result.get_misses:,} of memcaslap's {result.gets:,} gets missed, "
                         f"but it only gets keys it has set: {' '.join(command)}\n"
                         f"{_tail(output)}")


def run_memaslap(port: int, seconds: int, timeout: float) -> MemaslapResult:
    """Runs memcaslap for `seconds` against `port` and checks its counters."""
    command = memaslap_command(port, seconds)
    done = run_tool(command, timeout)
    output = _text(done.stdout) + _text(done.stderr)
    result = parse_memaslap(output)
    check_memaslap(result, command, output)
    return result


# --- redis-cli --pipe --------------------------------------------------------------------------

def load_key(index: int, count: int) -> bytes:
    """key:0000000 .. key:0999999 for a million keys: zero-padded to 7 digits, or wider when
    `count` needs it, so that the keys sort in load order."""
    return b"key:%0*d" % (max(7, len(str(count - 1))), index)


def write_load_file(path: Path, count: int, value_size: int = VALUE_SIZE,
                    expire_at_ms: Callable[[int], int] | None = None) -> None:
    """Writes `count` RESP commands SET key:N <value_size bytes> for redis-cli --pipe; with
    `expire_at_ms`, SET key:N <value> PXAT expire_at_ms(N) (a unix time in milliseconds)."""
    value = b"v" * value_size
    with open(path, "wb") as f:
        for start in range(0, count, 10_000):
            chunk = []
            for index in range(start, min(count, start + 10_000)):
                key = load_key(index, count)
                if expire_at_ms is None:
                    chunk.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" %
                                 (len(key), key, len(value), value))
                    continue
                at = b"%d" % expire_at_ms(index)
                chunk.append(b"*5\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n"
                             b"$4\r\nPXAT\r\n$%d\r\n%s\r\n" %
                             (len(key), key, len(value), value, len(at), at))
            f.write(b"".join(chunk))


def resp_command(*words: str) -> bytes:
    """A command as a RESP array of bulk strings."""
    parts = [b"*%d\r\n" % len(words)]
    for word in words:
        data = word.encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


def zset_member(index: int) -> str:
    return f"member:{index}"


def write_zset_load_file(path: Path, key: str, members: int, batch: int) -> int:
    """Writes ZADD commands for redis-cli --pipe that fill the sorted set `key` with
    `members` members, member:N with the score N (N from 0), `batch` members per ZADD.
    Returns the number of commands written."""
    commands = 0
    with open(path, "wb") as f:
        for start in range(0, members, batch):
            words = ["ZADD", key]
            for index in range(start, min(members, start + batch)):
                words += [str(index), zset_member(index)]
            f.write(resp_command(*words))
            commands += 1
    return commands


_PIPE_SUMMARY = re.compile(r"^errors: (\d+), replies: (\d+)$", re.MULTILINE)


def parse_pipe_summary(output: str, expected_replies: int) -> None:
    """Raises BenchError unless redis-cli --pipe reports no error and every reply."""
    summary = _PIPE_SUMMARY.findall(output)
    if not summary:
        raise BenchError(f"redis-cli --pipe printed no 'errors: E, replies: R' line:\n"
                         f"{_tail(output)}")
    errors, replies = (int(n) for n in summary[-1])
    if errors != 0 or replies != expected_replies:
        raise BenchError(f"redis-cli --pipe: {errors} errors and {replies} replies, expected "
                         f"0 errors and {expected_replies} replies:\n{_tail(output)}")


def run_pipe_load(port: int, load_file: Path, count: int, timeout: float) -> None:
    """Sends the commands of `load_file` (write_load_file) to `port` with redis-cli --pipe
    and waits for every reply."""
    command = ["redis-cli", "-h", HOST, "-p", str(port), "--pipe"]
    with open(load_file, "rb") as stdin:
        done = run_tool(command, timeout, stdin=stdin)
    parse_pipe_summary(_text(done.stdout) + _text(done.stderr), count)


def run_redis_cli_integer(port: int, words: list[str], timeout: float) -> int:
    """Sends the command `words` to `port` with redis-cli and returns its integer reply;
    BenchError if the reply is anything else."""
    command = ["redis-cli", "-h", HOST, "-p", str(port)] + words
    done = run_tool(command, timeout)
    reply = _text(done.stdout).strip()
    if not re.fullmatch(r"-?\d+", reply):
        raise BenchError(f"{' '.join(command)} replied {reply!r}, not an integer")
    return int(reply)
