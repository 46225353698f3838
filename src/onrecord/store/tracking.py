"""Commitments across articles, in the ledger: load what tracking needs, store its steps.

:func:`track` rebuilds ``commitment_steps`` for every commitment made by the actors a batch
touched, from everything the ledger holds about them, so the history does not depend on the
order articles arrive in. Which reports are the same commitment, and what each step does
to it, is decided by :mod:`onrecord.link.threads` over the typed records stored in each
row's ``data``; whether an ``open`` commitment is ``due`` by a date is decided when it is
read (:func:`onrecord.store.query.commitments`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Select, delete, insert, or_, select
from sqlalchemy.orm import aliased

from onrecord.link.threads import LINK_DAYS, Report, Thread, attach, history, threads
from onrecord.records import Commitment, Event, Statement, Update, from_json
from onrecord.store import models as m

__all__ = ["LINK_DAYS", "affected", "track"]


def affected(connection: Connection, article_ids: Iterable[int]) -> set[int]:
    """The actors (entity ids) whose commitments an article's rows may bear on: those who
    made its commitments and updates, its steps' commitments, and the makers of any
    commitment its asserted events may carry out (same actor or same country)."""
    ids = sorted(set(article_ids))
    if not ids:
        return set()
    c, u, s, e = m.Commitment, m.CommitmentUpdate, m.CommitmentStep, m.Event
    actors: set[int] = set()
    for statement in (
        select(c.actor_entity_id).where(c.article_id.in_(ids)),
        select(u.actor_entity_id).where(u.article_id.in_(ids)),
        select(c.actor_entity_id).join(s, s.commitment_id == c.id).where(s.article_id.in_(ids)),
    ):
        actors.update(a for (a,) in connection.execute(statement.distinct()) if a is not None)
    speakers = select(m.Statement.speaker_entity_id).where(m.Statement.article_id.in_(ids))
    actors.update(
        a
        for (a,) in connection.execute(
            select(c.actor_entity_id).where(c.actor_entity_id.in_(speakers)).distinct()
        )
        if a is not None
    )
    doers = select(e.actor_entity_id).where(
        e.article_id.in_(ids), e.mode == "asserted", e.actor_entity_id.is_not(None)
    )
    countries = select(m.Entity.country).where(m.Entity.id.in_(doers))
    maker = aliased(m.Entity)
    makers = (
        select(c.actor_entity_id)
        .join(maker, maker.id == c.actor_entity_id)
        .where(or_(c.actor_entity_id.in_(doers), maker.country.in_(countries)))
        .distinct()
    )
    actors.update(a for (a,) in connection.execute(makers) if a is not None)
    return actors


def track(connection: Connection, actors: Iterable[int], articles: Iterable[int] = ()) -> None:
    """Rebuild the history of every commitment made by ``actors``; commitments of
    ``articles`` whose maker is no known entity get a history of their own."""
    wanted = sorted(set(actors))
    found = threads(_commitments(connection, wanted, sorted(set(articles))))
    members = [r.row_id for t in found for r in t.members]
    for start in range(0, len(members), 500):
        chunk = members[start : start + 500]
        connection.execute(
            delete(m.CommitmentStep).where(
                or_(
                    m.CommitmentStep.commitment_id.in_(chunk),
                    m.CommitmentStep.version_id.in_(chunk),
                )
            )
        )
    if not found:
        return
    attach(
        found,
        updates=_updates(connection, wanted),
        events=_events(connection, found),
        statements=_statements(connection, found),
    )
    rows = [row for thread in found for row in history(thread)]
    if rows:
        connection.execute(insert(m.CommitmentStep), rows)


def _commitments(connection: Connection, actors: list[int], articles: list[int]) -> list[Report]:
    c, a, e = m.Commitment, m.Article, m.Entity
    unknown = c.actor_entity_id.is_(None) & c.article_id.in_(articles)
    query = (
        select(
            c.id,
            c.article_id,
            c.actor_entity_id.label("actor"),
            c.data,
            a.published_date,
            e.country.label("actor_country"),
        )
        .join(a, a.id == c.article_id)
        .outerjoin(e, e.id == c.actor_entity_id)
        .where(or_(c.actor_entity_id.in_(actors), unknown))
        .order_by(a.published_date, c.article_id, c.start)
    )
    found = _reports(connection, query, Commitment)
    made = [(r.article_id, r.item.event) for r in found if isinstance(r.item, Commitment)]
    categories = _categories(connection, made)
    for report, key in zip(found, made, strict=True):
        report.category = categories.get(key)
    return found


def _updates(connection: Connection, actors: list[int]) -> list[Report]:
    u, a = m.CommitmentUpdate, m.Article
    query = (
        select(u.id, u.article_id, u.actor_entity_id.label("actor"), u.data, a.published_date)
        .join(a, a.id == u.article_id)
        .where(u.actor_entity_id.in_(actors))
        .order_by(a.published_date, u.article_id, u.start)
    )
    return _reports(connection, query, Update)


def _events(connection: Connection, found: list[Thread]) -> list[Report]:
    """Asserted events of the categories, actors and time the threads could be carried out by."""
    wanted = [t for t in found if t.root.category]
    if not wanted:
        return []
    e, a = m.Event, m.Article
    actor, target = aliased(m.Entity), aliased(m.Entity)
    countries = {t.country for t in wanted if t.country}
    actors = {t.actor for t in wanted if t.actor is not None}
    query = (
        select(
            e.id,
            e.article_id,
            e.category,
            e.actor_entity_id.label("actor"),
            e.data,
            a.published_date,
            actor.country.label("actor_country"),
            target.country.label("target_country"),
        )
        .join(a, a.id == e.article_id)
        .join(actor, actor.id == e.actor_entity_id)
        .outerjoin(target, target.id == e.target_entity_id)
        .where(
            e.mode == "asserted",
            e.category.in_({t.root.category for t in wanted}),
            or_(e.actor_entity_id.in_(actors), actor.country.in_(countries)),
            a.published_date >= min(t.root.reported_on for t in wanted),
            a.published_date <= max(t.horizon for t in wanted),
        )
        .order_by(a.published_date, e.article_id, e.start)
    )
    return _reports(connection, query, Event)


def _statements(connection: Connection, found: list[Thread]) -> list[Report]:
    """Statements by the threads' makers within their horizons."""
    makers = {t.actor for t in found if t.actor is not None}
    if not makers:
        return []
    st, a = m.Statement, m.Article
    query = (
        select(st.id, st.article_id, st.speaker_entity_id.label("actor"), st.data, a.published_date)
        .join(a, a.id == st.article_id)
        .where(
            st.speaker_entity_id.in_(makers),
            a.published_date >= min(t.root.reported_on for t in found),
            a.published_date <= max(t.horizon for t in found),
        )
        .order_by(a.published_date, st.article_id, st.id)
    )
    return _reports(connection, query, Statement)


