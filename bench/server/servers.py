"""The servers under test: stepdb, redis-server and memcached (and, through start_command, any
other server, such as the stage servers of compare_stages.py), each started on a free
loopback port with its files in a directory of its own, and always stopped again.

Every server is started the same way: its own process (no shell, no wrapper, so the pid is
the server's and /proc/PID/status is its memory), its own session (so a signal to its group
reaches any child it makes), stdout and stderr into a log file, and the parent-death signal
set to SIGKILL, so a benchmark killed with SIGKILL takes its servers with it.

start() returns once the server listens, and only when the socket listening on the port is
the server's own: between picking a free port and the server's bind another program can take
the port, and then a connection succeeds but measures the wrong program. It waits at most
START_TIMEOUT seconds. A server that exits first, or does not listen in time, raises
BenchError naming the command and quoting the end of its log.

Fleet keeps every server it started and stops them all in stop_all(): SIGTERM to the
server's group, at most STOP_TIMEOUT seconds, then SIGKILL and a bounded wait; a server is
always reaped. The benchmark calls stop_all() in a finally block and again at exit.

Only loopback addresses are used. Standard library only, Linux only (/proc). Not
thread-safe: one Fleet per benchmark, used from one thread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HOST = "127.0.0.1"
START_TIMEOUT = 30.0  # seconds; every server here listens in well under one
STOP_TIMEOUT = 10.0
POLL_INTERVAL = 0.05
LOG_TAIL_LINES = 20

# redis-server and memcached as the benchmark runs them: the durability stepdb's --fsync
# is held to, no snapshots, loopback only. memcached gets 1 GiB so that it never evicts
# during a run (its default is 64 MiB), since an evicted item turns a get into a cheap miss.
MEMCACHED_MEMORY_MB = 1024


class BenchError(Exception):
    """A server or a client did not do what the benchmark needs; the message says why."""


def free_port() -> int:
    """A loopback port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _parent_death_signal():
    """A preexec_fn that makes the child get SIGKILL when this process dies; None where
    prctl cannot be found."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return None
    libc = ctypes.CDLL(libc_name, use_errno=True)
    pr_set_pdeathsig = 1
    return lambda: libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


PARENT_DEATH_SIGNAL = _parent_death_signal()


def _listening_inodes(port: int) -> set[str]:
    """The inodes of the TCP sockets in LISTEN state on `port`, from /proc/net/tcp{,6}."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            # sl local_address rem_address st ... inode; "0100007F:1F90", st 0A = LISTEN.
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes


def _listens_on(pid: int, port: int) -> bool:
    """True iff process `pid` holds a socket listening on `port`."""
    wanted = {f"socket:[{inode}]" for inode in _listening_inodes(port)}
    try:
        return any(os.readlink(fd.path) in wanted for fd in os.scandir(f"/proc/{pid}/fd"))
    except OSError:  # it exited, or a descriptor closed while we looked
        return False


def how_it_ended(status: int) -> str:
    """A Popen returncode in words: "exited with status 3", "was killed by SIGSEGV"."""
    if status < 0:
        return f"was killed by {signal.Signals(-status).name}"
    return f"exited with status {status}"


