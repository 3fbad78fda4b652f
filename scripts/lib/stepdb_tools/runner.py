"""Runs the build and the tests for the grader: scripts/setup, `cmake --preset dev`, one
`cmake --build` per stage (so a stage that does not compile costs only its own points), and
one `ctest -L '^stageNN$' --output-junit` per stage. Tool output is captured; what helps a
person watching goes to stderr, so the grader's stdout stays parseable.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from . import ctest_junit

PRESET = "dev"
BUILD_DIR = Path("build") / PRESET  # the dev preset's binaryDir, relative to the source root
_CTEST_PROGRESS = re.compile(r"^\s*\d+/\d+ Test\s+#")
# "12/40 Test #15: stage01.Suite.Case ....***Timeout   5.00 sec": ctest's verdict, which its
# JUnit file leaves out for timeouts and crashes.
_CTEST_VERDICT = re.compile(
    r"^\s*\d+/\d+ Test\s+#\d+: (\S+) \.*\s*(?:\*\*\*)?(.+?)\s+[\d.]+ sec$", re.M)
_TEST_TARGET = re.compile(r"^(stage(\d\d)(?:_[A-Za-z0-9_]+)?_tests): phony", re.M)


def log(message: str) -> None:
    print(f"grade: {message}", file=sys.stderr, flush=True)


@dataclass
class Run:
    ok: bool
    output: str


class Runner:
    def __init__(self, root: Path):
        self.root = root
        self.build_dir = root / BUILD_DIR
        self.env = dict(os.environ)
        # ccache keeps its cache under $HOME; a runner that clears the environment (GitHub
        # Classroom's autograding action passes only PATH) would make every compile fail.
        if "HOME" not in self.env and "CCACHE_DIR" not in self.env:
            self.env["CCACHE_DISABLE"] = "1"

    def _run(self, cmd: list[str], show: Callable[[str], bool]) -> Run:
        lines = []
        try:
            with subprocess.Popen(cmd, cwd=self.root, env=self.env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  errors="replace") as p:
                assert p.stdout is not None
                for line in p.stdout:
                    lines.append(line)
                    if show(line):
                        sys.stderr.write("  " + line)
                        sys.stderr.flush()
                rc = p.wait()
        except OSError as e:
            return Run(False, f"cannot run {cmd[0]}: {e}\n")
        return Run(rc == 0, "".join(lines))

    def setup(self) -> Run:
        return self._run([str(self.root / "scripts" / "setup")], lambda line: True)

    def configure(self) -> Run:
        return self._run(["cmake", "--preset", PRESET], lambda line: False)

    def test_targets(self) -> dict[str, list[str]]:
        """Stage id -> the stage's test programs (stageNN_tests, stageNN_<name>_tests)."""
        run = self._run(["cmake", "--build", "--preset", PRESET, "--target", "help"],
                        lambda line: False)
        targets: dict[str, list[str]] = {}
        for m in _TEST_TARGET.finditer(run.output):
            targets.setdefault(m.group(2), []).append(m.group(1))
        return {k: sorted(set(v)) for k, v in targets.items()}

    def build(self, targets: list[str]) -> Run:
        return self._run(["cmake", "--build", "--preset", PRESET, "--target", *targets],
                         lambda line: True)

    def ctest(self, label: str, junit: Path) -> tuple[list[ctest_junit.Outcome], Run]:
        """Runs the tests labelled `label`; their outcomes (sorted by name) and the run. An
        unreadable or missing JUnit file gives no outcomes."""
        junit.parent.mkdir(parents=True, exist_ok=True)
        junit.unlink(missing_ok=True)
        run = self._run(["ctest", "--preset", PRESET, "-L", f"^{label}$", "--no-tests=ignore",
                         "--output-junit", str(junit)],
                        lambda line: bool(_CTEST_PROGRESS.match(line)))
        try:
            outcomes = ctest_junit.parse(junit)
        except (OSError, ctest_junit.ET.ParseError):
            return [], run
        return with_verdicts(outcomes, run.output), run


def with_verdicts(outcomes: list[ctest_junit.Outcome],
                  console: str) -> list[ctest_junit.Outcome]:
    """The outcomes, with a failure's reason taken from ctest's console line ("Timeout",
    "Exception: SegFault", ...) where the JUnit file gave none."""
    verdicts = dict(_CTEST_VERDICT.findall(console))
    return [replace(o, reason=verdicts[o.name])
            if o.status == ctest_junit.FAILED and o.reason in ("", "Failed")
            and verdicts.get(o.name, "Failed") not in ("Failed", "Passed") else o
            for o in outcomes]


def compiler_errors(output: str, max_lines: int = 150) -> str:
    """The part of a failed build's output that matters: from ninja's first "FAILED:" line
    (the compiler's messages follow it), else the tail."""
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("FAILED:")), None)
    if start is None:
        return tail(output, 60)
    picked = lines[start:start + max_lines]
    if len(lines) - start > max_lines:
        picked.append(f"... ({len(lines) - start - max_lines} more lines)")
    return "\n".join(picked)


def tail(text: str, max_lines: int) -> str:
    lines = text.splitlines()
    cut = len(lines) - max_lines
    return "\n".join(([f"... ({cut} lines before)"] if cut > 0 else []) + lines[-max_lines:])
