"""Turns test outcomes into points, by the manifest's groups.

The rules, which make the maximum a property of the manifest alone and the score a function
of which tests pass (never of timing or order):
  1. A group's points are split evenly over the tests its glob matches; the glob is matched
     (fnmatch, case-sensitive) against "Suite.Case", the ctest name without "stageNN.".
     A test matched by two groups earns a share of each (the manifest should avoid that).
  2. A passing test earns its shares; a failing, crashing, timed-out or skipped one earns 0.
     Disabled tests (gtest's DISABLED_ prefix) are not part of any group.
  3. A group that matches no test earns 0 of its points; a stage whose tests do not build
     earns 0 of all its points. Either way the group still counts toward the maximum.
  4. A test that matches no group is shown, earns 0 of 0, and is a manifest warning.
  5. Instructors' extra tests (extra_tests.py) carry their own points.
Points are kept as exact fractions; reports round to two decimals only when printing.
results.json shows each test's points with four decimals; rounded_max_scores rounds them so
that they still add up exactly to each group's points, and so to each stage's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from fractions import Fraction

from .ctest_junit import DISABLED, PASSED, SKIPPED, Outcome
from .manifest import Stage

TEST, EXTRA, STAND_IN = "test", "extra", "stand-in"
EXTRA_PATTERN = "(extra tests)"  # the pattern of a table row of extra tests (add_extra)


@dataclass
class Item:
    """One scored line: a test, an instructor's extra test, or a stand-in for a group that
    could not be tested (it did not build, or no test matched)."""
    stage: str
    name: str
    groups: list[str]
    score: Fraction
    max_score: Fraction
    passed: bool
    note: str  # why it failed or is special ("Timeout", "skipped", "matches no group"), or ""
    output: str
    kind: str = TEST
    visibility: str = "visible"


@dataclass
class GroupResult:
    name: str
    pattern: str
    points: Fraction
    score: Fraction
    tests: int
    passed: int
    note: str = ""


@dataclass
class StageResult:
    stage: Stage
    groups: list[GroupResult] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    problem: str = ""  # why the stage could not be tested, if it could not
    detail: str = ""  # what explains the problem (the compiler's errors, ctest's output)
    warnings: list[str] = field(default_factory=list)

    @property
    def score(self) -> Fraction:
        return sum((g.score for g in self.groups), Fraction(0))

    @property
    def max_score(self) -> Fraction:
        return sum((g.points for g in self.groups), Fraction(0))


@dataclass
class Grade:
    lab: Stage
    stages: list[StageResult]
    warnings: list[str] = field(default_factory=list)

    @property
    def score(self) -> Fraction:
        return sum((s.score for s in self.stages), Fraction(0))

    @property
    def max_score(self) -> Fraction:
        return sum((s.max_score for s in self.stages), Fraction(0))

    @property
    def full_marks(self) -> bool:
        return self.score == self.max_score

    def items(self) -> list[Item]:
        return [item for s in self.stages for item in s.items]


def short_name(stage: Stage, ctest_name: str) -> str:
    """"stage01.Suite.Case" -> "Suite.Case"."""
    prefix = stage.label + "."
    return ctest_name[len(prefix):] if ctest_name.startswith(prefix) else ctest_name


def _failure_note(outcome: Outcome) -> str:
    if outcome.status == SKIPPED:
        return "skipped" + (f" ({outcome.reason})" if outcome.reason else "")
    return "" if outcome.reason in ("", "Failed") else outcome.reason


def score_tests(stage: Stage, outcomes: list[Outcome]) -> StageResult:
    """The stage's result from its ctest outcomes (rules 1-4)."""
    result = StageResult(stage)
    scored = sorted((o for o in outcomes if o.status != DISABLED), key=lambda o: o.name)
    disabled = [o.name for o in outcomes if o.status == DISABLED]
    if disabled:
        result.warnings.append(f"stage {stage.id}: {len(disabled)} disabled tests are not "
                               f"scored: {', '.join(sorted(disabled))}")
    shares: dict[str, list[tuple[str, Fraction]]] = {o.name: [] for o in scored}
    for group in stage.groups:
        matched = [o for o in scored if fnmatchcase(short_name(stage, o.name), group.pattern)]
        passed = [o for o in matched if o.status == PASSED]
        if matched:
            share = group.points / len(matched)
            for o in matched:
                shares[o.name].append((group.name, share))
            result.groups.append(GroupResult(group.name, group.pattern, group.points,
                                             share * len(passed), len(matched), len(passed)))
        else:
            note = f"no test matches '{group.pattern}'"
            result.groups.append(GroupResult(group.name, group.pattern, group.points,
                                             Fraction(0), 0, 0, note))
            result.warnings.append(f"stage {stage.id}: group '{group.name}': {note}; it scores "
                                   f"0 of {float(group.points):g} points")
            result.items.append(Item(stage.id, f"{stage.label} group '{group.name}'",
                                     [group.name], Fraction(0), group.points, False,
                                     "no tests found", f"No test matches '{group.pattern}', so "
                                     f"this group scores 0.", STAND_IN))
    unmatched = []
    for o in scored:
        groups = [name for name, _ in shares[o.name]]
        max_score = sum((share for _, share in shares[o.name]), Fraction(0))
        ok = o.status == PASSED
        note = _failure_note(o) if not ok else ""
        if not groups:
            unmatched.append(short_name(stage, o.name))
            note = "matches no group" + (f"; {note}" if note else "")
        result.items.append(Item(stage.id, o.name, groups, max_score if ok else Fraction(0),
                                 max_score, ok, note, o.output))
    if unmatched:
        result.warnings.append(f"stage {stage.id}: {len(unmatched)} tests match no group of "
                               f"stages/stages.json and count for 0 points: "
                               f"{', '.join(unmatched)}")
    result.items.sort(key=lambda i: (i.kind != TEST, i.name))
    return result