def _reports(
    connection: Connection,
    query: Select[Any],
    kind: type[Commitment] | type[Update] | type[Event] | type[Statement],
) -> list[Report]:
    """The rows of ``query`` (``id``, ``article_id``, ``actor``, ``data``, ``published_date``
    and, where it selects them, the countries and ``category``) as reports on records of
    ``kind``."""
    found = []
    for row in connection.execute(query):
        extra = row._mapping
        found.append(
            Report(
                item=from_json(kind, row.data),
                article_id=row.article_id,
                reported_on=row.published_date or "",
                row_id=row.id,
                actor=row.actor,
                actor_country=extra.get("actor_country"),
                target_country=extra.get("target_country"),
                category=extra.get("category"),
            )
        )
    return found


def _categories(
    connection: Connection, keys: list[tuple[int, str | None]]
) -> dict[tuple[int, str | None], str | None]:
    """The PLOVER category of each commitment's consequence event."""
    articles = sorted({article for article, local in keys if local})
    out: dict[tuple[int, str | None], str | None] = {}
    for start in range(0, len(articles), 500):
        chunk = articles[start : start + 500]
        query = select(m.Event.article_id, m.Event.local_id, m.Event.category).where(
            m.Event.article_id.in_(chunk)
        )
        out.update({(a, local): category for a, local, category in connection.execute(query)})
    return out
