"""The ledger's tables, as SQLAlchemy 2 models: one schema for SQLite and PostgreSQL.

Every extracted row keeps its ``start``/``end`` character offsets into ``articles.text``.
Rows derived from an article (statements, sources, hedges, times, mentions, events,
commitments) hang off it with ``ON DELETE CASCADE``, so replacing an article's reading is
one delete and a set of inserts. Dates are ISO-8601 strings (``YYYY-MM-DD``), which sort and
compare the same way on both engines and read well in Datasette. Strings have no length
limit: SQLite ignores one and PostgreSQL would refuse a row over it.

The migrations in ``onrecord/store/migrations`` create these tables; a test checks that
the two agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "MAX_ID",
    "Article",
    "ArticleEntity",
    "ArticleVersion",
    "Base",
    "Commitment",
    "CommitmentStep",
    "CommitmentUpdate",
    "Entity",
    "Event",
    "Hedge",
    "IngestFailure",
    "LoadedUnit",
    "Mention",
    "Source",
    "Statement",
    "StatementCluster",
    "StatementEntity",
    "Time",
    "is_model",
    "is_row_id",
]

# Named constraints let Alembic alter them on SQLite, which only alters by copying tables.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _article_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)


def _entity_fk() -> Mapped[int | None]:
    return mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)


#: The largest id a row can have: SQLite's and PostgreSQL's integers are signed 64-bit.
MAX_ID = 2**63 - 1


def is_row_id(value: int) -> bool:
    """Whether ``value`` can name a row at all (a larger number would overflow a query)."""
    return 0 < value <= MAX_ID


class Base(DeclarativeBase):
    """Base of every table; its metadata carries the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING)


class Article(Base):
    """One article. ``key`` identifies it: its URL when known, else its content hash."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    content_hash: Mapped[str] = mapped_column(String, index=True)
    record_id: Mapped[str] = mapped_column(String)
    url: Mapped[str | None] = mapped_column(String)
    source: Mapped[str | None] = mapped_column(String)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String, index=True)
    authors: Mapped[list[str]] = mapped_column(JSON)
    published: Mapped[str | None] = mapped_column(String)
    published_date: Mapped[str | None] = mapped_column(String, index=True)
    published_from: Mapped[str | None] = mapped_column(String)
    updated: Mapped[str | None] = mapped_column(String)
    language: Mapped[str | None] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    regions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    warnings: Mapped[list[str]] = mapped_column(JSON)
    sourcing: Mapped[str | None] = mapped_column(Text)
    #: The record less its text and the objects stored in their own tables: ``article``
    #: (its ``onrecord/1`` object without ``text``) and ``sourcing`` (the profile).
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    extractor: Mapped[str] = mapped_column(String)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ArticleVersion(Base):
    """One version of an article's text at its key: a changed text at the same URL is a
    new version, and the earlier ones are kept with what was read from them.

    ``number`` counts from 1; the highest is the article as the ledger holds it now, whose
    reading is in the other tables (``reading`` is null). An earlier version keeps its
    reading whole in ``reading``: the article as ``GET /api/v1/articles/{id}`` gave it
    then (text, entities, statements, events, commitments, profile), ledger ids and all.
    ``article_id`` is not a foreign key: a new reading replaces the article's row under
    the same id (see :mod:`onrecord.store.write`), and its history must outlive that.
    Only ``onrecord prune`` deletes a version.
    """

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(Integer, index=True)
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String)
    title: Mapped[str | None] = mapped_column(Text)
    statements: Mapped[int] = mapped_column(Integer)
    extractor: Mapped[str] = mapped_column(String)
    #: When this text was first stored.
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reading: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Entity(Base):
    """A person, organisation or place across articles.

    ``key`` links mentions in different articles: the knowledge-base id (``Q22686``), the
    knowledge-base key of entries without one (``city:geonames:524901``), or the type and
    normalised name (``PERSON:jane doe``).
    """

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    kb_id: Mapped[str | None] = mapped_column(String, index=True)
    name: Mapped[str] = mapped_column(String, index=True)
    type: Mapped[str] = mapped_column(String)
    category: Mapped[str | None] = mapped_column(String)
    country: Mapped[str | None] = mapped_column(String)


class ArticleEntity(Base):
    """An entity as one article presents it: its name there, role and titles on that date."""

    __tablename__ = "article_entities"
    __table_args__ = (UniqueConstraint("article_id", "local_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = _article_fk()
    local_id: Mapped[str] = mapped_column(String)
    entity_id: Mapped[int | None] = _entity_fk()
    name: Mapped[str] = mapped_column(String)
    role: Mapped[str | None] = mapped_column(String)
    titles: Mapped[list[str]] = mapped_column(JSON)
    #: The ``onrecord/1`` entity, with the article's local ids.
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Mention(Base):
    """One place an entity is named."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = _article_fk()
    article_entity_id: Mapped[int] = mapped_column(
        ForeignKey("article_entities.id", ondelete="CASCADE"), index=True
    )
    entity_id: Mapped[int | None] = _entity_fk()
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class StatementCluster(Base):
    """The same words of the same speaker, reported by one or more articles.

    ``articles`` is the corroboration count (distinct articles) and ``outlets`` the distinct
    outlets that carried them, both refreshed whenever a member is written or removed.
    """

    __tablename__ = "statement_clusters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    speaker_entity_id: Mapped[int | None] = _entity_fk()
    content: Mapped[str] = mapped_column(Text)
    articles: Mapped[int] = mapped_column(Integer, index=True)
    outlets: Mapped[list[str]] = mapped_column(JSON)
    first_published: Mapped[str | None] = mapped_column(String)
    last_published: Mapped[str | None] = mapped_column(String)


