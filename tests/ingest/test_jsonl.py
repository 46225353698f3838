"""JSON Lines batches: good and bad lines in one file, read on past each bad one."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from onrecord import Settings
from onrecord.ingest import Hints, Rejected
from onrecord.ingest.jsonl import read_jsonl
from onrecord.records import Article
from tests.conftest import PAGES

STRIKE = (PAGES / "harbour-strike.html").read_text()

TARIFF = (
    "Grain tariff to stay until spring, ministry says\n\n"
    "The agriculture ministry will keep its import tariff on feed grain until April, "
    "deputy minister Anneli Saar said on Tuesday.\n\n"
    "“We will not reopen the question before the harvest figures are in,” Saar told "
    "the farm committee.\n"
)
LIBRARY = (
    "Town library to open on Sundays\n\n"
    "The town library will open on Sundays from next month, its director, Jonas Lind, "
    "said, after a petition signed by 2,000 residents.\n"
)


def write(path: Path, lines: list[Any]) -> Path:
    """One line per item: strings as they are, anything else as JSON."""
    path.write_text(
        "".join((item if isinstance(item, str) else json.dumps(item)) + "\n" for item in lines)
    )
    return path


def read(path: Path, settings: Settings, hints: Hints | None = None) -> list[Article | Rejected]:
    with path.open("rb") as stream:
        return list(read_jsonl(stream, path.name, settings, hints or Hints()))


def test_good_and_bad_lines(tmp_path: Path, settings: Settings) -> None:
    path = write(
        tmp_path / "batch.jsonl",
        [
            {"text": TARIFF, "outlet": "Baltic Farm Weekly", "published": "2025-02-11"},
            "",
            "{'text': 'single quotes are not JSON'}",
            ["a list", "not an object"],
            {"title": "Only a title"},
            {"text": "  \n "},
            {"text": LIBRARY, "published": "11/02/2025"},
            {"text": LIBRARY, "title": 42},
            {"text": LIBRARY, "authors": [1, 2]},
            {"html": 7},
            {"text": LIBRARY, "url": "https://towncrier.example/library-sundays"},
        ],
    )
    items = read(path, settings)
    rejected = [(r.source, r.reason) for r in items if isinstance(r, Rejected)]
    assert rejected == [
        (
            "batch.jsonl:3",
            "not valid JSON: Expecting property name enclosed in double quotes at column 2",
        ),
        ("batch.jsonl:4", "the line is an array, not a JSON object"),
        ("batch.jsonl:5", 'no "text" or "html" field'),
        ("batch.jsonl:6", '"text" is empty'),
        ("batch.jsonl:7", "published date '11/02/2025' is not YYYY-MM-DD or an ISO-8601 date-time"),
        ("batch.jsonl:8", '"title" is a number, not a string'),
        ("batch.jsonl:9", '"authors" is neither a list of names nor a string'),
        ("batch.jsonl:10", '"html" is a number, not a string'),
    ]
    tariff, library = (item for item in items if isinstance(item, Article))
    assert items[0] is tariff and items[-1] is library  # order kept, the blank line 2 skipped
    assert tariff.source == "batch.jsonl:1"
    assert tariff.title == "Grain tariff to stay until spring, ministry says"
    assert (tariff.outlet, tariff.published, tariff.published_from) == (
        "Baltic Farm Weekly",
        "2025-02-11",
        "option",
    )
    assert tariff.warnings == ()
    assert library.source == "batch.jsonl:11"
    assert library.url == "https://towncrier.example/library-sundays"
    assert library.published is None


def test_metadata_in_the_line_overrides_the_page(tmp_path: Path, settings: Settings) -> None:
    path = write(
        tmp_path / "pages.ndjson",
        [
            {
                "html": STRIKE,
                "title": "Dockers set strike deadline",
                "url": "https://archive.example/coastal/strike",
                "outlet": "Coastal Courier (print edition)",
                "published": "2024-05-22T06:00+01:00",
                "authors": "Priya Natarajan; Owen Pryce",
                "language": "en-GB",
            },
            {"html": STRIKE, "authors": ["Priya Natarajan"]},
        ],
    )
    overridden, page = read(path, settings)
    assert isinstance(overridden, Article) and isinstance(page, Article)
    assert overridden.title == "Dockers set strike deadline"
    assert overridden.url == "https://archive.example/coastal/strike"
    assert overridden.outlet == "Coastal Courier (print edition)"
    assert overridden.published == "2024-05-22T06:00+01:00"
    assert overridden.authors == ("Priya Natarajan", "Owen Pryce")
    assert overridden.language == "en"  # a hint, stored as a code
    # Without metadata the page's own is kept.
    assert page.title == "Port workers threaten strike over pay as talks stall"
    assert (page.outlet, page.published) == ("The Coastal Courier", "2024-05-21")
    assert page.authors == ("Priya Natarajan",)
    assert page.text == overridden.text and page.id == overridden.id


def test_text_wins_over_html_and_hints_fill_in(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path / "batch.jsonl", [{"text": TARIFF, "html": STRIKE}])
    (article,) = read(path, settings, Hints(outlet="Wire feed", published="2025-02-12"))
    assert isinstance(article, Article)
    assert article.title == "Grain tariff to stay until spring, ministry says"
    assert (article.outlet, article.published) == ("Wire feed", "2025-02-12")


def test_long_line_over_the_limit_is_skipped(tmp_path: Path, settings: Settings) -> None:
    small = replace(settings, max_bytes=1000)
    path = write(
        tmp_path / "batch.jsonl",
        [{"text": LIBRARY * 40}, {"text": LIBRARY}, {"text": LIBRARY * 7}],
    )
    items = read(path, small)
    assert [(r.source, r.reason) for r in items if isinstance(r, Rejected)] == [
        ("batch.jsonl:1", "line is over the 6.0 kB limit"),
        (
            "batch.jsonl:3",
            "input is 1.1 kB, over the 1.0 kB limit (raise ONRECORD_MAX_BYTES to accept it)",
        ),
    ]
    assert [a.source for a in items if isinstance(a, Article)] == ["batch.jsonl:2"]


def test_bytes_that_are_not_text(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n[[[' + b"[" * 100_000 + b"\n")
    assert [(r.source, r.reason) for r in read(path, settings) if isinstance(r, Rejected)] == [
        ("batch.jsonl:1", "not valid JSON: not UTF-8 text"),
        ("batch.jsonl:2", "not valid JSON: nested too deeply"),
    ]
