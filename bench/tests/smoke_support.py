"""What the benchmark smoke tests share: failing with the run that failed, and finding the
processes a benchmark left behind by an environment variable they inherited."""
import os
import sys


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
