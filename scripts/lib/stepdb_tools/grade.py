"""scripts/grade: builds and tests stages 01..N of this tree and scores them by the manifest.

Steps: scripts/setup; `cmake --preset dev`; for each stage 01..N, `cmake --build --preset dev
--target <its test programs>` (a stage whose tests do not compile scores 0 and grading goes
on); for each stage that built, `ctest --preset dev -L '^stageNN$' --output-junit FILE`
(per-test timeouts come from CMake); then the extra tests, if any; then the report.
Scoring rules: scoring.py. Report formats: reports.py. Extra tests: extra_tests.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from . import extra_tests, manifest, reports, runner, scoring
from .runner import log

USAGE_ERROR = 2
ENVIRONMENT_ERROR = 3
DEFAULT_OUT = {"text": "-", "gradescope": "results.json", "junit": "grade-junit.xml"}
WRITERS = {"text": reports.text, "gradescope": reports.gradescope, "junit": reports.junit}

EPILOG = """\
output: --format text prints to stdout unless --out is given; gradescope writes results.json
and junit writes grade-junit.xml in the current directory unless --out is given ("-" means
stdout). Progress goes to stderr.

exit status: 0 full marks; 1 anything less (including code that does not build);
2 usage error (bad N, unknown format, a stage that is not here, a malformed tests.json);
3 the grader could not run (scripts/setup failed).
"""


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="grade", description="Build and test stages 01..N with the dev preset (ASan + "
        "UBSan) and score them by stages/stages.json.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("N", help="the lab: stages 01..N are graded")
    parser.add_argument("--format", choices=sorted(WRITERS), default="text")
    parser.add_argument("--out", metavar="FILE", help="where the result goes (see below)")
    parser.add_argument("--extra-tests", metavar="DIR", type=Path,
                        help="an instructor's private tests: DIR/tests.json (see labs/README.md)")
    return parser.parse_args(argv)


def _bin_dir(root: Path, built: list[manifest.Stage], into: Path) -> dict[str, str]:
    """Links stepdb-stageNN -> the built server of every stage in `built`; stage id -> path."""
    binaries = {}
    for stage in built:
        binary = root / runner.BUILD_DIR / stage.folder / f"stepdb-stage{stage.id}"
        if binary.is_file():
            os.symlink(binary, into / binary.name)
            binaries[stage.id] = str(binary)
    return binaries


def grade(root: Path, lab: manifest.Stage, stages: list[manifest.Stage],
          extras: list[extra_tests.ExtraTest], extra_dir: Path | None) -> scoring.Grade | None:
    """Builds, tests and scores; None if scripts/setup failed."""
    graded = [s for s in stages if s.present and s.number <= lab.number]
    run = runner.Runner(root)
    log("checking the build dependencies (scripts/setup)")
    if not run.setup().ok:
        return None
    log("configuring (cmake --preset dev)")
    configured = run.configure()
    if not configured.ok:
        detail = runner.tail(configured.output, 60)
        return scoring.Grade(lab, [scoring.untestable(s, "cmake could not configure the tree",
                                                      detail) for s in graded])
    targets = run.test_targets()

    results: dict[str, scoring.StageResult] = {}
    built: list[manifest.Stage] = []  # the stages whose test programs (and server) compiled
    failed_before: list[str] = []
    for stage in graded:
        names = targets.get(stage.id, [])
        if not names:
            log(f"stage {stage.id}: no test programs")
            results[stage.id] = scoring.score_tests(stage, [])
            results[stage.id].warnings.append(f"stage {stage.id} builds no test programs")
            built.append(stage)
            continue
        log(f"stage {stage.id}: building {' '.join(names)}")
        build = run.build(names)
        if build.ok:
            built.append(stage)
            continue
        problem = "its tests did not compile"
        if failed_before:
            problem += f" (it builds on stage {', '.join(failed_before)}, which did not compile)"
        log(f"stage {stage.id}: {problem}")
        results[stage.id] = scoring.untestable(stage, problem,
                                               runner.compiler_errors(build.output))
        failed_before.append(stage.id)

    junit_dir = root / runner.BUILD_DIR / "grade"
    for stage in built:
        if stage.id in results:
            continue
        log(f"stage {stage.id}: running its tests (ctest -L '^{stage.label}$')")
        outcomes, ctest_run = run.ctest(stage.label, junit_dir / f"{stage.label}.junit.xml")
        if not outcomes and not ctest_run.ok:
            results[stage.id] = scoring.untestable(stage, "ctest could not run its tests",
                                                   runner.tail(ctest_run.output, 60))
        else:
            results[stage.id] = scoring.score_tests(stage, outcomes)
        passed = sum(1 for o in outcomes if o.status == "passed")
        log(f"stage {stage.id}: {passed}/{len(outcomes)} tests passed")

    if extras and extra_dir is not None:
        _run_extras(root, lab, extras, extra_dir, built, results)
    return scoring.Grade(lab, [results[s.id] for s in graded])


def _run_extras(root: Path, lab: manifest.Stage, extras: list[extra_tests.ExtraTest],
                extra_dir: Path, built: list[manifest.Stage],
                results: dict[str, scoring.StageResult]) -> None:
    """Runs the extra tests of stages up to the lab and adds them to `results`."""
    built_ids = {s.id for s in built}
    by_stage: dict[str, list[scoring.Item]] = {}
    with tempfile.TemporaryDirectory(prefix="stepdb-bin-") as bin_dir:
        binaries = _bin_dir(root, built, Path(bin_dir))
        env = dict(os.environ)
        env.update({"STEPDB_SOURCE_DIR": str(root),
                    "STEPDB_BUILD_DIR": str(root / runner.BUILD_DIR),
                    "STEPDB_BIN_DIR": bin_dir})
        for test in extras:
            if int(test.stage) > lab.number:
                continue
            if test.stage not in results:
                continue  # a manifest stage whose folder is absent
            if test.stage not in built_ids:
                item = extra_tests.not_run(test, f"stage {test.stage} did not compile")
            else:
                log(f"extra test {extra_tests.item_name(test)}")
                env["STEPDB_STAGE_BINARY"] = binaries.get(test.stage, "")
                item = extra_tests.run(test, extra_dir, env)
            by_stage.setdefault(test.stage, []).append(item)
    for stage_id, items in by_stage.items():
        scoring.add_extra(results[stage_id], items)


def main(argv: list[str]) -> int:
    args = _parse_args(argv)
    root = Path(__file__).resolve().parents[3]
    try:
        stages = manifest.load(root)
        lab = manifest.resolve_stage(stages, args.N)
    except (manifest.ManifestError, ValueError) as e:
        print(f"grade: {e}", file=sys.stderr)
        return USAGE_ERROR
    extras: list[extra_tests.ExtraTest] = []
    extra_dir = None
    if args.extra_tests is not None:
        extra_dir = args.extra_tests.resolve()
        try:
            extras = extra_tests.load(extra_dir, stages)
        except extra_tests.ExtraTestsError as e:
            print(f"grade: --extra-tests: {e}", file=sys.stderr)
            return USAGE_ERROR
        skipped = [t.name for t in extras if int(t.stage) > lab.number]
        if skipped:
            log(f"extra tests of stages after {lab.id} are not run: {', '.join(skipped)}")
    out = args.out or DEFAULT_OUT[args.format]

    result = grade(root, lab, stages, extras, extra_dir)
    if result is None:
        print("grade: scripts/setup could not install what the build needs; nothing was "
              "graded", file=sys.stderr)
        return ENVIRONMENT_ERROR
    for warning in [w for s in result.stages for w in s.warnings]:
        log(f"warning: {warning}")
    report = WRITERS[args.format](result)
    if out == "-":
        sys.stdout.write(report)
        sys.stdout.flush()
    else:
        Path(out).write_text(report, encoding="utf-8")
        log(f"wrote {out}")
    if args.format != "text" or out != "-":
        log(reports.summary_line(result))
    return 0 if result.full_marks else 1
