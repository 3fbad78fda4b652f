#!/usr/bin/python3
"""The acceptance run of stage 05: a crash in the middle of compactions loses nothing.

    /usr/bin/python3 tests/acceptance/stage05_kill9.py [--keys 200000] [--samples 20000]
                                                       [--server BINARY] [-- SERVER_FLAGS...]

Starts `./scripts/run --stage 5 --fsync always` (the release build), or the stepdb-stage05
binary that --server names, on a free loopback port with a fresh data directory and any
SERVER_FLAGS after "--", then over the text protocol:

  1. writes every key twice (SET key value, the second value wins) and deletes every 10th key
     (DEL), pipelined, counting the acknowledgements;
  2. kill -9 the server, with flushes and compactions still running;
  3. restarts it on the same directory and checks that sampled keys answer exactly what was
     acknowledged (the second value, or NOT_FOUND for a deleted key), that SCAN - + returns
     exactly the live keys with their values, and that the data directory holds at most 3
     times the live data (keys + values of the live keys).

Prints the figures and PASS, and exits 0; FAIL and 1 otherwise. Takes a few minutes. ctest
runs a smaller version (label acceptance, tests/CMakeLists.txt): the dev build's server with
small memtables and tables, so that fewer keys still make it flush and compact.
"""
import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STARTED = []  # every server started, so that a run that fails leaves none behind


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(server, data_dir, port, log):
    process = subprocess.Popen(
        server + ["--fsync", "always", "--port", str(port), "--data-dir", data_dir,
                  "--log-level", "warn"],
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
    STARTED.append(process)
    deadline = time.monotonic() + 600  # the first run builds the release binary
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"FAIL: the server exited with {process.returncode}")
        try:
            return process, socket.create_connection(("127.0.0.1", port), timeout=60)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("FAIL: the server did not listen within 600 s")


class Client:
    def __init__(self, sock):
        self.file = sock.makefile("rwb")

    def pipeline(self, requests):
        """Sends the requests, returns one reply line per request."""
        self.file.write(b"".join(requests))
        self.file.flush()
        return [self.file.readline() for _ in requests]

    def scan_all(self):
        self.file.write(b"SCAN - +\n")
        self.file.flush()
        while True:
            line = self.file.readline()
            if line == b"END\n":
                return
            if not line.startswith(b"VALUE "):
                raise SystemExit(f"FAIL: SCAN replied {line!r}")
            key, _, value = line[6:-1].partition(b" ")
            yield key, value


def key_of(i):
    return b"key%08d" % i


def value_of(i, round_):
    return b"value-%d-%d-" % (round_, i) + b"x" * 60


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=200000)
    parser.add_argument("--samples", type=int, default=20000)
    parser.add_argument("--server", help="a stepdb-stage05 binary to run instead of "
                        "./scripts/run --stage 5")
    parser.add_argument("server_flags", nargs="*", metavar="SERVER_FLAGS",
                        help="more flags for the server, after --")
    args = parser.parse_args()
    server = [args.server] if args.server else [os.path.join(ROOT, "scripts", "run"),
                                                "--stage", "5"]
    server += args.server_flags

    with tempfile.TemporaryDirectory() as tmp, open(os.path.join(tmp, "server.log"), "wb") as log:
        data_dir = os.path.join(tmp, "data")
        port = free_port()
        process, sock = start(server, data_dir, port, log)
        client = Client(sock)
        model = {}
        acknowledged = 0
        started = time.monotonic()
        batch = 1000
        for round_ in (0, 1):
            for first in range(0, args.keys, batch):
                indexes = range(first, min(first + batch, args.keys))
                requests = [b"SET %s %s\n" % (key_of(i), value_of(i, round_)) for i in indexes]
                for i, reply in zip(indexes, client.pipeline(requests)):
                    if reply != b"OK\n":
                        raise SystemExit(f"FAIL: SET {key_of(i)!r} replied {reply!r}")
                    model[key_of(i)] = value_of(i, round_)
                    acknowledged += 1
        deletes = list(range(0, args.keys, 10))
        for first in range(0, len(deletes), batch):
            indexes = deletes[first:first + batch]
            for i, reply in zip(indexes, client.pipeline([b"DEL %s\n" % key_of(i) for i in indexes])):
                if reply != b"OK\n":
                    raise SystemExit(f"FAIL: DEL {key_of(i)!r} replied {reply!r}")
                del model[key_of(i)]
                acknowledged += 1
        elapsed = time.monotonic() - started
        print(f"{acknowledged} requests acknowledged in {elapsed:.1f} s "
              f"({acknowledged / elapsed:.0f} requests/s), fsync always")

        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        sock.close()
        print("kill -9 sent; restarting")

        restarted = time.monotonic()
        process, sock = start(server, data_dir, port, log)
        print(f"listening again after {time.monotonic() - restarted:.1f} s")
        client = Client(sock)
        failures = 0
        sample = random.Random(5).sample(range(args.keys), min(args.samples, args.keys))
        for first in range(0, len(sample), batch):
            indexes = sample[first:first + batch]
            replies = client.pipeline([b"GET %s\n" % key_of(i) for i in indexes])
            for i, reply in zip(indexes, replies):
                want = model.get(key_of(i))
                expected = b"NOT_FOUND\n" if want is None else b"VALUE " + want + b"\n"
                if reply != expected:
                    failures += 1
                    if failures <= 5:
                        print(f"GET {key_of(i)!r}: got {reply!r}, want {expected!r}")
        print(f"{len(sample)} sampled GETs, {failures} wrong")

        scanned = dict(client.scan_all())
        scan_ok = scanned == model
        print(f"SCAN - +: {len(scanned)} keys, {'exactly the live keys' if scan_ok else 'WRONG'} "
              f"(live keys: {len(model)})")

        live_bytes = sum(len(k) + len(v) for k, v in model.items())
        disk_bytes = sum(os.path.getsize(os.path.join(data_dir, name))
                         for name in os.listdir(data_dir))
        ratio = disk_bytes / live_bytes
        print(f"data directory: {disk_bytes} bytes = {ratio:.2f} x the live data "
              f"({live_bytes} bytes); limit 3 x")
        # The tree tool is built beside the server.
        tool = os.path.join(os.path.dirname(args.server), "stepdb-tree") if args.server else \
            os.path.join(ROOT, "build", "release", "stages", "05-compaction", "stepdb-tree")
        if os.path.exists(tool):
            tree = subprocess.run([tool, "show", data_dir], capture_output=True, text=True)
            print(tree.stdout.replace(data_dir, "<data>"), end="")

        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        ok = failures == 0 and scan_ok and ratio <= 3
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1


def stop_started():
    for process in STARTED:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


if __name__ == "__main__":
    # A timeout (ctest's) ends the run with SIGTERM: let it pass through the cleanup below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("FAIL: terminated"))
    try:
        sys.exit(main())
    finally:
        stop_started()
