"""The ledger store: articles and everything read from them, in SQLite or PostgreSQL.

::

    from onrecord.store import Store, Filters
    with Store.open("onrecord.db") as store:
        store.search(Filters(query="Moscow", speaker="Trump"))

Tables are in :mod:`~onrecord.store.models`, writing in :mod:`~onrecord.store.write`,
loading flat tables from Parquet in :mod:`~onrecord.store.load`, queries in
:mod:`~onrecord.store.query` and reading records back in :mod:`~onrecord.store.browse`.
:class:`Store` is the one front for all of them (the CLI, the web pages and the API read
through it); every method runs in its own transaction, loading one per unit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from onrecord.errors import StoreError
from onrecord.records import Record
from onrecord.settings import Settings
from onrecord.store import browse, load, models, query, versions, write
from onrecord.store.browse import COUNT_UP_TO, StoredStatement
from onrecord.store.database import connect, describe
from onrecord.store.load import Folder, LoadSummary, UnitResult
from onrecord.store.models import MAX_ID, is_row_id
from onrecord.store.paging import FIRST, Page, Position, Seek
from onrecord.store.query import (
    ACTS,
    CERTAINTIES,
    EXPORTS,
    STATUSES,
    Choice,
    Filters,
    Stats,
    TrackedCommitment,
)
from onrecord.store.versions import Pruned, Version

__all__ = [
    "ACTS",
    "CERTAINTIES",
    "EXPORTS",
    "MAX_ID",
    "STATUSES",
    "Choice",
    "Filters",
    "Page",
    "Position",
    "Pruned",
    "Seek",
    "Stats",
    "Store",
    "StoredStatement",
    "TrackedCommitment",
    "Version",
    "default_db",
]


def default_db() -> str:
    """The ledger to use when none is given: ``ONRECORD_DB``, else ``onrecord.db``."""
    db: str = Settings.from_env().db
    return db


class Store:
    """One ledger database, opened and migrated to the current schema."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, db: str | Path | None = None, *, create: bool = True) -> Store:
        """Open the ledger at ``db``, upgrading its schema as needed; a missing SQLite file
        is created, or with ``create=False`` refused."""
        return cls(connect(db or default_db(), create=create))

    @property
    def name(self) -> str:
        """The database URL, password hidden."""
        return describe(str(self.engine.url))

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def stored(self, keys: Sequence[str]) -> dict[str, tuple[str, str]]:
        """``key → (content hash, extractor)`` of the articles already stored."""
        with self.engine.connect() as connection:
            return write.stored(connection, keys)

    def save(
        self,
        records: Sequence[Record],
        extractor: str,
        errors: Iterable[tuple[str, str, str]] = (),
    ) -> list[int]:
        """Store a batch of records and ``(source, reason, stage)`` errors in one transaction."""
        try:
            with self.engine.begin() as connection:
                ids = write.save(connection, records, extractor)
                write.forget_errors(
                    connection, (r.article.source for r in records if r.article.source)
                )
                write.record_errors(connection, errors)
                return ids
        except DBAPIError as exc:
            raise StoreError(f"{self.name}: write failed ({exc.orig})") from None

    def load(
        self, folder: Folder, progress: Callable[[UnitResult], None] | None = None
    ) -> LoadSummary:
        """Load the finished units of a folder of flat tables not loaded before, one
        transaction each (see :func:`load.load`; :func:`load.scan` finds them)."""
        summary = load.load(self.engine, folder, progress)
        if summary.loaded:
            self.analyze()
        return summary

    def analyze(self) -> None:
        """Refresh the query planner's statistics (``ANALYZE``), as a run that stored
        articles does: SQLite keeps none until asked, and without them it pages through
        statements by the wrong index."""
        try:
            with self.engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        except DBAPIError as exc:
            raise StoreError(f"{self.name}: ANALYZE failed ({exc.orig})") from None

    def search(self, filters: Filters, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """One page of matching statements, newest first (see :func:`query.search`)."""
        with self.engine.connect() as connection:
            return query.search(connection, filters, limit=limit, offset=offset)

    def count(self, filters: Filters, *, up_to: int | None = None) -> int:
        """How many statements match ``filters`` (counting stops past ``up_to``)."""
        with self.engine.connect() as connection:
            return query.count(connection, filters, up_to=up_to)

    def statements(
        self, filters: Filters, *, limit: int = 20, seek: Seek = FIRST, up_to: int = COUNT_UP_TO
    ) -> Page[StoredStatement]:
        """A page of statements as stored, newest first by the day said, else published,
        and how many match (see :func:`browse.statements`)."""
        with self.engine.connect() as connection:
            return browse.statements(connection, filters, limit=limit, seek=seek, up_to=up_to)

    def statement(self, statement_id: int) -> StoredStatement | None:
        """One statement by its ledger id, None if there is none."""
        if not is_row_id(statement_id):
            return None
        with self.engine.connect() as connection:
            return browse.statement_records(connection, [statement_id]).get(statement_id)

    def article(self, article_id: int) -> dict[str, Any] | None:
        """Everything read from one article (see :func:`browse.article`)."""
        if not is_row_id(article_id):
            return None
        with self.engine.connect() as connection:
            return browse.article(connection, article_id)

    def choices(self, name: str) -> list[Choice]:
        """The entities a filter on ``name`` chooses from, most quoted first (see
        :func:`query.choices`); empty for an id."""
        with self.engine.connect() as connection:
            return query.choices(connection, name)

    def versions(self, article_id: int) -> list[Version]:
        """The versions of an article kept, oldest first (see :mod:`versions`)."""
        if not is_row_id(article_id):
            return []
        with self.engine.connect() as connection:
            return versions.versions(connection, article_id)

    def version(self, article_id: int, number: int) -> dict[str, Any] | None:
        """One version of an article, as :meth:`article` gives the current one; None when
        it is not kept."""
        if not is_row_id(article_id) or not is_row_id(number):
            return None
        with self.engine.connect() as connection:
            return versions.version(connection, article_id, number)

    def find_article(self, ref: str) -> int | None:
        """The id of the article ``ref`` names: its ledger id, its URL or its key."""
        with self.engine.connect() as connection:
            return versions.find_article(connection, ref)

    def prune(
        self,
        *,
        keep: int = 0,
        articles: Sequence[int] | None = None,
        before: datetime | None = None,
        dry_run: bool = False,
    ) -> list[Pruned]:
        """Delete old versions of articles, in one transaction (see :func:`versions.prune`)."""
        with self.engine.begin() as connection:
            return versions.prune(
                connection, keep=keep, articles=articles, before=before, dry_run=dry_run
            )

    def articles(self, **options: Any) -> Page[dict[str, Any]]:
        """A page of articles, newest published first (see :func:`browse.articles` for
        the options)."""
        with self.engine.connect() as connection:
            return browse.articles(connection, **options)

    def entity(self, entity_id: int) -> dict[str, Any] | None:
        """One entity with its names, roles and statements per month (see
        :func:`browse.entity`)."""
        if not is_row_id(entity_id):
            return None
        with self.engine.connect() as connection:
            return browse.entity(connection, entity_id)

    def entities(self, **options: Any) -> Page[dict[str, Any]]:
        """A page of entities, newest known first (see :func:`browse.entities` for the
        options)."""
        with self.engine.connect() as connection:
            return browse.entities(connection, **options)

    def events(self, **options: Any) -> Page[dict[str, Any]]:
        """A page of events, newest first by their day, else published (see
        :func:`browse.events` for the options)."""
        with self.engine.connect() as connection:
            return browse.events(connection, **options)

    def timeline(self, **options: Any) -> list[dict[str, Any]]:
        """Dated events and statements (see :func:`browse.timeline` for the options)."""
        with self.engine.connect() as connection:
            return browse.timeline(connection, **options)

    def timeline_total(self, **options: Any) -> int:
        """How many dated events and statements the timeline chooses from (see
        :func:`browse.timeline_total`)."""
        with self.engine.connect() as connection:
            return browse.timeline_total(connection, **options)

    @contextmanager
    def export(
        self, what: str, filters: Filters
    ) -> Iterator[tuple[list[tuple[str, str]], Iterator[dict[str, Any]]]]:
        """The columns and streamed rows of ``what`` matching ``filters``, for a ``with``
        block that holds the connection open (see :func:`query.export`)."""
        with self.engine.connect() as connection:
            yield query.export(connection, what, filters)

    def stats(self, filters: Filters | None = None, top: int = 10) -> Stats:
        """Counts, top speakers, anonymous share per outlet, statements per day."""
        with self.engine.connect() as connection:
            return query.stats(connection, filters or Filters(), top)

    def commitments(
        self,
        actor: str | None = None,
        status: str | None = None,
        as_of: str | None = None,
        limit: int | None = None,
    ) -> tuple[str | None, list[TrackedCommitment]]:
        """The tracked commitments and the date their status is as of (see
        :func:`query.commitments`)."""
        with self.engine.connect() as connection:
            return query.commitments(connection, actor, status, as_of, limit)

    def rows(self) -> dict[str, int]:
        """The number of rows in every table."""
        with self.engine.connect() as connection:
            return {
                table.name: int(
                    connection.execute(select(func.count()).select_from(table)).scalar_one()
                )
                for table in models.Base.metadata.sorted_tables
            }
