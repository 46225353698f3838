"""Golden records: the expected ``onrecord/1`` record of each article we wrote for the tests.

``make golden`` (``scripts/build_golden.py``) writes them to ``tests/golden/<name>.json``
from the pipeline as it reads today; ``tests/test_golden.py`` fails when the pipeline reads
one differently, so a change of behaviour shows as a diff to review (``git diff
tests/golden``). The store, link and web tests load them (:func:`load`) instead of running
spaCy.

Only our own text is here: the seed article in ``../shared`` is other people's writing and
is never copied into the repository, so tests that need it read it with the pipeline.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from onrecord import Reader
from onrecord.records import Record

__all__ = ["GOLDEN", "GOLDENS", "OUTLETS", "Golden", "dumps", "load", "load_json", "read"]

ROOT = Path(__file__).resolve().parent.parent
#: Where the golden records are kept, one ``<name>.json`` per article.
GOLDEN = ROOT / "tests" / "golden"
#: The outlets the store tests give our articles: two outlets carry the same minister's
#: words (statement clusters), and the articles themselves name none.
OUTLETS = {
    "dock-strike-gazette": "Aegean Gazette",
    "ferry-fares-gazette": "Aegean Gazette",
    "fuel-queues-coastal": "Coastal Times",
}
#: Test pages that hold no article, so no record: reading them is an error.
NOT_ARTICLES = frozenset({"no-article.html"})


@dataclass(frozen=True)
class Golden:
    """One of our articles: ``path`` is relative to the repository, as its record's
    ``article.source`` gives it, so the record is the same in every checkout."""

    name: str
    path: str
    outlet: str | None = None

    @property
    def file(self) -> Path:
        """The golden record's file."""
        return GOLDEN / f"{self.name}.json"


def _goldens() -> tuple[Golden, ...]:
    found = [
        *sorted((ROOT / "tests" / "articles").glob("*.txt")),
        *sorted((ROOT / "tests" / "follow-ups").glob("*.txt")),
        *sorted((ROOT / "examples").glob("*.txt")),
        *sorted((ROOT / "tests" / "pages").glob("*.html")),
    ]
    return tuple(
        Golden(path.stem, path.relative_to(ROOT).as_posix(), OUTLETS.get(path.stem))
        for path in found
        if path.name not in NOT_ARTICLES
    )


#: Every article with a golden record, in a fixed order.
GOLDENS = _goldens()


def read(reader: Reader, golden: Golden) -> Record:
    """The record the pipeline makes of ``golden``'s article today."""
    article = reader.load(ROOT / golden.path, outlet=golden.outlet)
    return reader.read_article(dataclasses.replace(article, source=golden.path))


def dumps(record: Record) -> str:
    """A golden file's text: the record's JSON, indented, keys sorted so that the file
    changes only where the record does."""
    return json.dumps(record.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def load_json(name: str) -> dict[str, Any]:
    """The golden record ``name`` as ``onrecord/1`` JSON."""
    data: dict[str, Any] = json.loads((GOLDEN / f"{name}.json").read_text("utf-8"))
    return data


def load(name: str) -> Record:
    """The golden record ``name``."""
    return Record.from_json(load_json(name))
