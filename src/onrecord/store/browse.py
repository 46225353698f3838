"""Reading the ledger back in ``onrecord/1`` shapes: statements, articles, entities, events.

The web app and the HTTP API show what one article, one entity or one stretch of time holds.
Rows are turned back into the objects of the ``onrecord/1`` schema, with ledger ids in
place of an article's local ids: ``entity`` fields hold the ledger's entity id (as a
string), so a statement read from two articles names the same entity.

Lists are newest first by date and page both ways by keyset (see
:mod:`~onrecord.store.paging`): statements by the day said, else published; articles by
the day published; events by their day, else published; entities newest known first.
Each page says how many rows match, counted up to a bound.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select, true
from sqlalchemy.orm import aliased

from onrecord.records import (
    Commitment,
    Entity,
    Event,
    Statement,
    Time,
    from_json,
    json_object,
    relink,
    to_json,
)
from onrecord.store import models as m
from onrecord.store import paging
from onrecord.store.paging import FIRST, Column, Page, Part, Seek
from onrecord.store.query import Filters, Query, entity_ids, entity_matches, search_page

__all__ = [
    "COUNT_UP_TO",
    "ArticleRef",
    "StoredStatement",
    "article",
    "articles",
    "entities",
    "entity",
    "events",
    "profile",
    "statement_records",
    "statements",
    "timeline",
    "timeline_total",
]


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """The article a statement was read from, as a card names it."""

    id: int
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class StoredStatement:
    """A statement read back from the ledger: the :class:`~onrecord.records.Statement` as
    stored, with the ledger's ids (its own and its entities'), its article, its sourcing
    chain written out and how many articles and outlets carried the same words."""

    statement: Statement
    article: ArticleRef
    chain: str
    corroboration: int
    outlets: tuple[str, ...]
    #: The ledger's names of the entities its speaker and addressee stand for, by id: a
    #: "he" is shown with who he is.
    names: Mapping[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The statement's ledger id."""
        return self.statement.id

    def to_json(self) -> dict[str, Any]:
        """The ``onrecord/1`` statement object with ``chain``, ``article``,
        ``corroboration``, ``outlets`` and ``names`` added."""
        return {
            **json_object(self.statement),
            "chain": self.chain,
            "article": to_json(self.article),
            "corroboration": self.corroboration,
            "outlets": list(self.outlets),
            "names": dict(self.names),
        }


#: Lists count their matching rows up to this many unless told otherwise.
COUNT_UP_TO = 1000


def statements(
    connection: Connection,
    filters: Filters,
    *,
    limit: int = 20,
    seek: Seek = FIRST,
    up_to: int = COUNT_UP_TO,
) -> Page[StoredStatement]:
    """The page ``seek`` asks for of the statements matching ``filters``, newest first by
    the day they were said, else the day their article was published (then by id)."""
    found = search_page(connection, filters, limit=limit, seek=seek, up_to=up_to)
    records = statement_records(connection, [r["id"] for r in found.items])
    return Page(
        [records[r["id"]] for r in found.items], found.newer, found.older, found.count, found.more
    )


