"""Articles keep their versions: a changed text at the same URL no longer replaces the old.

Every article stored before this revision becomes its own version 1, stored when it was
ingested; its reading stays in the other tables, as the current version's does.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 23:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.Column("extractor", sa.String(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reading", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_versions")),
        sa.UniqueConstraint("article_id", "number", name=op.f("uq_article_versions_article_id")),
    )
    op.create_index(
        op.f("ix_article_versions_article_id"), "article_versions", ["article_id"], unique=False
    )
    op.execute(
        sa.text(
            "INSERT INTO article_versions "
            "(article_id, number, content_hash, title, statements, extractor, stored_at) "
            "SELECT a.id, 1, a.content_hash, a.title, "
            "(SELECT count(*) FROM statements s WHERE s.article_id = a.id), "
            "a.extractor, a.ingested_at FROM articles a ORDER BY a.id"
        )
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_article_versions_article_id"), "article_versions")
    op.drop_table("article_versions")
