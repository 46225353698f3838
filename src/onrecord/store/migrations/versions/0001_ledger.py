"""The ledger: articles, entities, statements and what hangs off them.

The tables are as Alembic generated them from ``onrecord.store.models``; full-text search
and the readable views are written by hand below, per engine.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 04:08:22.757240
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("record_id", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("outlet", sa.String(), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published", sa.String(), nullable=True),
        sa.Column("published_date", sa.String(), nullable=True),
        sa.Column("published_from", sa.String(), nullable=True),
        sa.Column("updated", sa.String(), nullable=True),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("sourcing", sa.Text(), nullable=True),
        sa.Column("extractor", sa.String(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("key", name=op.f("uq_articles_key")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_articles_content_hash"), ["content_hash"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_articles_outlet"), ["outlet"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_articles_published_date"), ["published_date"], unique=False
        )

    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("kb_id", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
        sa.UniqueConstraint("key", name=op.f("uq_entities_key")),
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entities_kb_id"), ["kb_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_entities_name"), ["name"], unique=False)

    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_errors")),
        sa.UniqueConstraint("source", name=op.f("uq_ingest_errors_source")),
    )
    op.create_table(
        "article_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=True),
        sa.Column("titles", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_entities_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_article_entities_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_entities")),
        sa.UniqueConstraint("article_id", "local_id", name=op.f("uq_article_entities_article_id")),
    )
    with op.batch_alter_table("article_entities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_entities_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_article_entities_entity_id"), ["entity_id"], unique=False
        )

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("actor_entity_id", sa.Integer(), nullable=True),
        sa.Column("target_entity_id", sa.Integer(), nullable=True),
        sa.Column("when_value", sa.String(), nullable=True),
        sa.Column("when_start", sa.String(), nullable=True),
        sa.Column("when_end", sa.String(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_entity_id"],
            ["entities.id"],
            name=op.f("fk_events_actor_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_events_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_entity_id"],
            ["entities.id"],
            name=op.f("fk_events_target_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("article_id", "local_id", name=op.f("uq_events_article_id")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_events_actor_entity_id"), ["actor_entity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_events_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_category"), ["category"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_events_target_entity_id"), ["target_entity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_events_when_start"), ["when_start"], unique=False)

    op.create_table(
        "statement_clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("speaker_entity_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("outlets", sa.JSON(), nullable=False),
        sa.Column("first_published", sa.String(), nullable=True),
        sa.Column("last_published", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["speaker_entity_id"],
            ["entities.id"],
            name=op.f("fk_statement_clusters_speaker_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_clusters")),
        sa.UniqueConstraint("key", name=op.f("uq_statement_clusters_key")),
    )
    with op.batch_alter_table("statement_clusters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statement_clusters_articles"), ["articles"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_statement_clusters_speaker_entity_id"),
            ["speaker_entity_id"],
            unique=False,
        )

    op.create_table(
        "times",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=True),
        sa.Column("mod", sa.String(), nullable=True),
        sa.Column("range_start", sa.String(), nullable=True),
        sa.Column("range_end", sa.String(), nullable=True),
        sa.Column("anchor", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_times_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_times")),
        sa.UniqueConstraint("article_id", "local_id", name=op.f("uq_times_article_id")),
    )
    with op.batch_alter_table("times", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_times_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_times_range_start"), ["range_start"], unique=False)

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("article_entity_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_entity_id"],
            ["article_entities.id"],
            name=op.f("fk_mentions_article_entity_id_article_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_mentions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_mentions_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
    )
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mentions_article_entity_id"), ["article_entity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mentions_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentions_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("speaker_text", sa.Text(), nullable=True),
        sa.Column("speaker_start", sa.Integer(), nullable=True),
        sa.Column("speaker_end", sa.Integer(), nullable=True),
        sa.Column("speaker_entity_id", sa.Integer(), nullable=True),
        sa.Column("addressee_text", sa.Text(), nullable=True),
        sa.Column("addressee_start", sa.Integer(), nullable=True),
        sa.Column("addressee_end", sa.Integer(), nullable=True),
        sa.Column("addressee_entity_id", sa.Integer(), nullable=True),
        sa.Column("cue_text", sa.Text(), nullable=False),
        sa.Column("cue_start", sa.Integer(), nullable=False),
        sa.Column("cue_end", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_spans", sa.JSON(), nullable=False),
        sa.Column("said_on", sa.String(), nullable=True),
        sa.Column("said_start", sa.String(), nullable=True),
        sa.Column("said_end", sa.String(), nullable=True),
        sa.Column("said_via", sa.String(), nullable=True),
        sa.Column("certainty", sa.String(), nullable=True),
        sa.Column("chain", sa.Text(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["addressee_entity_id"],
            ["entities.id"],
            name=op.f("fk_statements_addressee_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_statements_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["statement_clusters.id"],
            name=op.f("fk_statements_cluster_id_statement_clusters"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_entity_id"],
            ["entities.id"],
            name=op.f("fk_statements_speaker_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
        sa.UniqueConstraint("article_id", "local_id", name=op.f("uq_statements_article_id")),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statements_addressee_entity_id"), ["addressee_entity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_statements_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_certainty"), ["certainty"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_cluster_id"), ["cluster_id"], unique=False)
        batch_op.create_index("ix_statements_said", ["said_start", "said_end"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_statements_speaker_entity_id"), ["speaker_entity_id"], unique=False
        )

    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("actor_entity_id", sa.Integer(), nullable=True),
        sa.Column("deadline_value", sa.String(), nullable=True),
        sa.Column("deadline_start", sa.String(), nullable=True),
        sa.Column("deadline_end", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_entity_id"],
            ["entities.id"],
            name=op.f("fk_commitments_actor_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_commitments_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_commitments_statement_id_statements"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
        sa.UniqueConstraint("article_id", "local_id", name=op.f("uq_commitments_article_id")),
    )
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitments_actor_entity_id"), ["actor_entity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_commitments_article_id"), ["article_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_commitments_deadline_end"), ["deadline_end"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_commitments_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_commitments_statement_id"), ["statement_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_commitments_status"), ["status"], unique=False)

    op.create_table(
        "hedges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_hedges_statement_id_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hedges")),
    )
    with op.batch_alter_table("hedges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hedges_statement_id"), ["statement_id"], unique=False)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_sources_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_sources_statement_id_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sources_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sources_statement_id"), ["statement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sources_type"), ["type"], unique=False)

    op.create_table(
        "statement_entities",
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_statement_entities_entity_id_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_statement_entities_statement_id_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "statement_id", "entity_id", "role", name=op.f("pk_statement_entities")
        ),
    )
    with op.batch_alter_table("statement_entities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_statement_entities_entity", ["entity_id", "role", "statement_id"], unique=False
        )
    _search_and_views()


def downgrade() -> None:
    _drop_search_and_views()
    with op.batch_alter_table("statement_entities", schema=None) as batch_op:
        batch_op.drop_index("ix_statement_entities_entity")

    op.drop_table("statement_entities")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_type"))
        batch_op.drop_index(batch_op.f("ix_sources_statement_id"))
        batch_op.drop_index(batch_op.f("ix_sources_entity_id"))

    op.drop_table("sources")
    with op.batch_alter_table("hedges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hedges_statement_id"))

    op.drop_table("hedges")
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitments_status"))
        batch_op.drop_index(batch_op.f("ix_commitments_statement_id"))
        batch_op.drop_index(batch_op.f("ix_commitments_kind"))
        batch_op.drop_index(batch_op.f("ix_commitments_deadline_end"))
        batch_op.drop_index(batch_op.f("ix_commitments_article_id"))
        batch_op.drop_index(batch_op.f("ix_commitments_actor_entity_id"))

    op.drop_table("commitments")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statements_speaker_entity_id"))
        batch_op.drop_index("ix_statements_said")
        batch_op.drop_index(batch_op.f("ix_statements_cluster_id"))
        batch_op.drop_index(batch_op.f("ix_statements_certainty"))
        batch_op.drop_index(batch_op.f("ix_statements_article_id"))
        batch_op.drop_index(batch_op.f("ix_statements_addressee_entity_id"))

    op.drop_table("statements")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentions_entity_id"))
        batch_op.drop_index(batch_op.f("ix_mentions_article_id"))
        batch_op.drop_index(batch_op.f("ix_mentions_article_entity_id"))

    op.drop_table("mentions")
    with op.batch_alter_table("times", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_times_range_start"))
        batch_op.drop_index(batch_op.f("ix_times_article_id"))

    op.drop_table("times")
    with op.batch_alter_table("statement_clusters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_clusters_speaker_entity_id"))
        batch_op.drop_index(batch_op.f("ix_statement_clusters_articles"))

    op.drop_table("statement_clusters")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_when_start"))
        batch_op.drop_index(batch_op.f("ix_events_target_entity_id"))
        batch_op.drop_index(batch_op.f("ix_events_category"))
        batch_op.drop_index(batch_op.f("ix_events_article_id"))
        batch_op.drop_index(batch_op.f("ix_events_actor_entity_id"))

    op.drop_table("events")
    with op.batch_alter_table("article_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_entities_entity_id"))
        batch_op.drop_index(batch_op.f("ix_article_entities_article_id"))

    op.drop_table("article_entities")
    op.drop_table("ingest_errors")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entities_name"))
        batch_op.drop_index(batch_op.f("ix_entities_kb_id"))

    op.drop_table("entities")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_published_date"))
        batch_op.drop_index(batch_op.f("ix_articles_outlet"))
        batch_op.drop_index(batch_op.f("ix_articles_content_hash"))

    op.drop_table("articles")


# Readable rows for Datasette and ad-hoc SQL: names instead of ids, one line per statement.
STATEMENTS_VIEW = """
CREATE VIEW statements_view AS
SELECT
    s.id AS id,
    coalesce(speaker.name, s.speaker_text) AS speaker,
    coalesce(addressee.name, s.addressee_text) AS addressee,
    s.content AS quote,
    s.kind AS kind,
    s.cue_text AS cue,
    s.said_on AS said_on,
    s.said_start AS said_start,
    s.said_end AS said_end,
    s.certainty AS certainty,
    s.chain AS sourcing,
    a.outlet AS outlet,
    a.title AS article_title,
    a.published AS published,
    a.url AS url,
    c.articles AS corroboration,
    s.article_id AS article_id,
    s.cluster_id AS cluster_id
