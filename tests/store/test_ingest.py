"""``onrecord ingest`` into real ledgers: idempotent, resumable after SIGKILL, bad items aside."""

from __future__ import annotations

import gzip
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import spacy
from pytest_httpserver import HTTPServer
from spacy.language import Language
from spacy.tokens import Doc
from sqlalchemy import text

from onrecord import Reader, Settings, batch
from onrecord.records import Article, Record
from onrecord.store import Filters, Store
from tests.conftest import EXAMPLES, SEED, SHARED, Onrecord
from tests.ingest.test_feeds import RSS, serve_articles
from tests.ingest.test_warc import FERRY_URL, STRIKE_URL, write_warc
from tests.store.conftest import ARTICLES

POLNEAR_DEV = SHARED / "polnear" / "dev" / "text"
INGEST = [sys.executable, "-m", "onrecord", "ingest"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Our articles in nested folders, with an empty file, an image saved as text, and files
    that are no articles: hidden, a README and a photo."""
    root = tmp_path / "inbox"
    (root / "march").mkdir(parents=True)
    for path in sorted(ARTICLES.glob("*.txt")):
        target = root / ("march" if "2026-03" in path.read_text("utf-8") else "") / path.name
        shutil.copy(path, target)
    (root / "march" / "2026-03-03").mkdir()
    shutil.copy(EXAMPLES / "ceasefire-deadline.txt", root / "march" / "2026-03-03" / "wire.txt")
    (root / "empty.txt").write_text("   \n")
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
    (root / "scan.txt").write_bytes(jpeg)
    (root / "photo.jpg").write_bytes(jpeg)
    (root / "README.md").write_text("Articles for the March issue.\n")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    return root


def test_ingest_stores_each_article_once_and_keeps_the_failures(
    folder: Path, db: str, settings: Settings
) -> None:
    with Store.open(db) as store:
        first = batch.ingest([str(folder)], store, settings)
        rows = store.rows()
        again = batch.ingest([str(folder)], store, settings)
        assert store.rows() == rows
        forced = batch.ingest([str(folder)], store, settings, force=True)
        assert store.rows() == rows
        errors = {source: reason for source, reason in first.errors}
    assert (first.stored, first.unchanged, first.failed) == (4, 0, 2)
    assert (again.stored, again.unchanged, again.failed) == (0, 4, 2)
    assert (forced.replaced, forced.unchanged) == (4, 0)
    assert rows["articles"] == 4 and rows["ingest_errors"] == 2
    assert "only whitespace" in errors[str(folder / "empty.txt")]
    assert "image" in errors[str(folder / "scan.txt")].lower()
    assert first.statements == rows["statements"] > 0


def test_workers_read_the_same_as_one_process(
    folder: Path, tmp_path: Path, settings: Settings
) -> None:
    ledgers = {}
    for workers in (1, 2):
        with Store.open(tmp_path / f"workers-{workers}.db") as store:
            summary = batch.ingest([str(folder)], store, settings, workers=workers, batch=2)
            assert summary.stored == 4
            ledgers[workers] = sorted(
                (row["title"], row["quote"]) for row in store.search(Filters(), limit=1000)
            )
    assert ledgers[1] == ledgers[2]


def stop_midway(tmp_path: Path, how: signal.Signals) -> tuple[Path, Path, int, str]:
    """Start ``onrecord ingest`` on sixty articles, send ``how`` once its first batch is
    committed; the corpus, the ledger, the articles stored then, and what it printed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = [p.read_text("utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    # Sixty distinct articles: each copy carries a line of its own, as a correction would.
    for n in range(60):
        text = texts[n % len(texts)] + f"\nThis article was updated {n + 1} times.\n"
        (corpus / f"article-{n:02d}.txt").write_text(text, "utf-8")
    db = tmp_path / "ledger.db"
    process = subprocess.Popen(
        [*INGEST, str(corpus), "--db", str(db), "--batch", "4"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    stored = 0
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline and not stored:
        if db.exists():
            with sqlite3.connect(db) as connection:
                try:
                    stored = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
                except sqlite3.OperationalError:  # the schema is still being created
                    stored = 0
        time.sleep(0.02)
    process.send_signal(how)
    _, printed = process.communicate(timeout=60)
    assert 0 < stored < 60, "the ingest was not caught midway"
    return corpus, db, stored, printed


def test_killed_ingest_resumes_and_stores_every_article_once(
    tmp_path: Path, onrecord: Onrecord
) -> None:
    corpus, db, _, _ = stop_midway(tmp_path, signal.SIGKILL)
    rerun = onrecord("ingest", str(corpus), "--db", str(db))
    assert rerun.exit_code == 0, rerun.stderr
    with sqlite3.connect(db) as connection:
        sources = [row[0] for row in connection.execute("SELECT source FROM articles")]
        orphans = connection.execute(
            "SELECT count(*) FROM statements WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
    assert sorted(sources) == sorted(str(p) for p in corpus.glob("*.txt"))
    assert orphans == 0
    assert "already stored" in rerun.stderr


def test_interrupted_ingest_says_how_to_go_on(tmp_path: Path) -> None:
    _, db, stored, printed = stop_midway(tmp_path, signal.SIGINT)
    assert "run the same command again to go on" in printed
    with sqlite3.connect(db) as connection:
        kept = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert stored <= kept < 60


class ReadsOnce(Reader):
    """A reader that reads each article once, for a test that stores the same corpus in
    several ledgers: what it checks is the ledger, not the pipeline run again."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self._records: dict[Article, Record] = {}

    def read_articles(self, articles: Iterable[Article]) -> Iterator[Record]:
        wanted = list(articles)
        new = [article for article in dict.fromkeys(wanted) if article not in self._records]
        self._records.update(zip(new, super().read_articles(new), strict=True))
        return iter([self._records[article] for article in wanted])


@pytest.fixture(scope="module")
def reads_once(settings: Settings) -> Reader:
    return ReadsOnce(settings)


@pytest.mark.slow
def test_polnear_dev_and_the_seed_twice_leave_the_same_rows(
    db: str, settings: Settings, reads_once: Reader
) -> None:
    if not (POLNEAR_DEV.is_dir() and SEED.is_file()):
        pytest.skip(f"evaluation data not present: {POLNEAR_DEV}, {SEED}")
    inputs = [str(POLNEAR_DEV), str(SEED)]
    with Store.open(db) as store:
        first = batch.ingest(inputs, store, settings, reader=reads_once)
        rows = store.rows()
        second = batch.ingest(inputs, store, settings, reader=reads_once)
        assert store.rows() == rows
    articles = len(list(POLNEAR_DEV.glob("*.txt"))) + 1
    assert first.stored + first.failed == articles
    assert (second.stored, second.unchanged) == (0, first.stored)
    assert rows["articles"] == first.stored


def test_bad_warc_records_and_dead_feed_links_land_in_ingest_errors(
    tmp_path: Path, httpserver: HTTPServer, settings: Settings
) -> None:
    crawl = write_warc(tmp_path / "crawl.warc.gz")
    # Damage the first page's HTTP status line inside its (own) gzip member.
    start, end = crawl.offsets[0], crawl.offsets[1]
    member = gzip.decompress(crawl.data[start:end]).replace(b"HTTP/1.1 200 OK", b"HTTP/1.1 2OO OK")
    crawl.damage(crawl.data[:start] + gzip.compress(member) + crawl.data[end:])

    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed").respond_with_data(
        RSS.format(base=base), content_type="application/rss+xml"
    )
    serve_articles(httpserver)

    with Store.open(tmp_path / "ledger.db") as store:
        summary = batch.ingest([str(crawl.path), httpserver.url_for("/feed")], store, settings)
        with store.engine.connect() as connection:
            errors = dict(
                connection.execute(text("SELECT source, reason FROM ingest_errors")).all()
            )
            urls = set(connection.execute(text("SELECT url FROM articles")).scalars())
    assert errors[f"{base}/news/ferry-timetable"] == "HTTP 404 NOT FOUND"
    [warc_error] = [
        reason for source, reason in errors.items() if "crawl.warc.gz#record 1" in source
    ]
    assert "status line is malformed" in warc_error
    # The rest of the crawl and of the feed is stored.
    assert {f"{base}/news/strike", f"{base}/news/flood-barrier", FERRY_URL} <= urls
    assert STRIKE_URL not in urls
    assert summary.failed == len(errors)


@Language.component("onrecord_test_trips_on_marker")
def trips_on_marker(doc: Doc) -> Doc:
    """Fails like an extractor bug would, on the one article that carries the marker."""
    if "MARKER" in doc.text:
        raise TypeError("unsupported operand type(s) for +: 'int' and 'NoneType'")
    return doc


def test_an_article_that_trips_the_pipeline_fails_alone(tmp_path: Path, settings: Settings) -> None:
    reader = Reader(settings)
    nlp = spacy.blank("en")
    nlp.add_pipe("onrecord_test_trips_on_marker")
    reader._nlp = nlp
    for name, words in (
        ("1-first.txt", "The ministry said talks would resume."),
        ("2-bad.txt", "The union said MARKER talks had failed."),
        ("3-last.txt", "Officials said the port would reopen."),
    ):
        (tmp_path / name).write_text(words)
    with Store.open(tmp_path / "ledger.db") as store:
        summary = batch.ingest([str(tmp_path)], store, settings, reader=reader)
        with store.engine.connect() as connection:
            stored = connection.execute(text("SELECT source FROM articles")).scalars().all()
            errors = connection.execute(text("SELECT source, reason, stage FROM ingest_errors"))
            [(source, reason, stage)] = errors.all()
    assert (summary.stored, summary.failed) == (2, 1)
    assert sorted(stored) == [str(tmp_path / "1-first.txt"), str(tmp_path / "3-last.txt")]
    assert source == str(tmp_path / "2-bad.txt")
    assert reason.startswith("pipeline failed: TypeError: unsupported operand")
    assert stage == "extract"


def test_a_run_that_stored_articles_leaves_the_planner_its_statistics(
    folder: Path, db: str, settings: Settings, reader: Reader
) -> None:
    """Without statistics SQLite pages through statements by the wrong index."""
    with Store.open(db) as store:
        batch.ingest([str(folder)], store, settings, reader=reader)
        with store.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                analyzed = connection.execute(
                    text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'statements'")
                ).scalar_one()
            else:
                analyzed = connection.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_user_tables "
                        "WHERE relname = 'statements' AND last_analyze IS NOT NULL"
                    )
                ).scalar_one()
    assert analyzed > 0
