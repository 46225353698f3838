"""Commitment tracking: the updates later articles report, and each commitment's history.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 06:19:55.365986
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commitment_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("noun", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("actor_entity_id", sa.Integer(), nullable=True),
        sa.Column("target_entity_id", sa.Integer(), nullable=True),
        sa.Column("deadline_value", sa.String(), nullable=True),
        sa.Column("deadline_start", sa.String(), nullable=True),
        sa.Column("deadline_end", sa.String(), nullable=True),
        sa.Column("when_end", sa.String(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_entity_id"],
            ["entities.id"],
            name=op.f("fk_commitment_updates_actor_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_commitment_updates_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_entity_id"],
            ["entities.id"],
            name=op.f("fk_commitment_updates_target_entity_id_entities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_updates")),
        sa.UniqueConstraint(
            "article_id", "local_id", name=op.f("uq_commitment_updates_article_id")
        ),
    )
    with op.batch_alter_table("commitment_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitment_updates_actor_entity_id"), ["actor_entity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commitment_updates_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_commitment_updates_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_commitment_updates_target_entity_id"), ["target_entity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commitment_updates_when_end"), ["when_end"], unique=False
        )

    op.create_table(
        "commitment_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("reported_on", sa.String(), nullable=True),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("update_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.Column("deadline_value", sa.String(), nullable=True),
        sa.Column("deadline_start", sa.String(), nullable=True),
        sa.Column("deadline_end", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_commitment_steps_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_commitment_steps_commitment_id_commitments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_commitment_steps_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_commitment_steps_statement_id_statements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["update_id"],
            ["commitment_updates.id"],
            name=op.f("fk_commitment_steps_update_id_commitment_updates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["commitments.id"],
            name=op.f("fk_commitment_steps_version_id_commitments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_steps")),
    )
    with op.batch_alter_table("commitment_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitment_steps_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commitment_steps_commitment_id"), ["commitment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commitment_steps_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_commitment_steps_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_commitment_steps_statement_id"), ["statement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commitment_steps_update_id"), ["update_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commitment_steps_version_id"), ["version_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("commitment_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_steps_version_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_steps_update_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_steps_statement_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_steps_status"))
        batch_op.drop_index(batch_op.f("ix_commitment_steps_event_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_steps_commitment_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_steps_article_id"))

    op.drop_table("commitment_steps")
    with op.batch_alter_table("commitment_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_updates_when_end"))
        batch_op.drop_index(batch_op.f("ix_commitment_updates_target_entity_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_updates_kind"))
        batch_op.drop_index(batch_op.f("ix_commitment_updates_article_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_updates_actor_entity_id"))

    op.drop_table("commitment_updates")
