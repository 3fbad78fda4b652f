"""The stage manifest, stages/stages.json: the one list of stages and of the points per test
group that CMake, the grader, the starter generator and the docs all read.

    {"stages": [{"id": "01", "slug": "memtable-tcp", "title": "MemTable + TCP",
                 "owns": ["docs/formats/wal.md", ...],
                 "groups": [{"name": "MemTable engine", "tests": "MemTableEngine.*",
                             "points": 25}, ...]}, ...]}

"owns" (optional) lists the files, and folders (ending in "/"), outside the stage's folder
that belong to the stage: its format specs, its acceptance scripts, its tools. A lab starter
leaves out what the stages after its lab own, as it leaves out their folders.

A stage is *present* iff its folder, stages/<id>-<slug>/, holds a CMakeLists.txt (the rule
CMake uses too): a starter tree lists only the stages up to its lab, and the reference may
list stages whose folders are still being written. A stage whose "groups" list is empty has
no points yet.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

MANIFEST = Path("stages") / "stages.json"


class ManifestError(Exception):
    """The manifest cannot be read or breaks one of the rules above."""


@dataclass(frozen=True)
class Group:
    name: str
    pattern: str  # an fnmatch glob over "Suite.Case"
    points: Fraction


@dataclass(frozen=True)
class Stage:
    id: str  # two digits, "01"
    slug: str
    title: str
    groups: tuple[Group, ...]
    present: bool
    owns: tuple[str, ...] = ()  # paths relative to the root; a folder ends in "/"

    @property
    def number(self) -> int:
        return int(self.id)

    @property
    def folder(self) -> Path:
        """The stage's folder, relative to the source root."""
        return Path("stages") / f"{self.id}-{self.slug}"

    @property
    def label(self) -> str:
        """The ctest label and the test-name prefix, "stage01"."""
        return f"stage{self.id}"

    @property
    def max_points(self) -> Fraction:
        return sum((g.points for g in self.groups), Fraction(0))


def load(root: Path) -> list[Stage]:
    """The stages listed in root's manifest, in manifest order.
    Raises ManifestError if the file is missing or malformed."""
    path = root / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ManifestError(f"{path}: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("stages"), list):
        raise ManifestError(f"{path}: expected an object with a \"stages\" list")
    stages = []
    seen = set()
    for i, entry in enumerate(data["stages"]):
        where = f"{path}: stages[{i}]"
        if not isinstance(entry, dict):
            raise ManifestError(f"{where}: expected an object")
        sid, slug = entry.get("id"), entry.get("slug")
        if not isinstance(sid, str) or not re.fullmatch(r"\d\d", sid):
            raise ManifestError(f"{where}: \"id\" must be two digits, got {sid!r}")
        if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
            raise ManifestError(f"{where}: bad \"slug\" {slug!r}")
        if sid in seen:
            raise ManifestError(f"{where}: stage {sid} is listed twice")
        seen.add(sid)
        groups = []
        for j, g in enumerate(entry.get("groups", [])):
            gwhere = f"{where}.groups[{j}]"
            if not isinstance(g, dict) or not isinstance(g.get("name"), str) \
                    or not isinstance(g.get("tests"), str):
                raise ManifestError(f"{gwhere}: expected {{name, tests, points}}")
            points = g.get("points")
            if isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0:
                raise ManifestError(f"{gwhere}: \"points\" must be a number >= 0")
            groups.append(Group(g["name"], g["tests"], Fraction(str(points))))
        owns = entry.get("owns", [])
        if not isinstance(owns, list) or not all(
                isinstance(o, str) and re.fullmatch(r"[\w.-]+(/[\w.-]+)*/?", o)
                and ".." not in o.split("/") for o in owns):
            raise ManifestError(f"{where}: \"owns\" must be a list of relative paths such as "
                                f"\"docs/formats/wal.md\" or \"server/\", got {owns!r}")
        present = (root / "stages" / f"{sid}-{slug}" / "CMakeLists.txt").is_file()
        stages.append(Stage(sid, slug, str(entry.get("title", "")), tuple(groups), present,
                            tuple(owns)))
    return stages


def present_stages(root: Path) -> list[Stage]:
    """The stages whose folders exist, in manifest order."""
    return [s for s in load(root) if s.present]


def resolve_stage(stages: list[Stage], text: str) -> Stage:
    """The present stage that `text` ("1", "01") names. Raises ValueError with a message fit
    for a user if it names none."""
    present = [s for s in stages if s.present]
    ids = " ".join(s.id for s in present) or "none"
    if not re.fullmatch(r"\d{1,3}", text.strip()):
        raise ValueError(f"N must be a stage number, got '{text}' (stages here: {ids})")
    number = int(text)
    for s in stages:
        if s.number == number:
            if not s.present:
                raise ValueError(f"stage {s.id} ({s.slug}) is listed in {MANIFEST} but its "
                                 f"folder {s.folder}/ is not here (stages here: {ids})")
            return s
    raise ValueError(f"there is no stage {number:02d} (stages here: {ids})")
