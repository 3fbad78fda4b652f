"""Helpers for the compatibility tests: run a command-line client, exchange raw bytes over a
socket, and say on failure what was sent, what was expected and what came back (escaped)."""

from __future__ import annotations

import socket
import subprocess
import time

CLIENT_TIMEOUT = 60.0  # seconds for one client program; every test is far below it


def escaped(data: bytes | str) -> str:
    """Bytes as a Python literal without the b'' wrapper: \\r\\n stay visible."""
    if isinstance(data, str):
        data = data.encode()
    return repr(data)[2:-1]


def run(command: list[str], stdin: bytes = b"", timeout: float = CLIENT_TIMEOUT,
        cwd: str | None = None) -> subprocess.CompletedProcess:
    """Runs a client to completion and returns it with stdout and stderr as text. A client
    that hangs fails the test, naming the command and what it had printed."""
    try:
        return subprocess.run(command, input=stdin, capture_output=True, timeout=timeout,
                              cwd=cwd, check=False)
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"{' '.join(command)} did not finish within {timeout:g} s; "
                             f"stdout so far: {escaped(e.stdout or b'')}; "
                             f"stderr so far: {escaped(e.stderr or b'')}") from e


def report(command: list[str], done: subprocess.CompletedProcess, stdin: bytes = b"",
           as_text: bool = False) -> str:
    """What a failed assertion on a client run prints: the command, a start of its input, its
    status and its output, escaped (or, as_text, as the lines a person would read)."""
    def show(data: bytes) -> str:
        return "\n" + data.decode(errors="replace") if as_text else escaped(data)

    sent = f"\nstdin: {escaped(stdin[:200])}{'...' if len(stdin) > 200 else ''}" if stdin else ""
    return (f"ran: {' '.join(command)}{sent}\nexit status: {done.returncode}\n"
            f"stdout: {show(done.stdout)}\nstderr: {show(done.stderr)}")


def send_and_read(host: str, port: int, request: bytes, complete, timeout: float = 10.0) -> bytes:
    """Sends request on a new connection and returns what came back once complete(bytes) is
    true, the server closed, or `timeout` passed (whichever is first)."""
    got = b""
    deadline = time.monotonic() + timeout
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(request)
        while not complete(got) and time.monotonic() < deadline:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            got += chunk
    return got


def exchange(host: str, port: int, request: bytes, expected: bytes,
             timeout: float = 10.0) -> None:
    """Sends request on a new connection and asserts that `expected` comes back: the reply
    is read until it is at least as long as expected (or the server closed, or `timeout`)."""
    got = send_and_read(host, port, request, lambda got: len(got) >= len(expected), timeout)
    assert got == expected, (f"sent: {escaped(request)}\nexpected: {escaped(expected)}\n"
                             f"got: {escaped(got)}")
