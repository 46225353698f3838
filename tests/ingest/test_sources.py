"""expand(): files, folders, URLs and stdin in one stream, in order, bad items reported."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from onrecord import Settings
from onrecord.ingest import Rejected
from onrecord.ingest.sources import count_files, expand
from onrecord.records import Article
from tests.conftest import PAGES
from tests.ingest.test_warc import FERRY_URL, STRIKE_URL, write_warc

STRIKE = (PAGES / "harbour-strike.html").read_bytes()

PIER = (
    "Pier repairs to start in July\n\n"
    "Published: 14 March 2025\n\n"
    "Repairs to the north pier will start in July and take eight weeks, the harbour "
    "master, Ewa Lindqvist, said on Friday.\n\n"
    "“The pier is safe for now, but not for another winter,” Lindqvist said.\n"
)


def items(results: list[Article | Rejected]) -> list[tuple[str, str | None]]:
    """(source, title) of each article, (source, reason) of each rejection."""
    return [
        (r.source, r.reason) if isinstance(r, Rejected) else (r.source or "", r.title)
        for r in results
    ]


def test_folder_is_read_recursively_in_path_order(tmp_path: Path, settings: Settings) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "b" / ".cache").mkdir(parents=True)
    (inbox / ".hidden").mkdir()
    (inbox / "a-strike.html").write_bytes(STRIKE)
    (inbox / "b.txt").write_text(PIER)
    write_warc(inbox / "b" / "crawl.warc.gz")
    (inbox / "b" / "batch.jsonl").write_text(
        json.dumps({"text": PIER, "title": "Pier repairs"}) + "\n{not json}\n"
    )
    (inbox / "b" / "empty.txt").write_text("")
    (inbox / "b" / "notes.xml").write_text("<notes><note>Call the harbour master</note></notes>")
    for hidden in (
        inbox / ".draft.txt",
        inbox / ".hidden" / "x.txt",
        inbox / "b" / ".cache" / "y.txt",
    ):
        hidden.write_text(PIER)

    results = items(list(expand([str(inbox)], settings)))

    b = inbox / "b"
    assert results == [
        (str(inbox / "a-strike.html"), "Port workers threaten strike over pay as talks stall"),
        (f"{b / 'batch.jsonl'}:1", "Pier repairs"),
        (
            f"{b / 'batch.jsonl'}:2",
            "not valid JSON: Expecting property name enclosed in double quotes at column 2",
        ),
        (
            f"{b / 'crawl.warc.gz'}#record 1 {STRIKE_URL}",
            "Port workers threaten strike over pay as talks stall",
        ),
        (
            f"{b / 'crawl.warc.gz'}#record 6 {FERRY_URL}",
            "Waterways ministry orders safety checks on all river ferries",
        ),
        (str(b / "empty.txt"), "input is empty"),
        (str(b / "notes.xml"), "not a readable RSS or Atom feed"),
        (str(inbox / "b.txt"), "Pier repairs to start in July"),
    ]


def test_inputs_keep_their_order_and_bad_ones_do_not_stop_the_rest(
    httpserver: HTTPServer, settings: Settings, tmp_path: Path
) -> None:
    httpserver.expect_request("/news/strike").respond_with_data(STRIKE, content_type="text/html")
    httpserver.expect_request("/news/pier").respond_with_data(PIER, content_type="text/plain")
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    httpserver.expect_request("/photo").respond_with_data(b"\x89PNG", content_type="image/png")
    pier = tmp_path / "pier.txt"
    pier.write_text(PIER)
    inputs = [
        httpserver.url_for("/gone"),
        str(tmp_path / "missing.txt"),
        str(tmp_path / "missing.warc.gz"),
        str(tmp_path / "missing.jsonl"),
        httpserver.url_for("/news/strike"),
        httpserver.url_for("/photo"),
        str(pier),
        httpserver.url_for("/news/pier"),
    ]
    results = list(expand(inputs, settings))
    assert items(results) == [
        (httpserver.url_for("/gone"), "HTTP 404 NOT FOUND"),
        (str(tmp_path / "missing.txt"), "no such file"),
        (str(tmp_path / "missing.warc.gz"), "no such file"),
        (str(tmp_path / "missing.jsonl"), "no such file"),
        (
            httpserver.url_for("/news/strike"),
            "Port workers threaten strike over pay as talks stall",
        ),
        (httpserver.url_for("/photo"), "content type image/png is not a web page"),
        (str(pier), "Pier repairs to start in July"),
        (httpserver.url_for("/news/pier"), "Pier repairs to start in July"),
    ]
    strike, pier_page = results[4], results[7]
    assert isinstance(strike, Article) and strike.url == httpserver.url_for("/news/strike")
    assert isinstance(pier_page, Article) and pier_page.published == "2025-03-14"


def test_stdin(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PIER.encode())))
    (article,) = expand(["-"], settings)
    assert isinstance(article, Article)
    assert (article.source, article.published) == ("-", "2025-03-14")


def test_unreadable_file_and_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settings: Settings
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    batch = tmp_path / "batch.jsonl"
    batch.write_text("{}\n")
    # Permissions cannot lock out root, who may run the tests: the refusal is simulated.
    iterdir, open_ = Path.iterdir, os.open

    def refuse(real: Any) -> Any:
        def call(path: Path | str, *args: Any, **kwargs: Any) -> Any:
            if Path(path) in (locked, batch):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(Path, "iterdir", refuse(iterdir))
    monkeypatch.setattr(os, "open", refuse(open_))
    assert items(list(expand([str(locked), str(batch)], settings))) == [
        (str(locked), "folder cannot be read (Permission denied)"),
        (str(batch), "cannot be read (Permission denied)"),
    ]


def test_folder_linked_into_itself_is_read_once(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "pier.txt").write_text(PIER)
    (tmp_path / "loop").symlink_to(tmp_path)
    assert [r.source for r in expand([str(tmp_path)], settings)] == [str(tmp_path / "pier.txt")]


def test_count_files_knows_the_total_of_plain_files_only(tmp_path: Path) -> None:
    (tmp_path / "news" / ".drafts").mkdir(parents=True)
    for name in ("a.txt", "b.html", "README.md", "photo.jpg", ".hidden.txt", "noext"):
        (tmp_path / "news" / name).write_text("x")
    (tmp_path / "news" / ".drafts" / "c.txt").write_text("x")
    single = tmp_path / "single.txt"
    single.write_text("x")
    assert count_files([str(tmp_path / "news"), str(single)]) == 4
    (tmp_path / "news" / "batch.jsonl").write_text("{}")
    assert count_files([str(tmp_path / "news")]) is None
    assert count_files(["https://example.org/feed"]) is None
    assert count_files(["-"]) is None
