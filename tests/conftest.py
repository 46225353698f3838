"""Shared fixtures: the real spaCy pipeline, example articles, and the shared evaluation data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from onrecord import Reader, Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PAGES = Path(__file__).resolve().parent / "pages"
SHARED = ROOT.parent / "shared" / "data"
SEED = SHARED / "seed" / "business-standard-2025-07-15-trump-zelenskyy-call.txt"


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Defaults, without whatever the developer's environment sets."""
    return Settings.from_env({})


@pytest.fixture(scope="session")
def reader(settings: Settings) -> Reader:
    """One reader with the real English pipeline for the whole session."""
    return Reader(settings)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed article from ../shared, or a skip when it is not there."""
    if not SEED.is_file():
        pytest.skip(f"evaluation data not present: {SEED}")
    return SEED


def assert_statement_spans_are_text(record: dict[str, Any]) -> None:
    """Every span a statement carries is the text it names: cue, parties, content
    (fragments joined by " … "), sources and hedges (the spanless outlet link aside)."""
    text = record["article"]["text"]
    for statement in record["statements"]:
        content = statement["content"]
        assert content["text"] == " … ".join(text[s:e] for s, e in content["spans"])
        items = [statement["cue"], *statement["sources"], *statement["hedges"]]
        items += [p for p in (statement["speaker"], statement["addressee"]) if p is not None]
        for item in items:
            if item["span"] is not None:
                start, end = item["span"]
                assert text[start:end] == item["text"], item
