"""Opening a ledger: the engine for a URL, connection settings, and migrations to head.

SQLite is the default (``onrecord.db`` in the working directory, see
:class:`~onrecord.settings.Settings`), in WAL mode so that
readers (Datasette, ``onrecord search``) never block the writer, with foreign keys enforced.
PostgreSQL is selected by a ``postgresql://`` URL, driven by psycopg 3.

Several processes may open a new ledger at once (two ``onrecord ingest`` runs started
together): :func:`migrate` lets one create the schema while the others wait, then finds
it there.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from onrecord.errors import ConfigError, StoreError

__all__ = ["connect", "database_url", "describe", "migrate"]

# The PostgreSQL advisory lock migrations hold: "onrecord" in ASCII, as one 64-bit key, so
# that it is unlikely to be one another application on the server takes.
_MIGRATION_LOCK = int.from_bytes(b"onrecord", "big")


def database_url(db: str | Path) -> str:
    """The SQLAlchemy URL for ``db``: a ``sqlite:``/``postgresql:`` URL or a file path."""
    name = str(db)
    if "://" not in name:
        return f"sqlite:///{Path(name).expanduser()}"
    if name.startswith(("postgres://", "postgresql://")):
        # psycopg 3 is the driver we ship; a bare postgresql:// would ask for psycopg2.
        return "postgresql+psycopg://" + name.split("://", 1)[1]
    return name


def describe(url: str) -> str:
    """``url`` fit to print: a SQLite file by its path, a server URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    return parsed.render_as_string(hide_password=True)


def connect(db: str | Path, *, create: bool = True) -> Engine:
    """An engine for ``db`` with the ledger's schema migrated to the latest revision.

    With ``create=False`` a SQLite file that does not exist is an error rather than a new,
    empty ledger: a mistyped path should not answer every search with nothing.
    """
    url = database_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"--db {db!r} is not a database URL or file path: {exc}") from None
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise ConfigError(f"{describe(url)}: onrecord stores in SQLite or PostgreSQL only")
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        folder = Path(parsed.database).parent
        if not folder.is_dir():
            raise ConfigError(f"{parsed.database}: folder {folder} does not exist")
        if not create and not Path(parsed.database).is_file():
            raise StoreError(
                f"{parsed.database}: no ledger there (onrecord ingest creates one; "
                "--db or ONRECORD_DB names another)"
            )
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(f"{describe(url)}: cannot open ({_first_line(exc)})") from None
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest Alembic revision (a no-op when it is there).

    The upgrade runs in one transaction that first takes a lock (:func:`_lock_schema`) and
    then looks at the revision again, so of several processes migrating the same ledger at
    once one does the work and the rest find it done.
    """
    config = _alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    # The usual case, a ledger at head, takes no lock: opening one to read never waits for
    # a writer.
    with engine.connect() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
    with engine.begin() as connection:
        _lock_schema(connection)
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _lock_schema(connection: Connection) -> None:
    """Hold, until the transaction ends, a lock that only one migrating process can get."""
    if connection.dialect.name == "sqlite":
        # The write lock, now rather than at the first write. pysqlite opens no transaction
        # before CREATE TABLE by itself, so this also makes the whole upgrade one
        # transaction: a crash midway leaves the ledger as it was.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("onrecord.store").joinpath("migrations"))
    )
    return config


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    # First, so that switching a new ledger to WAL waits for another process that holds it.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # With WAL, NORMAL keeps every committed transaction across a process crash; only a power
    # loss can drop the last ones.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0]
