"""An article's versions: a changed text at the same URL is kept beside the old, not over it.

News pages change after publication, often without a note ("stealth edits"). An article's
key is its URL, so a re-ingest, a re-fetch or a new submission of the same URL with another
text reads the new text into the article's place, as before; here, the text it replaces is
kept first, as a version, with everything that was read from it. The same text read again
by a newer onrecord is a new reading of the same version, not a new version.

:func:`supersede` runs before an article's rows are replaced, :func:`settle` after its new
rows are written; :mod:`onrecord.store.write` and :mod:`onrecord.store.load` call both.
Nothing here deletes a version except :func:`prune`, which ``onrecord prune`` calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from onrecord.store import models as m
from onrecord.store.browse import article

__all__ = [
    "Pruned",
    "Saved",
    "Version",
    "find_article",
    "prune",
    "settle",
    "supersede",
    "version",
    "versions",
]


@dataclass(frozen=True, slots=True)
class Version:
    """One version of an article, as its history lists it."""

    number: int
    stored_at: datetime
    content_hash: str
    title: str | None
    statements: int
    extractor: str
    #: Whether it is the text the ledger holds now.
    current: bool

    def to_json(self) -> dict[str, Any]:
        """The version as the API lists it."""
        return {
            "number": self.number,
            "stored_at": self.stored_at.isoformat(),
            "content_hash": self.content_hash,
            "title": self.title,
            "statements": self.statements,
            "extractor": self.extractor,
            "current": self.current,
        }


@dataclass(frozen=True, slots=True)
class Saved:
    """An article just written: what its current version is to record."""

    article_id: int
    content_hash: str
    title: str | None
    statements: int
    extractor: str


@dataclass(frozen=True, slots=True)
class Pruned:
    """An old version :func:`prune` deleted (or, in a dry run, would delete)."""

    article_id: int
    number: int
    stored_at: datetime
    title: str | None


def supersede(connection: Connection, article_id: int, content_hash: str) -> bool:
    """Before ``article_id`` is read again, keep its reading in its current version if the
    new text (``content_hash``) differs from its own; whether the text changed."""
    row = connection.execute(
        select(
            m.Article.content_hash, m.Article.title, m.Article.extractor, m.Article.ingested_at
        ).where(m.Article.id == article_id)
    ).first()
    if row is None or row.content_hash == content_hash:
        return False
    reading = article(connection, article_id)
    latest = _latest(connection, article_id)
    if latest is None:
        # Stored in a way that left it no version row: it becomes version 1 now.
        connection.execute(
            insert(m.ArticleVersion).values(
                article_id=article_id,
                number=1,
                content_hash=row.content_hash,
                title=row.title,
                statements=len(reading["statements"]) if reading else 0,
                extractor=row.extractor,
                stored_at=row.ingested_at,
                reading=reading,
            )
        )
    else:
        connection.execute(
            update(m.ArticleVersion).where(m.ArticleVersion.id == latest.id).values(reading=reading)
        )
    return True


def settle(connection: Connection, saved: Iterable[Saved], now: datetime) -> None:
    """Record the current version of each article just written: a first version, a new
    one when its text changed, or a new reading of the same one."""
    for item in saved:
        latest = _latest(connection, item.article_id)
        if latest is not None and latest.content_hash == item.content_hash:
            connection.execute(
                update(m.ArticleVersion)
                .where(m.ArticleVersion.id == latest.id)
                .values(title=item.title, statements=item.statements, extractor=item.extractor)
            )
            continue
        connection.execute(
            insert(m.ArticleVersion).values(
                article_id=item.article_id,
                number=1 if latest is None else latest.number + 1,
                content_hash=item.content_hash,
                title=item.title,
                statements=item.statements,
                extractor=item.extractor,
                stored_at=now,
                reading=None,
            )
        )


def versions(connection: Connection, article_id: int) -> list[Version]:
    """The versions of ``article_id`` kept, oldest first (empty for an unknown article)."""
    v = m.ArticleVersion
    rows = connection.execute(
        select(v.number, v.stored_at, v.content_hash, v.title, v.statements, v.extractor)
        .where(v.article_id == article_id)
        .order_by(v.number)
    ).all()
    last = rows[-1].number if rows else None
    return [
        Version(
            number=r.number,
            stored_at=_utc(r.stored_at),
            content_hash=r.content_hash,
            title=r.title,
            statements=r.statements,
            extractor=r.extractor,
            current=r.number == last,
        )
        for r in rows
    ]


def version(connection: Connection, article_id: int, number: int) -> dict[str, Any] | None:
    """Version ``number`` of ``article_id`` as the article API gives an article, with its
    ``version`` (number, stored at, current) and the number of ``versions`` kept; None
    when it is not kept."""
    found = {v.number: v for v in versions(connection, article_id)}
    if number not in found:
        return None
    kept = found[number]
    if kept.current:
        reading = article(connection, article_id)
    else:
        reading = connection.scalar(
            select(m.ArticleVersion.reading).where(
                m.ArticleVersion.article_id == article_id, m.ArticleVersion.number == number
            )
        )
    if reading is None:
        return None
    return {**reading, "version": kept.to_json(), "versions": len(found)}


def find_article(connection: Connection, ref: str) -> int | None:
    """The id of the article ``ref`` names: its ledger id, its URL or its key."""
    ref = ref.strip()
    if ref.isdigit():
        number = int(ref)
        if m.is_row_id(number) and connection.scalar(
            select(m.Article.id).where(m.Article.id == number)
        ):
            return number
    a = m.Article
    found: int | None = connection.scalar(
        select(a.id).where((a.key == ref) | (a.url == ref)).order_by(a.id).limit(1)
    )
    return found


def prune(
    connection: Connection,
    *,
    keep: int = 0,
    articles: Sequence[int] | None = None,
    before: datetime | None = None,
    dry_run: bool = False,
) -> list[Pruned]:
    """Delete old versions, keeping each article's current one and its ``keep`` newest
    earlier ones; only of ``articles`` when given, only those superseded ``before`` when
    given. The versions deleted (with ``dry_run``, the ones that would be)."""
    v = m.ArticleVersion
    rank = func.row_number().over(partition_by=v.article_id, order_by=v.number.desc()).label("rank")
    ranked = select(v.id, v.article_id, v.number, v.stored_at, v.title, rank)
    if articles is not None:
        ranked = ranked.where(v.article_id.in_(list(articles)))
    ranked_ = ranked.subquery()
    # Rank 1 is the current version; an old version's text was replaced when the next
    # version was stored, which is what ``before`` compares.
    following = (
        select(v.stored_at)
        .where(v.article_id == ranked_.c.article_id, v.number > ranked_.c.number)
        .order_by(v.number)
        .limit(1)
        .scalar_subquery()
    )
    chosen = select(
        ranked_.c.id, ranked_.c.article_id, ranked_.c.number, ranked_.c.stored_at, ranked_.c.title
    ).where(ranked_.c.rank > keep + 1)
    if before is not None:
        chosen = chosen.where(following < before)
    rows = connection.execute(chosen.order_by(ranked_.c.article_id, ranked_.c.number)).all()
    if rows and not dry_run:
        ids = [r.id for r in rows]
        for start in range(0, len(ids), 500):
            connection.execute(delete(v).where(v.id.in_(ids[start : start + 500])))
    return [Pruned(r.article_id, r.number, _utc(r.stored_at), r.title) for r in rows]


def _utc(moment: datetime) -> datetime:
    # SQLite keeps no time zone; every time the ledger writes is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _latest(connection: Connection, article_id: int) -> Any:
    v = m.ArticleVersion
    return connection.execute(
        select(v.id, v.number, v.content_hash)
        .where(v.article_id == article_id)
        .order_by(v.number.desc())
        .limit(1)
    ).first()
