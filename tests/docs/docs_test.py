#!/usr/bin/python3
"""Checks of the docs: the generated blocks are fresh, and relative links resolve.

    /usr/bin/python3 tests/docs/docs_test.py [-v] [ThisTree | StageTableScript | LinkChecker]

ThisTree checks the source tree this file is in: README.md and docs/README.md embed the stage
table, every block that scripts/stage-table generates is up to date, and every relative link
in README.md, docs/README.md, stages/*/README.md, docs/**/*.md and labs/*.md points at a
file (and heading) that exists. It runs in every lab starter too, where later stages' files
are absent. The other two test the tools themselves on small trees in a temporary directory.
Standard library only; registered with ctest under the label "docs".
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STAGE_TABLE = ROOT / "scripts" / "stage-table"


# ---------------------------------------------------------------------------------------------
# The link checker.

FENCE = re.compile(r"^ {0,3}(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
INLINE_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$")
HTML_ANCHOR = re.compile(r"<a\s+(?:name|id)=\"([^\"]+)\"")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def prose_lines(text):
    """(line number, line) of a markdown text, outside fenced code blocks."""
    fence = None
    for number, line in enumerate(text.splitlines(), 1):
        match = FENCE.match(line)
        if fence:
            if match and match.group(1) == fence:
                fence = None
        elif match:
            fence = match.group(1)
        else:
            yield number, line


def github_slug(heading):
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link counts as its text
    text = re.sub(r"<[^>]+>", "", text).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path):
    """The anchors a markdown file defines: its headings' slugs and <a id|name="..."> tags."""
    text = path.read_text()
    found = set(HTML_ANCHOR.findall(text))
    seen = {}
    for _, line in prose_lines(text):
        match = HEADING.match(line)
        if match:
            slug = github_slug(match.group(1))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def links(path):
    """(line number, target) of every link in the prose of a markdown file."""
    for number, line in prose_lines(path.read_text()):
        line = CODE_SPAN.sub("", line)
        for target in INLINE_LINK.findall(line):
            yield number, target
        reference = REFERENCE.match(line)
        if reference:
            yield number, reference.group(1)


def broken_links(path, root):
    """Descriptions of the relative links in path that do not resolve inside root."""
    problems = []
    for number, target in links(path):
        where = f"{path.relative_to(root).as_posix()}:{number}: ({target})"
        if not target:
            problems.append(f"{where} empty link")
            continue
        if SCHEME.match(target) or target.startswith("//"):
            continue  # an absolute URL: not checked here
        file_part, _, anchor = target.partition("#")
        if file_part.startswith("/"):
            problems.append(f"{where} use a relative link, not one from the site root")
            continue
        resolved = (path.parent / file_part).resolve() if file_part else path
        try:
            resolved.relative_to(root)
        except ValueError:
            problems.append(f"{where} points outside the source tree")
            continue
        if not resolved.exists():
            problems.append(f"{where} no such file")
            continue
        if anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            problems.append(f"{where} no heading #{anchor} in {resolved.name}")
    return problems


def front_pages(root):
    """The pages a reader follows links from: the front pages, the chapters, every page under
    docs/ (the format specs) and the lab handouts. A lab starter holds fewer of them, and every
    link in those it holds must resolve there too."""
    pages = [root / "README.md", root / "docs" / "README.md"]
    return ([p for p in pages if p.exists()] + sorted(root.glob("stages/*/README.md"))
            + sorted(p for p in root.glob("docs/**/*.md") if p not in pages)
            + sorted(root.glob("labs/*.md")))


# ---------------------------------------------------------------------------------------------
# Checks on this source tree.

