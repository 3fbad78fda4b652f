"""The starter round trip, once per stage N that exists: make-starter N into a temporary
directory, then build and test the starter. The starter must build under -Werror with the dev
preset, and stage N's stubs must fail its tests without any test timing out.

Every starter is checked the same way, proving what is new in it and no more:
  - what it shares with the reference is the reference's, byte for byte: every file of the
    earlier stages and every C++ source and CMake file outside stage N's folder (common/, the
    build files), but for the solution markers make-starter takes out. The main test run has
    built and tested those files, so building them again in the starter would prove nothing;
  - stage N's folder is built (under -Werror): its stubs compile, against the earlier stages'
    libraries, in a tree that stops at stage N;
  - stage N's tests run, scored by the grader's own scoring, below full marks, none timing out.

One starter is graded in full (`grade N --format gradescope`: stages before N at full marks,
stage N below, exit status 1): lab 02's, the smallest lab with an earlier stage. That run shows
that the grader, inside a starter, builds every stage's targets and gives an earlier stage its
full marks; the mechanism is the same for every lab. Grading or building the newest lab's
starter whole instead would compile, link and run every earlier stage again, on the same
files, and cost the test run minutes per stage as the stages grow."""

from __future__ import annotations

import pytest

from tooling_support import (ROOT, check_gradescope, explain, grade, log_timing,
                             present_stages, run, scratch)
from stepdb_tools import ctest_junit, runner, scoring, solution_regions, starter


@pytest.mark.parametrize("stage_id", [s.id for s in present_stages()])
def test_round_trip(stage_id):
    stage = next(s for s in present_stages() if s.id == stage_id)
    if not stage.groups:
        pytest.skip(f"stage {stage.id} has no points in stages/stages.json yet, so its starter "
                    f"cannot score less than full marks")
    with scratch(f"starter{stage.id}") as tmp:
        tree = tmp / "starter"
        made = run([str(ROOT / "scripts" / "make-starter"), stage.id, str(tree)], ROOT,
                   timeout=120)
        assert made.returncode == 0, explain(made)
        log_timing(f"round trip stage {stage.id}: make-starter", made.seconds)
        assert "TODO(lab" in "".join(p.read_text() for p in (tree / stage.folder).rglob("*.cc")), \
            f"stage {stage.id} has points but no solution regions: its starter would be complete"

        graded_stages = [s for s in present_stages() if s.groups]
        if stage == full_grade_lab(graded_stages):
            grade_in_full(stage, tree, tmp)
        else:
            check_shared_code_is_the_reference(stage, tree)
            run_the_stubbed_stage(stage, tree, tmp)


def full_grade_lab(graded_stages):
    """The lab graded in full: the second graded stage (the first with an earlier stage to
    give full marks to), or the only one."""
    return graded_stages[1] if len(graded_stages) > 1 else graded_stages[0]


def grade_in_full(stage, tree, tmp):
    graded = grade(tree, stage.id, "--format", "gradescope", "--out", str(tmp / "r.json"))
    log_timing(f"round trip stage {stage.id}: grade {stage.id} in the starter", graded.seconds)
    assert graded.returncode == 1, explain(graded)
    data = check_gradescope(tmp / "r.json")
    stages = data["extra_data"]["stages"]
    earlier = [s for s in present_stages() if s.number < stage.number]
    assert sorted(stages) == sorted([s.id for s in earlier] + [stage.id])
    for s in earlier:
        lost = [f'{t["name"]}: {t["output"][:400]}' for t in data["tests"]
                if t["name"].startswith(f"stage{s.id}.") and t["status"] != "passed"]
        assert stages[s.id]["score"] == stages[s.id]["max_score"], \
            f"stage {s.id} is complete in the starter but scored {stages[s.id]}; lost: {lost}"
    assert stages[stage.id]["score"] < stages[stage.id]["max_score"]
    assert data["score"] < data["extra_data"]["max_score"]
    assert "did not compile" not in data["output"], data["output"]
    timed_out = [t["name"] for t in data["tests"] if t["output"].startswith("[Timeout]")]
    assert not timed_out, f"the starter's stubs made these tests hang: {timed_out}"


# What the build reads outside a stage's C++ sources: a starter must keep these as they are.
BUILD_FILES = {"CMakeLists.txt", "CMakePresets.json"}
BUILD_SUFFIXES = {".cmake"}


def is_shared(rel, stage):
    """True iff the lab-`stage` starter must hold `rel` (a file it keeps) as the reference does:
    a file of an earlier stage's folder, or code or a build file outside the stage folders."""
    if rel.parts[0] == "stages" and len(rel.parts) >= 3:
        return rel.parts[:2] != stage.folder.parts
    return (rel.suffix in starter.CPP_SUFFIXES or rel.name in BUILD_FILES
            or rel.suffix in BUILD_SUFFIXES)


def check_shared_code_is_the_reference(stage, tree):
    """Every shared file (is_shared) that the lab-N starter keeps is in it as the reference has
    it, except that make-starter takes the solution markers (comment lines) out of the earlier
    stages' sources."""
    owned = starter.later_owned(present_stages(), stage.number)
    differ, checked = [], 0
    for rel in starter.tracked_files(ROOT):
        if not is_shared(rel, stage) or starter.is_dropped(rel, stage.number, owned):
            continue
        expected = (ROOT / rel).read_bytes().decode("utf-8", errors="surrogateescape")
        if solution_regions.has_markers(expected):
            expected, _ = solution_regions.strip_markers(expected, str(rel))
        copy = tree / rel
        checked += 1
        if not copy.is_file() or copy.read_bytes() != expected.encode("utf-8",
                                                                      errors="surrogateescape"):
            differ.append(str(rel))
    assert checked, "no shared code was checked"
    assert not differ, f"files the lab-{stage.id} starter shares with the reference differ " \
                       f"from it: {differ}"


def run_the_stubbed_stage(stage, tree, tmp):
    configured = run(["cmake", "--preset", "dev"], tree)
    assert configured.returncode == 0, explain(configured)
    # Everything in stage N's folder (its library, server, tools and tests), under -Werror;
    # the rest of the starter is the reference's code, which the main build compiles.
    built = run(["cmake", "--build", "--preset", "dev", "--target", f"{stage.folder}/all"],
                tree)
    log_timing(f"round trip stage {stage.id}: build of stage {stage.id}", built.seconds)
    assert built.returncode == 0, explain(built)
    junit = tmp / f"{stage.label}.junit.xml"
    # Four at a time: a stubbed test mostly waits (a server starting, a reply that does not
    # come within TestClient's 200 ms), so two cores keep up with more than two of them.
    tested = run(["ctest", "--preset", "dev", "-j4", "-L", f"^{stage.label}$", "--output-junit",
                  str(junit)], tree)
    log_timing(f"round trip stage {stage.id}: stage {stage.id}'s tests in the starter",
               tested.seconds)
    outcomes = runner.with_verdicts(ctest_junit.parse(junit), tested.stdout)
    assert outcomes, explain(tested)
    result = scoring.score_tests(stage, outcomes)
    assert result.score < result.max_score, \
        f"stage {stage.id}'s stubs scored full marks:\n{explain(tested)}"
    timed_out = [o.name for o in outcomes if o.reason == "Timeout"]
    assert not timed_out, f"the starter's stubs made these tests hang: {timed_out}"
