"""Is the trainer guide (docs/trainer-guide.md) honest about the project it describes?

Every picture it links exists (and is small), every ``cocreate`` subcommand it names exists,
every console line ``$ cocreate ...`` parses with the real parser, and every project path it
names in backticks exists.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from cocreate_widgets.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "trainer-guide.md"
MAX_IMAGE_BYTES = 256_000
#: top-level folders of the project: a backticked text starting with one of them is a path
REPO_FOLDERS = (
    "apps",
    "bench",
    "cocreate_widgets",
    "data",
    "docs",
    "scripts",
    "tests",
    "workbooks",
)

IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^[ \t]*```.*?^[ \t]*```", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`([^`\n]+)`")
COCREATE_WORD = re.compile(r"(?:^|[\s(`])cocreate\s+([a-z][a-z0-9-]*)")
ANCHOR_LINK = re.compile(r"\]\(#([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)
REPO_PATH = re.compile(rf"^(?:{'|'.join(REPO_FOLDERS)})(?:/[\w.-]+)*/?$")


def linked_images(markdown: str) -> list[str]:
    """The targets of every ``![alt](target)`` image link."""
    return IMAGE_LINK.findall(markdown)


def code_texts(markdown: str) -> list[str]:
    """Every fenced code block and every inline code span, in order."""
    blocks = FENCE.findall(markdown)
    prose = FENCE.sub("", markdown)
    return blocks + INLINE_CODE.findall(prose)


def named_subcommands(markdown: str) -> set[str]:
    """The word after ``cocreate`` wherever the guide shows a command (code, not prose)."""
    return {word for text in code_texts(markdown) for word in COCREATE_WORD.findall(text)}


def console_commands(markdown: str) -> list[str]:
    """The ``$ cocreate ...`` lines of the console blocks, without the ``$``."""
    lines = [line.strip() for block in FENCE.findall(markdown) for line in block.splitlines()]
    return [line[2:] for line in lines if line.startswith("$ cocreate ")]


def named_repo_paths(markdown: str) -> set[str]:
    """Backticked texts that are project paths (no placeholders such as ``<name>``)."""
    spans = INLINE_CODE.findall(FENCE.sub("", markdown))
    return {span for span in spans if REPO_PATH.match(span)}


def heading_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings: lower case, punctuation dropped, spaces to -."""
    headings = HEADING.findall(FENCE.sub("", markdown))
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def subcommand_names() -> set[str]:
    """The subcommands ``cocreate`` really has."""
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return set(sub.choices)


def parses(command: str) -> bool:
    """Does ``cocreate``'s parser accept this command line (without running it)?"""
    try:
        build_parser().parse_args(shlex.split(command)[1:])
    except SystemExit:
        return False
    return True


@pytest.fixture(scope="module")
def guide() -> str:
    """The guide's text."""
    return GUIDE.read_text(encoding="utf-8")


def test_every_linked_image_exists_and_is_a_small_png(guide: str) -> None:
    """Does every picture the guide links exist, as a PNG under the size limit?"""
    images = linked_images(guide)
    assert len(images) >= 8, "the guide should show the real app in screenshots"
    for target in images:
        path = (GUIDE.parent / target).resolve()
        assert path.is_file(), f"{target} is linked but does not exist"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{target} is not a PNG"
        assert path.stat().st_size <= MAX_IMAGE_BYTES, f"{target} is too large"


def test_every_cocreate_subcommand_named_is_real(guide: str) -> None:
    """Is every ``cocreate <word>`` the guide shows a subcommand of the real parser?"""
    named = named_subcommands(guide)
    assert {"new-exercise", "check", "test-notebooks", "translations", "preview"} <= named
    assert named - subcommand_names() == set()


def test_every_console_command_parses(guide: str) -> None:
    """Does every ``$ cocreate ...`` line in the guide's console blocks parse?"""
    commands = console_commands(guide)
    assert commands
    assert [c for c in commands if not parses(c)] == []


def test_every_project_path_named_exists(guide: str) -> None:
    """Does every project path the guide names in backticks exist?"""
    paths = named_repo_paths(guide)
    assert "scripts/trainer_screenshots.py" in paths
    assert sorted(p for p in paths if not (REPO / p.rstrip("/")).exists()) == []


def test_every_link_within_the_guide_finds_its_heading(guide: str) -> None:
    """Does every ``](#anchor)`` link point at a heading of the guide?"""
    links = set(ANCHOR_LINK.findall(guide))
    assert links
    assert links - heading_anchors(guide) == set()


def test_the_checks_catch_what_they_are_meant_to() -> None:
    """Do the helpers find a missing picture, a made-up subcommand and a wrong path?"""
    sample = (
        "![a](images/trainer/nope.png)\n"
        "Run `cocreate frobnicate` or `cocreate check` on `docs/nope.md`; "
        "`data/exercises/<name>.yaml` is a placeholder, `cocreate_widgets` a package.\n"
        "```console\n$ cocreate preview --out x.html\ncocreate: an error line\n```\n"
        "1. A step:\n\n   ```console\n   $ cocreate demo --db x.sqlite\n   ```\n"
    )
    assert linked_images(sample) == ["images/trainer/nope.png"]
    assert named_subcommands(sample) == {"frobnicate", "check", "preview", "demo"}
    assert named_subcommands(sample) - subcommand_names() == {"frobnicate"}
    assert named_repo_paths(sample) == {"docs/nope.md", "cocreate_widgets"}
    assert console_commands(sample) == [
        "cocreate preview --out x.html",
        "cocreate demo --db x.sqlite",
    ]
    assert not parses("cocreate preview --out x.html")  # the exercise is missing
    assert parses("cocreate preview follow_energy --out x.html")
    assert heading_anchors("## 5. Checking and testing\n### `cocreate check`: right?\n") == {
        "5-checking-and-testing",
        "cocreate-check-right",
    }
