"""Writing records into the ledger.

:func:`save` stores a batch of :class:`~onrecord.records.Record` objects in the caller's
transaction. An article already in the ledger (same key) is deleted first, its derived rows
with it, so a re-ingest after an extractor upgrade replaces the old reading whole or not at
all; when its text changed, the old text and reading are kept first as a version of the
article (see :mod:`onrecord.store.versions`). Every object is stored the same way: its
``onrecord/1`` JSON (``data``) and the columns queries, exports and Datasette read. Rows
are linked across articles by the keys of :mod:`onrecord.link.keys`: entities, and
statement clusters, whose corroboration count and outlets are recomputed for every cluster
a batch touched.

Which column holds what is said once, in :mod:`onrecord.tables`: a record's rows are
:func:`onrecord.tables.rows`, with their keys mapped to row ids here as they are inserted
(:mod:`onrecord.store.load` loads the same rows from Parquet).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from onrecord import tables
from onrecord.link.keys import article_key
from onrecord.records import Record
from onrecord.store import models as m
from onrecord.store import tracking, versions

__all__ = [
    "forget_errors",
    "insert_for",
    "ledger_columns",
    "record_errors",
    "refresh_clusters",
    "save",
    "stored",
]

T = TypeVar("T")
# Well under SQLite's limit on bound parameters in one statement.
CHUNK = 500


def stored(connection: Connection, keys: Sequence[str]) -> dict[str, tuple[str, str]]:
    """``key → (content hash, extractor)`` for the ``keys`` already in the ledger."""
    found: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(keys):
        rows = connection.execute(
            select(m.Article.key, m.Article.content_hash, m.Article.extractor).where(
                m.Article.key.in_(chunk)
            )
        )
        found.update({key: (digest, extractor) for key, digest, extractor in rows})
    return found


def save(connection: Connection, records: Iterable[Record], extractor: str) -> list[int]:
    """Store ``records`` (replacing earlier readings of the same articles); their row ids.

    Must be the first thing the caller's transaction does: it takes the locks first.
    """
    records = list(records)
    _lock(connection, [article_key(r.article.url, r.article.text) for r in records])
    touched: set[int] = set()
    actors: set[int] = set()
    ids = [_save_one(connection, record, extractor, touched, actors) for record in records]
    refresh_clusters(connection, touched)
    tracking.track(connection, actors | tracking.affected(connection, ids), ids)
    return ids


def _lock(connection: Connection, keys: Sequence[str]) -> None:
    """Hold the articles ``keys`` until the transaction ends, before anything is read: two
    writers of one URL (the web app and an ingest) must not both keep the reading they
    replace as the same version, losing the other's."""
    if connection.dialect.name == "sqlite":
        # SQLite's write lock now, not at the first write, after the reads.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    for key in sorted(set(keys)):
        connection.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))


def record_errors(connection: Connection, errors: Iterable[tuple[str, str, str]]) -> None:
    """Record ``(source, reason, stage)`` failures, one row per source with a running count.

    A lone surrogate in a source or reason (a name from the command line that is not
    UTF-8, quoted in a message) is stored as its ``\\udcxx`` escape: the row about a bad
    input must not fail to be written because of it.
    """
    now = datetime.now(UTC)
    for source, reason, stage in ((_storable(s), _storable(r), t) for s, r, t in errors):
        statement = insert_for(connection, m.IngestFailure).values(
            source=source, reason=reason, stage=stage, count=1, first_seen=now, last_seen=now
        )
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["source"],
                set_={
                    "reason": reason,
                    "stage": stage,
                    "count": m.IngestFailure.count + 1,
                    "last_seen": now,
                },
            )
        )


def _storable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def forget_errors(connection: Connection, sources: Iterable[str]) -> None:
    """Drop the error rows of ``sources`` that have now been stored."""
    for chunk in _chunks(sorted(set(sources))):
        connection.execute(delete(m.IngestFailure).where(m.IngestFailure.source.in_(chunk)))


def _save_one(
    connection: Connection,
    record: Record,
    extractor: str,
    touched: set[int],
    actors: set[int],
) -> int:
    flat = tables.rows(record, extractor)
    [article] = flat["articles"]
    key = article["article_key"]
    old = connection.execute(select(m.Article.id).where(m.Article.key == key)).scalar()
    if old is not None:
        versions.supersede(connection, old, article["content_hash"])
        touched.update(
            cid
            for (cid,) in connection.execute(
                select(m.Statement.cluster_id).where(m.Statement.article_id == old).distinct()
            )
            if cid is not None
        )
        # The histories the old reading took part in are rebuilt without it.
        actors.update(tracking.affected(connection, [old]))
        connection.execute(delete(m.Article).where(m.Article.id == old))
    ids: _Ids = {}
    now = datetime.now(UTC)
    article_id: int = connection.execute(
        insert_for(connection, m.Article)
        .values(
            # A new reading keeps the article's id, so links to it (/articles/12) hold.
            **({"id": old} if old is not None else {}),
            **_ledger_row("articles", article, ids),
            ingested_at=now,
        )
        .returning(m.Article.id)
    ).scalar_one()
    versions.settle(
        connection,
        [
            versions.Saved(
                article_id,
                article["content_hash"],
                article["title"],
                len(flat["statements"]),
                extractor,
            )
        ],
        now,
    )
    ids["articles"] = {key: article_id}
    ids["entities"] = _link(connection, m.Entity, "entities", flat["entities"], ids)
    ids["article_entities"] = _add(
        connection, m.ArticleEntity, "article_entities", flat, ids, returning=True
    )
    _add(connection, m.Mention, "mentions", flat, ids)
    _add(connection, m.Time, "times", flat, ids)
    ids["statement_clusters"] = _link(
        connection, m.StatementCluster, "statement_clusters", flat["statement_clusters"], ids
    )
    touched.update(ids["statement_clusters"].values())
    ids["statements"] = _add(connection, m.Statement, "statements", flat, ids, returning=True)
    _add(connection, m.StatementEntity, "statement_entities", flat, ids)
    _add(connection, m.Source, "sources", flat, ids)
    _add(connection, m.Hedge, "hedges", flat, ids)
    _add(connection, m.Event, "events", flat, ids)
    _add(connection, m.Commitment, "commitments", flat, ids)
    _add(connection, m.CommitmentUpdate, "commitment_updates", flat, ids)
    return article_id