class ThisTree(unittest.TestCase):
    def test_front_pages_embed_the_stage_table(self):
        for page in (ROOT / "README.md", ROOT / "docs" / "README.md"):
            text = page.read_text()
            self.assertIn("<!-- stage-table:begin -->", text, page)
            self.assertIn("<!-- stage-table:end -->", text, page)

    def test_generated_blocks_are_fresh(self):
        run = subprocess.run([sys.executable, str(STAGE_TABLE), "--check"], capture_output=True,
                             text=True, timeout=60)
        self.assertEqual(run.returncode, 0,
                         "the generated blocks are stale; run scripts/stage-table --write\n"
                         + run.stdout + run.stderr)

    def test_every_stage_has_a_summary(self):
        stages = json.loads((ROOT / "stages" / "stages.json").read_text())["stages"]
        for stage in stages:
            self.assertTrue(stage.get("summary", "").strip(), f'stage {stage["id"]}')

    def test_relative_links_resolve(self):
        pages = front_pages(ROOT)
        self.assertIn(ROOT / "README.md", pages)
        problems = [p for page in pages for p in broken_links(page, ROOT)]
        self.assertEqual(problems, [], "\n" + "\n".join(problems))


# ---------------------------------------------------------------------------------------------
# scripts/stage-table on small trees.

MANIFEST = {
    "stages": [
        {"id": "01", "slug": "first", "title": "First", "summary": "adds one", "groups": []},
        {"id": "02", "slug": "second", "title": "Second", "summary": "adds two | more",
         "groups": []},
        {"id": "03", "slug": "third", "title": "Third", "summary": "adds three", "groups": []},
    ]
}
PAGE = """# Page

<!-- stage-table:begin -->
<!-- stage-table:end -->

Formats:

<!-- file-list:begin docs/formats/*.md -->
<!-- file-list:end -->
"""


class StageTableScript(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = Path(self.dir.name)
        self.write("stages/stages.json", json.dumps(MANIFEST, indent=2))
        self.write("stages/01-first/README.md", "# Stage 01\n")  # a chapter
        self.write("stages/02-second/CMakeLists.txt", "")  # code, no chapter yet
        self.write("README.md", PAGE)  # stage 03 has no folder: planned
        self.write("docs/README.md", PAGE)

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, text):
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def run_script(self, *args):
        return subprocess.run([sys.executable, str(STAGE_TABLE), "--root", str(self.root), *args],
                              capture_output=True, text=True, timeout=60)

    def test_prints_the_table_from_the_manifest(self):
        run = self.run_script()
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout.splitlines(), [
            "| # | Stage | What it adds | Chapter |",
            "|---|-------|--------------|---------|",
            "| 01 | First | adds one | [01-first](stages/01-first/README.md) |",
            "| 02 | Second | adds two \\| more | (chapter to come) |",
            "| 03 | Third | adds three | (planned) |",
        ])

    def test_write_makes_links_relative_to_each_page(self):
        self.assertEqual(self.run_script("--write").returncode, 0)
        top = (self.root / "README.md").read_text()
        docs = (self.root / "docs" / "README.md").read_text()
        self.assertIn("[01-first](stages/01-first/README.md)", top)
        self.assertIn("[01-first](../stages/01-first/README.md)", docs)
        self.assertIn("<!-- stage-table:begin -->\n\n| # |", top)
        self.assertIn("| (planned) |\n\n<!-- stage-table:end -->", top)

    def test_check_fails_until_write_and_write_is_idempotent(self):
        run = self.run_script("--check")
        self.assertEqual(run.returncode, 1)
        self.assertIn("README.md", run.stderr)
        self.assertIn("scripts/stage-table --write", run.stderr)
        self.assertEqual(self.run_script("--write").returncode, 0)
        before = (self.root / "README.md").read_text()
        self.assertEqual(self.run_script("--check").returncode, 0)
        run = self.run_script("--write")
        self.assertEqual(run.stdout, "")  # nothing left to refresh
        self.assertEqual((self.root / "README.md").read_text(), before)

    def test_a_new_chapter_makes_the_table_stale(self):
        self.assertEqual(self.run_script("--write").returncode, 0)
        self.write("stages/02-second/README.md", "# Stage 02\n")
        self.assertEqual(self.run_script("--check").returncode, 1)
        self.assertEqual(self.run_script("--write").returncode, 0)
        self.assertIn("[02-second](stages/02-second/README.md)",
                      (self.root / "README.md").read_text())

    def test_file_list_links_existing_files_by_their_heading(self):
        self.assertEqual(self.run_script("--write").returncode, 0)
        self.assertIn("(none in this tree yet)", (self.root / "docs/README.md").read_text())
        self.write("docs/formats/wal.md", "Intro\n# The log format\n")
        self.write("docs/formats/b.md", "no heading\n")
        self.assertEqual(self.run_script("--write").returncode, 0)
        docs = (self.root / "docs" / "README.md").read_text()
        self.assertIn("- [b.md](formats/b.md)\n- [The log format](formats/wal.md)\n", docs)
        self.assertNotIn("none in this tree", docs)

    def test_text_outside_the_blocks_is_kept(self):
        self.write("README.md", "before\n" + PAGE + "after\n")
        self.assertEqual(self.run_script("--write").returncode, 0)
        text = (self.root / "README.md").read_text()
        self.assertTrue(text.startswith("before\n# Page\n"))
        self.assertTrue(text.endswith("<!-- file-list:end -->\nafter\n"))

    def test_missing_summary_is_an_error(self):
        manifest = json.loads(json.dumps(MANIFEST))
        del manifest["stages"][1]["summary"]
        self.write("stages/stages.json", json.dumps(manifest))
        run = self.run_script()
        self.assertEqual(run.returncode, 2)
        self.assertIn('stage 02 has no "summary"', run.stderr)

    def test_unterminated_block_is_an_error(self):
        self.write("README.md", "<!-- stage-table:begin -->\n| old |\n")
        run = self.run_script("--check")
        self.assertEqual(run.returncode, 2)
        self.assertIn("README.md:1: stage-table block has no '<!-- stage-table:end -->'",
                      run.stderr)


