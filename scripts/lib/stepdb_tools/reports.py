"""The grader's three output formats: a table for people (text), Gradescope's results.json
(gradescope) and JUnit XML for CI systems (junit). All three list items in the same sorted
order and carry no timings, so the same code gives byte-identical scores.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from fractions import Fraction

from .scoring import STAND_IN, Grade, Item, rounded_max_scores

_XML_INVALID = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def fmt(points: Fraction) -> str:
    return f"{float(points):.2f}"


def trim(output: str, max_lines: int, max_chars: int) -> str:
    """The useful part of a test's output: for a gtest case, from its "[ RUN      ]" line to
    its "[  FAILED  ]" line (the preamble and the summary after it say nothing new); then, if
    still too long, the head (where the first failure or the sanitizer's report starts) and
    the last lines."""
    lines = output.rstrip("\n").splitlines()
    run = next((i for i, line in enumerate(lines) if line.startswith("[ RUN      ]")), None)
    if run is not None:
        lines = lines[run:]
        end = next((i for i, line in enumerate(lines)
                    if line.startswith(("[  FAILED  ]", "[       OK ]"))), None)
        if end is not None:
            lines = lines[:end + 1]
    if len(lines) > max_lines:
        cut = len(lines) - max_lines + 1
        lines = lines[:max_lines - 3] + [f"... ({cut} lines cut) ..."] + lines[-2:]
    text = "\n".join(lines)
    if len(text) > max_chars:
        text = f"{text[:max_chars - 200]}\n... ({len(text) - max_chars + 200} characters " \
               f"cut) ...\n{text[-150:]}"
    return text


def summary_line(grade: Grade) -> str:
    """The headline: the lab's own stage first, since that is the lab's grade, then the
    earlier stages (complete in a starter, so they only lose points if something broke them)
    and the total over all of them:
        lab 02: 17.00/100.00; earlier stages: stage 01: 100.00/100.00; all stages: 117.00/200.00
    Lab 01 has no earlier stages: "lab 01: 87.50/100.00"."""
    own = [s for s in grade.stages if s.stage.id == grade.lab.id]
    earlier = [s for s in grade.stages if s.stage.id != grade.lab.id]
    score = sum((s.score for s in own), Fraction(0))
    max_score = sum((s.max_score for s in own), Fraction(0))
    line = f"lab {grade.lab.id}: {fmt(score)}/{fmt(max_score)}"
    if earlier:
        parts = ", ".join(f"stage {s.stage.id}: {fmt(s.score)}/{fmt(s.max_score)}"
                          for s in earlier)
        line += (f"; earlier stages: {parts}; all stages: "
                 f"{fmt(grade.score)}/{fmt(grade.max_score)}")
    return line


def table(grade: Grade) -> str:
    """Per stage, per group: tests passed and points; then the warnings."""
    out = [f"StepDB lab {grade.lab.id}: stages "
           f"{', '.join(s.stage.id for s in grade.stages)}", ""]
    width = max([len(g.name) for s in grade.stages for g in s.groups] + [10])
    pattern_width = max([len(g.pattern) for s in grade.stages for g in s.groups] + [10])
    for s in grade.stages:
        head = f"stage {s.stage.id}  {s.stage.title}"
        out.append(f"{head:<{width + pattern_width + 18}}{fmt(s.score):>7}/{fmt(s.max_score)}")
        if not s.groups:
            out.append("  (no points in stages/stages.json yet)")
        for g in s.groups:
            counts = f"{g.passed}/{g.tests} passed" if g.tests else "no tests"
            out.append(f"  {g.name:<{width}}  {g.pattern:<{pattern_width}}  {counts:<12}"
                       f"{fmt(g.score):>7}/{fmt(g.points)}")
        if s.problem:
            out.append(f"  ! {s.problem}")
        out.append("")
    warnings = grade.warnings + [w for s in grade.stages for w in s.warnings]
    if warnings:
        out.append("warnings:")
        out.extend(f"  {w}" for w in warnings)
        out.append("")
    return "\n".join(out)


def text(grade: Grade) -> str:
    out = [summary_line(grade), "", table(grade)]
    for s in grade.stages:
        if s.problem:
            out.append(f"stage {s.stage.id}: {s.problem}:")
            out.extend("    " + line for line in s.detail.splitlines())
            out.append("")
    failing = [i for i in grade.items() if not i.passed and i.kind != STAND_IN]
    if failing:
        out.append(f"failing tests ({len(failing)}):")
        for item in failing:
            groups = f" [{', '.join(item.groups)}]" if item.groups else ""
            note = f" ({item.note})" if item.note else ""
            out.append(f"  {item.name}{groups}{note}")
            excerpt = trim(item.output, 12, 1500)
            out.extend("      " + line for line in excerpt.splitlines())
        out.append("")
    out.append(summary_line(grade))
    return "\n".join(out) + "\n"


def _round(points: Fraction) -> float:
    return round(float(points), 4)


def _item_output(item: Item) -> str:
    if item.passed:
        return ""
    body = trim(item.output, 80, 6000)
    return f"[{item.note}]\n{body}" if item.note and item.note != body else body


def gradescope(grade: Grade) -> str:
    """results.json. A test's max_score comes from rounded_max_scores, so a stage's tests add
    up to its points exactly, and a passing test scores its max_score. The total and the
    stages' scores are the exact scores, rounded. `score`, what Gradescope shows as the
    submission's score, is the total over stages 01..N, because Gradescope expects it to be
    the sum of the tests' scores; the lab's own score leads `output` and is in extra_data."""
    own = [s for s in grade.stages if s.stage.id == grade.lab.id]
    tests = []
    for s in grade.stages:
        for item, max_score in zip(s.items, rounded_max_scores(s)):
            tests.append({
                "name": item.name,
                "score": _round(max_score if item.passed else Fraction(0)),
                "max_score": _round(max_score),
                "status": "passed" if item.passed else "failed",
                "output": _item_output(item),
                "visibility": item.visibility,
                "tags": [f"stage{item.stage}", *item.groups],
            })
    result = {
        "score": _round(grade.score),
        "output": summary_line(grade) + "\n\n" + table(grade) + summary_line(grade) + "\n",
        "tests": tests,
        "extra_data": {
            "lab": grade.lab.id,
            "lab_score": _round(sum((s.score for s in own), Fraction(0))),
            "lab_max_score": _round(sum((s.max_score for s in own), Fraction(0))),
            "max_score": _round(grade.max_score),
            "stages": {s.stage.id: {"score": _round(s.score), "max_score": _round(s.max_score)}
                       for s in grade.stages},
        },
    }
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def _xml_safe(text: str) -> str:
    return _XML_INVALID.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def junit(grade: Grade) -> str:
    items = grade.items()
    root = ET.Element("testsuites", {
        "name": f"StepDB lab {grade.lab.id}",
        "tests": str(len(items)),
        "failures": str(sum(1 for i in items if not i.passed)),
        "score": fmt(grade.score), "max_score": fmt(grade.max_score)})
    for s in grade.stages:
        suite = ET.SubElement(root, "testsuite", {
            "name": s.stage.label, "tests": str(len(s.items)),
            "failures": str(sum(1 for i in s.items if not i.passed)),
            "errors": "0", "skipped": "0", "time": "0"})
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "score", "value": fmt(s.score)})
        ET.SubElement(props, "property", {"name": "max_score", "value": fmt(s.max_score)})
        for item in s.items:
            classname, _, name = item.name.rpartition(".")
            if item.kind == STAND_IN:
                classname, name = s.stage.label, item.name
            case = ET.SubElement(suite, "testcase",
                                 {"classname": classname, "name": name, "time": "0"})
            cprops = ET.SubElement(case, "properties")
            ET.SubElement(cprops, "property",
                          {"name": "points", "value": f"{fmt(item.score)}/{fmt(item.max_score)}"})
            if item.groups:
                ET.SubElement(cprops, "property",
                              {"name": "groups", "value": _xml_safe(", ".join(item.groups))})
            if not item.passed:
                failure = ET.SubElement(case, "failure",
                                        {"message": _xml_safe(item.note or "failed")})
                failure.text = _xml_safe(trim(item.output, 200, 20000))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
