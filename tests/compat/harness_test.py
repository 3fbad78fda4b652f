"""The harness's stepdb mode, checked with stand-in binaries: the command line it passes, the
bounded wait, the errors it gives, and that nothing it started outlives it.

The stand-in (FAKE below) is a small Python server that does what FAKE_MODE says:
  serve        listen on --port, accept connections, exit 0 on SIGTERM
  exit         print a message and exit 3 before listening
  silent       never listen
  ignore-term  listen, and ignore SIGTERM
It writes its pid and command line to FAKE_RECORD first.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import textwrap
import time

import pytest

import harness

FAKE = textwrap.dedent("""\
    #!/usr/bin/python3
    import json, os, signal, socket, sys, time
    with open(os.environ["FAKE_RECORD"], "w") as f:
        json.dump({"pid": os.getpid(), "argv": sys.argv[1:]}, f)
    mode = os.environ["FAKE_MODE"]
    if mode == "exit":
        print("fake: unknown flag --frobnicate", file=sys.stderr)
        sys.exit(3)
    if mode == "silent":
        time.sleep(600)
    signal.signal(signal.SIGTERM,
                  signal.SIG_IGN if mode == "ignore-term" else lambda *_: sys.exit(0))
    port = int(sys.argv[sys.argv.index("--port") + 1])
    listener = socket.create_server(("127.0.0.1", port))
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        connection, _ = listener.accept()
        connection.close()
    """)


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """fake(mode) points STEPDB_BINARY at the stand-in in that mode; returns a function that
    reads what the stand-in recorded."""
    binary = tmp_path / "fake-stepdb"
    binary.write_text(FAKE)
    binary.chmod(0o755)
    record = tmp_path / "record.json"
    monkeypatch.delenv(harness.PEERS_ENV, raising=False)
    monkeypatch.setenv(harness.BINARY_ENV, str(binary))
    monkeypatch.setenv("FAKE_RECORD", str(record))

    def use(mode: str):
        monkeypatch.setenv("FAKE_MODE", mode)
        return lambda: json.loads(record.read_text())

    return use


def assert_gone(pid: int) -> None:
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_unset_binary_is_a_clear_error(monkeypatch):
    monkeypatch.delenv(harness.PEERS_ENV, raising=False)
    monkeypatch.delenv(harness.BINARY_ENV, raising=False)
    with pytest.raises(harness.HarnessError, match="STEPDB_BINARY is not set.*"
                       "STEPDB_COMPAT_PEERS=1"):
        harness.start()


def test_missing_binary_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.delenv(harness.PEERS_ENV, raising=False)
    monkeypatch.setenv(harness.BINARY_ENV, str(tmp_path / "no-such-stepdb"))
    with pytest.raises(harness.HarnessError, match="no-such-stepdb is not an executable file"):
        harness.start()


def test_stepdb_mode_serves_both_protocols_on_one_port(fake):
    recorded = fake("serve")
    servers = harness.start()
    try:
        assert servers.mode == "stepdb"
        assert servers.redis_port == servers.memcached_port
        argv = recorded()["argv"]
        assert argv[:4] == ["--host", "127.0.0.1", "--port", str(servers.redis_port)]
        assert argv[4] == "--data-dir" and argv[5].startswith(str(servers.workdir))
        socket.create_connection((servers.host, servers.redis_port), timeout=5).close()
        servers.check_running()
    finally:
        problems = servers.stop()
    assert problems == []
    assert not servers.workdir.exists()
    assert_gone(recorded()["pid"])


def test_a_binary_that_exits_early_is_reported_with_its_log(fake):
    fake("exit")
    started = time.monotonic()
    with pytest.raises(harness.HarnessError,
                       match=r"(?s)exited with status 3 before it listened.*--frobnicate"):
        harness.start()
    assert time.monotonic() - started < 10


def test_a_binary_that_never_listens_times_out_and_is_killed(fake):
    recorded = fake("silent")
    started = time.monotonic()
    with pytest.raises(harness.HarnessError, match="did not accept connections within 1 s"):
        harness.start(start_timeout=1)
    assert time.monotonic() - started < 1 + harness.STOP_TIMEOUT + 5
    assert_gone(recorded()["pid"])


def test_a_port_taken_by_another_program_is_not_mistaken_for_the_server(fake, monkeypatch):
    recorded = fake("serve")
    with socket.create_server((harness.HOST, 0)) as squatter:
        port = squatter.getsockname()[1]
        monkeypatch.setattr(harness, "free_ports", lambda count: [port] * count)
        with pytest.raises(harness.HarnessError,
                           match=r"(?s)exited with status 1 before it listened.*in use"):
            harness.start(start_timeout=10).stop()  # stop() runs only if the harness was fooled
    assert_gone(recorded()["pid"])


def test_a_crash_during_the_tests_is_reported(fake):
    recorded = fake("serve")
    servers = harness.start()
    try:
        os.kill(recorded()["pid"], signal.SIGKILL)
        servers.servers[0].process.wait(10)
        with pytest.raises(harness.HarnessError, match="exited with status -9 during the test"):
            servers.check_running()
    finally:
        problems = servers.stop()
    assert len(problems) == 1 and problems[0].startswith("had already exited with status -9")


def test_a_server_that_ignores_sigterm_is_killed_and_reported(fake, monkeypatch):
    monkeypatch.setattr(harness, "STOP_TIMEOUT", 0.5)
    recorded = fake("ignore-term")
    servers = harness.start()
    problems = servers.stop()
    assert len(problems) == 1 and problems[0].startswith("ignored SIGTERM for 0.5 s"), problems
    assert_gone(recorded()["pid"])
