"""Article versions: a changed text at the same URL is kept beside the old one, with its reading.

Every test runs on a SQLite file and on PostgreSQL, with the real pipeline reading two
versions of a report we wrote: the later one softens a quotation, drops a hedged claim
and changes the headline, as a quiet correction does.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from onrecord import Reader
from onrecord.records import Record
from onrecord.store import Store
from onrecord.store import models as m
from onrecord.store.database import _alembic_config, migrate

URL = "https://news.example/harbour/pilots-walkout"
# Two versions of a report we wrote, as a page quietly corrected overnight would be.
EDITS = Path(__file__).resolve().parent.parent / "edits"
FIRST = (EDITS / "pilots-walkout-1.txt").read_text("utf-8")
SECOND = (EDITS / "pilots-walkout-2.txt").read_text("utf-8")


def _read(reader: Reader, text: str) -> Record:
    record = reader.read_text(text, published="2026-05-12", outlet="Ellis Evening Star")
    return dataclasses.replace(record, article=dataclasses.replace(record.article, url=URL))


@pytest.fixture(scope="module")
def readings(reader: Reader) -> tuple[Record, Record]:
    return _read(reader, FIRST), _read(reader, SECOND)


def _contents(article: dict[str, object] | None) -> list[str]:
    assert article is not None
    statements = article["statements"]
    assert isinstance(statements, list)
    return [s["content"]["text"] for s in statements]


def test_a_changed_text_at_the_same_url_is_a_new_version_and_the_old_one_is_kept(
    store: Store, readings: tuple[Record, Record]
) -> None:
    first, second = readings
    [article_id] = store.save([first], "onrecord 1")
    old_article = store.article(article_id)
    assert old_article is not None and old_article["versions"] == 1
    assert any("lied" in content for content in _contents(old_article))

    assert store.save([second], "onrecord 1") == [article_id]

    listed = store.versions(article_id)
    assert [(v.number, v.current) for v in listed] == [(1, False), (2, True)]
    assert listed[0].title == "Harbour pilots threaten walkout within a week"
    assert listed[1].title == "Harbour pilots and port authority to resume talks"
    assert listed[0].content_hash != listed[1].content_hash
    assert listed[0].statements == len(first.statements)
    assert listed[1].statements == len(second.statements)
    assert listed[0].stored_at <= listed[1].stored_at
    assert listed[0].stored_at.utcoffset() == timedelta(0)

    kept = store.version(article_id, 1)
    assert kept is not None
    # The old version is the article as it was read then, ledger ids and all.
    assert kept["text"] == FIRST
    assert kept["statements"] == old_article["statements"]
    assert kept["version"]["number"] == 1 and not kept["version"]["current"]
    assert kept["versions"] == 2

    current = store.version(article_id, 2)
    now = store.article(article_id)
    assert current is not None and now is not None
    assert current["text"] == now["text"] == SECOND
    assert now["version"] == 2 and now["versions"] == 2
    assert not any("lied" in content for content in _contents(now))
    assert store.version(article_id, 3) is None


def test_the_same_text_read_again_is_the_same_version(
    store: Store, readings: tuple[Record, Record]
) -> None:
    first, second = readings
    [article_id] = store.save([first], "onrecord 1")
    store.save([second], "onrecord 1")
    # A newer onrecord reads the current text again: a new reading, not a new version.
    store.save([second], "onrecord 2")
    listed = store.versions(article_id)
    assert [v.number for v in listed] == [1, 2]
    assert listed[1].extractor == "onrecord 2"
    # The first text coming back is a version of its own: the page changed again.
    store.save([first], "onrecord 2")
    listed = store.versions(article_id)
    assert [v.number for v in listed] == [1, 2, 3]
    assert listed[2].content_hash == listed[0].content_hash
    assert (store.version(article_id, 2) or {})["text"] == SECOND


def test_prune_deletes_old_versions_only_when_asked(
    store: Store, readings: tuple[Record, Record]
) -> None:
    first, second = readings
    [article_id] = store.save([first], "test")
    store.save([second], "test")
    store.save([first], "test")
    assert [v.number for v in store.versions(article_id)] == [1, 2, 3]

    would = store.prune(dry_run=True)
    assert [(p.article_id, p.number) for p in would] == [(article_id, 1), (article_id, 2)]
    assert [v.number for v in store.versions(article_id)] == [1, 2, 3]
    # Versions replaced after a moment in the past are not old enough to go.
    assert store.prune(before=datetime.now(UTC) - timedelta(days=1)) == []
    # An article not named keeps its versions.
    assert store.prune(articles=[article_id + 1]) == []

    pruned = store.prune(keep=1)
    assert [p.number for p in pruned] == [1]
    assert [v.number for v in store.versions(article_id)] == [2, 3]
    assert store.version(article_id, 1) is None
    assert (store.version(article_id, 2) or {})["text"] == SECOND
    assert [p.number for p in store.prune()] == [2]
    assert [v.number for v in store.versions(article_id)] == [3]
    # The current version is never pruned, and the article is untouched.
    assert store.prune() == []
    assert (store.article(article_id) or {})["text"] == FIRST


def test_an_article_is_found_by_its_id_or_its_url(
    store: Store, readings: tuple[Record, Record]
) -> None:
    [article_id] = store.save([readings[0]], "test")
    assert store.find_article(str(article_id)) == article_id
    assert store.find_article(f" {URL} ") == article_id
    assert store.find_article("https://news.example/elsewhere") is None
    assert store.find_article("99999999999999999999999") is None
    assert store.versions(10**30) == []
    assert store.version(article_id, 10**30) is None


def test_articles_stored_before_versions_become_version_one(
    store: Store, readings: tuple[Record, Record]
) -> None:
    first, second = readings
    [article_id] = store.save([first], "test")
    config = _alembic_config()
    store.engine.dispose()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    migrate(store.engine)
    [v1] = store.versions(article_id)
    assert (v1.number, v1.statements, v1.current) == (1, len(first.statements), True)
    with store.engine.connect() as connection:
        ingested = connection.scalar(select(m.Article.ingested_at))
    assert v1.stored_at == (ingested if ingested.tzinfo else ingested.replace(tzinfo=UTC))
    store.save([second], "test")
    assert (store.version(article_id, 1) or {})["text"] == FIRST


def test_two_writers_of_one_url_keep_every_version_with_its_reading(
    db: str, readings: tuple[Record, Record], reader: Reader
) -> None:
    """A writer that read the ledger before another committed must not keep the reading
    it replaces over the other's version."""
    first, second = readings
    third = _read(reader, SECOND.replace("Thursday", "Friday"))
    with Store.open(db) as store:
        [article_id] = store.save([first], "test")
    stores = [Store.open(db) for _ in range(2)]
    try:
        with ThreadPoolExecutor(2) as pool:
            list(
                pool.map(
                    lambda pair: pair[0].save([pair[1]], "test"),
                    zip(stores, (second, third), strict=True),
                )
            )
    finally:
        for opened in stores:
            opened.close()
    with Store.open(db) as store:
        listed = store.versions(article_id)
        assert [v.number for v in listed] == [1, 2, 3]
        for version in listed:
            assert store.version(article_id, version.number) is not None, version
