"""Writing records into the ledger.

:func:`save` stores a batch of :class:`~onrecord.records.Record` objects in the caller's
transaction. An article already in the ledger (same key) is deleted first, its derived rows
with it, so a re-ingest after an extractor upgrade replaces the old reading whole or not at
all. Every object is stored the same way: its ``onrecord/1`` JSON (``data``) and the
columns queries, exports and Datasette read. Rows are linked across articles by the keys
of :mod:`onrecord.link.keys`: entities, and statement clusters, whose corroboration count
and outlets are recomputed for every cluster a batch touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from onrecord.link.keys import article_key, cluster_key, content_hash, entity_key
from onrecord.records import (
    Commitment,
    Entity,
    Event,
    Party,
    Record,
    Statement,
    Time,
    Update,
    to_json,
)
from onrecord.store import models as m
from onrecord.store import tracking

__all__ = ["forget_errors", "record_errors", "save", "stored"]

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
    """Store ``records`` (replacing earlier readings of the same articles); their row ids."""
    touched: set[int] = set()
    actors: set[int] = set()
    ids = [_save_one(connection, record, extractor, touched, actors) for record in records]
    _refresh_clusters(connection, touched)
    tracking.track(connection, actors | tracking.affected(connection, ids), ids)
    return ids


def record_errors(connection: Connection, errors: Iterable[tuple[str, str, str]]) -> None:
    """Record ``(source, reason, stage)`` failures, one row per source with a running count.

    A lone surrogate in a source or reason (a name from the command line that is not
    UTF-8, quoted in a message) is stored as its ``\\udcxx`` escape: the row about a bad
    input must not fail to be written because of it.
    """
    now = datetime.now(UTC)
    for source, reason, stage in ((_storable(s), _storable(r), t) for s, r, t in errors):
        statement = _insert(connection, m.IngestFailure).values(
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
    article = record.article
    key = article_key(article.url, article.text)
    old = connection.execute(select(m.Article.id).where(m.Article.key == key)).scalar()
    if old is not None:
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
    article_json = to_json(article)
    assert isinstance(article_json, dict)
    del article_json["text"]
    article_id: int = connection.execute(
        _insert(connection, m.Article)
        .values(
            # A new reading keeps the article's id, so links to it (/articles/12) hold.
            **({"id": old} if old is not None else {}),
            key=key,
            content_hash=content_hash(article.text),
            record_id=article.id,
            url=article.url,
            source=article.source,
            title=article.title,
            outlet=article.outlet,
            authors=list(article.authors),
            published=article.published,
            published_date=article.published_date,
            published_from=article.published_from,
            updated=article.updated,
            language=article.language,
            text=article.text,
            regions=article_json["regions"],
            warnings=list(record.warnings),
            sourcing=record.sourcing.summary if record.sourcing else None,
            data={"article": article_json, "sourcing": to_json(record.sourcing)},
            extractor=extractor,
            ingested_at=datetime.now(UTC),
        )
        .returning(m.Article.id)
    ).scalar_one()
    entities = _save_entities(connection, article_id, article.text, record.entities)
    _save_times(connection, article_id, record.times)
    statements = _save_statements(connection, article_id, record, entities, touched)
    _save_events(connection, article_id, record.events, entities)
    _save_commitments(connection, article_id, record.commitments, entities, statements)
    _save_updates(connection, article_id, record.updates, entities)
    return article_id


def _save_entities(
    connection: Connection, article_id: int, text: str, entities: Sequence[Entity]
) -> dict[str, tuple[int, str]]:
    """Link the article's entities; ``local id → (entity row id, entity key)``."""
    keys = {e.id: entity_key(e) for e in entities}
    rows = {
        keys[e.id]: {
            "key": keys[e.id],
            "kb_id": e.kb_id,
            "name": e.name,
            "type": e.type,
            "category": e.category,
            "country": e.country,
        }
        for e in entities
    }
    if rows:
        connection.execute(
            _insert(connection, m.Entity).on_conflict_do_nothing(index_elements=["key"]),
            list(rows.values()),
        )
    ids: dict[str, int] = {}
    for chunk in _chunks(list(rows)):
        ids.update(
            connection.execute(
                select(m.Entity.key, m.Entity.id).where(m.Entity.key.in_(chunk))
            ).all()
        )
    local = {e.id: (ids[keys[e.id]], keys[e.id]) for e in entities}
    if not entities:
        return local
    article_entity_ids = _insert_returning(
        connection,
        m.ArticleEntity,
        [
            {
                "article_id": article_id,
                "local_id": e.id,
                "entity_id": local[e.id][0],
                "name": e.name,
                "role": e.role,
                "titles": list(e.titles),
                "data": to_json(e),
            }
            for e in entities
        ],
    )
    mentions = [
        {
            "article_id": article_id,
            "article_entity_id": row_id,
            "entity_id": local[e.id][0],
            "start": start,
            "end": end,
            "text": text[start:end],
        }
        for e, row_id in zip(entities, article_entity_ids, strict=True)
        for start, end in e.mentions
    ]
    if mentions:
        connection.execute(insert(m.Mention), mentions)
    return local


