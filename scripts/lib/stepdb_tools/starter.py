"""The starter generator behind scripts/make-starter: from the reference tree, the tree a
student receives for lab N.

What goes in: the project's tracked files (`git ls-files`; without git, a walk that skips
build/, data/ and .git), except
  - the folders of stages after N, and lab handouts after N (labs/NN.md, labs/NN-*);
  - what the stages after N own outside their folders: the "owns" lists of the manifest,
    stages/stages.json (format specs, acceptance scripts, tools), its one source of truth;
  - server/, bench/ and scripts/bench (they need every stage);
  - tests/tooling/ (the round trip of this generator; a student's finished lab would fail
    its "the starter is not complete" checks);
  - tests/compat/ (real clients against server/'s `stepdb`, which the starter leaves out; it
    would only make scripts/setup fetch its node clients);
  - .github/workflows/ci.yml (in a student repository it would build and test everything a
    second time; the classroom workflow already grades every push).
How files change:
  - stage N's C++ sources: every solution region becomes its stub (solution_regions.py);
  - earlier stages' C++ sources: complete, with the region markers stripped;
  - outside the stage folders (README.md, docs/, labs/), a markdown link to a file or folder
    the starter leaves out (a later stage's chapter, say) becomes its plain text, so the
    starter holds no dead link while the reference keeps the link. The stage folders are
    copied as they are (earlier stages must stay the reference's files), so a chapter must not
    link to what a starter leaves out; tests/docs/docs_test.py, run in every starter by
    tests/tooling/starter_contents_test.py, finds such a link;
  - outside the stage folders, a markdown block between `<!-- starter: drop -->` and
    `<!-- starter: end -->` lines is left out of every starter (the README's words on server/,
    bench/ and tests/compat/), and one between `<!-- starter: drop before NN -->` and
    `<!-- starter: end -->` out of the starters of labs before NN (Redis and Memcached
    sessions, before stage 06 exists); in the starters that keep a block, only its two
    marker lines go. The markers are HTML comments, so the reference renders as before;
  - stages/stages.json lists only the stages up to N;
  - .github/classroom/autograding.json runs `./scripts/grade N`.
Every file is transformed in memory before the first byte is written, so a malformed region
leaves no half-written starter behind.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import manifest, solution_regions

CPP_SUFFIXES = {".h", ".hh", ".hpp", ".cc", ".cpp", ".cxx", ".c", ".inc", ".ipp"}
WALK_SKIP_DIRS = {".git", "build", "data", "__pycache__", ".pytest_cache", ".cache"}
AUTOGRADING = PurePosixPath(".github/classroom/autograding.json")
DROPPED_FILES = {PurePosixPath(".github/workflows/ci.yml"), PurePosixPath("scripts/bench")}
DROPPED_TREES = {("server",), ("bench",), ("tests", "tooling"), ("tests", "compat")}


class StarterError(Exception):
    """The starter cannot be written; the message says why."""


@dataclass
class Summary:
    files: int = 0
    dropped: int = 0
    stubbed: dict[str, int] = field(default_factory=dict)  # file -> regions replaced
    stripped: dict[str, int] = field(default_factory=dict)  # file -> regions unmarked


def tracked_files(root: Path) -> list[PurePosixPath]:
    """The files of the source tree, relative to root, sorted: git's list of tracked files
    when root is a git checkout (files deleted from the working tree left out), else a walk."""
    try:
        out = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached"],
                             capture_output=True, check=True).stdout
        names = [PurePosixPath(n) for n in out.decode("utf-8").split("\0") if n]
        return sorted(n for n in names if os.path.lexists(root / n))
    except (OSError, subprocess.CalledProcessError):
        pass
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in WALK_SKIP_DIRS)
        rel = Path(dirpath).relative_to(root)
        found.extend(PurePosixPath(rel.as_posix()) / f for f in filenames
                     if not f.endswith(".pyc"))
    return sorted(found)


def _number_prefix(name: str) -> int | None:
    m = re.match(r"(\d\d)(?:[-.]|$)", name)
    return int(m.group(1)) if m else None


def later_owned(stages: list[manifest.Stage], lab: int) -> list[str]:
    """What the stages after `lab` own outside their folders (manifest "owns")."""
    return [path for s in stages if s.number > lab for path in s.owns]


def _owned_by(rel: PurePosixPath, owned: list[str]) -> bool:
    name = rel.as_posix()
    return any(name == o or (o.endswith("/") and name.startswith(o)) for o in owned)


def is_dropped(rel: PurePosixPath, lab: int, owned: list[str] = ()) -> bool:
    """True iff the starter for lab `lab` leaves out the file `rel`; `owned` is what later
    stages own (later_owned)."""
    parts = rel.parts
    if rel in DROPPED_FILES or any(parts[:len(t)] == t for t in DROPPED_TREES):
        return True
    if _owned_by(rel, owned):
        return True
    if len(parts) >= 3 and parts[0] == "stages":
        number = _number_prefix(parts[1])
        return number is not None and number > lab
    if len(parts) >= 2 and parts[0] == "labs":
        number = _number_prefix(parts[1])
        return number is not None and number > lab
    return False


def _stage_of(rel: PurePosixPath) -> int | None:
    parts = rel.parts
    if len(parts) >= 3 and parts[0] == "stages":
        return _number_prefix(parts[1])
    return None


_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE_LINK = re.compile(r"(?<!!)\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _unlink_dropped(text: str, page: PurePosixPath, dropped: set[PurePosixPath],
                    dropped_dirs: set[PurePosixPath]) -> str:
    """`text` (markdown at `page`) with every relative link into `dropped` (files) or
    `dropped_dirs` (folders with nothing left in the starter) replaced by the link's text.
    Links in code blocks and code spans are left alone, as the link check ignores them."""

    def target_dropped(target: str) -> bool:
        path = target.split("#", 1)[0]
        if not path or _SCHEME.match(target) or path.startswith("/"):
            return False
        parts: list[str] = []
        for part in (page.parent / path).parts:
            if part == "..":
                if not parts:
                    return False
                parts.pop()
            elif part != ".":
                parts.append(part)
        resolved = PurePosixPath(*parts) if parts else PurePosixPath(".")
        return resolved in dropped or resolved in dropped_dirs

    def unlink(segment: str) -> str:
        return _INLINE_LINK.sub(
            lambda m: m.group(1) if target_dropped(m.group(2)) else m.group(0), segment)

    out, fence = [], None
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1) == fence:
                fence = None
            out.append(line)
            continue
        if match:
            fence = match.group(1)
            out.append(line)
            continue
        pieces, last = [], 0
        for span in _CODE_SPAN.finditer(line):
            pieces += [unlink(line[last:span.start()]), span.group(0)]
            last = span.end()
        out.append("".join(pieces) + unlink(line[last:]))
    return "".join(out)


_BLOCK_START = re.compile(r"^<!-- starter: drop(?: before (\d+))? -->\n?$")
_BLOCK_END = "<!-- starter: end -->"


def _drop_blocks(text: str, page: PurePosixPath, lab: int) -> str:
    """`text` without the `<!-- starter: drop ... -->` blocks a lab-`lab` starter leaves out,
    and without the marker lines of the blocks it keeps. StarterError on a block left open."""
    out: list[str] = []
    dropping: bool | None = None  # None: outside a block
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        start = _BLOCK_START.match(line)
        if start and dropping is None:
            dropping = start.group(1) is None or lab < int(start.group(1))
        elif line.rstrip("\n") == _BLOCK_END and dropping is not None:
            dropping = None
        elif start or line.rstrip("\n") == _BLOCK_END:
            raise StarterError(f"{page}:{number}: a starter block marker out of place")
        elif not dropping:
            out.append(line)
    if dropping is not None:
        raise StarterError(f"{page}: a `<!-- starter: drop -->` block has no end")
    return "".join(out)


def _pruned_manifest(text: str, lab: int) -> str:
    data = json.loads(text)
    data["stages"] = [s for s in data["stages"] if int(s["id"]) <= lab]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _autograding_for(text: str, lab: manifest.Stage, max_points) -> str:
    data = json.loads(text)
    for test in data.get("tests", []):
        run = test.get("run", "")
        if re.search(r"\./scripts/grade\s+\d+", run):
            test["run"] = re.sub(r"(\./scripts/grade\s+)\d+", rf"\g<1>{lab.number}", run)
            test["name"] = f"Lab {lab.id}: {lab.title}"
            if max_points > 0:
                test["points"] = int(max_points) if max_points == int(max_points) \
                    else float(max_points)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def make_starter(root: Path, lab: manifest.Stage, dest: Path) -> Summary:
    """Writes the starter for `lab` (a present stage of root's manifest) into dest, which must
    be absent or an empty directory. Raises StarterError (dest untouched) or RegionError."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise StarterError(f"{dest} is not an empty directory; the starter goes into a new or "
                           f"empty directory so nothing of yours is overwritten")

    stages = manifest.load(root)
    owned = later_owned(stages, lab.number)
    max_points = sum((s.max_points for s in stages if s.present and s.number <= lab.number), 0)
    summary = Summary()
    planned: list[tuple[PurePosixPath, bytes | None, Path]] = []  # None = copy as is
    problems: list[str] = []
    tracked = tracked_files(root)
    for rel in tracked:
        if is_dropped(rel, lab.number, owned):
            summary.dropped += 1
            continue
        source = root / rel
        content: bytes | None = None
        if source.is_symlink():
            planned.append((rel, None, source))
            continue
        stage = _stage_of(rel)
        if rel == PurePosixPath(manifest.MANIFEST.as_posix()):
            content = _pruned_manifest(source.read_text(encoding="utf-8"), lab.number).encode()
        elif rel == AUTOGRADING:
            content = _autograding_for(source.read_text(encoding="utf-8"), lab,
                                       max_points).encode()
        elif stage is not None and stage <= lab.number and rel.suffix in CPP_SUFFIXES:
            text = source.read_bytes().decode("utf-8", errors="surrogateescape")
            if solution_regions.has_markers(text):
                try:
                    if stage == lab.number:
                        text, n = solution_regions.to_starter(text, str(rel), lab.id)
                        summary.stubbed[str(rel)] = n
                    else:
                        text, n = solution_regions.strip_markers(text, str(rel))
                        summary.stripped[str(rel)] = n
                except solution_regions.RegionError as e:
                    problems.extend(e.problems)
                    continue
                content = text.encode("utf-8", errors="surrogateescape")
        planned.append((rel, content, source))
    if problems:
        raise solution_regions.RegionError(problems)

    kept = {rel for rel, _, _ in planned}
    dropped = set(tracked) - kept
    kept_dirs = {parent for rel in kept for parent in rel.parents}
    dropped_dirs = {parent for rel in dropped for parent in rel.parents} - kept_dirs
    for i, (rel, content, source) in enumerate(planned):
        if rel.suffix == ".md" and not source.is_symlink() and _stage_of(rel) is None:
            text = (content if content is not None else source.read_bytes()).decode("utf-8")
            unlinked = _unlink_dropped(_drop_blocks(text, rel, lab.number), rel, dropped,
                                       dropped_dirs)
            if unlinked != text:
                planned[i] = (rel, unlinked.encode("utf-8"), source)

    dest.mkdir(parents=True, exist_ok=True)
    for rel, content, source in planned:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        else:
            target.write_bytes(source.read_bytes() if content is None else content)
            os.chmod(target, source.stat().st_mode & 0o7777)
        summary.files += 1
    _refresh_stage_tables(dest)
    return summary


def _refresh_stage_tables(dest: Path) -> None:
    """The README's stage table and file lists are generated from what exists; the starter
    has fewer stages and chapters, so they are regenerated for it (scripts/stage-table)."""
    tool = dest / "scripts" / "stage-table"
    if tool.exists():
        subprocess.run([sys.executable, str(tool), "--write"], cwd=dest, check=True,
                       stdout=subprocess.DEVNULL)