class Statement(Base):
    """Something said, as one article reports it (see :class:`onrecord.records.Statement`).

    ``said_start``/``said_end`` are the first and last day ``said_on`` can mean; ``chain``
    is the sourcing chain written out ("Harbour Courier → Reuters → officials familiar
    with the talks"). ``day`` is the day lists order it by: ``said_start``, else its
    article's published day (null: neither), kept so that one index orders them.
    """

    __tablename__ = "statements"
    __table_args__ = (
        UniqueConstraint("article_id", "local_id"),
        Index("ix_statements_said", "said_start", "said_end"),
        Index("ix_statements_day", "day", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = _article_fk()
    local_id: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String)
    speaker_text: Mapped[str | None] = mapped_column(Text)
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    speaker_entity_id: Mapped[int | None] = _entity_fk()
    addressee_text: Mapped[str | None] = mapped_column(Text)
    addressee_start: Mapped[int | None] = mapped_column(Integer)
    addressee_end: Mapped[int | None] = mapped_column(Integer)
    addressee_entity_id: Mapped[int | None] = _entity_fk()
    cue_text: Mapped[str] = mapped_column(Text)
    cue_start: Mapped[int] = mapped_column(Integer)
    cue_end: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    content_spans: Mapped[list[list[int]]] = mapped_column(JSON)
    said_on: Mapped[str | None] = mapped_column(String)
    said_start: Mapped[str | None] = mapped_column(String)
    said_end: Mapped[str | None] = mapped_column(String)
    said_via: Mapped[str | None] = mapped_column(String)
    day: Mapped[str | None] = mapped_column(String)
    certainty: Mapped[str | None] = mapped_column(String, index=True)
    #: speech, writing, thought or intention; null for rows stored before it was kept.
    act: Mapped[str | None] = mapped_column(String, index=True)
    #: The statement tagger's calibrated confidence; null for rows stored before it was kept.
    confidence: Mapped[float | None] = mapped_column(Float, index=True)
    chain: Mapped[str] = mapped_column(Text)
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement_clusters.id", ondelete="SET NULL"), index=True
    )
    #: The ``onrecord/1`` statement, with the article's local ids; the columns above are
    #: what queries, exports and Datasette read.
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class StatementEntity(Base):
    """Who a statement involves: its ``speaker``, its ``addressee``, or an entity it is
    ``about`` (named inside its content). Indexed for ``--speaker`` and ``--about``."""

    __tablename__ = "statement_entities"
    __table_args__ = (Index("ix_statement_entities_entity", "entity_id", "role", "statement_id"),)

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String, primary_key=True)