def _save_times(connection: Connection, article_id: int, times: Sequence[Time]) -> None:
    if not times:
        return
    connection.execute(
        insert(m.Time),
        [
            {
                "article_id": article_id,
                "local_id": t.id,
                "text": t.text,
                "start": t.span[0],
                "end": t.span[1],
                "type": t.type,
                "value": t.value,
                "mod": t.mod,
                "range_start": t.range[0] if t.range else None,
                "range_end": t.range[1] if t.range else None,
                "anchor": t.anchor,
                "data": to_json(t),
            }
            for t in times
        ],
    )


def _save_statements(
    connection: Connection,
    article_id: int,
    record: Record,
    entities: dict[str, tuple[int, str]],
    touched: set[int],
) -> dict[str, int]:
    """Store the statements and what hangs off them; ``local id → statement row id``."""
    statements = record.statements
    if not statements:
        return {}
    clusters = _link_clusters(connection, statements, entities)
    touched.update(c for c in clusters.values() if c is not None)
    rows = []
    for s in statements:
        said = s.said_on
        said_range = (said.range if said else None) or (None, None)
        rows.append(
            {
                "article_id": article_id,
                "local_id": s.id,
                "kind": s.kind,
                **_party_columns("speaker", s.speaker, entities),
                **_party_columns("addressee", s.addressee, entities),
                "cue_text": s.cue.text,
                "cue_start": s.cue.start,
                "cue_end": s.cue.end,
                "content": s.content.text,
                "content_spans": [list(span) for span in s.content.spans],
                "said_on": said.value if said else None,
                "said_start": said_range[0],
                "said_end": said_range[1],
                "said_via": said.via if said else None,
                "certainty": s.certainty,
                "act": s.act,
                "confidence": s.confidence,
                "chain": " → ".join(source.text for source in s.sources),
                "cluster_id": clusters[s.id],
                "data": to_json(s),
            }
        )
    ids = dict(
        zip(
            (s.id for s in statements),
            _insert_returning(connection, m.Statement, rows),
            strict=True,
        )
    )
    sources = [
        {
            "statement_id": ids[s.id],
            "position": position,
            "text": source.text,
            "start": source.span[0] if source.span else None,
            "end": source.span[1] if source.span else None,
            "type": source.type,
            "entity_id": _entity_id(entities, source.entity),
            "description": source.description,
        }
        for s in statements
        for position, source in enumerate(s.sources)
    ]
    hedges = [
        {
            "statement_id": ids[s.id],
            "text": hedge.text,
            "start": hedge.span[0],
            "end": hedge.span[1],
        }
        for s in statements
        for hedge in s.hedges
    ]
    involved = _involvement(statements, record.entities, entities, ids)
    for model, values in ((m.Source, sources), (m.Hedge, hedges), (m.StatementEntity, involved)):
        if values:
            connection.execute(insert(model), values)
    return ids


def _party_columns(
    role: str, party: Party | None, entities: dict[str, tuple[int, str]]
) -> dict[str, Any]:
    return {
        f"{role}_text": party.text if party else None,
        f"{role}_start": party.span[0] if party else None,
        f"{role}_end": party.span[1] if party else None,
        f"{role}_entity_id": _entity_id(entities, party.entity if party else None),
    }


def _link_clusters(
    connection: Connection,
    statements: Sequence[Statement],
    entities: dict[str, tuple[int, str]],
) -> dict[str, int | None]:
    """The cluster of each statement whose speaker is a known entity, creating new ones."""
    keys: dict[str, str] = {}
    rows: dict[str, dict[str, Any]] = {}
    for s in statements:
        speaker = s.speaker.entity if s.speaker else None
        if speaker not in entities or not s.content.text.strip():
            continue
        entity_id, speaker_key = entities[speaker]
        key = keys[s.id] = cluster_key(speaker_key, s.content.text)
        rows.setdefault(
            key,
            {
                "key": key,
                "speaker_entity_id": entity_id,
                "content": s.content.text,
                "articles": 0,
                "outlets": [],
            },
        )
    found: dict[str, int] = {}
    if rows:
        connection.execute(
            _insert(connection, m.StatementCluster).on_conflict_do_nothing(index_elements=["key"]),
            list(rows.values()),
        )
        found = dict(
            connection.execute(
                select(m.StatementCluster.key, m.StatementCluster.id).where(
                    m.StatementCluster.key.in_(list(rows))
                )
            ).all()
        )
    return {s.id: found[keys[s.id]] if s.id in keys else None for s in statements}


