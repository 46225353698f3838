"""The ledger's rows of one record as flat tables: the one definition of which column holds what.

:func:`rows` turns a :class:`~onrecord.records.Record` into the rows the ledger stores for
it, table by table, with every row id replaced by the stable keys of
:mod:`onrecord.link.keys`, so that rows made anywhere (``onrecord ingest``, a Spark job
writing Parquet) can be joined without a database:

- ``article_key`` names an article (on the ``articles`` row and on every row read from it);
- ``entity_key`` names an entity across articles (``speaker_entity_key``,
  ``actor_entity_key``, … for an entity in a role);
- ``cluster_key`` names a statement cluster;
- ``(article_key, local_id)`` names an article's statement, entity, time, event,
  commitment or update; a row that refers to one of its article's statements holds its
  ``statement_local_id``, a mention its entity's ``entity_local_id``.

Every row also holds ``pipeline``, the extractor that read the article.
:mod:`onrecord.store.write` stores these rows with the keys mapped to row ids, and
:mod:`onrecord.store.load` loads them from Parquet; :func:`ledger_column` says which
ledger column each flat column fills, :func:`refers_to` which table's row a key names.
:data:`TABLES` lists each table's columns with their kind (``int``, ``float``, ``str``, or
``json`` for lists and objects, which files hold as JSON text), in the order a table must
be loaded in; :data:`KEYS` the columns that name one row.
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa

from onrecord.link.keys import article_key, cluster_key, content_hash, entity_key
from onrecord.records import Entity, Party, Record, Statement, When, to_json

__all__ = [
    "ERRORS",
    "KEYS",
    "KINDS",
    "TABLES",
    "arrow_type",
    "ledger_column",
    "month",
    "refers_to",
    "rows",
]

Columns = tuple[tuple[str, str], ...]

#: The kinds a flat column can have.
KINDS = ("int", "float", "str", "json")
_ARROW = {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "json": pa.string()}


def arrow_type(kind: str) -> pa.DataType:
    """The Arrow type a column of ``kind`` has in Parquet (lists and objects as JSON text)."""
    return _ARROW[kind]


_PIPELINE = ("pipeline", "str")
_AT = (("start", "int"), ("end", "int"))


def _party(role: str) -> Columns:
    return (
        (f"{role}_text", "str"),
        (f"{role}_start", "int"),
        (f"{role}_end", "int"),
        (f"{role}_entity_key", "str"),
    )


#: Every flat table's columns as ``(name, kind)``, in load order (a table's keys name rows
#: of the tables before it). The names are the ledger's tables.
TABLES: dict[str, Columns] = {
    "articles": (
        ("article_key", "str"),
        ("content_hash", "str"),
        ("record_id", "str"),
        ("url", "str"),
        ("source", "str"),
        ("title", "str"),
        ("outlet", "str"),
        ("authors", "json"),
        ("published", "str"),
        ("published_date", "str"),
        ("published_from", "str"),
        ("updated", "str"),
        ("language", "str"),
        ("text", "str"),
        ("regions", "json"),
        ("warnings", "json"),
        ("sourcing", "str"),
        ("data", "json"),
        _PIPELINE,
    ),
    "entities": (
        ("entity_key", "str"),
        ("kb_id", "str"),
        ("name", "str"),
        ("type", "str"),
        ("category", "str"),
        ("country", "str"),
        _PIPELINE,
    ),
    "article_entities": (
        ("article_key", "str"),
        ("local_id", "str"),
        ("entity_key", "str"),
        ("name", "str"),
        ("role", "str"),
        ("titles", "json"),
        ("data", "json"),
        _PIPELINE,
    ),
    "mentions": (
        ("article_key", "str"),
        ("entity_local_id", "str"),
        ("entity_key", "str"),
        *_AT,
        ("text", "str"),
        _PIPELINE,
    ),
    "times": (
        ("article_key", "str"),
        ("local_id", "str"),
        ("text", "str"),
        *_AT,
        ("type", "str"),
        ("value", "str"),
        ("mod", "str"),
        ("range_start", "str"),
        ("range_end", "str"),
        ("anchor", "str"),
        ("data", "json"),
        _PIPELINE,
    ),
    "statement_clusters": (
        ("cluster_key", "str"),
        ("speaker_entity_key", "str"),
        ("content", "str"),
        _PIPELINE,
    ),
    "statements": (
        ("article_key", "str"),
        ("local_id", "str"),
        ("kind", "str"),
        *_party("speaker"),
        *_party("addressee"),
        ("cue_text", "str"),
        ("cue_start", "int"),
        ("cue_end", "int"),
        ("content", "str"),
        ("content_spans", "json"),
        ("said_on", "str"),
        ("said_start", "str"),
        ("said_end", "str"),
        ("said_via", "str"),
        ("day", "str"),
        ("certainty", "str"),
        ("act", "str"),
        ("confidence", "float"),
        ("chain", "str"),
        ("cluster_key", "str"),
        ("data", "json"),
        _PIPELINE,
    ),
    "statement_entities": (
        ("article_key", "str"),
        ("statement_local_id", "str"),
        ("entity_key", "str"),
        ("role", "str"),
        _PIPELINE,
    ),
    "sources": (
        ("article_key", "str"),
        ("statement_local_id", "str"),
        ("position", "int"),
        ("text", "str"),
        *_AT,
        ("type", "str"),
        ("entity_key", "str"),
        ("description", "str"),
        _PIPELINE,
    ),
    "hedges": (
        ("article_key", "str"),
        ("statement_local_id", "str"),
        ("text", "str"),
        *_AT,
        _PIPELINE,
    ),
    "events": (
        ("article_key", "str"),
        ("local_id", "str"),
        ("category", "str"),
        ("mode", "str"),
        ("text", "str"),
        *_AT,
        ("actor_entity_key", "str"),
        ("target_entity_key", "str"),
        ("when_value", "str"),
        ("when_start", "str"),
        ("when_end", "str"),
        ("data", "json"),
        _PIPELINE,
    ),
    "commitments": (
        ("article_key", "str"),
        ("local_id", "str"),
        ("kind", "str"),
        ("statement_local_id", "str"),
        ("text", "str"),
        *_AT,
        ("actor_entity_key", "str"),
        ("deadline_value", "str"),
        ("deadline_start", "str"),
        ("deadline_end", "str"),
        ("status", "str"),
        ("data", "json"),
        _PIPELINE,
    ),
    "commitment_updates": (
        ("article_key", "str"),
        ("local_id", "str"),
        ("kind", "str"),
        ("noun", "str"),
        ("text", "str"),
        *_AT,
        ("actor_entity_key", "str"),
        ("target_entity_key", "str"),
        ("deadline_value", "str"),
        ("deadline_start", "str"),
        ("deadline_end", "str"),
        ("when_end", "str"),
        ("data", "json"),
        _PIPELINE,
    ),
}

#: The columns that name one row of each table; rows with no name of their own (mentions,
#: hedges) by their article, owner and span.
KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("article_key",),
    "entities": ("entity_key",),
    "article_entities": ("article_key", "local_id"),
    "mentions": ("article_key", "entity_local_id", "start", "end"),
    "times": ("article_key", "local_id"),
    "statement_clusters": ("cluster_key",),
    "statements": ("article_key", "local_id"),
    "statement_entities": ("article_key", "statement_local_id", "entity_key", "role"),
    "sources": ("article_key", "statement_local_id", "position"),
    "hedges": ("article_key", "statement_local_id", "start", "end"),
    "events": ("article_key", "local_id"),
    "commitments": ("article_key", "local_id"),
    "commitment_updates": ("article_key", "local_id"),
}

#: The columns of an item set aside (a Spark run's ``_errors``, the ledger's
#: ``ingest_errors``): where it came from, why, and at which stage (``read`` or ``extract``).
ERRORS: Columns = (("source", "str"), ("reason", "str"), ("stage", "str"), _PIPELINE)

#: The key column of the tables whose rows a key names on its own.
_OWN_KEY = {
    "articles": "article_key",
    "entities": "entity_key",
    "statement_clusters": "cluster_key",
}
#: Key columns that name a row of another table: that table, and the ledger column.
_REFERENCES = {
    "article_key": ("articles", "article_id"),
    "cluster_key": ("statement_clusters", "cluster_id"),
    "statement_local_id": ("statements", "statement_id"),
    "entity_local_id": ("article_entities", "article_entity_id"),
}
#: Tables whose rows hang off a statement: their ``article_key`` only says whose
#: ``statement_local_id`` it is.
_OF_STATEMENTS = frozenset({"statement_entities", "sources", "hedges"})
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def ledger_column(table: str, column: str) -> str | None:
    """The ledger column that the flat ``column`` of ``table`` fills, None when none does.

    A table's own key is its ``key`` column; a key naming another row becomes that row's id
    (``speaker_entity_key`` → ``speaker_entity_id``, ``statement_local_id`` →
    ``statement_id``, ``entity_local_id`` → ``article_entity_id``); ``pipeline`` is the
    article's ``extractor``. Rows that hang off a statement keep no ``article_id``.
    """
    if column == "pipeline":
        return "extractor" if table == "articles" else None
    if column == "article_key" and table in _OF_STATEMENTS:
        return None
    if _OWN_KEY.get(table) == column:
        return "key"
    if column in _REFERENCES:
        return _REFERENCES[column][1]
    if column.endswith("entity_key"):
        return column.removesuffix("_key") + "_id"
    return column


def refers_to(table: str, column: str) -> str | None:
    """The table whose row the key ``column`` of ``table`` names (by that table's
    :data:`KEYS`: an article's local id goes with its ``article_key``), None for a column
    that names none."""
    if _OWN_KEY.get(table) == column:
        return None
    if column in _REFERENCES:
        return _REFERENCES[column][0]
    return "entities" if column.endswith("entity_key") else None


def month(record: Record) -> str:
    """The month the article was published, ``YYYY-MM``, or ``unknown``."""
    published = record.article.published_date or ""
    return published[:7] if _MONTH.match(published) else "unknown"


def rows(record: Record, extractor: str) -> dict[str, list[dict[str, Any]]]:
    """The ledger's rows of ``record`` read by ``extractor``, per table of :data:`TABLES`.

    ``entities`` holds one row per entity key the record names (an entity named twice
    under one key: the last), ``statement_clusters`` one per cluster its statements join
    (a statement joins one when its speaker is a known entity and it says something).
    """
    article = record.article
    key = article_key(article.url, article.text)
    article_json = to_json(article)
    assert isinstance(article_json, dict)
    del article_json["text"]
    keys = {e.id: entity_key(e) for e in record.entities}
    entities = {
        keys[e.id]: {
            "entity_key": keys[e.id],
            "kb_id": e.kb_id,
            "name": e.name,
            "type": e.type,
            "category": e.category,
            "country": e.country,
            "pipeline": extractor,
        }
        for e in record.entities
    }
    statements = {s.id for s in record.statements}
    clusters: dict[str, dict[str, Any]] = {}
    found: dict[str, list[dict[str, Any]]] = {
        "articles": [
            {
                "article_key": key,
                "content_hash": content_hash(article.text),
                "record_id": article.id,
                "url": article.url,
                "source": article.source,
                "title": article.title,
                "outlet": article.outlet,
                "authors": list(article.authors),
                "published": article.published,
                "published_date": article.published_date,
                "published_from": article.published_from,
                "updated": article.updated,
                "language": article.language,
                "text": article.text,
                "regions": article_json["regions"],
                "warnings": list(record.warnings),
                "sourcing": record.sourcing.summary if record.sourcing else None,
                "data": {"article": article_json, "sourcing": to_json(record.sourcing)},
                "pipeline": extractor,
            }
        ],
        "entities": list(entities.values()),
        "article_entities": [
            {
                "article_key": key,
                "local_id": e.id,
                "entity_key": keys[e.id],
                "name": e.name,
                "role": e.role,
                "titles": list(e.titles),
                "data": to_json(e),
                "pipeline": extractor,
            }
            for e in record.entities
        ],
        "mentions": [
            {
                "article_key": key,
                "entity_local_id": e.id,
                "entity_key": keys[e.id],
                "start": start,
                "end": end,
                "text": article.text[start:end],
                "pipeline": extractor,
            }
            for e in record.entities
            for start, end in e.mentions
        ],
        "times": [
            {
                "article_key": key,
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
                "pipeline": extractor,
            }
            for t in record.times
        ],
        "statement_clusters": [],
        "statements": [
            _statement(key, s, keys, clusters, extractor, article.published_date)
            for s in record.statements
        ],
        "statement_entities": _involvement(key, record, keys, extractor),
        "sources": [
            {
                "article_key": key,
                "statement_local_id": s.id,
                "position": position,
                "text": source.text,
                "start": source.span[0] if source.span else None,
                "end": source.span[1] if source.span else None,
                "type": source.type,
                "entity_key": keys.get(source.entity) if source.entity else None,
                "description": source.description,
                "pipeline": extractor,
            }
            for s in record.statements
            for position, source in enumerate(s.sources)
        ],
        "hedges": [
            {
                "article_key": key,
                "statement_local_id": s.id,
                "text": hedge.text,
                "start": hedge.span[0],
                "end": hedge.span[1],
                "pipeline": extractor,
            }
            for s in record.statements
            for hedge in s.hedges
        ],
        "events": [
            {
                "article_key": key,
                "local_id": event.id,
                "category": event.type,
                "mode": event.mode,
                "text": event.evidence.text,
                "start": event.evidence.start,
                "end": event.evidence.end,
                "actor_entity_key": _key(keys, event.actor),
                "target_entity_key": _key(keys, event.target),
                **_when("when", event.when),
                "data": to_json(event),
                "pipeline": extractor,
            }
            for event in record.events
        ],
        "commitments": [
            {
                "article_key": key,
                "local_id": c.id,
                "kind": c.kind,
                "statement_local_id": c.statement if c.statement in statements else None,
                "text": c.action.text,
                "start": c.action.start,
                "end": c.action.end,
                "actor_entity_key": _key(keys, c.by),
                **_when("deadline", c.deadline),
                "status": c.status,
                "data": to_json(c),
                "pipeline": extractor,
            }
            for c in record.commitments
        ],
        "commitment_updates": [
            {
                "article_key": key,
                "local_id": u.id,
                "kind": u.kind,
                "noun": u.noun,
                "text": u.evidence.text,
                "start": u.evidence.start,
                "end": u.evidence.end,
                "actor_entity_key": _key(keys, u.by),
                "target_entity_key": _key(keys, u.to),
                **_when("deadline", u.deadline),
                "when_end": u.when.range[1] if u.when and u.when.range else None,
                "data": to_json(u),
                "pipeline": extractor,
            }
            for u in record.updates
        ],
    }
    found["statement_clusters"] = list(clusters.values())
    return found


def _statement(
    key: str,
    s: Statement,
    keys: dict[str, str],
    clusters: dict[str, dict[str, Any]],
    extractor: str,
    published: str | None,
) -> dict[str, Any]:
    """A statement's row; the cluster it joins is added to ``clusters`` (first seen kept).
    ``day`` is the day lists order it by: the first it can have been said, else the day
    its article was ``published``."""
    said = s.said_on
    said_range = (said.range if said else None) or (None, None)
    speaker = _key(keys, s.speaker)
    cluster = None
    if speaker is not None and s.content.text.strip():
        cluster = cluster_key(speaker, s.content.text)
        clusters.setdefault(
            cluster,
            {
                "cluster_key": cluster,
                "speaker_entity_key": speaker,
                "content": s.content.text,
                "pipeline": extractor,
            },
        )
    return {
        "article_key": key,
        "local_id": s.id,
        "kind": s.kind,
        **_party_columns("speaker", s.speaker, speaker),
        **_party_columns("addressee", s.addressee, _key(keys, s.addressee)),
        "cue_text": s.cue.text,
        "cue_start": s.cue.start,
        "cue_end": s.cue.end,
        "content": s.content.text,
        "content_spans": [list(span) for span in s.content.spans],
        "said_on": said.value if said else None,
        "said_start": said_range[0],
        "said_end": said_range[1],
        "said_via": said.via if said else None,
        "day": said_range[0] or published,
        "certainty": s.certainty,
        "act": s.act,
        "confidence": s.confidence,
        "chain": " → ".join(source.text for source in s.sources),
        "cluster_key": cluster,
        "data": to_json(s),
        "pipeline": extractor,
    }


def _party_columns(role: str, party: Party | None, entity: str | None) -> dict[str, Any]:
    return {
        f"{role}_text": party.text if party else None,
        f"{role}_start": party.span[0] if party else None,
        f"{role}_end": party.span[1] if party else None,
        f"{role}_entity_key": entity,
    }


def _when(prefix: str, when: When | None) -> dict[str, Any]:
    """A date's value and first and last day, as ``<prefix>_value`` / ``_start`` / ``_end``."""
    start, end = (when.range if when else None) or (None, None)
    return {
        f"{prefix}_value": when.value if when else None,
        f"{prefix}_start": start,
        f"{prefix}_end": end,
    }


def _key(keys: dict[str, str], party: Party | None) -> str | None:
    """The entity key of the entity ``party`` refers to, None when it names no entity."""
    return keys.get(party.entity) if party and party.entity else None


def _involvement(
    key: str, record: Record, keys: dict[str, str], extractor: str
) -> list[dict[str, Any]]:
    """Speaker, addressee and ``about`` rows: an entity is about a statement when one of
    its mentions lies inside the statement's content."""
    found: dict[tuple[str, str, str], None] = {}
    for s in record.statements:
        for role, party in (("speaker", s.speaker), ("addressee", s.addressee)):
            entity = _key(keys, party)
            if entity is not None:
                found[(s.id, entity, role)] = None
        for e in record.entities:
            if _inside(e, s):
                found[(s.id, keys[e.id], "about")] = None
    return [
        {
            "article_key": key,
            "statement_local_id": local,
            "entity_key": entity,
            "role": role,
            "pipeline": extractor,
        }
        for local, entity, role in found
    ]


def _inside(entity: Entity, statement: Statement) -> bool:
    return any(
        start <= m_start and m_end <= end
        for m_start, m_end in entity.mentions
        for start, end in statement.content.spans
    )
