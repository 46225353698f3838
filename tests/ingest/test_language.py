"""The language of an article, detected from its text with the page's own as a hint; an
article onrecord does not read is stored with its language and nothing extracted."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from onrecord import Reader
from onrecord.errors import ConfigError
from onrecord.ingest import Hints, from_html, from_text
from onrecord.ingest.jsonl import read_jsonl
from onrecord.ingest.language import detect, language_name, not_read
from onrecord.records import Article
from tests.conftest import Onrecord

# Written for these tests, in the style of a German regional paper: quotes, a source line,
# "Label: value" lines that the English rules would read as statements.
GERMAN = """Stadtrat beschließt neue Parkgebühren

Emden. Der Stadtrat hat am Donnerstagabend nach langer Debatte neue Parkgebühren für die
Innenstadt beschlossen. „Wir mussten handeln, die Kassen sind leer“, sagte Bürgermeisterin
Karin Albers nach der Sitzung. Wie die Verwaltung mitteilte, sollen die Gebühren ab dem
1. März gelten. Die Opposition kündigte Widerstand an.

Quelle: Emder Tageblatt
Längengrad: 7.20518
"""

ENGLISH = """Council approves new parking fees

The city council approved new parking fees for the town centre on Thursday evening after a
long debate. "We had to act, the coffers are empty," Mayor Karin Albers said after the
meeting. The fees will apply from March 1, the administration said.
"""


def test_a_german_article_is_stored_without_extraction(reader: Reader) -> None:
    record = reader.read_text(GERMAN, published="2026-02-06").to_json()
    assert record["article"]["language"] == "de"
    assert record["statements"] == []
    assert record["entities"] == []
    assert record["events"] == []
    assert "German: onrecord reads English; stored without extraction" in record["warnings"]
    # The text and metadata are kept whole.
    assert record["article"]["text"] == GERMAN
    assert record["article"]["title"] == "Stadtrat beschließt neue Parkgebühren"


def test_an_english_article_is_read(reader: Reader) -> None:
    record = reader.read_text(ENGLISH, published="2026-02-06").to_json()
    assert record["article"]["language"] == "en"
    assert record["statements"]
    assert not [w for w in record["warnings"] if "reads English" in w]


def test_language_en_forces_extraction(reader: Reader) -> None:
    record = reader.read_text(GERMAN, published="2026-02-06", language="en").to_json()
    assert record["article"]["language"] == "en"
    assert record["entities"]


def test_the_text_overrules_what_the_page_declares() -> None:
    page = (
        '<html lang="en"><head><title>Stadtrat beschließt neue Parkgebühren</title></head>'
        "<body><article>"
        + "".join(f"<p>{p}</p>" for p in GERMAN.split("\n\n")[1:])
        + "</article></body></html>"
    )
    assert from_html(page).language == "de"


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        ("Putin", "ru", "ru"),  # too short to tell: the page's word stands
        ("Putin", None, None),
        ("Berlin, 6. Februar", "de-DE", "de"),  # a region is left out
        ("Berlin, 6. Februar", "german", None),  # not a code: nothing is known
        (ENGLISH, "de", "en"),
    ],
)
def test_declared_language_is_only_a_hint(
    text: str, declared: str | None, expected: str | None
) -> None:
    assert detect(text, declared) == expected


def test_a_chinese_article_is_named_in_the_warning() -> None:
    text = (
        "市政府周四宣布，新的公交线路将于下月开通。发言人表示，"
        "这项计划已经讨论了两年，预计每天将有数千名乘客受益。"
    )
    article = from_text(text, Hints())
    assert article.language == "zh"
    assert not_read("zh") in article.warnings
    assert language_name("zh") == "Chinese"
    assert language_name("xx") == "xx"


def test_read_says_so(onrecord: Onrecord, tmp_path: Path) -> None:
    path = tmp_path / "parkgebuehren.txt"
    path.write_text(GERMAN, encoding="utf-8")
    result = onrecord("read", str(path), "--published", "2026-02-06")
    assert result.exit_code == 0, result.stderr
    assert "German: onrecord reads English; stored without extraction" in result.stderr
    forced = onrecord("read", str(path), "--published", "2026-02-06", "--language", "en")
    assert "reads English" not in forced.stderr


def test_ingest_counts_what_it_stored_without_extraction(
    onrecord: Onrecord, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "parkgebuehren.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "parking-fees.txt").write_text(ENGLISH, encoding="utf-8")
    db = tmp_path / "onrecord.db"
    result = onrecord("ingest", str(folder), "--db", str(db), "--published", "2026-02-06")
    assert result.exit_code == 0, result.stderr
    assert "2 stored" in result.stderr
    assert "1 stored without extraction (German 1)" in result.stderr
    with sqlite3.connect(db) as connection:
        languages = dict(connection.execute("SELECT source, language FROM articles"))
    assert sorted(languages.values()) == ["de", "en"]


def test_a_declared_or_forced_language_is_read_as_a_code(reader: Reader) -> None:
    assert reader.read_text(ENGLISH, language="EN-gb").article.language == "en"
    with pytest.raises(ConfigError, match="not an ISO 639 code"):
        reader.read_text(ENGLISH, language="english")
    # A batch's own "language" is a hint, as a page's lang is: the text decides.
    record = json.dumps({"text": ENGLISH, "language": "de-DE"})
    [article] = read_jsonl(io.BytesIO(record.encode()), "batch.jsonl", reader.settings, Hints())
    assert isinstance(article, Article) and article.language == "en"
    [short] = read_jsonl(
        io.BytesIO(json.dumps({"text": "Kurz notiert.", "language": "de-DE"}).encode()),
        "batch.jsonl",
        reader.settings,
        Hints(),
    )
    assert isinstance(short, Article) and short.language == "de"
    assert not_read("de") in short.warnings
