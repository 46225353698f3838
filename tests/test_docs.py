"""The README and docs/ stay true: size, links, the generated configuration page, the
architecture page against the package tree, and no text of the seed article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from onrecord.settings import SETTINGS, settings_markdown
from tests.conftest import ROOT, SHARED

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PACKAGE = ROOT / "src" / "onrecord"
README_LIMIT = 15_000

# [text](target) outside code; images too. The target stops at whitespace or ")".
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
# A path into the package as the docs name it: onrecord/extract/quotes.py, onrecord/link/,
# src/onrecord/kb/README.md. "onrecord/1", the schema's name, starts with a digit and is no
# path; in a URL (github.com/onrecord/...) the name follows another word.
_PACKAGE_PATH = re.compile(r"(?:(?<=src/)|(?<![\w/.-]))onrecord/[A-Za-z_][\w./-]*")


def markdown_files() -> list[Path]:
    """README.md and every page under docs/."""
    return [README, *sorted(DOCS.glob("*.md"))]


def prose(path: Path) -> str:
    """The Markdown of ``path`` without its fenced code blocks."""
    return _FENCE.sub("", path.read_text("utf-8"))


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of the headings of the Markdown file ``path``."""
    return {
        slug(line.lstrip("#")) for line in prose(path).splitlines() if re.match(r"#{1,6} ", line)
    }


def test_the_readme_is_a_front_door() -> None:
    size = len(README.read_bytes())
    assert size <= README_LIMIT, f"README.md is {size:,} bytes, over {README_LIMIT:,}"
    assert len(list(DOCS.glob("*.md"))) >= 4


@pytest.mark.parametrize("page", markdown_files(), ids=lambda p: p.name)
def test_every_local_link_leads_somewhere(page: Path) -> None:
    broken = []
    for target in _LINK.findall(prose(page)):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        where = (page.parent / file).resolve() if file else page
        if not where.exists():
            broken.append(f"{target}: no such file")
        elif anchor and where.suffix == ".md" and anchor not in anchors(where):
            broken.append(f"{target}: no heading #{anchor}")
    assert not broken, broken


def test_the_readme_links_to_every_page() -> None:
    linked = {
        (README.parent / target.partition("#")[0]).resolve()
        for target in _LINK.findall(prose(README))
    }
    missing = [p.name for p in DOCS.glob("*.md") if p.resolve() not in linked]
    assert not missing, f"README.md does not link to {missing}"


def test_the_configuration_page_is_current() -> None:
    page = (DOCS / "configuration.md").read_text("utf-8")
    assert page == settings_markdown(), "docs/configuration.md is out of date: run make docs"
    for info in SETTINGS:
        assert f"| `{info.name}` | `{info.env}` |" in page


def package_parts() -> list[str]:
    """Every package and module of onrecord as ``onrecord/...``, the names architecture.md
    must use; Alembic's revisions and ``__init__``/``__main__`` files are left out."""
    parts: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent)
        if "versions" in relative.parts or "__pycache__" in relative.parts:
            continue
        if path.name == "__init__.py":
            if path.parent != PACKAGE:
                parts.add(f"{relative.parent.as_posix()}/")
        elif path.name != "__main__.py":
            parts.add(relative.as_posix())
    return sorted(parts)


def test_the_architecture_page_names_every_module() -> None:
    page = (DOCS / "architecture.md").read_text("utf-8")
    missing = [part for part in package_parts() if part not in page]
    assert not missing, f"docs/architecture.md does not name {missing}"


@pytest.mark.parametrize("page", markdown_files(), ids=lambda p: p.name)
def test_every_package_path_named_exists(page: Path) -> None:
    named = {m.rstrip(".,:;") for m in _PACKAGE_PATH.findall(page.read_text("utf-8"))}
    gone = sorted(p for p in named if not (PACKAGE.parent / p).exists())
    assert not gone, f"{page.name} names paths that do not exist: {gone}"


def test_no_text_of_the_seed_article() -> None:
    seeds = sorted((SHARED / "seed").glob("*.txt"))
    if not seeds:
        pytest.skip(f"evaluation data not present: {SHARED / 'seed'}")
    size = 8
    shingles: set[tuple[str, ...]] = set()
    for seed in seeds:
        words = re.findall(r"\w+", seed.read_text("utf-8").lower())
        shingles.update(tuple(words[i : i + size]) for i in range(len(words) - size + 1))
    for page in markdown_files():
        words = re.findall(r"\w+", page.read_text("utf-8").lower())
        quoted = [
            " ".join(words[i : i + size])
            for i in range(len(words) - size + 1)
            if tuple(words[i : i + size]) in shingles
        ]
        assert not quoted, f"{page.name} quotes the seed article: {quoted[:3]}"
