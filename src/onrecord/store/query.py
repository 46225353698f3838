"""Reading the ledger: statement search with filters, exports and statistics.

Search lists statements newest first by the day they were said, else the day their
article was published, then by id; undated statements come last (see
:mod:`~onrecord.store.paging`, which walks the ``said_on`` range index for the dated
ones and the articles' publication date index for the rest). Every filter can be
followed through an index: full text through FTS5 on SQLite and a GIN index on
PostgreSQL, ``--speaker`` and ``--about`` through ``statement_entities``, ``--outlet``
through the articles' outlet index, ``--since``/``--until`` through the ``said_on`` range
index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from typing import Any, get_args

from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    DateTime,
    Float,
    Integer,
    Select,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.orm import aliased

from onrecord.errors import ConfigError
from onrecord.kb import KnowledgeBase
from onrecord.records import ACTS, Certainty
from onrecord.store import models as m
from onrecord.store import paging
from onrecord.store.paging import FIRST, Page, Part, Seek

__all__ = [
    "ACTS",
    "CERTAINTIES",
    "EXPORTS",
    "STATUSES",
    "Choice",
    "Filters",
    "Stats",
    "TrackedCommitment",
    "as_day",
    "choices",
    "commitments",
    "count",
    "entity_ids",
    "entity_matches",
    "export",
    "fts_query",
    "search",
    "search_page",
    "statement_parts",
    "stats",
]

CERTAINTIES: tuple[str, ...] = get_args(Certainty)
EXPORTS = ("statements", "articles", "events", "commitments")
#: A tracked commitment's status; ``due`` is an open one whose deadline has passed.
STATUSES = ("open", "due", "extended", "fulfilled", "withdrawn", "lapsed", "contradicted")
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_QID = re.compile(r"^Q\d+$")
_LEDGER_ID = re.compile(r"^#\d+$")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Terms that make a web-search query more than "all of these words".
_NEGATED_OR_ORED = re.compile(r"(?:^|\s)-|\bor\b", re.IGNORECASE)
# The text search configuration the ``content_tsv`` column is built with (see migrations).
_ENGLISH: ColumnElement[str] = literal_column("'english'")

# Up to this many full-text matches, PostgreSQL is given the ids rather than the condition.
_PROBE = 5000

#: Any SELECT, whatever its columns.
Query = Select[*tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class Filters:
    """What ``onrecord search`` and ``export`` narrow the ledger to; None means any.

    ``speaker`` and ``about`` name an entity: a Wikidata id (``Q22686``), a ledger entity
    id (``#12``) or a name, matched in full first and else as part of a name ("Trump" finds
    "Donald Trump"). ``since`` and ``until`` (``YYYY-MM-DD``) keep statements whose
    ``said_on`` range meets that window, so "in July" is kept for ``--since 2025-07-15``;
    undated statements are left out. ``acts`` keeps the statements of these acts
    (``speech``, ``writing``, ``thought``, ``intention``); a statement stored before acts
    were kept counts as speech. ``min_confidence`` leaves out the statements the model
    gave less confidence; those without one (stored before confidences were kept) were
    never judged and stay.
    """

    query: str | None = None
    speaker: str | None = None
    about: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    certainty: str | None = None
    acts: tuple[str, ...] | None = None
    min_confidence: float | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                as_day(value, f"--{name}")
        if self.certainty is not None and self.certainty not in CERTAINTIES:
            raise ConfigError(
                f"--certainty {self.certainty!r} is not one of {', '.join(CERTAINTIES)}"
            )
        unknown = [act for act in self.acts or () if act not in ACTS]
        if unknown:
            raise ConfigError(f"--act {unknown[0]!r} is not one of {', '.join(ACTS)}")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise ConfigError(f"--min-confidence {self.min_confidence} is not between 0 and 1")

    @property
    def given(self) -> list[str]:
        """The names of the filters that are set."""
        return [f.name for f in fields(self) if getattr(self, f.name) not in (None, "", ())]


def as_day(value: str, name: str) -> str:
    """``value`` as a day (``YYYY-MM-DD``), or a :class:`ConfigError` naming ``name``.

    Only that form: Python reads other ISO 8601 forms too (``20250715``, ``2025-W29``),
    which the API's schema, a JSON Schema ``date``, does not promise."""
    if _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:  # a day no month has, as 2026-02-30
            pass
    raise ConfigError(f"{name} {value!r} is not a date (YYYY-MM-DD)")