def _involvement(
    statements: Sequence[Statement],
    record_entities: Sequence[Entity],
    entities: dict[str, tuple[int, str]],
    ids: dict[str, int],
) -> list[dict[str, Any]]:
    """Speaker, addressee and ``about`` rows: an entity is about a statement when one of
    its mentions lies inside the statement's content."""
    rows: dict[tuple[int, int, str], None] = {}
    for s in statements:
        for role, party in (("speaker", s.speaker), ("addressee", s.addressee)):
            local = party.entity if party else None
            if local in entities:
                rows[(ids[s.id], entities[local][0], role)] = None
        for entity in record_entities:
            if any(
                start <= m_start and m_end <= end
                for m_start, m_end in entity.mentions
                for start, end in s.content.spans
            ):
                rows[(ids[s.id], entities[entity.id][0], "about")] = None
    return [{"statement_id": sid, "entity_id": eid, "role": role} for sid, eid, role in rows]


def _save_events(
    connection: Connection,
    article_id: int,
    events: Sequence[Event],
    entities: dict[str, tuple[int, str]],
) -> None:
    if not events:
        return
    rows = []
    for event in events:
        when_range = (event.when.range if event.when else None) or (None, None)
        rows.append(
            {
                "article_id": article_id,
                "local_id": event.id,
                "category": event.type,
                "mode": event.mode,
                "text": event.evidence.text,
                "start": event.evidence.start,
                "end": event.evidence.end,
                "actor_entity_id": _party_entity(entities, event.actor),
                "target_entity_id": _party_entity(entities, event.target),
                "when_value": event.when.value if event.when else None,
                "when_start": when_range[0],
                "when_end": when_range[1],
                "data": to_json(event),
            }
        )
    connection.execute(insert(m.Event), rows)


def _save_commitments(
    connection: Connection,
    article_id: int,
    commitments: Sequence[Commitment],
    entities: dict[str, tuple[int, str]],
    statements: dict[str, int],
) -> None:
    if not commitments:
        return
    rows = []
    for commitment in commitments:
        deadline = commitment.deadline
        deadline_range = (deadline.range if deadline else None) or (None, None)
        rows.append(
            {
                "article_id": article_id,
                "local_id": commitment.id,
                "kind": commitment.kind,
                "statement_id": statements.get(commitment.statement or ""),
                "text": commitment.action.text,
                "start": commitment.action.start,
                "end": commitment.action.end,
                "actor_entity_id": _party_entity(entities, commitment.by),
                "deadline_value": deadline.value if deadline else None,
                "deadline_start": deadline_range[0],
                "deadline_end": deadline_range[1],
                "status": commitment.status,
                "data": to_json(commitment),
            }
        )
    connection.execute(insert(m.Commitment), rows)


def _save_updates(
    connection: Connection,
    article_id: int,
    updates: Sequence[Update],
    entities: dict[str, tuple[int, str]],
) -> None:
    if not updates:
        return
    rows = []
    for found in updates:
        deadline = found.deadline
        deadline_range = (deadline.range if deadline else None) or (None, None)
        happened = (found.when.range if found.when else None) or (None, None)
        rows.append(
            {
                "article_id": article_id,
                "local_id": found.id,
                "kind": found.kind,
                "noun": found.noun,
                "text": found.evidence.text,
                "start": found.evidence.start,
                "end": found.evidence.end,
                "actor_entity_id": _party_entity(entities, found.by),
                "target_entity_id": _party_entity(entities, found.to),
                "deadline_value": deadline.value if deadline else None,
                "deadline_start": deadline_range[0],
                "deadline_end": deadline_range[1],
                "when_end": happened[1],
                "data": to_json(found),
            }
        )
    connection.execute(insert(m.CommitmentUpdate), rows)


def _refresh_clusters(connection: Connection, clusters: set[int]) -> None:
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


def _insert(connection: Connection, model: type[m.Base]) -> Any:
    """An INSERT with the engine's ON CONFLICT clause available."""
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    return dialect.insert(model)


def _insert_returning(
    connection: Connection, model: type[m.Base], rows: list[dict[str, Any]]
) -> list[int]:
    """Insert ``rows`` in one round trip and return their new ids in the same order."""
    statement = insert(model).returning(model.__table__.c.id, sort_by_parameter_order=True)
    return [int(i) for i in connection.execute(statement, rows).scalars()]


def _entity_id(entities: dict[str, tuple[int, str]], local: str | None) -> int | None:
    return entities[local][0] if local in entities else None


def _party_entity(entities: dict[str, tuple[int, str]], party: Party | None) -> int | None:
    return _entity_id(entities, party.entity if party else None)


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
