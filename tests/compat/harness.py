"""The servers the compatibility tests talk to: started before the tests, stopped after them.

Two modes, chosen by the environment:

  stepdb  (the default)    STEPDB_BINARY names the `stepdb` executable. It is started as
                           `STEPDB_BINARY --host 127.0.0.1 --port P --data-dir <fresh dir>` and
                           serves both protocols on P: redis_port == memcached_port == P.
  peers   (STEPDB_COMPAT_PEERS=1)
                           the real servers the tests are written against, each on its own
                           port: `redis-server --port P1 --save '' --appendonly no` and
                           `memcached -l 127.0.0.1 -p P2 -U 0`. A test that passes here states
                           what stepdb must do; a test that fails here is wrong.

Start-up waits until every port accepts a connection and the socket listening on it is the
server's own (a free port can be taken by another program before the server binds it),
polling at most START_TIMEOUT seconds. A server that exits first or does not listen in time
raises HarnessError with the command it was started with and the end of its log; so does a
missing or unset STEPDB_BINARY, before anything is started.

Servers.stop() sends SIGTERM, waits STOP_TIMEOUT seconds, then SIGKILLs and reaps; it kills
whatever start() started, whether the tests passed, failed or were interrupted, and removes
the temporary directory (data and logs). If this process dies without stopping them, the
kernel kills them too (PR_SET_PDEATHSIG). A server that needed SIGKILL or exited non-zero on
SIGTERM is reported by stop(): redis-server and memcached exit 0, so stepdb must too (under
AddressSanitizer a leak at exit makes the status non-zero).

Only loopback addresses are used. Standard library only. Not thread-safe: one Servers per
test process, used from one thread.
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
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
START_TIMEOUT = 30.0  # seconds; a Debug + ASan stepdb listens in well under one
POLL_INTERVAL = 0.05
STOP_TIMEOUT = 10.0
LOG_TAIL_LINES = 40

PEERS_ENV = "STEPDB_COMPAT_PEERS"
BINARY_ENV = "STEPDB_BINARY"


class HarnessError(Exception):
    """The servers could not be started or did not stop cleanly; the message says why."""


def peers_mode() -> bool:
    """True iff the tests run against redis-server and memcached instead of stepdb."""
    return os.environ.get(PEERS_ENV, "") == "1"


def free_ports(count: int) -> list[int]:
    """`count` distinct loopback ports that were free a moment ago. All sockets stay bound
    until every port is picked, so the ports differ; another program may still take one
    before the server binds it (rare; the start-up error then names the port)."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((HOST, 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _parent_death_signal():
    """A preexec_fn that makes the child get SIGKILL when this process dies, so a test run
    killed by a timeout leaves no server behind. None where prctl is not available."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return None
    libc = ctypes.CDLL(libc_name, use_errno=True)
    pr_set_pdeathsig = 1
    return lambda: libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


@dataclass
class Server:
    """One started server process, its command and its log."""

    name: str
    command: list[str]
    port: int
    log_path: Path
    process: subprocess.Popen
    stopped_status: int | None = None
    needed_kill: bool = False

    def log_tail(self) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-LOG_TAIL_LINES:]) or "(empty log)"

    def describe(self) -> str:
        return (f"{self.name} (pid {self.process.pid}, port {self.port}): "
                f"{' '.join(self.command)}\n--- end of its log ---\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.needed_kill = True
                self._signal(signal.SIGKILL)
                self.process.wait(STOP_TIMEOUT)
        self.stopped_status = self.process.returncode

    def _signal(self, signum: int) -> None:
        # The server leads its own process group, so a wrapper's children go with it.
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass


@dataclass
class Servers:
    """What the tests talk to. In stepdb mode both ports are the same."""

    mode: str
    redis_port: int
    memcached_port: int
    workdir: Path
    servers: list[Server] = field(default_factory=list)

    @property
    def host(self) -> str:
        return HOST

    def check_running(self) -> None:
        """Raises HarnessError iff a server has exited (it crashed during a test)."""
        for server in self.servers:
            if server.process.poll() is not None:
                raise HarnessError(f"the server exited with status {server.process.returncode}"
                                   f" during the test: {server.describe()}")

    def stop(self) -> list[str]:
        """Stops every server and removes the temporary directory. Returns one line per
        server that did not stop cleanly (exit 0 on SIGTERM within STOP_TIMEOUT); empty if
        all did. The log is read before the directory goes, so the lines can quote it."""
        problems = []
        for server in self.servers:
            already_gone = server.process.poll() is not None
            server.stop()
            if already_gone or server.needed_kill or server.stopped_status != 0:
                how = ("had already exited" if already_gone else
                       f"ignored SIGTERM for {STOP_TIMEOUT:g} s" if server.needed_kill else
                       "exited on SIGTERM")
                problems.append(f"{how} with status {server.stopped_status}: "
                                f"{server.describe()}")
        shutil.rmtree(self.workdir, ignore_errors=True)
        return problems


def _stepdb_command(port: int, data_dir: Path) -> list[str]:
    binary = os.environ.get(BINARY_ENV, "")
    if not binary:
        raise HarnessError(
            f"{BINARY_ENV} is not set: set it to the stepdb executable (ctest --preset dev "
            f"-L compat does), or set {PEERS_ENV}=1 to run the tests against redis-server "
            f"and memcached")
    if not os.path.isfile(binary) or not os.access(binary, os.X_OK):
        raise HarnessError(f"{BINARY_ENV}={binary} is not an executable file "
                           f"(build it first: cmake --build --preset dev --target stepdb)")
    # Absolute: the server runs in the temporary directory, not where the path was given.
    return [os.path.abspath(binary), "--host", HOST, "--port", str(port), "--data-dir",
            str(data_dir)]


def _redis_command(port: int, workdir: Path) -> list[str]:
    # --bind keeps it on loopback; --dir keeps any file it might write out of the tree.
    return ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
            "--bind", HOST, "--dir", str(workdir)]


def _memcached_command(port: int) -> list[str]:
    # memcached refuses to run as root without -u; as any other user -u is ignored.
    user = pwd.getpwuid(os.getuid()).pw_name
    return ["memcached", "-l", HOST, "-p", str(port), "-U", "0", "-u", user]


def _launch(name: str, command: list[str], port: int, workdir: Path) -> Server:
    if shutil.which(command[0]) is None:
        raise HarnessError(f"{command[0]} is not installed (./scripts/setup installs it)")
    log_path = workdir / f"{name}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, cwd=workdir,
                                   start_new_session=True, preexec_fn=_parent_death_signal())
    return Server(name, command, port, log_path, process)


def _listening_inodes(port: int) -> set[str] | None:
    """The inodes of the sockets in LISTEN state on `port` (any address), read from
    /proc/net/tcp and tcp6; None where neither table can be read."""
    inodes, readable = set(), False
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        readable = True
        for row in rows:
            # sl local_address rem_address st ... inode: "0100007F:1F90", st 0A = LISTEN.
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes if readable else None


def _holds_listener(group: int, port: int) -> bool:
    """True iff a process of process group `group` holds a socket listening on `port`, or
    /proc cannot tell. A port can be taken by another program between free_ports() and the
    server's bind: then a connection succeeds, but not to the server under test."""
    inodes = _listening_inodes(port)
    if inodes is None:
        return True
    wanted = {f"socket:[{inode}]" for inode in inodes}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != group:
                continue
            if any(os.readlink(fd.path) in wanted for fd in os.scandir(f"{entry.path}/fd")):
                return True
        except OSError:  # the process is gone, or its descriptors are not ours to read
            continue
    return False


