"""Shared fixtures: the real spaCy pipeline, example articles, and the shared evaluation data."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from onrecord import Reader, Settings
from onrecord.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PAGES = Path(__file__).resolve().parent / "pages"
SHARED = ROOT.parent / "shared" / "data"
SEED = SHARED / "seed" / "business-standard-2025-07-15-trump-zelenskyy-call.txt"

# A short article written for the tests of odd inputs, in the manner of a regional wire report.
LOCKS = (
    "Canal locks to close for repairs\n\n"
    "Published: 9 February 2026\n\n"
    "The three upper locks on the Varne canal will close for six weeks from 2 March, the "
    "waterways authority said on Monday.\n\n"
    "“Boats already moored above the locks can stay, but nothing new goes up,” said "
    "Ilse Marten, the authority's operations director. The boatmen's association said "
    "its members had been told too late to change their spring routes.\n"
)


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Defaults, without whatever the developer's environment sets."""
    return Settings.from_env({})


@pytest.fixture(scope="session")
def reader(settings: Settings) -> Reader:
    """One reader with the real English pipeline for the whole session."""
    return Reader(settings)


#: Runs ``onrecord ARGS``; ``input`` is what it reads on stdin, ``env`` variables to set.
Onrecord = Callable[..., Result]


@pytest.fixture(scope="session")
def onrecord() -> Onrecord:
    """The ``onrecord`` command run in this process, as Typer's ``CliRunner`` runs it: the
    spaCy pipeline loads once for the session (pipelines are kept per settings), not once
    per command. The developer's ``ONRECORD_*`` variables are unset for the run, as
    :func:`settings` leaves them out, and the terminal is 120 columns wide."""
    runner = CliRunner()

    def run(
        *args: str, input: bytes | str | None = None, env: Mapping[str, str] | None = None
    ) -> Result:
        unset: dict[str, str | None] = {k: None for k in os.environ if k.startswith("ONRECORD_")}
        # A bug raises here, with its traceback; an error onrecord means prints one line.
        return runner.invoke(
            app,
            list(args),
            input=input,
            env={**unset, "COLUMNS": "120", **(env or {})},
            catch_exceptions=False,
        )

    return run


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
