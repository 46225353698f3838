"""Alembic environment: migrations run on the connection :func:`onrecord.store.migrate` hands in."""

from __future__ import annotations

from alembic import context

from onrecord.store.models import Base, is_model

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    include_name=is_model,
    # SQLite alters a table by copying it; batch mode does that for us.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
