"""The Gradescope autograder: make-autograder-zip, unpacked into a fake /autograder (the
layout Gradescope documents), then run_autograder on two submissions. setup.sh is not run
here: it installs packages, and this machine already has them."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from tooling_support import ROOT, check_gradescope, explain, log_timing, present_stages, run, \
    scratch

LABS = [s for s in present_stages() if s.groups and any(
    "// BEGIN SOLUTION" in p.read_text() for p in (ROOT / s.folder / "src").glob("*.cc"))]


def _unzip(archive: Path, into: Path) -> None:
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            path = z.extract(info, into)
            os.chmod(path, (info.external_attr >> 16) & 0o777)


def _run_autograder(fake: Path) -> tuple[dict, str]:
    """Runs run_autograder; the results and the line naming the files it took."""
    shutil.rmtree(fake / "results", ignore_errors=True)
    env = dict(os.environ, AUTOGRADER_ROOT=str(fake), PYTHONDONTWRITEBYTECODE="1")
    done = run([str(fake / "source" / "run_autograder")], fake, env=env)
    log_timing("run_autograder", done.seconds)
    assert done.returncode == 0, explain(done)
    taken = next(line for line in done.stdout.splitlines() if "graded files" in line)
    return check_gradescope(fake / "results" / "results.json"), taken


@pytest.mark.skipif(not LABS, reason="no stage has points and solution regions yet")
def test_autograder_zip_grades_only_the_labs_sources():
    lab = LABS[0]
    with scratch("gradescope") as tmp:
        extra = tmp / "extra"
        extra.mkdir()
        (extra / "tests.json").write_text(
            f'{{"tests": [{{"name": "ok", "stage": {lab.number}, "points": 1, '
            f'"command": "true"}}]}}')
        made = run([str(ROOT / "labs" / "gradescope" / "make-autograder-zip"), lab.id,
                    str(tmp / "autograder.zip"), "--extra-tests", str(extra)], ROOT, timeout=120)
        assert made.returncode == 0, explain(made)
        with zipfile.ZipFile(tmp / "autograder.zip") as z:
            names = set(z.namelist())
        assert {"setup.sh", "run_autograder", "lab", "extra-tests/tests.json",
                "starter/scripts/grade", f"starter/{lab.folder}/CMakeLists.txt"} <= names
        assert not any(n.startswith("starter/tests/tooling/") for n in names)

        fake = tmp / "autograder"
        _unzip(tmp / "autograder.zip", fake / "source")
        reference_src = ROOT / lab.folder / "src"

        # A repository upload with the reference solution: full marks.
        repo_src = fake / "submission" / "stepdb-lab" / lab.folder / "src"
        shutil.copytree(reference_src, repo_src)
        data, taken = _run_autograder(fake)
        assert data["score"] == data["extra_data"]["max_score"], data["output"]
        assert all(p.name in taken for p in reference_src.iterdir()), taken
        assert any(t["name"].endswith(".extra.ok") for t in data["tests"])
        full_marks_tests = sorted(t["name"] for t in data["tests"])

        # A plain upload of one solved file, plus a "test" of the same name as a real one and
        # a manifest that would make every test worth nothing: only src/ files are taken.
        shutil.rmtree(fake / "submission")
        (fake / "submission").mkdir()
        solved = sorted(p for p in reference_src.glob("*.cc") if "// BEGIN SOLUTION" in
                        p.read_text())[0]
        shutil.copy(solved, fake / "submission" / solved.name)
        for test in (ROOT / lab.folder / "tests").glob("*.cc"):
            (fake / "submission" / "tests").mkdir(exist_ok=True)
            (fake / "submission" / "tests" / test.name).write_text("int main() { return 0; }\n")
        (fake / "submission" / "stages.json").write_text('{"stages": []}')
        data, taken = _run_autograder(fake)
        assert taken.endswith(f"from the submission: {solved.name}"), taken
        assert 0 < data["score"] < data["extra_data"]["max_score"], data["output"]
        assert data["extra_data"]["max_score"] == float(
            sum(s.max_points for s in present_stages() if s.number <= lab.number)) + 1
        assert sorted(t["name"] for t in data["tests"]) == full_marks_tests
