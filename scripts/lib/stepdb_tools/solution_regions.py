"""Solution regions: the reference code a lab asks students to write, marked in place.

    Status MemTableEngine::Write(const WriteBatch& batch) {
      // BEGIN SOLUTION
      // STARTER: (void)batch;
      // STARTER: return Status::NotImplemented("stage 01: MemTableEngine::Write");
      std::lock_guard lock(mu_);
      ...
      // END SOLUTION
    }

A region runs from a line that is exactly `// BEGIN SOLUTION` to the next line that is exactly
`// END SOLUTION` (leading and trailing blanks aside). The `// STARTER: <code>` lines right
after BEGIN are the stub: the starter for that region's lab replaces the whole region with

      // TODO(lab 01): replace this stub with your implementation (labs/01.md).
      (void)batch;
      return Status::NotImplemented("stage 01: MemTableEngine::Write");

each STARTER line uncommented (the one space after the colon dropped, any further spaces
kept) and indented like the BEGIN line. Regions do not nest. A region without STARTER lines,
a STARTER line anywhere else, or a BEGIN/END without its partner is an error: the generator
refuses to write a starter rather than guess.

Two rewrites exist: `to_starter` (the lab's own stage) and `strip_markers` (earlier stages,
which students receive complete: the markers and STARTER lines go, the solution stays).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BEGIN = re.compile(r"^([ \t]*)//[ \t]*BEGIN SOLUTION[ \t\r]*$")
_END = re.compile(r"^[ \t]*//[ \t]*END SOLUTION[ \t\r]*$")
_STARTER = re.compile(r"^[ \t]*//[ \t]*STARTER:(.*)$")


class RegionError(Exception):
    """Malformed solution regions; str() lists every problem as "file:line: message"."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Region:
    begin: int  # 0-based line index of BEGIN SOLUTION
    end: int  # 0-based line index of END SOLUTION
    indent: str
    starter: list[str]  # the stub's lines, uncommented, without the indentation


def has_markers(text: str) -> bool:
    """Cheap pre-check: true iff the text might hold a region or a stray marker."""
    return "SOLUTION" in text or "STARTER:" in text


def parse(text: str, name: str, need_starter: bool) -> list[Region]:
    """The regions of `text` in order. Raises RegionError naming `name` and the 1-based line
    of every problem. need_starter: a region without STARTER lines is an error."""
    lines = text.split("\n")
    problems: list[str] = []
    regions: list[Region] = []
    open_region: Region | None = None
    in_starter_block = False
    for i, line in enumerate(lines):
        where = f"{name}:{i + 1}"
        if m := _BEGIN.match(line):
            if open_region is not None:
                problems.append(f"{where}: BEGIN SOLUTION inside the region opened at line "
                                f"{open_region.begin + 1} (regions do not nest)")
                continue
            open_region = Region(i, -1, m.group(1), [])
            in_starter_block = True
        elif _END.match(line):
            if open_region is None:
                problems.append(f"{where}: END SOLUTION without a BEGIN SOLUTION before it")
                continue
            open_region.end = i
            if need_starter and not open_region.starter:
                problems.append(f"{name}:{open_region.begin + 1}: this solution region has no "
                                f"'// STARTER: <code>' lines after BEGIN SOLUTION; the starter "
                                f"needs a stub that compiles and fails loudly")
            regions.append(open_region)
            open_region = None
            in_starter_block = False
        elif m := _STARTER.match(line):
            if open_region is None:
                problems.append(f"{where}: STARTER line outside a solution region")
            elif not in_starter_block:
                problems.append(f"{where}: STARTER lines must come right after BEGIN SOLUTION "
                                f"(line {open_region.begin + 1})")
            else:
                code = m.group(1)
                open_region.starter.append(code[1:] if code.startswith(" ") else code)
        else:
            in_starter_block = False
    if open_region is not None:
        problems.append(f"{name}:{open_region.begin + 1}: BEGIN SOLUTION is never closed by "
                        f"END SOLUTION")
    if problems:
        raise RegionError(problems)
    return regions


def to_starter(text: str, name: str, lab_id: str) -> tuple[str, int]:
    """`text` with every region replaced by its stub, and the number of regions replaced.
    Raises RegionError."""
    regions = parse(text, name, need_starter=True)
    lines = text.split("\n")
    out: list[str] = []
    last = 0
    for r in regions:
        out.extend(lines[last:r.begin])
        out.append(f"{r.indent}// TODO(lab {lab_id}): replace this stub with your implementation "
                   f"(labs/{lab_id}.md).")
        out.extend(f"{r.indent}{code}" if code.strip() else "" for code in r.starter)
        last = r.end + 1
    out.extend(lines[last:])
    return "\n".join(out), len(regions)


def strip_markers(text: str, name: str) -> tuple[str, int]:
    """`text` with the BEGIN/END lines and the STARTER lines of every region removed and the
    solution kept, and the number of regions. Raises RegionError."""
    regions = parse(text, name, need_starter=False)
    drop: set[int] = set()
    for r in regions:
        drop.update({r.begin, r.end})
        drop.update(range(r.begin + 1, r.begin + 1 + len(r.starter)))
    lines = text.split("\n")
    return "\n".join(line for i, line in enumerate(lines) if i not in drop), len(regions)
