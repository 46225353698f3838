"""Shared fixtures: the real spaCy pipeline, example articles, and the shared evaluation data."""

from __future__ import annotations

from pathlib import Path

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