# ---------------------------------------------------------------------------------------------
# The link checker on small trees.

class LinkChecker(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = Path(self.dir.name).resolve()
        (self.root / "docs").mkdir()
        (self.root / "docs" / "guide.md").write_text("# Guide\n## Two words\n## `code` head\n")

    def tearDown(self):
        self.dir.cleanup()

    def problems(self, text):
        page = self.root / "README.md"
        page.write_text(text)
        return broken_links(page, self.root)

    def test_good_links_pass(self):
        self.assertEqual(self.problems(
            "[g](docs/guide.md) [a](docs/guide.md#two-words) [c](docs/guide.md#code-head)\n"
            "[dir](docs/) [self](#top) [web](https://example.com/x.md)\n"
            "[ref]: docs/guide.md\n# Top\n"), [])

    def test_missing_file_is_reported_with_its_line(self):
        problems = self.problems("fine\n[x](docs/missing.md)\n")
        self.assertEqual(len(problems), 1)
        self.assertIn("README.md:2: (docs/missing.md) no such file", problems[0])

    def test_missing_anchor_and_reference_are_reported(self):
        problems = self.problems("[a](docs/guide.md#nope)\n[r]: gone.md\n")
        self.assertEqual(len(problems), 2, problems)
        self.assertIn("no heading #nope", problems[0])
        self.assertIn("(gone.md) no such file", problems[1])

    def test_links_in_code_are_ignored(self):
        self.assertEqual(self.problems("`[x](missing.md)`\n```\n[y](missing.md)\n```\n"), [])

    def test_links_out_of_the_tree_or_from_the_root_are_reported(self):
        problems = self.problems("[up](../outside.md) [abs](/docs/guide.md)\n")
        self.assertEqual(len(problems), 2, problems)
        self.assertIn("outside the source tree", problems[0])
        self.assertIn("relative link", problems[1])


if __name__ == "__main__":
    unittest.main()
