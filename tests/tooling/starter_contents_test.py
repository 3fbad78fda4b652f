"""The starter generator's rules, and the grader's usage errors: everything that needs no
build. The round trips (starter_roundtrip_test.py) build and grade."""

from __future__ import annotations

import json
import os
import re
import stat
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

import pytest

from tooling_support import ROOT, copy_reference, present_stages, run, scratch
from stepdb_tools import manifest, solution_regions, starter

REGION = """\
Status Thing::Do(int x) {
  // BEGIN SOLUTION
  // STARTER: (void)x;
  // STARTER: return Status::NotImplemented("stage 02: Thing::Do");
  // The solution's own comment.
  if (x > 0) {
    return Status::Ok();
  }
  return Status::InvalidArgument("x");
  // END SOLUTION
}
"""


def test_a_region_becomes_its_stub_with_the_region_indentation():
    text, count = solution_regions.to_starter(REGION, "thing.cc", "02")
    assert count == 1
    assert text == """\
Status Thing::Do(int x) {
  // TODO(lab 02): replace this stub with your implementation (labs/02.md).
  (void)x;
  return Status::NotImplemented("stage 02: Thing::Do");
}
"""


def test_deeper_regions_and_starter_indentation_are_kept():
    source = ("void F() {\n    if (a) {\n      // BEGIN SOLUTION\n      // STARTER: if (b) {\n"
              "      // STARTER:   g();\n      // STARTER:\n      // STARTER: }\n      h();\n"
              "      // END SOLUTION\n    }\n}\n")
    text, _ = solution_regions.to_starter(source, "f.cc", "03")
    assert text == ("void F() {\n    if (a) {\n      // TODO(lab 03): replace this stub with "
                    "your implementation (labs/03.md).\n      if (b) {\n        g();\n\n      }\n"
                    "    }\n}\n")


def test_strip_keeps_the_solution_and_drops_the_markers():
    text, count = solution_regions.strip_markers(REGION, "thing.cc")
    assert count == 1
    assert "SOLUTION" not in text and "STARTER" not in text
    assert "// The solution's own comment." in text
    assert "return Status::InvalidArgument(\"x\");" in text


@pytest.mark.parametrize("source, message", [
    ("  // BEGIN SOLUTION\n  x();\n  // END SOLUTION\n", "f.cc:1: this solution region has no"),
    ("  // BEGIN SOLUTION\n  // STARTER: y();\n  x();\n", "f.cc:1: BEGIN SOLUTION is never closed"),
    ("  x();\n  // END SOLUTION\n", "f.cc:2: END SOLUTION without a BEGIN SOLUTION"),
    ("// BEGIN SOLUTION\n// STARTER: a();\n// BEGIN SOLUTION\n// END SOLUTION\n",
     "f.cc:3: BEGIN SOLUTION inside the region opened at line 1"),
    ("// STARTER: a();\n", "f.cc:1: STARTER line outside a solution region"),
    ("// BEGIN SOLUTION\n// STARTER: a();\nb();\n// STARTER: c();\n// END SOLUTION\n",
     "f.cc:4: STARTER lines must come right after BEGIN SOLUTION (line 1)"),
])
def test_malformed_regions_are_errors_that_name_file_and_line(source, message):
    with pytest.raises(solution_regions.RegionError) as error:
        solution_regions.to_starter(source, "f.cc", "01")
    assert any(p.startswith(message) for p in error.value.problems), error.value.problems


def test_prose_that_mentions_the_markers_is_not_a_region():
    source = "// Wrap the code in // BEGIN SOLUTION and // END SOLUTION lines.\nint x;\n"
    assert solution_regions.to_starter(source, "f.cc", "01") == (source, 0)


def test_every_region_of_the_reference_is_well_formed():
    for stage in present_stages():
        for path in sorted((ROOT / stage.folder).rglob("*")):
            if path.suffix in starter.CPP_SUFFIXES:
                solution_regions.parse(path.read_text(encoding="utf-8"),
                                       str(path.relative_to(ROOT)), need_starter=True)


GUIDE = """\
See [stage 3](../stages/03-s3/CMakeLists.txt#top), [its tools](../tools3/) and
[the server](../server/main.cc), but [stage 2](../stages/02-s2/src/b.h) and [web](https://x.org/a.md).
`[in code](../server/main.cc)` stays.
```
[in a block](../server/main.cc)
```
"""


