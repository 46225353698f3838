"""The units ``onrecord load`` stored, so that loading a folder again skips them.

A unit is one input's flat tables; its row keeps the SHA-256 of the unit's completion
marker, and a unit whose marker changed (a rerun, another pipeline) is loaded again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 20:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "loaded_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("input", sa.String(), nullable=True),
        sa.Column("pipeline", sa.String(), nullable=True),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("marker", sa.String(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loaded_units")),
        sa.UniqueConstraint("unit", name=op.f("uq_loaded_units_unit")),
    )


def downgrade() -> None:
    op.drop_table("loaded_units")