def statement_records(connection: Connection, ids: Sequence[int]) -> dict[int, StoredStatement]:
    """``id → statement`` for the statements ``ids``, read from their stored JSON."""
    if not ids:
        return {}
    s, a, c = m.Statement, m.Article, m.StatementCluster
    rows = connection.execute(
        select(
            s.id,
            s.article_id,
            s.data,
            s.chain,
            a.title,
            a.outlet,
            a.published,
            a.url,
            c.articles,
            c.outlets,
        )
        .join(a, a.id == s.article_id)
        .outerjoin(c, c.id == s.cluster_id)
        .where(s.id.in_(ids))
    ).all()
    local = _local_entities(connection, sorted({row.article_id for row in rows}))
    read = []
    for row in rows:
        data = relink(row.data, _refs(local.get(row.article_id, {})))
        assert isinstance(data, dict)
        read.append((row, from_json(Statement, {**data, "id": str(row.id)})))
    parties = {
        int(party.entity)
        for _, statement in read
        for party in (statement.speaker, statement.addressee)
        if party is not None and party.entity is not None
    }
    names = {
        str(entity_id): name
        for entity_id, name in connection.execute(
            select(m.Entity.id, m.Entity.name).where(m.Entity.id.in_(sorted(parties)))
        )
    }
    out = {}
    for row, statement in read:
        own = (statement.speaker, statement.addressee)
        out[row.id] = StoredStatement(
            statement=statement,
            article=ArticleRef(row.article_id, row.title, row.outlet, row.published, row.url),
            chain=row.chain,
            corroboration=row.articles or 1,
            outlets=tuple(row.outlets or ([row.outlet] if row.outlet else [])),
            names={p.entity: names[p.entity] for p in own if p and p.entity and p.entity in names},
        )
    return out


def article(connection: Connection, article_id: int) -> dict[str, Any] | None:
    """Everything the ledger read from one article: its text, entities with mentions,
    times, statements, events, commitments, a sourcing profile, its version number and how
    many versions are kept; None if unknown."""
    row = connection.execute(select(m.Article.__table__).where(m.Article.id == article_id)).first()
    if row is None:
        return None
    ae, e = m.ArticleEntity, m.Entity
    entity_rows = connection.execute(
        select(ae.entity_id, ae.data, e.name.label("canonical"))
        .outerjoin(e, e.id == ae.entity_id)
        .where(ae.article_id == article_id)
        .order_by(ae.id)
    ).all()
    # Each entity is shown under its ledger id and name, the one every article shares.
    found_entities = [
        {**json_object(from_json(Entity, r.data)), "id": _ref(r.entity_id), "name": r.canonical}
        for r in entity_rows
    ]
    times = [
        to_json(from_json(Time, data))
        for data in connection.scalars(
            select(m.Time.data).where(m.Time.article_id == article_id).order_by(m.Time.start)
        )
    ]
    ids = list(
        connection.scalars(
            select(m.Statement.id)
            .where(m.Statement.article_id == article_id)
            .order_by(m.Statement.cue_start)
        )
    )
    records = statement_records(connection, ids)
    found_statements = [records[i].to_json() for i in ids]
    v = m.ArticleVersion
    kept, latest = connection.execute(
        select(func.count(), func.max(v.number)).where(v.article_id == article_id)
    ).one()
    return {
        "id": row.id,
        "key": row.key,
        "url": row.url,
        "title": row.title,
        "outlet": row.outlet,
        "authors": row.authors,
        "published": row.published,
        "language": row.language,
        "text": row.text,
        "warnings": row.warnings,
        "sourcing": row.sourcing,
        "entities": found_entities,
        "times": times,
        "statements": found_statements,
        "events": _actions(connection, m.Event, [m.Event.article_id == article_id]),
        "commitments": _actions(connection, m.Commitment, [m.Commitment.article_id == article_id]),
        "profile": profile(found_statements),
        # The version this is, and how many are kept (see onrecord.store.versions).
        "version": latest or 1,
        "versions": max(kept, 1),
    }