# A small fake tree, walked without git, for the generator's file rules.
def _fake_tree(root: Path, stage2_source: str) -> None:
    files = {
        "CMakeLists.txt": "# top\n",
        "common/status.h": "// BEGIN SOLUTION stays in common/\n",
        "stages/stages.json": json.dumps({"stages": [
            {"id": f"0{i}", "slug": f"s{i}", "title": f"Stage {i}",
             "owns": {2: ["docs/formats/two.md"], 3: ["docs/formats/three.md", "tools3/"]}.get(i, []),
             "groups": [{"name": "All", "tests": "*", "points": 10}]} for i in (1, 2, 3)]}),
        "docs/formats/two.md": "", "docs/formats/three.md": "", "tools3/t.py": "",
        "tools3/sub/u.py": "", "tools3x/kept.py": "", "scripts/bench": "",
        "docs/guide.md": GUIDE,
        "stages/01-s1/CMakeLists.txt": "",
        "stages/01-s1/README.md": "  // BEGIN SOLUTION\n",
        "stages/01-s1/src/a.cc": REGION,
        "stages/02-s2/CMakeLists.txt": "",
        "stages/02-s2/src/b.cc": stage2_source,
        "stages/02-s2/src/b.h": "int b();\n",
        "stages/03-s3/CMakeLists.txt": "",
        "stages/03-s3/src/c.cc": "// BEGIN SOLUTION\n",
        "labs/README.md": "course\n",
        "labs/01.md": "lab 1\n", "labs/02.md": "lab 2\n", "labs/03.md": "lab 3\n",
        "labs/gradescope/run_autograder": "#!/bin/sh\n",
        "server/main.cc": "", "bench/bench.cc": "",
        "tests/CMakeLists.txt": "", "tests/tooling/x_test.py": "",
        "tests/compat/x_test.py": "", "tests/compat/node/package-lock.json": "{}",
        ".github/workflows/ci.yml": "", ".github/workflows/classroom.yml": "",
        ".github/classroom/autograding.json": json.dumps({"tests": [
            {"name": "Lab", "run": "./scripts/grade 1", "timeout": 30, "points": 100}]}),
        "scripts/grade": "#!/usr/bin/python3\n",
        "build/dev/junk.o": "", "data/000001.log": "",
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content)
    for name in ("scripts/grade", "labs/gradescope/run_autograder"):
        os.chmod(root / name, 0o755)


def test_starter_files_follow_the_rules():
    with scratch("fake") as tmp:
        _fake_tree(tmp / "ref", REGION.replace("stage 02", "stage 02"))
        lab = manifest.resolve_stage(manifest.load(tmp / "ref"), "2")
        summary = starter.make_starter(tmp / "ref", lab, tmp / "out")
        out = tmp / "out"
        names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
        assert names == sorted([
            ".github/classroom/autograding.json", ".github/workflows/classroom.yml",
            "CMakeLists.txt", "common/status.h", "docs/formats/two.md", "docs/guide.md",
            "tools3x/kept.py",
            "labs/01.md", "labs/02.md", "labs/README.md",
            "labs/gradescope/run_autograder", "scripts/grade", "stages/01-s1/CMakeLists.txt",
            "stages/01-s1/README.md", "stages/01-s1/src/a.cc", "stages/02-s2/CMakeLists.txt",
            "stages/02-s2/src/b.cc", "stages/02-s2/src/b.h", "stages/stages.json",
            "tests/CMakeLists.txt"])
        assert summary.stubbed == {"stages/02-s2/src/b.cc": 1}
        assert summary.stripped == {"stages/01-s1/src/a.cc": 1}
        assert "TODO(lab 02)" in (out / "stages/02-s2/src/b.cc").read_text()
        assert "InvalidArgument" not in (out / "stages/02-s2/src/b.cc").read_text()
        stage1 = (out / "stages/01-s1/src/a.cc").read_text()
        assert "InvalidArgument" in stage1 and "SOLUTION" not in stage1
        # Only C++ sources are rewritten; prose and common/ are copied as they are.
        assert (out / "stages/01-s1/README.md").read_text() == "  // BEGIN SOLUTION\n"
        assert (out / "common/status.h").read_text() == "// BEGIN SOLUTION stays in common/\n"
        ids = [s["id"] for s in json.loads((out / "stages/stages.json").read_text())["stages"]]
        assert ids == ["01", "02"]
        autograding = json.loads((out / ".github/classroom/autograding.json").read_text())
        assert autograding["tests"][0]["run"] == "./scripts/grade 2"
        assert autograding["tests"][0]["points"] == 20
        assert os.stat(out / "scripts/grade").st_mode & stat.S_IXUSR
        # Links to what the starter leaves out become their text; the others stay.
        assert (out / "docs/guide.md").read_text() == GUIDE.replace(
            "[stage 3](../stages/03-s3/CMakeLists.txt#top)", "stage 3").replace(
            "[its tools](../tools3/)", "its tools").replace(
            "[the server](../server/main.cc), but", "the server, but")


