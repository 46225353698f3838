"""Statements keep their act (speech, writing, thought, intention) and their confidence.

Both are indexed columns beside the statement's JSON, for ``--act`` and
``--min-confidence``. Rows written before this revision have neither: their JSON has no
``act`` or ``confidence`` and the columns stay null (unknown), which the default views
count as speech and a ``--min-confidence`` filter leaves out.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 07:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("statements", sa.Column("act", sa.String(), nullable=True))
    op.add_column("statements", sa.Column("confidence", sa.Float(), nullable=True))
    op.create_index("ix_statements_act", "statements", ["act"])
    op.create_index("ix_statements_confidence", "statements", ["confidence"])


def downgrade() -> None:
    op.drop_index("ix_statements_confidence", "statements")
    op.drop_index("ix_statements_act", "statements")
    # Not batch mode: SQLite would rebuild the table by dropping it, and with foreign keys
    # on, dropping it deletes every row that hangs off it.
    op.execute(sa.text("ALTER TABLE statements DROP COLUMN confidence"))
    op.execute(sa.text("ALTER TABLE statements DROP COLUMN act"))
