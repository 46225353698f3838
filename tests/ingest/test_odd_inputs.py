"""Inputs that once stopped a whole ingest: named pipes, file names that are not UTF-8,
dots that look like a suffix, lone surrogates, texts over the character limit."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from onrecord import Reader, Settings
from onrecord.errors import FetchError, IngestError, InputTooLarge, InvalidText, SourceNotFound
from onrecord.ingest import Rejected, load, shown_name
from onrecord.ingest.sources import count_files, expand
from onrecord.pipeline import load_pipeline
from onrecord.records import Article, to_json
from tests.conftest import LOCKS

NO_CHAR = "which is no character"


def outcomes(results: Iterator[Article | Rejected]) -> list[tuple[str, str | None]]:
    """(source, title) of each article, (source, reason) of each rejection."""
    return [
        (r.source, r.reason) if isinstance(r, Rejected) else (r.source or "", r.title)
        for r in results
    ]


def within(seconds: float, results: Iterator[Article | Rejected]) -> list[Article | Rejected]:
    """``results`` drained in a thread, failing the test (not hanging it) when that takes
    longer than ``seconds``, as opening a named pipe did."""
    drained: list[Article | Rejected] = []
    thread = threading.Thread(target=lambda: drained.extend(results), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"reading the inputs took over {seconds} s"
    return drained


def test_named_pipes_and_sockets_are_refused_unopened(tmp_path: Path, settings: Settings) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "locks.txt").write_text(LOCKS)
    os.mkfifo(inbox / "wire")
    os.mkfifo(inbox / "feed.jsonl")
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(inbox / "agent"))
    try:
        in_folder = outcomes(iter(within(10, expand([str(inbox)], settings))))
        named = outcomes(iter(within(10, expand([str(inbox / "wire")], settings))))
    finally:
        listening.close()
    assert in_folder == [
        (str(inbox / "agent"), "is a socket, not a regular file"),
        (str(inbox / "feed.jsonl"), "is a named pipe, not a regular file"),
        (str(inbox / "locks.txt"), "Canal locks to close for repairs"),
        (str(inbox / "wire"), "is a named pipe, not a regular file"),
    ]
    assert named == [(str(inbox / "wire"), "is a named pipe, not a regular file")]
    with pytest.raises(SourceNotFound, match="wire: is a named pipe, not a regular file"):
        load(inbox / "wire", settings)


def test_dots_in_a_name_are_no_extension_unless_short_and_alphanumeric(
    tmp_path: Path, settings: Settings
) -> None:
    for name in (
        "reisen-mit-dem-internet.de.emden-21416",
        "locks.20260209",
        "locks-notice",
        "locks.TXT",
        "scan.jpeg",
        "fares.csv",
        "README.md",
        "archive.tar.gz",
        "draft.docx",
        "locks.txt~",
        "onrecord.db-wal",
        "onrecord.db-journal",
    ):
        (tmp_path / name).write_text(LOCKS)
    read = [source for source, _ in outcomes(expand([str(tmp_path)], settings))]
    assert read == [
        str(tmp_path / "locks-notice"),
        str(tmp_path / "locks.20260209"),
        str(tmp_path / "locks.TXT"),
        str(tmp_path / "reisen-mit-dem-internet.de.emden-21416"),
    ]
    assert count_files([str(tmp_path)]) == 4


def test_a_name_that_is_not_utf8_is_read_and_shown_escaped(
    tmp_path: Path, settings: Settings
) -> None:
    folder = tmp_path / os.fsdecode(b"caf\xe9")
    Path(f"{folder}-locks.txt").write_text(LOCKS, "utf-8")
    jsonl = json.dumps({"text": LOCKS, "url": "https://example.org/locks"})
    Path(f"{folder}.jsonl").write_text(jsonl, "utf-8")
    first = list(expand([str(tmp_path)], settings))
    again = list(expand([str(tmp_path)], settings))
    assert (
        [r.source for r in first]
        == [r.source for r in again]
        == [
            f"{tmp_path}/caf\\xe9-locks.txt",
            f"{tmp_path}/caf\\xe9.jsonl:1",
        ]
    )
    assert all(isinstance(r, Article) for r in first)
    article = first[0]
    assert isinstance(article, Article)
    assert article.title == "Canal locks to close for repairs"
    assert "the file name is not UTF-8" in article.warnings[-1]
    # Storable: every string of the article has a UTF-8 form.
    json.dumps(to_json(article), ensure_ascii=False).encode("utf-8")


def test_shown_name_escapes_only_what_is_not_utf8() -> None:
    assert shown_name("inbox/café.txt") == "inbox/café.txt"
    assert shown_name(os.fsdecode(b"inbox/caf\xe9.txt")) == "inbox/caf\\xe9.txt"
    assert shown_name("inbox/\ud800.txt") == "inbox/\\ud800.txt"


def test_a_url_that_is_not_utf8_is_refused(settings: Settings) -> None:
    url = os.fsdecode(b"https://example.org/caf\xe9")
    assert outcomes(expand([url], settings)) == [
        (
            "https://example.org/caf\\xe9",
            "the URL is not UTF-8 text (percent-encode its other bytes)",
        )
    ]
    with pytest.raises(FetchError, match="not UTF-8"):
        load(url, settings)


def test_a_jsonl_line_with_a_lone_surrogate_is_rejected_alone(
    tmp_path: Path, settings: Settings
) -> None:
    batch = tmp_path / "batch.jsonl"
    # json.dumps writes a lone surrogate as the escape "\ud800", as a broken exporter does.
    lines = [
        {"text": LOCKS},
        {"text": LOCKS.replace("six weeks", "six \ud800weeks")},
        {"text": LOCKS, "title": "Canal \udfff locks"},
        {"text": LOCKS, "authors": ["Ilse \ud83d Marten"]},
        {"text": LOCKS.replace("Monday", "Monday \U0001f6a2"), "url": "https://example.org/2"},
    ]
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert "\\ud800" in batch.read_text()
    at = LOCKS.index("six weeks") + len("six ")
    assert outcomes(expand([str(batch)], settings)) == [
        (f"{batch}:1", "Canal locks to close for repairs"),
        (f"{batch}:2", f'"text" holds a lone surrogate (\\ud800 at character {at}), {NO_CHAR}'),
        (f"{batch}:3", f'"title" holds a lone surrogate (\\udfff at character 6), {NO_CHAR}'),
        (f"{batch}:4", f'"authors" holds a lone surrogate (\\ud83d at character 5), {NO_CHAR}'),
        (f"{batch}:5", "Canal locks to close for repairs"),
    ]


def test_read_text_refuses_a_lone_surrogate_before_the_pipeline(reader: Reader) -> None:
    with pytest.raises(InvalidText) as raised:
        reader.read_text("\ud800 x")
    assert isinstance(raised.value, IngestError)
    assert str(raised.value) == (
        "text holds a lone surrogate (U+D800 at character 0), which is no character"
    )
    with pytest.raises(TypeError, match="takes str, not bytes"):
        reader.read_text(LOCKS.encode())  # type: ignore[arg-type]


def test_a_text_over_max_chars_is_refused_naming_the_setting(
    tmp_path: Path, settings: Settings, reader: Reader
) -> None:
    small = Settings.from_env({"ONRECORD_MAX_CHARS": "300"})
    assert small.max_chars == 300
    path = tmp_path / "locks.txt"
    path.write_text(LOCKS)
    message = (
        f"text is {len(load(path, settings).text):,} characters, over the 300-character limit "
        "(raise ONRECORD_MAX_CHARS to accept it)"
    )
    with pytest.raises(InputTooLarge) as raised:
        load(path, small)
    assert str(raised.value) == f"{path}: {message}"
    assert outcomes(expand([str(path)], small)) == [(str(path), message)]
    limited = Reader(small)
    with pytest.raises(InputTooLarge, match="ONRECORD_MAX_CHARS"):
        limited.read_text(LOCKS)
    # spaCy's own cap follows the setting, so it never refuses what onrecord let through.
    roomy = replace(settings, max_chars=3_000_000)
    assert load_pipeline(roomy).max_length >= 3_000_000
