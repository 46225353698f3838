from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from onrecord import Settings
from onrecord.errors import (
    BinaryInput,
    ConfigError,
    EmptyInput,
    InputTooLarge,
    NotAnArticle,
    SourceNotFound,
)
from onrecord.ingest import Hints, Rejected, from_text, load, load_all
from tests.conftest import EXAMPLES, PAGES


def test_text_file(settings: Settings) -> None:
    article = load(EXAMPLES / "ceasefire-deadline.txt", settings)
    assert article.published == "2025-03-12T18:48+05:30"
    assert article.published_from == "dateline"
    assert article.warnings == ()
    assert len(article.id) == 16


def test_html_file(settings: Settings) -> None:
    article = load(PAGES / "harbour-strike.html", settings)
    assert article.outlet == "The Coastal Courier"
    assert article.regions[0].kind == "headline"
    start, end = article.regions[0].span
    assert article.text[start:end] == article.title


def test_no_date_is_said_never_guessed(settings: Settings) -> None:
    article = load(PAGES / "undated.html", settings)
    assert article.published is None
    assert any("no publication date found" in w for w in article.warnings)


def test_published_option_overrides(settings: Settings) -> None:
    article = load(PAGES / "undated.html", settings, Hints(published="2024-02-29"))
    assert (article.published, article.published_from) == ("2024-02-29", "option")
    assert article.warnings == ()


def test_bad_published_option(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="not YYYY-MM-DD"):
        load(PAGES / "undated.html", settings, Hints(published="15/07/2025"))


def test_stdin(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    data = "Talks resume\n\nPublished: 3 March 2024\nNegotiators met again, officials said.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    article = load("-", settings)
    assert article.source == "-"
    assert article.published == "2024-03-03"


def test_same_text_same_id() -> None:
    assert from_text("A said B.\n").id == from_text("A said B.\n").id
    assert from_text("A said B.\n").id != from_text("A said C.\n").id


def test_outlet_from_file_name(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "coastal-courier-2024-05-21-strike.txt"
    path.write_text("Strike\n\nWorkers said they would strike.\n")
    hints = Hints(outlet_from_name=lambda n: "Coastal Courier" if n.startswith("coastal") else None)
    assert load(path, settings, hints).outlet == "Coastal Courier"


@pytest.mark.parametrize(
    ("name", "content", "error", "message"),
    [
        ("empty.txt", b"", EmptyInput, "input is empty"),
        ("blank.txt", b"\n  \n", EmptyInput, "only whitespace"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInput, "PNG image"),
        ("login.html", (PAGES / "no-article.html").read_bytes(), NotAnArticle, "no article"),
    ],
)
def test_bad_files(
    tmp_path: Path,
    settings: Settings,
    name: str,
    content: bytes,
    error: type[Exception],
    message: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error, match=message) as info:
        load(path, settings)
    assert str(info.value).startswith(f"{path}: ")
    assert "\n" not in str(info.value)


def test_huge_file_is_refused_before_reading(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:
        out.truncate(50 * 1024 * 1024)
    with pytest.raises(InputTooLarge, match=r"52\.4 MB, over the 10\.0 MB limit"):
        load(path, settings)


def test_missing_file_and_folder(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(SourceNotFound, match="no such file"):
        load(tmp_path / "nope.txt", settings)
    with pytest.raises(SourceNotFound, match="is a folder"):
        load(tmp_path, settings)


def test_non_utf8_text_is_decoded_with_a_warning(tmp_path: Path, settings: Settings) -> None:
    text = "Minister’s warning\n\nThe minister’s aide said the vote was “lost”, officials said.\n"
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    article = load(path, settings)
    assert article.text == text
    assert any("not UTF-8" in w for w in article.warnings)


def test_batch_goes_on_past_bad_items(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    results = list(
        load_all(
            [tmp_path / "empty.txt", tmp_path / "missing.txt", EXAMPLES / "ceasefire-deadline.txt"],
            settings,
        )
    )
    assert [type(r).__name__ for r in results] == ["Rejected", "Rejected", "Article"]
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert rejected[0].reason == "input is empty"
    assert rejected[1].reason == "no such file"


def test_date_in_file_name_is_a_last_resort(settings: Settings, tmp_path: Path) -> None:
    text = "Talks resume\n\nNegotiators met again on Monday, officials said.\n"
    path = tmp_path / "nyt_2016-09-20_talks-resume.txt"
    path.write_text(text)
    article = load(path, settings)
    assert (article.published, article.published_from) == ("2016-09-20", "file-name")
    assert any("file name" in w for w in article.warnings)
    dated = tmp_path / "nyt_2016-09-20_dated.txt"
    dated.write_text("Talks resume\nPublished: 21 September 2016\nThey met on Monday.\n")
    assert load(dated, settings).published == "2016-09-21"
    bogus = tmp_path / "report-2016-13-45.txt"
    bogus.write_text(text)
    assert load(bogus, settings).published is None
