"""Reads the JUnit XML that `ctest --output-junit FILE` writes (CMake 3.21+).

    <testsuite ...>
      <testcase name="stage01.LineFramer.OneByteAtATime" classname="..." time="0.01"
                status="run|fail|notrun|disabled">
        <failure message="Failed|Timeout|SEGFAULT|Subprocess aborted|..."/>   (status fail)
        <skipped message="..."/>                                              (notrun, disabled)
        <system-out>the test's output</system-out>
      </testcase>
    </testsuite>

Only names, outcomes and output are kept: the time attribute never reaches a score.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

PASSED, FAILED, SKIPPED, DISABLED = "passed", "failed", "skipped", "disabled"


@dataclass(frozen=True)
class Outcome:
    name: str  # the ctest name, "stage01.Suite.Case"
    status: str  # PASSED, FAILED, SKIPPED or DISABLED
    reason: str  # ctest's word for a failure ("Failed", "Timeout", "SEGFAULT", ...) or ""
    output: str


def parse(path: Path) -> list[Outcome]:
    """The outcomes in the file, sorted by name. Raises OSError or ET.ParseError."""
    root = ET.parse(path).getroot()
    outcomes = []
    for case in root.iter("testcase"):
        status = case.get("status", "")
        failure = case.find("failure")
        skipped = case.find("skipped")
        output = case.findtext("system-out") or ""
        if status == "disabled":
            outcomes.append(Outcome(case.get("name", ""), DISABLED, "", output))
        elif failure is not None or status == "fail":
            reason = failure.get("message", "Failed") if failure is not None else "Failed"
            outcomes.append(Outcome(case.get("name", ""), FAILED, reason, output))
        elif skipped is not None or status == "notrun":
            reason = skipped.get("message", "") if skipped is not None else ""
            outcomes.append(Outcome(case.get("name", ""), SKIPPED, reason, output))
        else:
            outcomes.append(Outcome(case.get("name", ""), PASSED, "", output))
    return sorted(outcomes, key=lambda o: o.name)