#: Row ids by the keys of the tables that hold them: ``articles``, ``entities`` and
#: ``statement_clusters`` by their keys, an article's ``statements`` and
#: ``article_entities`` by their local ids.
_Ids = dict[str, dict[str, int]]


@cache
def ledger_columns(table: str) -> tuple[tuple[str, str, str | None], ...]:
    """``(flat column, ledger column, table whose row it names or None)`` for each column
    of the flat ``table`` the ledger keeps (see :mod:`onrecord.tables`)."""
    return tuple(
        (name, column, tables.refers_to(table, name))
        for name, _ in tables.TABLES[table]
        if (column := tables.ledger_column(table, name)) is not None
    )


def _ledger_row(table: str, row: dict[str, Any], ids: _Ids) -> dict[str, Any]:
    """The ledger columns of a flat ``row`` of ``table``: keys naming other rows become
    their ids through ``ids`` (see :func:`onrecord.tables.ledger_column`)."""
    out = {}
    for name, column, kind in ledger_columns(table):
        value = row[name]
        out[column] = ids[kind][value] if kind is not None and value is not None else value
    return out


def _link(
    connection: Connection,
    model: type[m.Entity] | type[m.StatementCluster],
    table: str,
    rows: list[dict[str, Any]],
    ids: _Ids,
) -> dict[str, int]:
    """Add the rows of a table shared across articles (entities, statement clusters) that
    the ledger lacks; ``key → row id`` for all of them."""
    if not rows:
        return {}
    extra = {"articles": 0, "outlets": []} if model is m.StatementCluster else {}
    connection.execute(
        insert_for(connection, model).on_conflict_do_nothing(index_elements=["key"]),
        [{**_ledger_row(table, row, ids), **extra} for row in rows],
    )
    keys = [row[tables.KEYS[table][0]] for row in rows]
    found: dict[str, int] = {}
    for chunk in _chunks(keys):
        found.update(
            connection.execute(select(model.key, model.id).where(model.key.in_(chunk))).all()
        )
    return found


def _add(
    connection: Connection,
    model: type[m.Base],
    table: str,
    flat: dict[str, list[dict[str, Any]]],
    ids: _Ids,
    *,
    returning: bool = False,
) -> dict[str, int]:
    """Insert the article's rows of ``table``; with ``returning``, ``local id → row id``."""
    rows = flat[table]
    if not rows:
        return {}
    values = [_ledger_row(table, row, ids) for row in rows]
    if not returning:
        connection.execute(insert(model), values)
        return {}
    new = _insert_returning(connection, model, values)
    return dict(zip((row["local_id"] for row in rows), new, strict=True))


def refresh_clusters(connection: Connection, clusters: set[int]) -> None:
    """Recount the articles and outlets of ``clusters``; drop the ones left empty."""
    s, a, c = m.Statement, m.Article, m.StatementCluster
    for chunk in _chunks(sorted(clusters)):
        counts: dict[int, tuple[int, str | None, str | None]] = {
            cid: (n, first, last)
            for cid, n, first, last in connection.execute(
                select(
                    s.cluster_id,
                    func.count(s.article_id.distinct()),
                    func.min(a.published_date),
                    func.max(a.published_date),
                )
                .join(a, a.id == s.article_id)
                .where(s.cluster_id.in_(chunk))
                .group_by(s.cluster_id)
            )
            if cid is not None
        }
        outlets: dict[int, list[str]] = {}
        for cid, outlet in connection.execute(
            select(s.cluster_id, a.outlet)
            .join(a, a.id == s.article_id)
            .where(s.cluster_id.in_(chunk), a.outlet.is_not(None))
            .distinct()
            .order_by(s.cluster_id, a.outlet)
        ):
            if cid is not None and outlet is not None:
                outlets.setdefault(cid, []).append(outlet)
        empty = [cid for cid in chunk if cid not in counts]
        if empty:
            connection.execute(delete(c).where(c.id.in_(empty)))
        rows = [
            {
                "cid": cid,
                "articles": n,
                "outlets": outlets.get(cid, []),
                "first_published": first,
                "last_published": last,
            }
            for cid, (n, first, last) in counts.items()
        ]
        if rows:
            # One statement for all, which the drivers send as a batch.
            connection.execute(update(c).where(c.id == bindparam("cid")), rows)


def insert_for(connection: Connection, model: type[m.Base]) -> Any:
    """An INSERT with the engine's ON CONFLICT clause available."""
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    return dialect.insert(model)


def _insert_returning(
    connection: Connection, model: type[m.Base], rows: list[dict[str, Any]]
) -> list[int]:
    """Insert ``rows`` in one round trip and return their new ids in the same order."""
    statement = insert(model).returning(model.__table__.c.id, sort_by_parameter_order=True)
    return [int(i) for i in connection.execute(statement, rows).scalars()]


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
