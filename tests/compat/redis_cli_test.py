"""redis-cli (Debian's redis-tools, Redis 7.0) and netcat against the Redis side of the port.

redis-cli runs with --no-raw, so its output shows the reply types as a terminal user sees
them: "(integer) 2", "(nil)", quoted bulk strings, "(error) ..." lines. With -3 it opens the
connection with HELLO 3 and speaks RESP3. Each test keeps to its own keys.
"""

from __future__ import annotations

import pytest

from compat_support import escaped, exchange, report, run, send_and_read


@pytest.fixture
def cli(servers):
    """cli(*args, resp3=False, stdin=b"") runs redis-cli once and returns its stdout; a
    non-zero exit fails the test."""

    def invoke(*args: str, resp3: bool = False, stdin: bytes = b"") -> str:
        command = ["redis-cli", "-h", servers.host, "-p", str(servers.redis_port), "--no-raw"]
        if resp3:
            command.append("-3")
        command += args
        done = run(command, stdin)
        assert done.returncode == 0, report(command, done, stdin)
        return done.stdout.decode()

    return invoke


def expect(cli, args: list[str], expected: str, resp3: bool = False) -> None:
    got = cli(*args, resp3=resp3)
    assert got == expected, (f"redis-cli{' -3' if resp3 else ''} {' '.join(args)}\n"
                             f"expected: {expected!r}\ngot: {got!r}")


def test_ping(cli):
    expect(cli, ["PING"], "PONG\n")
    expect(cli, ["PING", "hello"], '"hello"\n')


def test_set_and_get(cli):
    expect(cli, ["SET", "cli:greeting", "hello world"], "OK\n")
    expect(cli, ["GET", "cli:greeting"], '"hello world"\n')
    expect(cli, ["GET", "cli:absent"], "(nil)\n")


def test_incr(cli):
    expect(cli, ["SET", "cli:counter", "10"], "OK\n")
    expect(cli, ["INCR", "cli:counter"], "(integer) 11\n")
    expect(cli, ["INCR", "cli:fresh-counter"], "(integer) 1\n")
    expect(cli, ["SET", "cli:word", "abc"], "OK\n")
    expect(cli, ["INCR", "cli:word"], "(error) ERR value is not an integer or out of range\n")


def test_del_and_exists(cli):
    expect(cli, ["MSET", "cli:a", "1", "cli:b", "2"], "OK\n")
    expect(cli, ["EXISTS", "cli:a", "cli:b", "cli:none", "cli:a"], "(integer) 3\n")
    expect(cli, ["DEL", "cli:a", "cli:b", "cli:none"], "(integer) 2\n")
    expect(cli, ["EXISTS", "cli:a"], "(integer) 0\n")
    expect(cli, ["GET", "cli:b"], "(nil)\n")


def test_mset_and_mget(cli):
    expect(cli, ["MSET", "cli:m1", "one", "cli:m2", "two"], "OK\n")
    expect(cli, ["MGET", "cli:m1", "cli:missing", "cli:m2"], '1) "one"\n2) (nil)\n3) "two"\n')


def test_wrong_arity_is_an_error(cli):
    expect(cli, ["GET"], "(error) ERR wrong number of arguments for 'get' command\n")


def test_resp3_hello(cli):
    got = cli("HELLO", "3", resp3=True)
    # One map entry per line: `N# "field" => value`. Values like the version and the client
    # id vary; the fields, the protocol and the roles do not.
    entries = {}
    for line in got.splitlines():
        number, _, rest = line.partition("# ")
        field, arrow, value = rest.partition(" => ")
        assert number.strip().isdigit() and arrow, f"not a RESP3 map entry: {line!r} in {got!r}"
        entries[field.strip('"')] = value
    assert sorted(entries) == sorted(["server", "version", "proto", "id", "mode", "role",
                                      "modules"]), got
    assert entries["proto"] == "(integer) 3", got
    assert entries["mode"] == '"standalone"' and entries["role"] == '"master"', got
    assert entries["id"].startswith("(integer) "), got


def test_resp3_commands(cli):
    expect(cli, ["SET", "cli:r3", "v3"], "OK\n", resp3=True)
    expect(cli, ["GET", "cli:r3"], '"v3"\n', resp3=True)
    expect(cli, ["GET", "cli:r3-absent"], "(nil)\n", resp3=True)
    expect(cli, ["INCR", "cli:r3-counter"], "(integer) 1\n", resp3=True)
    expect(cli, ["MGET", "cli:r3", "cli:r3-absent"], '1) "v3"\n2) (nil)\n', resp3=True)


def test_resp3_null_on_the_wire(servers):
    # redis-cli prints "(nil)" for both nulls; the bytes differ: RESP2 $-1, RESP3 _.
    get = b"*2\r\n$3\r\nGET\r\n$11\r\ncli:nothing\r\n"
    exchange(servers.host, servers.redis_port, get, b"$-1\r\n")
    hello_then_get = b"*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n" + get
    got = send_and_read(servers.host, servers.redis_port, hello_then_get,
                        lambda got: got.endswith(b"_\r\n"))
    assert got.startswith(b"%7\r\n") and got.endswith(b"_\r\n"), (
        f"sent: {escaped(hello_then_get)}\nexpected: a map of 7 entries (%7\\r\\n...), "
        f"then _\\r\\n\ngot: {escaped(got)}")


def test_pipe_mode_5000_sets(cli):
    before = int(cli("DBSIZE").split()[-1])
    commands = []
    for i in range(5000):
        key, value = b"cli:pipe:%d" % i, b"value-%d" % i
        commands.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n"
                        % (len(key), key, len(value), value))
    got = cli("--pipe", stdin=b"".join(commands))
    assert "errors: 0, replies: 5000" in got, f"redis-cli --pipe of 5000 SETs printed: {got!r}"
    expect(cli, ["DBSIZE"], f"(integer) {before + 5000}\n")
    expect(cli, ["GET", "cli:pipe:4999"], '"value-4999"\n')


@pytest.mark.parametrize("sent, expected", [
    (b"PING\r\n", b"+PONG\r\n"),
    (b"PING\n", b"+PONG\r\n"),
    (b'SET cli:inline "hello world"\r\nGET cli:inline\r\n', b"+OK\r\n$11\r\nhello world\r\n"),
    (b"\r\nPING\r\n", b"+PONG\r\n"),  # an empty line is skipped, not answered
    (b"NOSUCHCMD a b\r\n",
     b"-ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' 'b' \r\n"),
], ids=["ping", "ping-lf", "quoted-set-get", "empty-line", "unknown-command"])
def test_inline_commands_through_netcat(servers, sent, expected):
    # -N: send EOF after stdin ends, so the server closes and nc exits; -w bounds any wait.
    command = ["nc", "-N", "-w", "5", servers.host, str(servers.redis_port)]
    done = run(command, sent)
    assert done.returncode == 0 and done.stdout == expected, (
        report(command, done, sent) + f"\nexpected stdout: {expected!r}")