@dataclass
class Server:
    """One started server: what it is, how it was started, where it logs."""

    name: str
    command: list[str]
    port: int
    log_path: Path
    process: subprocess.Popen
    exit_status: int | None = None
    needed_kill: bool = False

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-LOG_TAIL_LINES:]) or "(empty log)"

    def describe(self) -> str:
        return (f"{self.name} (pid {self.pid}, port {self.port}): {' '.join(self.command)}\n"
                f"--- end of its log ---\n{self.log_tail()}")

    def check_alive(self) -> None:
        """Raises BenchError iff the server has exited."""
        if self.process.poll() is not None:
            raise BenchError(f"{self.name} {how_it_ended(self.process.returncode)}: "
                             f"{self.describe()}")

    def rss_bytes(self) -> int:
        """The server's resident set (VmRSS of /proc/PID/status), in bytes."""
        self.check_alive()
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    number, unit = line.split()[1:3]
                    assert unit == "kB", line
                    return int(number) * 1024
        raise BenchError(f"no VmRSS line in /proc/{self.pid}/status")

    def disk_bytes(self) -> int:
        """Bytes allocated to the files of the server's directory (what `du` counts)."""
        total = 0
        for directory, _, files in os.walk(self.log_path.parent):
            for name in files:
                try:
                    total += os.stat(os.path.join(directory, name)).st_blocks * 512
                except OSError:  # removed by a compaction while we looked
                    pass
        return total

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after STOP_TIMEOUT seconds; reaps the process."""
        if self.process.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.needed_kill = True
                self._signal(signal.SIGKILL)
                self.process.wait(STOP_TIMEOUT)
        self.exit_status = self.process.returncode

    def _signal(self, signum: int) -> None:
        try:
            os.killpg(self.pid, signum)
        except ProcessLookupError:
            pass

    def wait_until_listening(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while True:
            self.check_alive()
            if _listens_on(self.pid, self.port):
                return
            if time.monotonic() >= deadline:
                taken = " (another program listens on it)" if _listening_inodes(self.port) else ""
                raise BenchError(f"{self.name} did not listen on port {self.port}{taken} "
                                 f"within {timeout:g} s: {self.describe()}")
            time.sleep(POLL_INTERVAL)


@dataclass
class Fleet:
    """Every server the benchmark starts, each with a directory under `workdir`."""

    stepdb_binary: str
    workdir: Path
    servers: list[Server] = field(default_factory=list)
    started: int = 0

    def start_stepdb(self, fsync: str) -> Server:
        """stepdb with `--fsync fsync` (always, everysec or no) and a fresh data directory."""
        port, home = free_port(), self._new_home("stepdb")
        command = [self.stepdb_binary, "--host", HOST, "--port", str(port), "--data-dir",
                   str(home / "data"), "--fsync", fsync, "--log-level", "warn"]
        return self._start(f"stepdb (fsync {fsync})", command, port, home)

    def start_redis(self, appendfsync: str | None) -> Server:
        """redis-server with no snapshots, and its append-only file on with `appendfsync`,
        or off when `appendfsync` is None (then it persists nothing)."""
        port, home = free_port(), self._new_home("redis")
        command = ["redis-server", "--bind", HOST, "--port", str(port), "--dir", str(home),
                   "--save", ""]
        if appendfsync is None:
            command += ["--appendonly", "no"]
            name = "redis-server (no persistence)"
        else:
            command += ["--appendonly", "yes", "--appendfsync", appendfsync]
            name = f"redis-server (appendfsync {appendfsync})"
        return self._start(name, command, port, home)

    def start_memcached(self) -> Server:
        port, home = free_port(), self._new_home("memcached")
        # memcached refuses to run as root without -u; for any other user -u is ignored.
        user = pwd.getpwuid(os.getuid()).pw_name
        command = ["memcached", "-l", HOST, "-p", str(port), "-U", "0", "-u", user,
                   "-m", str(MEMCACHED_MEMORY_MB)]
        return self._start("memcached", command, port, home)

    def start_command(self, name: str, kind: str,
                      command_for: Callable[[int, Path], list[str]]) -> Server:
        """Any other server: command_for(port, home) is its command line; it runs in `home`,
        a fresh directory named after `kind`."""
        port, home = free_port(), self._new_home(kind)
        return self._start(name, command_for(port, home), port, home)

    def stop(self, server: Server) -> None:
        """Stops `server` and removes its directory. A server that needed SIGKILL or did not
        exit 0 on SIGTERM is reported on stderr: the figures stand, but the exit is a bug.
        (One that had exited before is not: check_alive() has said so.)"""
        already_gone = server.process.poll() is not None
        server.stop()
        if not already_gone and (server.needed_kill or server.exit_status != 0):
            how = (f"ignored SIGTERM for {STOP_TIMEOUT:g} s" if server.needed_kill else
                   f"{how_it_ended(server.exit_status)} on SIGTERM")
            print(f"bench: warning: {server.name} {how}: {server.describe()}",
                  file=sys.stderr, flush=True)
        shutil.rmtree(server.log_path.parent, ignore_errors=True)
        self.servers.remove(server)

    def stop_all(self) -> None:
        for server in list(self.servers):
            self.stop(server)

    def _new_home(self, kind: str) -> Path:
        self.started += 1
        home = self.workdir / f"{self.started:02d}-{kind}"
        home.mkdir()
        return home

    def _start(self, name: str, command: list[str], port: int, home: Path) -> Server:
        if shutil.which(command[0]) is None:
            raise BenchError(f"{command[0]} is not installed (./scripts/setup installs it)")
        log_path = home / "server.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT, cwd=home,
                                       start_new_session=True, preexec_fn=PARENT_DEATH_SIGNAL)
        server = Server(name, command, port, log_path, process)
        self.servers.append(server)
        server.wait_until_listening()
        return server
