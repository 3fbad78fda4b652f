"""Helpers for the tooling tests: copies of the tree, running the scripts in them, and
checks on the grader's output formats."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "lib"))

from stepdb_tools import manifest, starter  # noqa: E402

# Generous: a cold build of a few stages under ASan on a busy two-core machine.
GRADE_TIMEOUT = 1500
# The grader's headline: groups 1-3 the lab and its own score, then (from lab 2 on) the
# earlier stages (group 4) and the total over all stages (groups 5, 6).
SUMMARY = re.compile(r"^lab (\d\d): (\d+\.\d\d)/(\d+\.\d\d)"
                     r"(?:; earlier stages: (stage \d\d: \d+\.\d\d/\d+\.\d\d"
                     r"(?:, stage \d\d: \d+\.\d\d/\d+\.\d\d)*); all stages: "
                     r"(\d+\.\d\d)/(\d+\.\d\d))?$")


def present_stages() -> list[manifest.Stage]:
    return manifest.present_stages(ROOT)


@contextmanager
def scratch(prefix: str):
    """A temporary directory, removed afterwards (copies with a build are hundreds of MB)."""
    path = Path(tempfile.mkdtemp(prefix=f"stepdb-{prefix}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def copy_reference(dest: Path) -> Path:
    """Copies the files a starter is made from (tracked files, as they are in the working
    tree), complete, into dest; returns dest."""
    for rel in starter.tracked_files(ROOT):
        source, target = ROOT / rel, dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target)
    return dest


def build_env(tree: Path) -> dict[str, str]:
    """The environment for building in `tree`: ccache hits across copies of the tree."""
    env = dict(os.environ)
    env.update({"CCACHE_BASEDIR": str(tree), "CCACHE_NOHASHDIR": "1",
                "PYTHONDONTWRITEBYTECODE": "1"})
    return env


def run(cmd: list[str], cwd: Path, timeout: float = GRADE_TIMEOUT,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Runs cmd to completion; a hang fails the test with the command named."""
    started = time.monotonic()
    try:
        done = subprocess.run(cmd, cwd=cwd, env=env or build_env(cwd), capture_output=True,
                              text=True, errors="replace", timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"{' '.join(cmd)} did not finish within {timeout} s "
                             f"(in {cwd}); its stderr so far:\n{e.stderr}") from e
    done.seconds = time.monotonic() - started
    return done


def grade(tree: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return run([str(tree / "scripts" / "grade"), *args], cwd or tree, env=build_env(tree))


def explain(done: subprocess.CompletedProcess) -> str:
    """What to print when a command did not do what a test expected."""
    return (f"command: {' '.join(map(str, done.args))}\nexit status: {done.returncode}\n"
            f"--- stdout (tail)\n{done.stdout[-4000:]}\n--- stderr (tail)\n{done.stderr[-6000:]}")


def check_gradescope(path: Path) -> dict:
    """Loads a results.json and asserts the shape Gradescope expects; returns it."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data["score"], (int, float))
    assert isinstance(data["output"], str)
    assert data["tests"], "no tests in results.json"
    for t in data["tests"]:
        assert set(t) >= {"name", "score", "max_score", "status", "output", "visibility"}, t
        assert t["status"] in ("passed", "failed"), t
        assert 0 <= t["score"] <= t["max_score"] + 1e-9, t
        assert t["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
        if t["status"] == "passed":
            assert t["score"] == t["max_score"], t
    total = sum(t["score"] for t in data["tests"])
    assert abs(total - data["score"]) < 0.01 * len(data["tests"]) + 1e-6
    # Each stage's tests add up exactly to its points, as the decimals printed.
    for sid, stage in data["extra_data"]["stages"].items():
        shown = sum((Fraction(repr(t["max_score"])) for t in data["tests"]
                     if f"stage{sid}" in t["tags"]), Fraction(0))
        assert shown == Fraction(repr(stage["max_score"])), (sid, float(shown), stage)
    return data


def log_timing(what: str, seconds: float) -> None:
    print(f"\n[timing] {what}: {seconds:.1f} s", file=sys.stderr, flush=True)
