"""Instructors' extra tests: private black-box checks scored alongside the stage tests, kept
out of the student's tree (`./scripts/grade N --extra-tests DIR`).

DIR/tests.json:

    {"tests": [
      {"name": "pipelined-burst",            a unique name: letters, digits, . _ -
       "stage": 1,                            the stage it grades (1 or "01")
       "points": 5,                           > 0; earned iff the command exits 0
       "command": ["python3", "burst.py"],    argv list, or a string run by /bin/sh -c
       "timeout": 60,                         seconds, optional (default 60, at most 1800)
       "group": "Hidden protocol tests",      optional table row (default "Extra tests")
       "visibility": "after_published"}       optional Gradescope visibility (default visible)
    ]}

Each command runs with its working directory DIR, stdin empty, and in its environment
  STEPDB_SOURCE_DIR    the graded source tree
  STEPDB_BUILD_DIR     its dev build directory
  STEPDB_BIN_DIR       a directory of links stepdb-stage01 ... stepdb-stageNN to the built servers
  STEPDB_STAGE_BINARY  the server of the test's own stage
It passes iff it exits 0 before its timeout; its stdout and stderr are its output. When it
ends, whatever it left running in its process group is killed. Tests of stages after N are
not run; tests of a stage that did not build score 0.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from .manifest import Stage
from .scoring import EXTRA, Item

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
DEFAULT_TIMEOUT = 60
MAX_TIMEOUT = 1800


class ExtraTestsError(Exception):
    """DIR/tests.json is missing or malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class ExtraTest:
    name: str
    stage: str
    points: Fraction
    command: list[str] | str
    timeout: float
    group: str
    visibility: str


def load(directory: Path, stages: list[Stage]) -> list[ExtraTest]:
    """The tests DIR/tests.json lists, sorted by (stage, name). Raises ExtraTestsError."""
    path = directory / "tests.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ExtraTestsError(f"{path}: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("tests"), list):
        raise ExtraTestsError(f"{path}: expected an object with a \"tests\" list")
    known = {s.number: s for s in stages}
    tests, names = [], set()
    for i, t in enumerate(data["tests"]):
        where = f"{path}: tests[{i}]"
        if not isinstance(t, dict):
            raise ExtraTestsError(f"{where}: expected an object")
        name = t.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9._-]+", name):
            raise ExtraTestsError(f"{where}: \"name\" must be letters, digits, '.', '_', '-'")
        if name in names:
            raise ExtraTestsError(f"{where}: the name '{name}' is used twice")
        names.add(name)
        stage = t.get("stage")
        number = int(stage) if isinstance(stage, int) or (
            isinstance(stage, str) and stage.isdigit()) else None
        if number not in known:
            raise ExtraTestsError(f"{where}: \"stage\" must name a stage of the manifest, "
                                  f"got {stage!r}")
        points = t.get("points")
        if isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0:
            raise ExtraTestsError(f"{where}: \"points\" must be a number > 0")
        command = t.get("command")
        if not (isinstance(command, str) and command.strip()) and not (
                isinstance(command, list) and command and
                all(isinstance(a, str) for a in command)):
            raise ExtraTestsError(f"{where}: \"command\" must be a string or a list of strings")
        timeout = t.get("timeout", DEFAULT_TIMEOUT)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or \
                not 0 < timeout <= MAX_TIMEOUT:
            raise ExtraTestsError(f"{where}: \"timeout\" must be seconds in (0, {MAX_TIMEOUT}]")
        group = t.get("group", "Extra tests")
        if not isinstance(group, str) or not group:
            raise ExtraTestsError(f"{where}: \"group\" must be a non-empty string")
        visibility = t.get("visibility", "visible")
        if visibility not in VISIBILITIES:
            raise ExtraTestsError(f"{where}: \"visibility\" must be one of "
                                  f"{', '.join(VISIBILITIES)}")
        tests.append(ExtraTest(name, known[number].id, Fraction(str(points)), command,
                               float(timeout), group, visibility))
    return sorted(tests, key=lambda t: (t.stage, t.name))


def item_name(test: ExtraTest) -> str:
    return f"stage{test.stage}.extra.{test.name}"


def not_run(test: ExtraTest, why: str) -> Item:
    return Item(test.stage, item_name(test), [test.group], Fraction(0), test.points, False,
                why, why, EXTRA, test.visibility)


def run(test: ExtraTest, directory: Path, env: dict[str, str]) -> Item:
    """Runs one test and scores it."""
    shell = isinstance(test.command, str)
    with tempfile.TemporaryFile() as out:
        try:
            p = subprocess.Popen(test.command, shell=shell, cwd=directory, env=env,
                                 stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        except OSError as e:
            return not_run(test, f"cannot run {test.command!r}: {e}")
        note = ""
        try:
            rc = p.wait(timeout=test.timeout)
            if rc != 0:
                note = f"exit status {rc}" if rc > 0 else f"killed by signal {-rc}"
        except subprocess.TimeoutExpired:
            note = f"timed out after {test.timeout:g} s"
        # Whatever the test started and left behind (a server, a client) goes too.
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:  # the group is already gone
            pass
        p.wait()
        out.seek(0)
        output = out.read().decode("utf-8", errors="replace")
    if note:
        output = f"{output}\n[{note}]" if output else f"[{note}]"
    ok = not note
    return Item(test.stage, item_name(test), [test.group], test.points if ok else Fraction(0),
                test.points, ok, note, output, EXTRA, test.visibility)
