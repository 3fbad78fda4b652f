"""The grader's scoring and report code on made-up outcomes: no build, no ctest."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from fractions import Fraction

from tooling_support import ROOT, SUMMARY
from stepdb_tools import manifest, reports, runner, scoring
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
    assert text.rstrip("\n").splitlines()[-1] == "lab 07: 5.00/10.00"
    assert text.startswith("lab 07: 5.00/10.00\n")
    assert "x.cc:3: Failure" in text and "noise" not in text
    data = json.loads(reports.gradescope(grade))
    assert [t["name"] for t in data["tests"]] == ["stage07.Clock.A", "stage07.Clock.B"]
    assert data["score"] == 5 and data["tests"][1]["status"] == "failed"
    root = ET.fromstring(reports.junit(grade))
    assert root.get("failures") == "1"
    assert "\\x01bad byte" in root.find(".//failure").text


def test_the_headline_leads_with_the_lab_and_gradescope_keeps_the_total():
    earlier = Stage("06", "protocols", "Earlier", (Group("Old", "Old.*", Fraction(20)),), True)
    old = scoring.score_tests(earlier, [Outcome("stage06.Old.A", PASSED, "", "")])
    lab = _stage(("Clock", "Clock.*", 10))
    own = scoring.score_tests(lab, [_outcome("Clock.A"), _outcome("Clock.B", FAILED)])
    grade = scoring.Grade(lab, [old, own])
    headline = ("lab 07: 5.00/10.00; earlier stages: stage 06: 20.00/20.00; "
                "all stages: 25.00/30.00")
    assert reports.summary_line(grade) == headline
    m = SUMMARY.match(headline)
    assert m and m.groups() == ("07", "5.00", "10.00", "stage 06: 20.00/20.00", "25.00", "30.00")
    lines = reports.text(grade).rstrip("\n").splitlines()
    assert lines[0] == headline and lines[-1] == headline
    data = json.loads(reports.gradescope(grade))
    assert data["score"] == 25, "Gradescope's score is the sum of the tests' scores"
    assert data["output"].startswith(headline + "\n")
    assert (data["extra_data"]["lab_score"], data["extra_data"]["lab_max_score"]) == (5, 10)
    assert data["extra_data"]["max_score"] == 30


def test_ctest_console_verdicts_name_timeouts_and_crashes():
    console = (" 1/3 Test  #3: stage07.Clock.A ...***Failed    0.05 sec\n"
               " 2/3 Test  #4: stage07.Clock.B ..........***Timeout   5.00 sec\n"
               " 3/3 Test  #5: stage07.Clock.C ...***Exception: SegFault  0.02 sec\n")
    outcomes = [_outcome("Clock.A", FAILED), _outcome("Clock.B", FAILED),
                _outcome("Clock.C", FAILED)]
    assert [o.reason for o in runner.with_verdicts(outcomes, console)] == [
        "", "Timeout", "Exception: SegFault"]


def _points(value: float) -> Fraction:
    """A number from results.json as the decimal it prints as."""
    return Fraction(repr(value))


def _check_results_json_adds_up(grade: scoring.Grade) -> dict:
    """Asserts that in grade's results.json the tests of each stage add up exactly to its
    points, every test holds at most four decimals and lies within 0.0001 of its exact
    share, and a passing test scores its maximum; returns the parsed results.json."""
    data = json.loads(reports.gradescope(grade))
    tests = iter(data["tests"])
    for s in grade.stages:
        shown = [next(tests) for _ in s.items]
        total = sum((_points(t["max_score"]) for t in shown), Fraction(0))
        assert total == s.max_score, \
            f"stage {s.stage.id}: max_scores add up to {float(total)}, not {float(s.max_score)}"
        for t, item in zip(shown, s.items):
            assert t["name"] == item.name
            assert (_points(t["max_score"]) * 10000).denominator == 1, t
            assert abs(_points(t["max_score"]) - item.max_score) <= Fraction(1, 10000), \
                (t, float(item.max_score))
            assert t["score"] == (t["max_score"] if item.passed else 0), t
    return data


def test_results_json_max_scores_add_up_exactly_to_each_stage():
    # 10 points over 3 tests, 20 over 7, and 5 over the two tests that "Edge*" matches, one
    # of them in "Clock" too; an extra test of 2.5 points.
    stage = _stage(("Clock", "Clock.*", 10), ("Expiry", "Expiry.*", 20),
                   ("Edges", "*.Edge*", 5))
    outcomes = [_outcome("Clock.A"), _outcome("Clock.B", FAILED), _outcome("Clock.Edge")]
    outcomes += [_outcome(f"Expiry.T{i}") for i in range(6)] + [_outcome("Expiry.Edge")]
    result = scoring.score_tests(stage, outcomes)
    scoring.add_extra(result, [scoring.Item("07", "stage07.extra.ok", ["Private"],
                                            Fraction(5, 2), Fraction(5, 2), True, "", "",
                                            scoring.EXTRA)])
    naive = sum((Fraction(repr(round(float(i.max_score), 4))) for i in result.items),
                Fraction(0))
    assert naive != result.max_score, "the shares should not round to exact sums on their own"
    data = _check_results_json_adds_up(scoring.Grade(stage, [result]))
    by_name = {t["name"]: t for t in data["tests"]}
    # Running totals, rounded: 10/3 gives 3.3333, 6.6667, 10, so 3.3333, 3.3334, 3.3333; the
    # two Edge tests get 2.5 more each.
    shown = [by_name[f"stage07.Clock.{c}"]["max_score"] for c in ("A", "B", "Edge")]
    assert [_points(v) for v in shown] == [Fraction("3.3333"), Fraction("3.3334"),
                                           Fraction("3.3333") + Fraction("2.5")]
    shown = [by_name[f"stage07.Expiry.{c}"]["max_score"] for c in ("Edge", "T0", "T1", "T5")]
    assert [_points(v) for v in shown] == [Fraction("2.8571") + Fraction("2.5"),
                                           Fraction("2.8572"), Fraction("2.8571"),
                                           Fraction("2.8571")]


def test_results_json_of_lab_2_adds_up_to_its_200_points():
    """The groups of stages 01 and 02 as the manifest has them, each matched by an awkward
    number of tests (3, 6, 7, 9, 11, 13, ...), all passing."""
    stages = [s for s in manifest.load(ROOT) if s.id in ("01", "02")]
    results = []
    for stage in stages:
        outcomes = []
        for j, group in enumerate(stage.groups):
            count = (3, 6, 7, 9, 11, 13, 14, 17)[j % 8]
            outcomes += [Outcome(f"{stage.label}.{group.pattern.replace('*', f'T{j}x{i}')}",
                                 PASSED, "", "") for i in range(count)]
        results.append(scoring.score_tests(stage, outcomes))
    grade = scoring.Grade(stages[-1], results)
    data = _check_results_json_adds_up(grade)
    assert sum((_points(t["max_score"]) for t in data["tests"]), Fraction(0)) == 200
    assert data["score"] == data["extra_data"]["max_score"] == 200