FROM statements AS s
JOIN articles AS a ON a.id = s.article_id
LEFT JOIN entities AS speaker ON speaker.id = s.speaker_entity_id
LEFT JOIN entities AS addressee ON addressee.id = s.addressee_entity_id
LEFT JOIN statement_clusters AS c ON c.id = s.cluster_id
"""

# "anonymous" counts the statements with an anonymous source anywhere in their chain,
# hedged ones included; the certainty columns count each level.
SOURCING_VIEW = """
CREATE VIEW sourcing_view AS
SELECT
    coalesce(a.outlet, '(unknown outlet)') AS outlet,
    count(*) AS statements,
    sum(CASE WHEN s.id IN (SELECT statement_id FROM sources WHERE type = 'anonymous')
        THEN 1 ELSE 0 END) AS anonymous,
    sum(CASE WHEN s.certainty = 'on_record' THEN 1 ELSE 0 END) AS on_record,
    sum(CASE WHEN s.certainty = 'hedged' THEN 1 ELSE 0 END) AS hedged
FROM statements AS s
JOIN articles AS a ON a.id = s.article_id
GROUP BY coalesce(a.outlet, '(unknown outlet)')
"""

# SQLite: FTS5 tables kept in step by triggers. ``content="statements"`` is the spelling
# Datasette looks for to offer a search box on the table.
SQLITE_FTS = [
    """CREATE VIRTUAL TABLE statements_fts USING fts5(
        content, content="statements", content_rowid="id",
        tokenize="porter unicode61 remove_diacritics 2")""",
    """CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
        INSERT INTO statements_fts(rowid, content) VALUES (new.id, new.content);
    END""",
    """CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, content)
        VALUES ('delete', old.id, old.content);
    END""",
    """CREATE TRIGGER statements_fts_update AFTER UPDATE OF content ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, content)
        VALUES ('delete', old.id, old.content);
        INSERT INTO statements_fts(rowid, content) VALUES (new.id, new.content);
    END""",
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content="articles", content_rowid="id",
        tokenize="porter unicode61 remove_diacritics 2")""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
]

# PostgreSQL: a stored tsvector for statements, so that a row is tested without parsing its
# content again (which costs more than reading it), and GIN indexes.
POSTGRESQL_FTS = [
    "ALTER TABLE statements ADD COLUMN content_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', content)) STORED",
    "CREATE INDEX ix_statements_fts ON statements USING gin (content_tsv)",
    "CREATE INDEX ix_articles_fts ON articles "
    "USING gin (to_tsvector('english', coalesce(title, '') || ' ' || text))",
]


def _search_and_views() -> None:
    dialect = op.get_bind().dialect.name
    for sql in SQLITE_FTS if dialect == "sqlite" else POSTGRESQL_FTS:
        op.execute(sql)
    op.execute(STATEMENTS_VIEW)
    op.execute(SOURCING_VIEW)


def _drop_search_and_views() -> None:
    op.execute("DROP VIEW IF EXISTS sourcing_view")
    op.execute("DROP VIEW IF EXISTS statements_view")
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS statements_fts_{trigger}")
            op.execute(f"DROP TRIGGER IF EXISTS articles_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS statements_fts")
        op.execute("DROP TABLE IF EXISTS articles_fts")