@pytest.mark.parametrize("owns", ["docs/formats/x.md", ["../up.md"], ["/abs.md"], [3], ["a//b"]])
def test_a_malformed_owns_list_is_a_manifest_error(owns):
    with scratch("fake") as tmp:
        (tmp / "stages").mkdir()
        (tmp / "stages" / "stages.json").write_text(json.dumps({"stages": [
            {"id": "01", "slug": "s1", "title": "S", "owns": owns, "groups": []}]}))
        with pytest.raises(manifest.ManifestError, match="owns"):
            manifest.load(tmp)


def test_what_the_stages_own_exists():
    """A misspelt path in an "owns" list would quietly leave a later stage's file in starters."""
    missing = [(s.id, o) for s in manifest.load(ROOT) for o in s.owns if not (ROOT / o).exists()]
    assert not missing, f"owned by a stage but not in the tree: {missing}"


def test_starter_blocks_are_dropped_by_lab_and_their_markers_always():
    text = ("a\n<!-- starter: drop -->\nfull repository only\n<!-- starter: end -->\n"
            "b\n<!-- starter: drop before 06 -->\nstage 06 on\n<!-- starter: end -->\nc\n")
    page = PurePosixPath("README.md")
    assert starter._drop_blocks(text, page, 5) == "a\nb\nc\n"
    assert starter._drop_blocks(text, page, 6) == "a\nb\nstage 06 on\nc\n"
    for bad in ("<!-- starter: drop -->\nx\n", "x\n<!-- starter: end -->\n",
                "<!-- starter: drop -->\n<!-- starter: drop -->\n<!-- starter: end -->\n"):
        with pytest.raises(starter.StarterError):
            starter._drop_blocks(bad, page, 6)


def test_a_bad_region_writes_nothing():
    with scratch("fake") as tmp:
        _fake_tree(tmp / "ref", "void f() {\n  // BEGIN SOLUTION\n  g();\n  // END SOLUTION\n}\n")
        lab = manifest.resolve_stage(manifest.load(tmp / "ref"), "2")
        with pytest.raises(solution_regions.RegionError) as error:
            starter.make_starter(tmp / "ref", lab, tmp / "out")
        assert error.value.problems[0].startswith("stages/02-s2/src/b.cc:2: ")
        assert not (tmp / "out").exists()


def test_make_starter_refuses_a_non_empty_directory():
    with scratch("starter") as tmp:
        (tmp / "mine.txt").write_text("keep me\n")
        done = run([str(ROOT / "scripts" / "make-starter"), "1", str(tmp)], ROOT, timeout=60)
        assert done.returncode == 2, done.stderr
        assert "not an empty directory" in done.stderr
        assert sorted(p.name for p in tmp.iterdir()) == ["mine.txt"]


@pytest.mark.parametrize("args", [["0"], ["x"], ["99"], []])
def test_make_starter_usage_errors_exit_2(args):
    with scratch("starter") as tmp:
        done = run([str(ROOT / "scripts" / "make-starter"), *args, str(tmp / "out")], ROOT,
                   timeout=60)
        assert done.returncode == 2, done.stderr
        assert not (tmp / "out").exists()


