"""The starter round trip, once per stage N that exists: make-starter N into a temporary
directory, then `grade N --format gradescope` inside it. The starter must build under -Werror
with the dev preset, and the grader must run to completion and report well-formed results:
stages before N complete (full marks), stage N stubbed (less than full), exit status 1."""

from __future__ import annotations

import pytest

from tooling_support import (ROOT, check_gradescope, explain, grade, log_timing,
                             present_stages, run, scratch)


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
        assert "TODO(lab" in "".join(p.read_text() for p in (tree / stage.folder).rglob("*.cc")), \
            f"stage {stage.id} has points but no solution regions: its starter would be complete"

        graded = grade(tree, stage.id, "--format", "gradescope", "--out", str(tmp / "r.json"))
        log_timing(f"round trip stage {stage.id}: make-starter", made.seconds)
        log_timing(f"round trip stage {stage.id}: grade {stage.id} in the starter",
                   graded.seconds)
        assert graded.returncode == 1, explain(graded)
        data = check_gradescope(tmp / "r.json")
        stages = data["extra_data"]["stages"]
        earlier = [s for s in present_stages() if s.number < stage.number]
        assert sorted(stages) == sorted([s.id for s in earlier] + [stage.id])
        for s in earlier:
            assert stages[s.id]["score"] == stages[s.id]["max_score"], \
                f"stage {s.id} is complete in the starter but scored {stages[s.id]}"
        assert stages[stage.id]["score"] < stages[stage.id]["max_score"]
        assert data["score"] < data["extra_data"]["max_score"]
        assert "did not compile" not in data["output"], data["output"]

        # Everything else the student builds with ./scripts/test compiles too (-Werror).
        built = run(["cmake", "--build", "--preset", "dev"], tree)
        log_timing(f"round trip stage {stage.id}: build of the remaining targets",
                   built.seconds)
        assert built.returncode == 0, explain(built)
