"""Every stored object keeps its ``onrecord/1`` JSON: statements, entities, times, articles.

Reading back is then the JSON and re-linking its entity ids, as events and commitments
already were. Rows written before this revision get their JSON rebuilt from their columns;
what the columns never kept stays null: the ``time`` a statement's date was read from, the
knowledge-base key of an entity that has a Wikidata id, and the article's sourcing profile
beyond its summary line.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 20:35:00.000000
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TABLES = ("articles", "article_entities", "statements", "times")


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(table, sa.Column("data", sa.JSON(), nullable=True))
    _backfill(op.get_bind())


def downgrade() -> None:
    # Not batch mode: SQLite would rebuild ``articles`` by dropping it, and with foreign keys
    # on, dropping a table deletes every row that hangs off it. Both engines drop a column
    # in place (SQLite since 3.35).
    for table in _TABLES:
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN data"))


def _backfill(connection: sa.Connection) -> None:
    meta = sa.MetaData()
    t = {
        name: sa.Table(name, meta, autoload_with=connection)
        for name in (*_TABLES, "entities", "mentions", "sources", "hedges")
    }
    articles, entities, ae = t["articles"], t["entities"], t["article_entities"]
    for row in connection.execute(sa.select(articles).where(articles.c.data.is_(None))):
        article = {
            "id": row.record_id,
            "url": row.url,
            "source": row.source,
            "title": row.title,
            "outlet": row.outlet,
            "authors": row.authors or [],
            "published": row.published,
            "published_from": row.published_from,
            "updated": row.updated,
            "language": row.language,
            "regions": row.regions or [],
        }
        connection.execute(
            articles.update()
            .where(articles.c.id == row.id)
            .values(data={"article": article, "sourcing": None})
        )
    mentions: dict[int, list[list[int]]] = defaultdict(list)
    for row in connection.execute(sa.select(t["mentions"]).order_by(t["mentions"].c.start)):
        mentions[row.article_entity_id].append([row.start, row.end])
    local: dict[tuple[int, int], str] = {}
    query = sa.select(ae, entities.c.key, entities.c.type, entities.c.category).join(
        entities, entities.c.id == ae.c.entity_id, isouter=True
    )
    query = query.add_columns(entities.c.kb_id, entities.c.country)
    for row in connection.execute(query):
        if row.entity_id is not None:
            local[(row.article_id, row.entity_id)] = row.local_id
        kb_key = row.key if row.key and row.key not in (row.kb_id, None) else None
        if kb_key and kb_key.startswith(f"{row.type}:"):
            kb_key = None
        entity = {
            "id": row.local_id,
            "name": row.name,
            "type": row.type,
            "category": row.category,
            "kb_id": row.kb_id,
            "country": row.country,
            "role": row.role,
            "titles": row.titles or [],
            "kb_key": kb_key,
            "mentions": mentions.get(row.id, []),
        }
        connection.execute(ae.update().where(ae.c.id == row.id).values(data=entity))
    times = t["times"]
    for row in connection.execute(sa.select(times)):
        time = {
            "id": row.local_id,
            "text": row.text,
            "span": [row.start, row.end],
            "type": row.type,
            "value": row.value,
            "mod": row.mod,
            "range": [row.range_start, row.range_end] if row.range_start else None,
            "anchor": row.anchor,
        }
        connection.execute(times.update().where(times.c.id == row.id).values(data=time))
    _backfill_statements(connection, t, local)


def _backfill_statements(
    connection: sa.Connection, t: dict[str, sa.Table], local: dict[tuple[int, int], str]
) -> None:
    statements, sources, hedges = t["statements"], t["sources"], t["hedges"]
    links: dict[int, list[dict[str, Any]]] = defaultdict(list)
    owner = {row.id: row.article_id for row in connection.execute(sa.select(statements))}
    for row in connection.execute(sa.select(sources).order_by(sources.c.position)):
        article_id = owner[row.statement_id]
        links[row.statement_id].append(
            {
                "text": row.text,
                "span": [row.start, row.end] if row.start is not None else None,
                "type": row.type,
                "entity": local.get((article_id, row.entity_id)),
                "description": row.description,
            }
        )
    kept: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in connection.execute(sa.select(hedges).order_by(hedges.c.start)):
        kept[row.statement_id].append({"text": row.text, "span": [row.start, row.end]})

    def party(row: Any, role: str) -> dict[str, Any] | None:
        text, start, end = (getattr(row, f"{role}_{part}") for part in ("text", "start", "end"))
        if text is None or start is None:
            return None
        entity = local.get((row.article_id, getattr(row, f"{role}_entity_id")))
        return {"span": [start, end], "text": text, "entity": entity, "country": None}

    for row in connection.execute(sa.select(statements)):
        said = None
        if row.said_on is not None or row.said_start is not None:
            dated = row.said_start and row.said_end
            said = {
                "value": row.said_on,
                "range": [row.said_start, row.said_end] if dated else None,
                "time": None,
                "via": row.said_via,
            }
        statement = {
            "id": row.local_id,
            "kind": row.kind,
            "cue": {"text": row.cue_text, "span": [row.cue_start, row.cue_end]},
            "content": {"text": row.content, "spans": row.content_spans},
            "speaker": party(row, "speaker"),
            "addressee": party(row, "addressee"),
            "sources": links.get(row.id, []),
            "hedges": kept.get(row.id, []),
            "certainty": row.certainty,
            "said_on": said,
        }
        connection.execute(
            statements.update().where(statements.c.id == row.id).values(data=statement)
        )