def _wait_until_listening(server: Server, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    someone_else = False
    for _ in range(int(timeout / POLL_INTERVAL) + 1):
        if server.process.poll() is not None:
            raise HarnessError(f"the server exited with status {server.process.returncode} "
                               f"before it listened: {server.describe()}")
        try:
            socket.create_connection((HOST, server.port), timeout=1).close()
            if _holds_listener(server.process.pid, server.port):
                return
            someone_else = True
        except OSError:
            pass
        if time.monotonic() >= deadline:
            break
        time.sleep(POLL_INTERVAL)
    held = f" (another program listens on port {server.port})" if someone_else else ""
    raise HarnessError(f"the server did not accept connections within {timeout:g} s{held}: "
                       f"{server.describe()}")


def start(start_timeout: float = START_TIMEOUT) -> Servers:
    """Starts the servers of the current mode and returns them listening. On failure
    everything already started is stopped and HarnessError is raised."""
    mode = "peers" if peers_mode() else "stepdb"
    workdir = Path(tempfile.mkdtemp(prefix="stepdb-compat-"))
    servers = None
    try:
        if mode == "stepdb":
            (port,) = free_ports(1)
            data_dir = workdir / "data"
            command = _stepdb_command(port, data_dir)
            servers = Servers(mode, port, port, workdir)
            servers.servers.append(_launch("stepdb", command, port, workdir))
        else:
            redis_port, memcached_port = free_ports(2)
            servers = Servers(mode, redis_port, memcached_port, workdir)
            servers.servers.append(_launch("redis-server", _redis_command(redis_port, workdir),
                                           redis_port, workdir))
            servers.servers.append(_launch("memcached", _memcached_command(memcached_port),
                                           memcached_port, workdir))
        for server in servers.servers:
            _wait_until_listening(server, start_timeout)
        return servers
    except BaseException:
        if servers is not None:
            servers.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        raise