@pytest.mark.parametrize("stage", [s.id for s in present_stages()])
def test_real_starter_contents(stage):
    stages = manifest.load(ROOT)
    lab = manifest.resolve_stage(stages, stage)
    with scratch("starter") as tmp:
        out = tmp / "starter"
        done = run([str(ROOT / "scripts" / "make-starter"), stage, str(out)], ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
        for s in stages:
            assert (out / s.folder).exists() == (s.present and s.number <= lab.number), s.id
            assert (out / "labs" / f"{s.id}.md").exists() == (
                (ROOT / "labs" / f"{s.id}.md").exists() and s.number <= lab.number), s.id
        assert not (out / "server").exists() and not (out / "bench").exists()
        assert not (out / "scripts" / "bench").exists()
        later = [(s.id, o) for s in stages if s.number > lab.number for o in s.owns
                 if (out / o).exists()]
        assert not later, f"the lab {lab.id} starter holds later stages' files: {later}"
        mine = [(s.id, o) for s in stages if s.number <= lab.number for o in s.owns
                if not (out / o).exists()]
        assert not mine, f"the lab {lab.id} starter lacks files of its stages: {mine}"
        # The docs check of the starter itself: generated blocks fresh, no dead link.
        docs = run(["/usr/bin/python3", str(out / "tests" / "docs" / "docs_test.py"),
                    "ThisTree"], out, timeout=120)
        assert docs.returncode == 0, f"docs check in the lab {lab.id} starter:\n{docs.stderr}"
        assert not (out / "tests" / "tooling").exists()
        assert not (out / "tests" / "compat").exists()
        # The README keeps what the starter has: no words on server/, bench/ or the client
        # tests, the Redis session only from stage 06 on, and no marker line.
        readme = (out / "README.md").read_text(encoding="utf-8")
        assert "<!-- starter:" not in readme
        assert "tests/compat" not in readme and "server of `server/`" not in readme
        assert ("GET city" in readme) == (lab.number >= 6), lab.id
        assert not (out / "build").exists()
        listed = [s.id for s in manifest.load(out)]
        assert listed and max(listed) == lab.id
        stubs = 0
        for path in (out / "stages").rglob("*"):
            if path.suffix in starter.CPP_SUFFIXES:
                text = path.read_text(encoding="utf-8")
                assert not re.search(r"^\s*// (BEGIN|END) SOLUTION", text, re.M), path
                stubs += text.count(f"TODO(lab {lab.id})")
        regions = sum(path.read_text(encoding="utf-8").count("// BEGIN SOLUTION")
                      for path in (ROOT / lab.folder).rglob("*")
                      if path.suffix in starter.CPP_SUFFIXES)
        assert stubs == regions
        assert os.access(out / "scripts" / "grade", os.X_OK)


def test_grade_usage_errors_exit_2_before_building():
    with scratch("usage") as tmp:
        tree = copy_reference(tmp / "tree")
        absent = [s for s in manifest.load(tree) if not s.present]
        cases = [[], ["0"], ["abc"], ["99"], ["1", "--format", "yaml"], ["1", "--bogus"],
                 ["1", "--extra-tests", str(tmp / "nowhere")]]
        if absent:
            cases.append([absent[0].id])
        (tmp / "bad").mkdir()
        (tmp / "bad" / "tests.json").write_text('{"tests": [{"name": "x", "stage": 1}]}')
        cases.append(["1", "--extra-tests", str(tmp / "bad")])
        for args in cases:
            done = run([str(tree / "scripts" / "grade"), *args], tree, timeout=60)
            assert done.returncode == 2, (args, done.stderr)
            assert done.stdout == "", args
        assert not (tree / "build").exists(), "a usage error started a build"


def _rubric(handout: Path) -> list[tuple[str, str, float]]:
    """The rows "| name | `glob` | points |" of a handout's "## Rubric" table (a handout may
    add columns after the points, e.g. the task numbers)."""
    section = handout.read_text(encoding="utf-8").split("## Rubric", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([^|*]+?) \| `([^`]+)` \| ([\d.]+) \|", section, re.M)
    return [(name, glob, float(points)) for name, glob, points in rows]


@pytest.mark.parametrize("stage", [s for s in present_stages() if s.groups], ids=lambda s: s.id)
def test_handout_rubric_matches_the_manifest(stage):
    handout = ROOT / "labs" / f"{stage.id}.md"
    if not handout.exists():
        pytest.skip(f"labs/{stage.id}.md is not written yet")
    assert _rubric(handout) == [(g.name, g.pattern, float(g.points)) for g in stage.groups]


def test_classroom_and_gradescope_files_are_consistent():
    autograding = json.loads((ROOT / ".github/classroom/autograding.json").read_text())
    runs = [t["run"] for t in autograding["tests"]]
    assert runs and all(re.fullmatch(r"\./scripts/grade \d+", r) for r in runs), runs
    present = {s.number for s in present_stages()}
    assert all(int(r.split()[-1]) in present for r in runs)
    workflow = (ROOT / ".github/workflows/classroom.yml").read_text()
    for needed in ("education/autograding@v1", "image: debian:12", "./scripts/setup",
                   "actions/checkout@v4"):
        assert needed in workflow, needed
    for script in ("setup.sh", "run_autograder", "make-autograder-zip"):
        path = ROOT / "labs" / "gradescope" / script
        assert os.access(path, os.X_OK), path
    for script in ("setup.sh", "run_autograder"):
        done = run(["bash", "-n", str(ROOT / "labs" / "gradescope" / script)], ROOT, timeout=30)
        assert done.returncode == 0, done.stderr


_TEST_CASE = re.compile(r"^\s*TEST(?:_F)?\(\s*(\w+)\s*,\s*(\w+)\s*\)", re.M)


@pytest.mark.parametrize("stage", [s for s in present_stages() if s.groups], ids=lambda s: s.id)
def test_every_test_case_of_a_stage_belongs_to_a_group(stage):
    """A test in no group earns no points, so the reference would not get full marks."""
    cases = []
    for source in sorted((ROOT / stage.folder / "tests").rglob("*.cc")):
        cases += [f"{suite}.{case}" for suite, case in _TEST_CASE.findall(source.read_text())]
    assert cases, f"no TEST or TEST_F in {stage.folder}/tests"
    orphans = [c for c in cases if not c.startswith("DISABLED_")
               and not any(fnmatchcase(c, g.pattern) for g in stage.groups)]
    assert not orphans, f"stage {stage.id}: tests in no manifest group: {orphans}"
