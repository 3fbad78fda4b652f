"""The grader's scoring and report code on made-up outcomes: no build, no ctest."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from fractions import Fraction

from tooling_support import SUMMARY
from stepdb_tools import reports, runner, scoring
from stepdb_tools.ctest_junit import DISABLED, FAILED, PASSED, SKIPPED, Outcome
from stepdb_tools.manifest import Group, Stage


def _stage(*groups: tuple[str, str, int]) -> Stage:
    return Stage("07", "ttl", "Expiry", tuple(Group(n, p, Fraction(pts)) for n, p, pts in groups),
                 True)


def _outcome(case: str, status: str = PASSED, output: str = "") -> Outcome:
    return Outcome(f"stage07.{case}", status, "", output)


def test_points_are_split_evenly_and_exactly():
    stage = _stage(("Clock", "Clock.*", 10), ("Expiry", "Expiry.*", 20))
    result = scoring.score_tests(stage, [
        _outcome("Clock.A"), _outcome("Clock.B", FAILED), _outcome("Clock.C"),
        _outcome("Expiry.A"), _outcome("Expiry.B", SKIPPED)])
    assert [(g.name, g.score, g.tests, g.passed) for g in result.groups] == [
        ("Clock", Fraction(20, 3), 3, 2), ("Expiry", Fraction(10), 2, 1)]
    assert result.score == Fraction(50, 3) and result.max_score == 30
    items = {i.name: i for i in result.items}
    assert items["stage07.Clock.B"].score == 0
    assert items["stage07.Clock.B"].max_score == Fraction(10, 3)
    assert items["stage07.Expiry.B"].note.startswith("skipped")
    assert not result.warnings


def test_a_group_without_tests_scores_zero_but_keeps_its_maximum():
    stage = _stage(("Clock", "Clock.*", 10), ("Gone", "Renamed.*", 5))
    result = scoring.score_tests(stage, [_outcome("Clock.A")])
    assert result.score == 10 and result.max_score == 15
    stand_in = [i for i in result.items if i.kind == scoring.STAND_IN]
    assert [(i.name, i.max_score, i.passed) for i in stand_in] == [
        ("stage07 group 'Gone'", 5, False)]
    assert any("no test matches 'Renamed.*'" in w for w in result.warnings)


def test_tests_outside_every_group_are_shown_for_zero_points():
    stage = _stage(("Clock", "Clock.*", 10))
    result = scoring.score_tests(stage, [_outcome("Clock.A"), _outcome("Stray.B")])
    stray = next(i for i in result.items if i.name == "stage07.Stray.B")
    assert (stray.score, stray.max_score, stray.groups) == (0, 0, [])
    assert "matches no group" in stray.note
    assert any("Stray.B" in w for w in result.warnings)
    assert result.score == result.max_score == 10


def test_disabled_tests_are_in_no_group():
    stage = _stage(("Clock", "Clock.*", 10))
    result = scoring.score_tests(stage, [_outcome("Clock.A"),
                                         _outcome("Clock.DISABLED_B", DISABLED)])
    assert result.groups[0].tests == 1 and result.score == 10
    assert all(i.name != "stage07.Clock.DISABLED_B" for i in result.items)


def test_a_stage_that_does_not_compile_keeps_its_maximum():
    stage = _stage(("Clock", "Clock.*", 10), ("Expiry", "Expiry.*", 20))
    result = scoring.untestable(stage, "its tests did not compile", "x.cc:1: error: boom")
    assert result.score == 0 and result.max_score == 30
    assert all("boom" in i.output for i in result.items)


def test_reports_are_well_formed_and_ordered():
    stage = _stage(("Clock", "Clock.*", 10))
    result = scoring.score_tests(stage, [
        _outcome("Clock.B", FAILED, "[ RUN      ] Clock.B\nx.cc:3: Failure\n\x01bad byte\n"
                 "[  FAILED  ] Clock.B (0 ms)\n[==========] noise"), _outcome("Clock.A")])
    grade = scoring.Grade(stage, [result])
    text = reports.text(grade)
    assert SUMMARY.match(text.rstrip("\n").splitlines()[-1])
    assert text.rstrip("\n").splitlines()[-1] == "score: 5.00/10.00 (stage 07: 5.00/10.00)"
    assert "x.cc:3: Failure" in text and "noise" not in text
    data = json.loads(reports.gradescope(grade))
    assert [t["name"] for t in data["tests"]] == ["stage07.Clock.A", "stage07.Clock.B"]
    assert data["score"] == 5 and data["tests"][1]["status"] == "failed"
    root = ET.fromstring(reports.junit(grade))
    assert root.get("failures") == "1"
    assert "\\x01bad byte" in root.find(".//failure").text


def test_ctest_console_verdicts_name_timeouts_and_crashes():
    console = (" 1/3 Test  #3: stage07.Clock.A ...***Failed    0.05 sec\n"
               " 2/3 Test  #4: stage07.Clock.B ..........***Timeout   5.00 sec\n"
               " 3/3 Test  #5: stage07.Clock.C ...***Exception: SegFault  0.02 sec\n")
    outcomes = [_outcome("Clock.A", FAILED), _outcome("Clock.B", FAILED),
                _outcome("Clock.C", FAILED)]
    assert [o.reason for o in runner.with_verdicts(outcomes, console)] == [
        "", "Timeout", "Exception: SegFault"]