def untestable(stage: Stage, problem: str, detail: str) -> StageResult:
    """A stage that could not be tested at all (rule 3): every group scores 0, and one
    stand-in item per group carries `detail` (e.g. the compiler's output)."""
    result = StageResult(stage, problem=problem, detail=detail)
    for group in stage.groups:
        result.groups.append(GroupResult(group.name, group.pattern, group.points, Fraction(0),
                                         0, 0, problem))
        result.items.append(Item(stage.id, f"{stage.label} group '{group.name}'", [group.name],
                                 Fraction(0), group.points, False, problem, detail, STAND_IN))
    if not stage.groups:
        result.items.append(Item(stage.id, f"{stage.label} build", [], Fraction(0), Fraction(0),
                                 False, problem, detail, STAND_IN))
    return result


def add_extra(result: StageResult, items: list[Item]) -> None:
    """Adds scored extra tests (rule 5) to a stage, with one table row per extra group."""
    by_group: dict[str, list[Item]] = {}
    for item in sorted(items, key=lambda i: i.name):
        result.items.append(item)
        by_group.setdefault(item.groups[0], []).append(item)
    for name, group_items in sorted(by_group.items()):
        result.groups.append(GroupResult(
            name, EXTRA_PATTERN, sum((i.max_score for i in group_items), Fraction(0)),
            sum((i.score for i in group_items), Fraction(0)), len(group_items),
            sum(1 for i in group_items if i.passed)))


def rounded_max_scores(result: StageResult, places: int = 4) -> list[Fraction]:
    """Each item's max_score with `places` decimals, in the order of result.items, such that
    the values of a group's items add up exactly to its points (rounded to `places`), so a
    stage's items add up exactly to its maximum. Rounding each share alone does not: three
    tests of a 10-point group would show 3 x 3.3333 = 9.9999.

    Within a group, an item gets the running total of the exact shares up to and including
    it, rounded, minus the same up to the item before it: 3.3333, 3.3334, 3.3333. Each value
    is then within one unit of the last decimal of its exact share, and the sum telescopes to
    the group's points. An item in two groups gets the sum of its two parts."""
    parts = [Fraction(0)] * len(result.items)
    for group in result.groups:
        extra = group.pattern == EXTRA_PATTERN
        members = [k for k, item in enumerate(result.items)
                   if group.name in item.groups and (item.kind == EXTRA) == extra]
        exact = given = Fraction(0)
        for k in members:
            exact += _share(result.items[k], group)
            part = round(exact, places) - given
            parts[k] += part
            given += part
    return parts


def _share(item: Item, group: GroupResult) -> Fraction:
    """The exact points `item` holds in `group` (rules 1 and 5)."""
    if len(item.groups) == 1:
        return item.max_score
    return group.points / group.tests
