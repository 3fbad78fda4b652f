"""scripts/grade on a copy of the reference: full marks, the three formats, determinism,
extra tests, and what a manifest mistake or a compile error does to the score. The copy is
built once (in its own build/dev) and shared by the tests below, which restore whatever they
change."""

from __future__ import annotations

import json
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tooling_support import (SUMMARY, check_gradescope, copy_reference, explain, grade,
                             log_timing, present_stages, scratch)

STAGES = present_stages()
NEWEST = STAGES[-1]


@pytest.fixture(scope="module")
def tree():
    with scratch("reference") as tmp:
        yield copy_reference(tmp / "tree")


def test_reference_gets_full_marks(tree):
    # Stage 01 only: the starter round trip of the newest stage grades every earlier stage of
    # the reference, the main test run runs every test, and starter_contents checks that each
    # test belongs to a group; grading the whole reference here again would only cost minutes.
    first = STAGES[0]
    done = grade(tree, str(first.number), "--format", "gradescope", "--out",
                 str(tree / "all.json"))
    log_timing(f"grade {first.id} on a fresh copy of the reference", done.seconds)
    assert done.returncode == 0, explain(done)
    data = check_gradescope(tree / "all.json")
    failed = [t["name"] for t in data["tests"] if t["status"] != "passed"]
    assert not failed, f"failing on the reference: {failed}\n{explain(done)}"
    assert data["score"] == data["extra_data"]["max_score"]
    assert sorted(data["extra_data"]["stages"]) == [first.id]


def test_text_format_leads_and_ends_with_the_summary_line(tree):
    done = grade(tree, "1")
    assert done.returncode == 0, explain(done)
    lines = done.stdout.rstrip("\n").splitlines()
    m = SUMMARY.match(lines[-1])
    assert m, lines[-1]
    assert lines[0] == lines[-1], "the headline leads the report"
    assert m.group(1) == "01" and m.group(2) == m.group(3)
    assert m.group(4) is None, "lab 1 has no earlier stages"
    assert "grade: " not in done.stdout, "progress must go to stderr"


def test_gradescope_and_junit_default_files_are_well_formed(tree):
    with scratch("out") as out:
        done = grade(tree, "01", "--format", "gradescope", cwd=out)
        assert done.returncode == 0, explain(done)
        assert done.stdout == ""
        data = check_gradescope(out / "results.json")
        assert data["score"] == 100
        assert all(t["name"].startswith("stage01.") for t in data["tests"])

        done = grade(tree, "1", "--format", "junit", cwd=out)
        assert done.returncode == 0, explain(done)
        root = ET.parse(out / "grade-junit.xml").getroot()
        assert root.tag == "testsuites"
        assert root.get("failures") == "0"
        assert root.get("score") == root.get("max_score") == "100.00"
        assert [s.get("name") for s in root.iter("testsuite")] == ["stage01"]
        assert len(list(root.iter("testcase"))) == len(data["tests"])


def test_same_code_same_result(tree):
    first = grade(tree, "1", "--format", "gradescope", "--out", "-")
    second = grade(tree, "1", "--format", "gradescope", "--out", "-")
    assert first.returncode == second.returncode == 0, explain(first)
    assert first.stdout == second.stdout
    json.loads(first.stdout)


def _write_extra_tests(directory: Path, pid_file: Path) -> None:
    directory.mkdir()
    (directory / "leaves-a-process.sh").write_text(
        f"#!/bin/sh\nsleep 300 &\necho $! > {pid_file}\nexit 0\n")
    os.chmod(directory / "leaves-a-process.sh", 0o755)
    tests = [
        {"name": "server-help", "stage": 1, "points": 2,
         "command": ["/bin/sh", "-c", '"$STEPDB_BIN_DIR/stepdb-stage01" --help | grep -q -- --port'
                     ' && test -d "$STEPDB_SOURCE_DIR/stages" && test -x "$STEPDB_STAGE_BINARY"']},
        {"name": "always-fails", "stage": "01", "points": 3, "group": "Private",
         "command": "echo boom; exit 3", "visibility": "after_published"},
        {"name": "too-slow", "stage": 1, "points": 1, "timeout": 1, "command": "sleep 30"},
        {"name": "cleans-up", "stage": 1, "points": 1, "command": ["./leaves-a-process.sh"]},
    ]
    later = [s for s in STAGES if s.number > 1]
    if later:
        tests.append({"name": "later-stage", "stage": later[0].number, "points": 50,
                      "command": "exit 0"})
    (directory / "tests.json").write_text(json.dumps({"tests": tests}))