class Source(Base):
    """One link of a statement's sourcing chain, outermost first (``position`` 0)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String, index=True)
    entity_id: Mapped[int | None] = _entity_fk()
    description: Mapped[str | None] = mapped_column(Text)


class Hedge(Base):
    """A word or phrase by which the reporter keeps their distance from a statement."""

    __tablename__ = "hedges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class Time(Base):
    """A time expression with its TIMEX3 value and calendar range."""

    __tablename__ = "times"
    __table_args__ = (UniqueConstraint("article_id", "local_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = _article_fk()
    local_id: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String)
    value: Mapped[str | None] = mapped_column(String)
    mod: Mapped[str | None] = mapped_column(String)
    range_start: Mapped[str | None] = mapped_column(String, index=True)
    range_end: Mapped[str | None] = mapped_column(String)
    anchor: Mapped[str | None] = mapped_column(String)
    #: The ``onrecord/1`` time.
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Event(Base):
    """Who did what to whom (a PLOVER category), when. ``data`` keeps the full record."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("article_id", "local_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = _article_fk()
    local_id: Mapped[str] = mapped_column(String)
    category: Mapped[str | None] = mapped_column(String, index=True)
    #: asserted, negated, hypothetical, conditional or future.
    mode: Mapped[str | None] = mapped_column(String)
    text: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    actor_entity_id: Mapped[int | None] = _entity_fk()
    target_entity_id: Mapped[int | None] = _entity_fk()
    when_value: Mapped[str | None] = mapped_column(String)
    when_start: Mapped[str | None] = mapped_column(String, index=True)
    when_end: Mapped[str | None] = mapped_column(String)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class Commitment(Base):
    """A threat, promise or ultimatum with its condition and deadline."""

    __tablename__ = "commitments"
    __table_args__ = (UniqueConstraint("article_id", "local_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = _article_fk()
    local_id: Mapped[str] = mapped_column(String)
    kind: Mapped[str | None] = mapped_column(String, index=True)
    statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("statements.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    actor_entity_id: Mapped[int | None] = _entity_fk()
    deadline_value: Mapped[str | None] = mapped_column(String)
    deadline_start: Mapped[str | None] = mapped_column(String)
    deadline_end: Mapped[str | None] = mapped_column(String, index=True)
    status: Mapped[str | None] = mapped_column(String, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class CommitmentUpdate(Base):
    """A report that an earlier commitment moved on (shortened, extended, set, fulfilled,
    withdrawn, lapsed, passed), as one article states it; ``data`` keeps the full record."""

    __tablename__ = "commitment_updates"
    __table_args__ = (UniqueConstraint("article_id", "local_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = _article_fk()
    local_id: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String, index=True)
    noun: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    actor_entity_id: Mapped[int | None] = _entity_fk()
    target_entity_id: Mapped[int | None] = _entity_fk()
    deadline_value: Mapped[str | None] = mapped_column(String)
    deadline_start: Mapped[str | None] = mapped_column(String)
    deadline_end: Mapped[str | None] = mapped_column(String)
    when_end: Mapped[str | None] = mapped_column(String, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class CommitmentStep(Base):
    """One step in a commitment's history across articles, with its evidence.

    ``commitment_id`` is the first report of the commitment (the thread); ``step`` is
    ``made``, ``restated``, ``shortened``, ``extended``, ``fulfilled``, ``withdrawn``,
    ``lapsed``, ``passed``, ``contradicted`` or ``mentioned``; ``status`` the commitment's
    status after it. A step comes from a later report of the commitment (``version_id``), an
    update (``update_id``), an event that carries it out (``event_id``) or a later statement
    of its maker about the same consequence (``statement_id``); ``text``/``start``/``end``
    are the evidence in ``article_id``'s text. Rebuilt by ``onrecord.store.tracking``.
    """

    __tablename__ = "commitment_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    article_id: Mapped[int] = _article_fk()
    reported_on: Mapped[str | None] = mapped_column(String)
    step: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String, index=True)
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    update_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitment_updates.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    deadline_value: Mapped[str | None] = mapped_column(String)
    deadline_start: Mapped[str | None] = mapped_column(String)
    deadline_end: Mapped[str | None] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String)


class IngestFailure(Base):
    """An input that could not be stored, and why; one row per source, kept up to date."""

    __tablename__ = "ingest_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String, unique=True)
    reason: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String)
    count: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoadedUnit(Base):
    """A unit of flat tables (one input file's rows, as a Spark job writes them) that
    ``onrecord load`` stored, with the SHA-256 of its completion marker: a unit whose marker
    has not changed is not loaded again (see :mod:`onrecord.store.load`)."""

    __tablename__ = "loaded_units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(String, unique=True)
    input: Mapped[str | None] = mapped_column(String)
    pipeline: Mapped[str | None] = mapped_column(String)
    articles: Mapped[int] = mapped_column(Integer)
    errors: Mapped[int] = mapped_column(Integer)
    marker: Mapped[str] = mapped_column(String)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def is_model(name: str | None, type_: str, _parent: object = None) -> bool:
    """Whether a database object is one of these models, for Alembic's comparisons.

    Full-text search is written by hand per engine: FTS5 tables (with shadow tables of
    their own) on SQLite, a tsvector column and GIN indexes on PostgreSQL. Neither is a
    model, so autogenerate must not propose to drop them.
    """
    if type_ == "table":
        return name in Base.metadata.tables
    if type_ == "column":
        return name != "content_tsv"
    return not (type_ == "index" and (name or "").endswith("_fts"))