def fts_query(query: str) -> str:
    """A user's query as an FTS5 expression: every word and ``"quoted phrase"`` must occur.

    Quoting each term keeps FTS5 syntax (``AND``, ``-``, ``:``, ``*``) from turning a typed
    query into a syntax error.
    """
    terms = [phrase or word for phrase, word in _TERM.findall(query)]
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms if t.strip())


def search(
    connection: Connection, filters: Filters, *, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    """One page of statements matching ``filters``, newest first by the day said, else
    published; page with ``offset`` (:func:`search_page` pages by position, which stays
    stable while new articles arrive)."""
    query = _statements(_statement_conditions(connection, filters))
    rows, _, _ = paging.read(
        connection, query, statement_parts(), m.Statement.id, limit, Seek(skip=offset)
    )
    return rows


def search_page(
    connection: Connection, filters: Filters, *, limit: int = 20, seek: Seek = FIRST, up_to: int
) -> Page[dict[str, Any]]:
    """The page of statements matching ``filters`` that ``seek`` asks for, newest first
    by the day said, else published, with how many match, counted up to ``up_to``."""
    where = _statement_conditions(connection, filters)
    rows, newer, older = paging.read(
        connection, _statements(where), statement_parts(), m.Statement.id, limit, seek
    )
    found = paging.count(connection, select(m.Statement.id).where(*where), m.Statement.id, up_to)
    return Page(rows, newer, older, min(found, up_to), found > up_to)


def statement_parts() -> list[Part]:
    """How statements are ordered: by their ``day`` (said, else published; see
    :class:`~onrecord.store.models.Statement`), which one index orders; neither, last."""
    s = m.Statement
    return [Part(s.day.is_not(None), s.day), Part(s.day.is_(None), None)]


def count(connection: Connection, filters: Filters, *, up_to: int | None = None) -> int:
    """How many statements match ``filters``; with ``up_to``, counting stops past it (a
    page that says "over 1,000" need not count a common word's every match)."""
    matching = select(m.Statement.id).where(*_statement_conditions(connection, filters))
    if up_to is not None:
        return paging.count(connection, matching, m.Statement.id, up_to)
    query = select(func.count()).select_from(matching.subquery())
    return int(connection.execute(query).scalar_one())


def export(
    connection: Connection, what: str, filters: Filters
) -> tuple[list[tuple[str, str]], Iterator[dict[str, Any]]]:
    """The columns and the streamed rows of ``what`` (one of :data:`EXPORTS`) matching
    ``filters``. Each column is ``(name, kind)``, kind being ``int``, ``str``, ``json`` or
    ``datetime``, so that a writer can type a column that starts with nulls."""
    if what == "statements":
        where = _statement_conditions(connection, filters)
        query = _statements(where, full=True).order_by(m.Statement.id)
    elif what == "articles":
        query = _articles(connection, filters)
    elif what in ("events", "commitments"):
        query = _actions(connection, what, filters)
    else:
        raise ConfigError(f"cannot export {what!r}: choose one of {', '.join(EXPORTS)}")
    columns = [(c.name, _kind(c.type)) for c in query.selected_columns]
    rows = connection.execution_options(yield_per=1000).execute(query).mappings()
    return columns, (dict(row) for row in rows)


def _kind(column_type: Any) -> str:
    if isinstance(column_type, JSON):
        return "json"
    if isinstance(column_type, DateTime):
        return "datetime"
    if isinstance(column_type, Integer):
        return "int"
    if isinstance(column_type, Float):
        return "float"
    return "str"


@dataclass(frozen=True, slots=True)
class Stats:
    """What the ledger holds, in counts and rankings (see :func:`stats`)."""

    counts: dict[str, int]
    top_speakers: list[tuple[str, str | None, int, int]]
    outlets: list[tuple[str, int, int]]
    per_day: list[tuple[str, int]]

    @property
    def anonymous_share(self) -> list[tuple[str, float]]:
        """``(outlet, share of its statements with an anonymous source in their chain)``."""
        return [(outlet, anon / n) for outlet, n, anon in self.outlets if n]


def stats(connection: Connection, filters: Filters = Filters(), top: int = 10) -> Stats:
    """Counts, top speakers, anonymous sourcing per outlet and statements per day."""
    where = _statement_conditions(connection, filters)
    s, a, e = m.Statement, m.Article, m.Entity
    matching = select(s.id).where(*where).scalar_subquery() if where else None

    def scoped(query: Query) -> Query:
        return query.where(s.id.in_(matching)) if matching is not None else query

    counts = {
        "articles": _scalar(connection, select(func.count(s.article_id.distinct())).where(*where))
        if where
        else _scalar(connection, select(func.count()).select_from(a)),
        "statements": _scalar(connection, select(func.count()).select_from(s).where(*where)),
        "speakers": _scalar(
            connection, select(func.count(s.speaker_entity_id.distinct())).where(*where)
        ),
        "entities": _scalar(connection, select(func.count()).select_from(e)),
        "corroborated": _scalar(
            connection,
            select(func.count(s.cluster_id.distinct())).where(
                *where,
                s.cluster_id.in_(
                    select(m.StatementCluster.id).where(m.StatementCluster.articles > 1)
                ),
            ),
        ),
        "ingest_errors": _scalar(connection, select(func.count()).select_from(m.IngestFailure)),
    }
    top_speakers = [
        (name, kb_id, n, articles)
        for name, kb_id, n, articles in connection.execute(
            scoped(
                select(e.name, e.kb_id, func.count(s.id), func.count(s.article_id.distinct()))
                .join(e, e.id == s.speaker_entity_id)
                .group_by(e.id, e.name, e.kb_id)
                .order_by(func.count(s.id).desc(), e.name)
                .limit(top)
            )
        )
    ]
    outlet = func.coalesce(a.outlet, "(unknown outlet)")
    # Resting on an anonymous source anywhere in the chain, whatever the certainty (a
    # hedged statement relayed from "people familiar" rests on them too).
    relayed = s.id.in_(select(m.Source.statement_id).where(m.Source.type == "anonymous"))
    anonymous = func.sum(case((relayed, 1), else_=0))
    outlets = [
        (name, int(n), int(anon or 0))
        for name, n, anon in connection.execute(
            scoped(
                select(outlet, func.count(s.id), anonymous)
                .join(a, a.id == s.article_id)
                .group_by(outlet)
                .order_by(func.count(s.id).desc(), outlet)
            )
        )
    ]
    per_day = [
        (day, int(n))
        for day, n in connection.execute(
            scoped(
                select(a.published_date, func.count(s.id))
                .join(a, a.id == s.article_id)
                .where(a.published_date.is_not(None))
                .group_by(a.published_date)
                .order_by(a.published_date)
            )
        )
    ]
    return Stats(counts, top_speakers, outlets, per_day)


def _statements(where: list[ColumnElement[bool]], full: bool = False) -> Query:
    s, a, c = m.Statement, m.Article, m.StatementCluster
    speaker, addressee = aliased(m.Entity), aliased(m.Entity)
    columns: list[Any] = [
        s.id,
        func.coalesce(speaker.name, s.speaker_text).label("speaker"),
        speaker.kb_id.label("speaker_kb_id"),
        func.coalesce(addressee.name, s.addressee_text).label("addressee"),
        s.content.label("quote"),
        s.kind,
        s.cue_text.label("cue"),
        s.said_on,
        s.said_start,
        s.said_end,
        s.certainty,
        s.act,
        s.confidence,
        s.chain.label("sourcing"),
        a.outlet,
        a.title,
        a.published,
        a.url,
        s.article_id,
        func.coalesce(c.articles, 1).label("corroboration"),
        c.outlets.label("outlets"),
    ]
    if full:
        columns += [
            s.local_id,
            s.speaker_text,
            s.speaker_start,
            s.speaker_end,
            s.addressee_text,
            s.cue_start,
            s.cue_end,
            s.content_spans,
            s.said_via,
            s.cluster_id,
            a.key.label("article_key"),
        ]
    return (
        select(*columns)
        .join(a, a.id == s.article_id)
        .outerjoin(speaker, speaker.id == s.speaker_entity_id)
        .outerjoin(addressee, addressee.id == s.addressee_entity_id)
        .outerjoin(c, c.id == s.cluster_id)
        .where(*where)
    )


def _statement_conditions(connection: Connection, filters: Filters) -> list[ColumnElement[bool]]:
    s, se = m.Statement, m.StatementEntity
    where: list[ColumnElement[bool]] = []
    if filters.query and fts_query(filters.query):
        where.append(_matches(connection, filters.query))
    for role, name in (("speaker", filters.speaker), ("about", filters.about)):
        if name:
            where.append(
                s.id.in_(
                    select(se.statement_id).where(
                        se.role == role, se.entity_id.in_(entity_ids(connection, name))
                    )
                )
            )
    if filters.outlet:
        where.append(
            s.article_id.in_(
                select(m.Article.id).where(func.lower(m.Article.outlet) == filters.outlet.lower())
            )
        )
    if filters.since:
        where.append(s.said_end >= filters.since)
    if filters.until:
        where.append(s.said_start <= filters.until)
    if filters.certainty:
        where.append(s.certainty == filters.certainty)
    if filters.acts:
        chosen = s.act.in_(filters.acts)
        where.append(or_(chosen, s.act.is_(None)) if "speech" in filters.acts else chosen)
    if filters.min_confidence is not None:
        where.append(or_(s.confidence >= filters.min_confidence, s.confidence.is_(None)))
    return where


def _matches(connection: Connection, query: str) -> ColumnElement[bool]:
    if connection.dialect.name == "sqlite":
        return m.Statement.id.in_(
            select(text("rowid"))
            .select_from(text("statements_fts"))
            .where(text("statements_fts MATCH :fts").bindparams(fts=fts_query(query)))
        )
    condition = literal_column("statements.content_tsv").bool_op("@@")(
        func.websearch_to_tsquery(_ENGLISH, query)
    )
    # PostgreSQL plans "newest first, 20 rows" as a walk back over the ids that tests every
    # row, which for a rare word reads the whole table (seconds on a million statements).
    # So look first: when few statements match, hand it their ids; when many do, the walk
    # back finds 20 of them soon.
    # A phrase's word order is checked row by row, which the index cannot do: probing for
    # a phrase of common words read the whole table. Probe for its words instead (a
    # superset, unless a term is negated or OR-ed) and check the order on what they find.
    words = '"' in query and not _NEGATED_OR_ORED.search(query)
    probe = (
        literal_column("statements.content_tsv").bool_op("@@")(
            func.plainto_tsquery(_ENGLISH, query)
        )
        if words
        else condition
    )
    found = connection.execute(select(m.Statement.id).where(probe).limit(_PROBE + 1))
    ids = list(found.scalars())
    if len(ids) > _PROBE:
        return condition
    return and_(m.Statement.id.in_(ids), condition) if words else m.Statement.id.in_(ids)


def entity_ids(connection: Connection, name: str) -> list[int]:
    """The entities a filter on ``name`` means: ``#12`` (the ledger's entity 12), a
    Wikidata id, else of the entities :func:`entity_matches` finds by name the one quoted
    most ("Trump" is Donald Trump, not an unlinked "Trump" quoted twice), else every
    entity whose name holds ``name``."""
    found, by_name = _named(connection, name)
    if not by_name or len(found) < 2:
        return found
    return _most_quoted(found, _statements_by(connection, found))


def _most_quoted(ids: list[int], said: dict[int, int]) -> list[int]:
    """Of ``ids``, the ones that made the most statements (``said``); all of them when
    none made any."""
    most = max(said.values(), default=0)
    return [i for i in ids if said.get(i, 0) == most] if most else ids


def entity_matches(connection: Connection, name: str) -> list[tuple[int, int]]:
    """Every entity ``name`` may mean, as ``(id, statements it made)``, the most quoted
    first: those :func:`entity_ids` chooses from."""
    found, _ = _named(connection, name)
    said = _statements_by(connection, found)
    return sorted(((i, said.get(i, 0)) for i in found), key=lambda pair: (-pair[1], pair[0]))


@dataclass(frozen=True, slots=True)
class Choice:
    """An entity a name may mean, with how many statements it made."""

    id: int
    name: str
    kb_id: str | None
    statements: int
    #: Whether a filter on the name means this one (see :func:`entity_ids`).
    chosen: bool


def choices(connection: Connection, name: str) -> list[Choice]:
    """The entities a filter on ``name`` chooses from when ``name`` is a name (not an id),
    most quoted first, each saying whether :func:`entity_ids` chooses it."""
    found, by_name = _named(connection, name)
    if not by_name:
        return []
    said = _statements_by(connection, found)
    chosen = set(_most_quoted(found, said))
    rows = connection.execute(
        select(m.Entity.id, m.Entity.name, m.Entity.kb_id).where(m.Entity.id.in_(found))
    ).all()
    return sorted(
        (Choice(r.id, r.name, r.kb_id, said.get(r.id, 0), r.id in chosen) for r in rows),
        key=lambda c: (-c.statements, c.id),
    )


def _named(connection: Connection, name: str) -> tuple[list[int], bool]:
    """The entities ``name`` names, and whether by name (not by id or by part of a name):
    those called so, or whose name ends with it (a surname: "Trump" for "Donald Trump"),
    and those linked to a knowledge-base entry with that name, alias or surname
    ("Donald J. Trump")."""
    e = m.Entity
    given = name.strip()
    if _LEDGER_ID.match(given):
        # A number past the ids a row can have names no entity (and would overflow).
        return ([found] if m.is_row_id(found := int(given[1:])) else []), False
    if _QID.match(given):
        return list(connection.execute(select(e.id).where(e.kb_id == given)).scalars()), False
    wanted = given.lower()
    lowered = func.lower(e.name)
    named = or_(lowered == wanted, lowered.endswith(" " + wanted))
    qids = _kb_ids(given)
    if qids:
        named = or_(named, e.kb_id.in_(qids))
    ids = list(connection.execute(select(e.id).where(named).order_by(e.id)).scalars())
    if ids:
        return ids, True
    return list(connection.execute(select(e.id).where(lowered.contains(wanted))).scalars()), False


def _kb_ids(name: str) -> list[str]:
    """The Wikidata ids of the knowledge base's entries called ``name`` (by name or
    alias) and, for one word, of the people with that surname."""
    kb = _knowledge_base()
    entries = kb.lookup(name)
    if len(name.split()) == 1:
        entries = [*entries, *kb.people_with_surname(name)]
    return sorted({entry.qid for entry in entries if entry.qid})


@cache
def _knowledge_base() -> KnowledgeBase:
    # The shipped one: the ledger's entities carry the Wikidata ids it linked at ingest.
    return KnowledgeBase.load()


def _statements_by(connection: Connection, ids: list[int]) -> dict[int, int]:
    """How many statements each of ``ids`` made (as speaker)."""
    se = m.StatementEntity
    rows = connection.execute(
        select(se.entity_id, func.count())
        .where(se.role == "speaker", se.entity_id.in_(ids))
        .group_by(se.entity_id)
    )
    return {int(i): int(n) for i, n in rows}


def _articles(connection: Connection, filters: Filters) -> Query:
    a = m.Article
    query = select(
        a.id,
        a.key,
        a.record_id,
        a.url,
        a.source,
        a.title,
        a.outlet,
        a.authors,
        a.published,
        a.published_from,
        a.language,
        a.sourcing,
        a.text,
    ).order_by(a.id)
    statement_filters = Filters(**{n: getattr(filters, n) for n in filters.given if n != "outlet"})
    if statement_filters.given:
        where = _statement_conditions(connection, statement_filters)
        query = query.where(a.id.in_(select(m.Statement.article_id).where(*where)))
    if filters.outlet:
        query = query.where(func.lower(a.outlet) == filters.outlet.lower())
    return query


def _actions(connection: Connection, what: str, filters: Filters) -> Query:
    unsupported = [n for n in filters.given if n in ("query", "certainty")]
    if unsupported:
        raise ConfigError(f"--{unsupported[0]} does not apply to {what}")
    table = m.Event if what == "events" else m.Commitment
    a = m.Article
    actor = aliased(m.Entity)
    columns = [c for c in table.__table__.c if c.name != "data"]
    query = (
        select(*columns, actor.name.label("actor"), a.outlet, a.title, a.url, table.data)
        .join(a, a.id == table.article_id)
        .outerjoin(actor, actor.id == table.actor_entity_id)
        .order_by(table.id)
    )
    start = m.Event.when_start if what == "events" else m.Commitment.deadline_start
    end = m.Event.when_end if what == "events" else m.Commitment.deadline_end
    if filters.speaker:
        query = query.where(table.actor_entity_id.in_(entity_ids(connection, filters.speaker)))
    if filters.about:
        ids = entity_ids(connection, filters.about)
        targets = [table.actor_entity_id.in_(ids)]
        if what == "events":
            targets.append(m.Event.target_entity_id.in_(ids))
        query = query.where(or_(*targets))
    if filters.outlet:
        query = query.where(func.lower(a.outlet) == filters.outlet.lower())
    if filters.since:
        query = query.where(end >= filters.since)
    if filters.until:
        query = query.where(start <= filters.until)
    return query


@dataclass(frozen=True)
class TrackedCommitment:
    """A commitment as the ledger tracks it across articles: where it was first reported,
    its current deadline and status as of a date, and every step with its evidence."""

    id: int
    kind: str
    by: str | None
    by_country: str | None
    to: str | None
    to_country: str | None
    action: str
    condition: str | None
    made_on: str | None
    title: str | None
    outlet: str | None
    url: str | None
    deadline: str | None
    deadline_start: str | None
    deadline_end: str | None
    status: str
    countdown: int | None
    steps: list[dict[str, Any]]


def commitments(
    connection: Connection,
    actor: str | None = None,
    status: str | None = None,
    as_of: str | None = None,
    limit: int | None = None,
) -> tuple[str | None, list[TrackedCommitment]]:
    """The ledger's commitments, soonest deadline first, with their histories.

    ``as_of`` (default: the newest publication date in the ledger) is the day the ledger is
    read as of: only steps reported by then count, an open commitment whose deadline ended
    before it is ``due``, and ``countdown`` is the days from it to the deadline's last day
    (negative once passed). ``actor`` is a name, part of one or a Wikidata id, matched
    against whoever made the commitment or is bound by it.
    """
    if status is not None and status not in STATUSES:
        raise ConfigError(f"unknown status {status!r}: choose from {', '.join(STATUSES)}")
    if as_of is None:
        as_of = connection.execute(select(func.max(m.Article.published_date))).scalar()
    c, s, a = m.Commitment, m.CommitmentStep, m.Article
    maker = aliased(m.Entity)
    # What was reported by then: later steps, and commitments made later, are not known yet.
    known = or_(s.reported_on.is_(None), s.reported_on <= as_of) if as_of else true()
    last = (
        select(s.commitment_id, func.max(s.position).label("position"))
        .where(known)
        .group_by(s.commitment_id)
        .subquery()
    )
    current = aliased(m.CommitmentStep)
    query = (
        select(
            c.id,
            c.kind,
            c.text,
            c.data,
            maker.name,
            maker.country,
            a.published_date,
            a.title,
            a.outlet,
            a.url,
            current.status,
            current.deadline_value,
            current.deadline_start,
            current.deadline_end,
        )
        .join(last, last.c.commitment_id == c.id)
        .join(
            current,
            (current.commitment_id == c.id) & (current.position == last.c.position),
        )
        .join(a, a.id == c.article_id)
        .outerjoin(maker, maker.id == c.actor_entity_id)
        .order_by(current.deadline_end.is_(None), current.deadline_end, c.id)
    )
    if actor:
        ids = entity_ids(connection, actor)
        query = query.where(
            or_(
                c.actor_entity_id.in_(ids),
                c.id.in_(
                    select(s.commitment_id)
                    .join(m.CommitmentUpdate, m.CommitmentUpdate.id == s.update_id)
                    .where(m.CommitmentUpdate.target_entity_id.in_(ids))
                ),
            )
        )
    found = []
    for row in connection.execute(query):
        now = _status_as_of(row.status, row.deadline_end, as_of)
        if status is not None and now != status:
            continue
        data = row.data
        found.append(
            TrackedCommitment(
                id=row.id,
                kind=row.kind,
                by=row.name or (data.get("by") or {}).get("text"),
                by_country=row.country,
                to=(data.get("to") or {}).get("text"),
                to_country=(data.get("to") or {}).get("country"),
                action=row.text,
                condition=(data.get("condition") or {}).get("text"),
                made_on=row.published_date,
                title=row.title,
                outlet=row.outlet,
                url=row.url,
                deadline=row.deadline_value,
                deadline_start=row.deadline_start,
                deadline_end=row.deadline_end,
                status=now,
                countdown=_countdown(row.deadline_end, as_of),
                steps=[],
            )
        )
        if limit is not None and len(found) >= limit:
            break
    steps = _steps(connection, [t.id for t in found], as_of)
    for tracked in found:
        tracked.steps.extend(steps.get(tracked.id, []))
    return as_of, found


def _steps(
    connection: Connection, ids: list[int], as_of: str | None
) -> dict[int, list[dict[str, Any]]]:
    s, a = m.CommitmentStep, m.Article
    known = or_(s.reported_on.is_(None), s.reported_on <= as_of) if as_of else true()
    out: dict[int, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), 500):
        query = (
            select(
                s.commitment_id,
                s.position,
                s.step,
                s.status,
                s.reported_on,
                s.deadline_value,
                s.deadline_start,
                s.deadline_end,
                s.text,
                s.start,
                s.end,
                s.rule,
                s.article_id,
                a.title,
                a.outlet,
                a.url,
                a.key,
            )
            .join(a, a.id == s.article_id)
            .where(s.commitment_id.in_(ids[start : start + 500]), known)
            .order_by(s.commitment_id, s.position)
        )
        for row in connection.execute(query):
            step = dict(row._mapping)
            out.setdefault(step.pop("commitment_id"), []).append(step)
    return out


def _status_as_of(status: str, deadline_end: str | None, as_of: str | None) -> str:
    if status in ("open", "extended") and deadline_end and as_of and deadline_end < as_of:
        return "due"
    return status


def _countdown(deadline_end: str | None, as_of: str | None) -> int | None:
    if not deadline_end or not as_of:
        return None
    return (date.fromisoformat(deadline_end[:10]) - date.fromisoformat(as_of[:10])).days


def _scalar(connection: Connection, query: Query) -> int:
    return int(connection.execute(query).scalar_one() or 0)