def test_extra_tests_are_scored_alongside(tree):
    with scratch("extra") as tmp:
        _write_extra_tests(tmp / "extra", tmp / "pid")
        started = time.monotonic()
        done = grade(tree, "1", "--format", "gradescope", "--out", str(tmp / "r.json"),
                     "--extra-tests", str(tmp / "extra"))
        assert done.returncode == 1, explain(done)
        assert time.monotonic() - started < 120, "a timed-out extra test held the grader"
        data = check_gradescope(tmp / "r.json")
        extra = {t["name"]: t for t in data["tests"] if ".extra." in t["name"]}
        assert sorted(extra) == ["stage01.extra.always-fails", "stage01.extra.cleans-up",
                                 "stage01.extra.server-help", "stage01.extra.too-slow"]
        assert extra["stage01.extra.server-help"]["status"] == "passed", \
            extra["stage01.extra.server-help"]
        assert extra["stage01.extra.server-help"]["score"] == 2
        assert extra["stage01.extra.cleans-up"]["status"] == "passed"
        fails = extra["stage01.extra.always-fails"]
        assert fails["status"] == "failed" and fails["score"] == 0 and fails["max_score"] == 3
        assert "boom" in fails["output"] and "exit status 3" in fails["output"]
        assert fails["visibility"] == "after_published"
        assert "timed out" in extra["stage01.extra.too-slow"]["output"]
        assert data["score"] == 100 + 2 + 1
        assert data["extra_data"]["max_score"] == 100 + 2 + 3 + 1 + 1
        # The process the extra test left behind was killed with its process group.
        pid = int((tmp / "pid").read_text())
        for _ in range(50):
            if not Path(f"/proc/{pid}").exists() or \
                    Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"process {pid} started by an extra test is still running")


def test_manifest_mistakes_cost_points_but_not_the_maximum(tree):
    manifest_path = tree / "stages" / "stages.json"
    original = manifest_path.read_text()
    data = json.loads(original)
    stage = data["stages"][0]
    assert stage["groups"], "stage 01 has no groups"
    target = stage["groups"][0]
    target["tests"] = "NoSuchSuite.*"
    try:
        manifest_path.write_text(json.dumps(data, indent=2))
        done = grade(tree, "1", "--format", "gradescope", "--out", str(tree / "m.json"))
        assert done.returncode == 1, explain(done)
        result = check_gradescope(tree / "m.json")
        assert result["extra_data"]["max_score"] == 100
        assert result["score"] == 100 - target["points"]
        unmatched = [t for t in result["tests"] if t["max_score"] == 0]
        assert unmatched, "tests that match no group must still be listed"
        assert f"group '{target['name']}'" in done.stderr and "match no group" in done.stderr
    finally:
        manifest_path.write_text(original)


def test_a_stage_that_does_not_compile_scores_zero_and_shows_why(tree):
    test_source = sorted((tree / STAGES[0].folder / "tests").glob("*.cc"))[0]
    original = test_source.read_text()
    try:
        test_source.write_text(original + '\n#error "deliberately broken for the grader test"\n')
        done = grade(tree, "1")
        assert done.returncode == 1, explain(done)
        assert done.stdout.startswith("lab 01: 0.00/100.00\n"), explain(done)
        assert "did not compile" in done.stdout
        assert "deliberately broken for the grader test" in done.stdout
    finally:
        test_source.write_text(original)