def profile(found: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """How an article's statements are sourced: counts per certainty and per kind of
    source, and the share resting on an anonymous source anywhere in the chain."""
    found = list(found)
    certainty = Counter(s["certainty"] or "unattributed" for s in found)
    # The links the text spells out: the publishing outlet has no span.
    kinds = Counter(src["type"] for s in found for src in s["sources"] if src["span"])
    anonymous = sum(any(src["type"] == "anonymous" for src in s["sources"]) for s in found)
    return {
        "statements": len(found),
        "certainty": dict(certainty.most_common()),
        "sources": dict(kinds.most_common()),
        "anonymous": anonymous,
        "anonymous_share": anonymous / len(found) if found else 0.0,
    }


def entity(connection: Connection, entity_id: int) -> dict[str, Any] | None:
    """One entity: its ledger row, the names, roles and titles articles gave it, how many
    statements it made and was named in, and its statements per month said (or, when
    undated, published); None if unknown."""
    row = connection.execute(select(m.Entity.__table__).where(m.Entity.id == entity_id)).first()
    if row is None:
        return None
    ae, a = m.ArticleEntity, m.Article
    seen = connection.execute(
        select(ae.name, ae.role, ae.titles, a.published_date)
        .join(a, a.id == ae.article_id)
        .where(ae.entity_id == entity_id)
        .order_by(a.published_date.desc().nulls_last(), ae.id.desc())
        .limit(500)
    ).all()
    roles = Counter(r.role for r in seen if r.role)
    titles = Counter(t for r in seen for t in (r.titles or []))
    se, s = m.StatementEntity, m.Statement
    counts = dict(
        connection.execute(
            select(se.role, func.count()).where(se.entity_id == entity_id).group_by(se.role)
        ).all()
    )
    month = func.substr(func.coalesce(s.said_start, a.published_date), 1, 7)
    per_month = [
        (str(key), int(n))
        for key, n in connection.execute(
            select(month, func.count())
            .join(a, a.id == s.article_id)
            .where(s.speaker_entity_id == entity_id, month.is_not(None))
            .group_by(month)
            .order_by(month)
        )
    ]
    return {
        "id": row.id,
        "key": row.key,
        "kb_id": row.kb_id,
        "name": row.name,
        "type": row.type,
        "category": row.category,
        "country": row.country,
        "names": [n for n, _ in Counter(r.name for r in seen).most_common(8)],
        "roles": [r for r, _ in roles.most_common(5)],
        "titles": [t for t, _ in titles.most_common(5)],
        "articles": int(
            connection.execute(
                select(func.count(ae.article_id.distinct())).where(ae.entity_id == entity_id)
            ).scalar_one()
        ),
        "said": int(counts.get("speaker", 0)),
        "addressed": int(counts.get("addressee", 0)),
        "about": int(counts.get("about", 0)),
        "per_month": per_month,
    }


def entities(
    connection: Connection,
    *,
    query: str | None = None,
    type_: str | None = None,
    country: str | None = None,
    limit: int = 20,
    seek: Seek = FIRST,
    up_to: int = COUNT_UP_TO,
) -> Page[dict[str, Any]]:
    """A page of entities, newest known first (by id: an entity has no date of its own,
    and the articles that name it span years): ``query`` is a name, a surname, part of a
    name or a Wikidata id (every entity it may mean, not only the one a filter chooses)."""
    e = m.Entity
    select_ = select(e.id, e.name, e.type, e.kb_id, e.country, e.category)
    if query:
        select_ = select_.where(e.id.in_([i for i, _ in entity_matches(connection, query)]))
    if type_:
        select_ = select_.where(e.type == type_.upper())
    if country:
        select_ = select_.where(e.country == country.upper())
    found = _page(connection, select_, [Part(true(), None)], e.id, limit, seek, up_to)
    return _each(found, lambda row: {**row, "id": str(row["id"])})


def articles(
    connection: Connection,
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    seek: Seek = FIRST,
    up_to: int = COUNT_UP_TO,
) -> Page[dict[str, Any]]:
    """A page of articles (without their text) with their statement counts, newest first
    by the day published (then by id); undated articles last."""
    a = m.Article
    counted = (
        select(func.count())
        .where(m.Statement.article_id == a.id)
        .correlate(a)
        .scalar_subquery()
        .label("statements")
    )
    query = select(
        a.id, a.title, a.outlet, a.authors, a.published, a.url, a.language, a.sourcing, counted
    )
    if outlet:
        query = query.where(func.lower(a.outlet) == outlet.lower())
    if since:
        query = query.where(a.published_date >= since)
    if until:
        query = query.where(a.published_date <= until)
    parts = [
        Part(a.published_date.is_not(None), a.published_date),
        Part(a.published_date.is_(None), None),
    ]
    return _page(connection, query, parts, a.id, limit, seek, up_to)


def events(
    connection: Connection,
    *,
    actor: str | None = None,
    type_: str | None = None,
    mode: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    seek: Seek = FIRST,
    up_to: int = COUNT_UP_TO,
) -> Page[dict[str, Any]]:
    """A page of ``onrecord/1`` events, newest first by the day they happened (the start
    of ``when``), else the day their article was published, then by id; ``actor`` matches
    the actor or the target (a name, part of one, or a Wikidata id)."""
    e, a = m.Event, m.Article
    where: list[ColumnElement[bool]] = []
    if actor:
        ids = entity_ids(connection, actor)
        where.append(or_(e.actor_entity_id.in_(ids), e.target_entity_id.in_(ids)))
    if type_:
        where.append(e.category == type_.upper())
    if mode:
        where.append(e.mode == mode)
    if since:
        where.append(e.when_end >= since)
    if until:
        where.append(e.when_start <= until)
    query = select(e.id).join(a, a.id == e.article_id).where(*where)
    undated = e.when_start.is_(None)
    parts = [
        Part(e.when_start.is_not(None), e.when_start),
        Part(and_(undated, a.published_date.is_not(None)), a.published_date),
        Part(and_(undated, a.published_date.is_(None)), None),
    ]
    found = _page(connection, query, parts, e.id, limit, seek, up_to)
    ids = [row["id"] for row in found.items]
    read = {int(event["id"]): event for event in _actions(connection, e, [e.id.in_(ids)])}
    return _each(found, lambda row: read[row["id"]])


def _page(
    connection: Connection,
    query: Query,
    parts: Sequence[Part],
    id_: Column,
    limit: int,
    seek: Seek,
    up_to: int,
) -> Page[dict[str, Any]]:
    """The page of ``query`` that ``seek`` asks for (see :func:`paging.read`), counted."""
    rows, newer, older = paging.read(connection, query, parts, id_, limit, seek)
    found = paging.count(connection, query, id_, up_to)
    return Page(rows, newer, older, min(found, up_to), found > up_to)


def _each(
    page: Page[dict[str, Any]], shown: Callable[[dict[str, Any]], dict[str, Any]]
) -> Page[dict[str, Any]]:
    """``page`` with each row as ``shown`` makes it."""
    return Page([shown(row) for row in page.items], page.newer, page.older, page.count, page.more)


def timeline(
    connection: Connection,
    *,
    actor: str | None = None,
    until: str | None = None,
    limit: int = 400,
) -> list[dict[str, Any]]:
    """The latest ``limit`` dated events and statements, earliest first, each as ``kind``,
    ``start``, ``end`` (a range when the date is fuzzy), ``label``, ``text``,
    ``article_id`` and ``span``; ``actor`` keeps the ones they did, said, or were the
    target of, ``until`` the ones that start before that day."""
    event_query, statement_query = _timeline_queries(connection, actor, until)
    e, s = m.Event, m.Statement
    items = [
        {
            "kind": "event",
            "id": row.id,
            "label": f"{row.category}" + ("" if row.mode == "asserted" else f" ({row.mode})"),
            "who": row.name,
            "text": row.text,
            "value": row.when_value,
            "start": row.when_start,
            "end": row.when_end or row.when_start,
            "article_id": row.article_id,
            "span": [row.start, row.end],
            "source": row.outlet or row.title,
        }
        for row in connection.execute(event_query.order_by(e.when_start.desc()).limit(limit))
    ]
    items += [
        {
            "kind": "statement",
            "id": row.id,
            "label": row.kind,
            "who": row[8],
            "text": row.content,
            "value": row.said_on,
            "start": row.said_start,
            "end": row.said_end or row.said_start,
            "article_id": row.article_id,
            "span": row.content_spans[0] if row.content_spans else None,
            "source": row.outlet or row.title,
        }
        for row in connection.execute(statement_query.order_by(s.said_start.desc()).limit(limit))
    ]
    items.sort(key=lambda item: (item["start"], item["end"], item["kind"], item["id"]))
    return items[-limit:]


def timeline_total(
    connection: Connection, *, actor: str | None = None, until: str | None = None
) -> int:
    """How many dated events and statements :func:`timeline` chooses its latest from."""
    return sum(
        int(connection.execute(select(func.count()).select_from(q.subquery())).scalar_one())
        for q in _timeline_queries(connection, actor, until)
    )


def _timeline_queries(
    connection: Connection, actor: str | None, until: str | None
) -> tuple[Query, Query]:
    """The dated events and the dated statements of :func:`timeline`."""
    e, s, a = m.Event, m.Statement, m.Article
    actor_ = aliased(m.Entity)
    event_query = (
        select(
            e.id,
            e.category,
            e.mode,
            e.text,
            e.start,
            e.end,
            e.when_value,
            e.when_start,
            e.when_end,
            e.article_id,
            actor_.name,
            a.title,
            a.outlet,
        )
        .join(a, a.id == e.article_id)
        .outerjoin(actor_, actor_.id == e.actor_entity_id)
        .where(e.when_start.is_not(None))
    )
    statement_query = (
        select(
            s.id,
            s.kind,
            s.content,
            s.content_spans,
            s.said_on,
            s.said_start,
            s.said_end,
            s.article_id,
            func.coalesce(actor_.name, s.speaker_text),
            a.title,
            a.outlet,
        )
        .join(a, a.id == s.article_id)
        .outerjoin(actor_, actor_.id == s.speaker_entity_id)
        .where(s.said_start.is_not(None))
    )
    if actor:
        ids = entity_ids(connection, actor)
        event_query = event_query.where(
            or_(e.actor_entity_id.in_(ids), e.target_entity_id.in_(ids))
        )
        statement_query = statement_query.where(s.speaker_entity_id.in_(ids))
    if until:
        event_query = event_query.where(e.when_start < until)
        statement_query = statement_query.where(s.said_start < until)
    return event_query, statement_query


def _actions(
    connection: Connection,
    table: type[m.Event] | type[m.Commitment],
    where: Sequence[Any],
) -> list[dict[str, Any]]:
    """Events or commitments as their stored ``onrecord/1`` objects, read through their
    record class (so a row stored before a field was added reads with its default), ledger
    entity ids in place of the article's local ones, with the ledger ``id`` and
    ``article_id``, in text order."""
    kind: type[Event] | type[Commitment] = Event if table is m.Event else Commitment
    query = select(table.id, table.article_id, table.data).where(*where).order_by(table.id)
    rows = connection.execute(query).all()
    local = _local_entities(connection, sorted({row.article_id for row in rows}))
    out = []
    for row in rows:
        data = json_object(from_json(kind, relink(row.data, _refs(local.get(row.article_id, {})))))
        out.append(
            {**data, "id": str(row.id), "local_id": data["id"], "article_id": row.article_id}
        )
    return out


def _local_entities(connection: Connection, article_ids: list[int]) -> dict[int, dict[str, int]]:
    """``article id → {local entity id → ledger entity id}``."""
    out: dict[int, dict[str, int]] = defaultdict(dict)
    ae = m.ArticleEntity
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        for article_id, local_id, entity_id in connection.execute(
            select(ae.article_id, ae.local_id, ae.entity_id).where(ae.article_id.in_(chunk))
        ):
            if entity_id is not None:
                out[article_id][local_id] = entity_id
    return out


def _refs(local: dict[str, int]) -> dict[str, str]:
    """An article's local entity ids to the ledger's, as ``entity`` fields hold them."""
    return {key: str(value) for key, value in local.items()}


def _ref(entity_id: int | None) -> str | None:
    return None if entity_id is None else str(entity_id)
