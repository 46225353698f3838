"""Ledgers for the store tests: a SQLite file, and a fresh database on a real PostgreSQL.

The PostgreSQL server is the one ``ONRECORD_TEST_PG`` names (``make test`` sets it to
``postgresql://postgres@127.0.0.1/test``). Each test gets a database of its own, dropped
afterwards; the tests skip only when that variable is unset or no server answers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from onrecord.records import Record
from onrecord.store import Store
from onrecord.store.database import database_url
from tests.golden_records import OUTLETS, load_json

# Short articles we wrote for these tests, in the manner of wire and newspaper copy. The
# people, union and outlets are invented (a real head of state is quoted only so that
# knowledge-base linking can be tested); no sentence is taken from a published article. Two
# outlets carry the same words of the same minister, for statement clusters.
ARTICLES = Path(__file__).resolve().parent.parent / "articles"
#: Later reports on the seed article's threat, written for the tracking tests.
FOLLOW_UPS = ARTICLES.parent / "follow-ups"


def postgres_server() -> str:
    """The server URL from ONRECORD_TEST_PG, or a skip when none is set or answering."""
    url = os.environ.get("ONRECORD_TEST_PG")
    if not url:
        pytest.skip("ONRECORD_TEST_PG is not set: no PostgreSQL server to test against")
    engine = create_engine(database_url(url))
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        pytest.skip(f"no PostgreSQL server answers at {url}: {str(exc.orig).strip()}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def postgres_db() -> Iterator[str]:
    """A URL to an empty PostgreSQL database, created for this test and dropped after it."""
    with fresh_postgres() as url:
        yield url


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """A URL to an empty PostgreSQL database, dropped when the block ends."""
    server = make_url(database_url(postgres_server()))
    name = f"onrecord_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    url: str = request.getfixturevalue("postgres_db")
    return url


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    with Store.open(db) as opened:
        yield opened


@pytest.fixture(scope="session")
def records() -> dict[str, dict[str, Any]]:
    """Our test articles as their golden records' JSON, without running spaCy: two outlets
    carry the same minister's words (see :data:`tests.golden_records.OUTLETS`)."""
    return {name: load_json(name) for name in OUTLETS}


def typed(records: Iterable[dict[str, Any]]) -> list[Record]:
    """The records that ``onrecord/1`` JSON objects stand for, as ``Store.save`` takes them
    (tests change a record's JSON to make a revised reading)."""
    return [Record.from_json(record) for record in records]
