"""Statements keep the day lists order them by, with an index that orders them.

Lists show statements newest first by the day said, else their article's published day.
Read from two columns of two tables, that order had no index: every page sorted the
statements the text does not date. ``day`` holds it, filled here for the rows already
stored.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 00:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("statements", sa.Column("day", sa.String(), nullable=True))
    op.execute(
        sa.text(
            "UPDATE statements SET day = COALESCE(said_start, "
            "(SELECT published_date FROM articles a WHERE a.id = statements.article_id))"
        )
    )
    op.create_index("ix_statements_day", "statements", ["day", "id"])


def downgrade() -> None:
    op.drop_index("ix_statements_day", "statements")
    # Not batch mode: SQLite would rebuild the table by dropping it, and with foreign keys
    # on, dropping it deletes every row that hangs off it.
    op.execute(sa.text("ALTER TABLE statements DROP COLUMN day"))
