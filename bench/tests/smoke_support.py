"""What the benchmark smoke tests share: failing with the run that failed, finding the
processes a benchmark left behind by an environment variable they inherited, running a
benchmark so that whatever it leaves behind fails the test, and checking a row of the CSV
that report.py prints."""
import os
import subprocess
import sys
import tempfile
import uuid


def fail(message, run=None):
    """Prints message (and the command, exit status and output of `run`) and exits 1."""
    print("FAIL: " + message, file=sys.stderr)
    if run is not None:
        print("ran: " + " ".join(run.args), file=sys.stderr)
        print("exit status: %d" % run.returncode, file=sys.stderr)
        print("stdout:\n" + run.stdout, file=sys.stderr)
        print("stderr:\n" + run.stderr, file=sys.stderr)
    sys.exit(1)


def tagged_processes(variable, tag):
    """The pids of processes whose environment holds variable=tag (this one excepted)."""
    wanted = ("%s=%s" % (variable, tag)).encode()
    pids = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            with open(os.path.join(entry.path, "environ"), "rb") as f:
                if wanted in f.read().split(b"\0"):
                    pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def run_tagged(bench, args, variable, timeout):
    """Runs the Python script `bench` with `args`, a fresh TMPDIR and variable=<a fresh tag>
    in its environment; fails if a process carrying the tag, or a file in TMPDIR, is left
    once it has exited. Returns the CompletedProcess (text)."""
    tag = uuid.uuid4().hex
    with tempfile.TemporaryDirectory(prefix="stepdb-bench-smoke-") as tmp:
        env = dict(os.environ, TMPDIR=tmp, **{variable: tag})
        run = subprocess.run(["/usr/bin/python3", "-B", str(bench), *args],
                             capture_output=True, text=True, timeout=timeout, env=env)
        left = tagged_processes(variable, tag)
        if left:
            fail("processes left behind: %s" % left, run)
        if os.listdir(tmp):
            fail("files left behind in TMPDIR: %s" % os.listdir(tmp), run)
    return run


def check_report_row(row, run):
    """Checks one row of report.py's CSV from a benchmark run of one run per server: ten
    fields, numbers that parse, the one run listed as the median, positive figures and a
    ratio of stepdb / peer. Returns (line, unit, better, peer, stepdb value, peer value)."""
    fields = row.split(",")
    if len(fields) != 10:
        fail("not a CSV row of 10 fields: %r" % row, run)
    try:
        stepdb_value, peer_value, ratio = (float(f) for f in fields[4:7])
        runs = int(fields[7])
        runs_of = [float(fields[8]), float(fields[9])]
    except ValueError:
        fail("a number does not parse in %r" % row, run)
    if runs != 1 or runs_of != [stepdb_value, peer_value]:
        fail("one run should be made, listed as the median: %r" % row, run)
    if stepdb_value <= 0 or peer_value <= 0:
        fail("a figure is not positive: %r" % row, run)
    # The figures are rounded to 0.1; the ratio is of the unrounded ones.
    low = (stepdb_value - 0.05) / (peer_value + 0.05)
    high = (stepdb_value + 0.05) / (peer_value - 0.05)
    if not low - 0.0001 <= ratio <= high + 0.0001:
        fail("ratio is not stepdb / peer_value: %r" % row, run)
    return tuple(fields[:4]) + (stepdb_value, peer_value)
