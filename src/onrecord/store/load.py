"""Loading flat tables into the ledger: ``onrecord load DIR``.

A load folder holds the rows of :func:`onrecord.tables.rows` as Parquet, written by a
Spark job, one *unit* (an input file, or a share of one) at a time::

    DIR/<table>/month=YYYY-MM/unit=<unit>/*.parquet   the tables of onrecord.tables.TABLES
    DIR/_errors/unit=<unit>/*.parquet                 source, reason, stage, pipeline
    DIR/_done/<unit>.json                             the unit's completion marker

Only units with a marker are loaded, each in one transaction: its tables are staged in
temporary tables (``COPY`` on PostgreSQL, batched inserts on SQLite), checked (every key
names a row of the unit, every article once, the marker's counts), then moved into the
ledger by ``INSERT … SELECT`` with keys joined to ids. The result is what
:func:`onrecord.store.write.save` makes of the same records: an article already in the
ledger is replaced whole under its id, entities and statement clusters are shared by key
(the first row of a key in the unit for a new one), touched clusters are recounted,
commitment histories rebuilt, and the unit's ``_errors`` rows become ``ingest_errors``
rows. Each loaded unit is recorded in ``loaded_units`` with the SHA-256 of its marker: a
second load skips it, and a unit whose marker changed (a rerun) is loaded again, its
articles replacing their earlier reading (an article the rerun no longer has keeps the
reading it had, as ``onrecord ingest`` keeps it when a re-read fails).

A unit whose files are missing, unreadable or inconsistent fails alone, with its reason;
what is stored stays as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

import psycopg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Engine,
    Float,
    Integer,
    MetaData,
    Table,
    Text,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import ColumnElement, FromClause

from onrecord.errors import ConfigError, StoreError, first_line
from onrecord.store import models as m
from onrecord.store import tracking, versions, write
from onrecord.tables import ERRORS, KEYS, TABLES, arrow_type

__all__ = ["ERRORS", "Folder", "LoadSummary", "Unit", "UnitResult", "load", "scan"]

_STAGED = {"int": BigInteger, "float": Float, "str": Text, "json": JSON}
_MODELS: dict[str, type[m.Base]] = {
    "articles": m.Article,
    "entities": m.Entity,
    "article_entities": m.ArticleEntity,
    "mentions": m.Mention,
    "times": m.Time,
    "statement_clusters": m.StatementCluster,
    "statements": m.Statement,
    "statement_entities": m.StatementEntity,
    "sources": m.Source,
    "hedges": m.Hedge,
    "events": m.Event,
    "commitments": m.Commitment,
    "commitment_updates": m.CommitmentUpdate,
}
#: Ids per IN list: well under the bound parameters SQLite and psycopg take in a statement.
_IN = 5000
_ROW = "_row"


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of a load folder: its marker and its Parquet files per table (``_errors``
    included)."""

    name: str
    marker: Path
    files: dict[str, list[Path]]


@dataclass(frozen=True, slots=True)
class Folder:
    """A load folder: its finished units in name order, and the units seen without a
    marker (unfinished, not loaded)."""

    path: Path
    units: list[Unit]
    unfinished: list[str]


@dataclass(frozen=True, slots=True)
class UnitResult:
    """What became of one unit."""

    unit: str
    status: Literal["loaded", "already loaded", "failed"]
    articles: int = 0
    statements: int = 0
    errors: int = 0
    reason: str | None = None


@dataclass(slots=True)
class LoadSummary:
    """What a load did: the units by outcome and the rows of those it loaded."""

    loaded: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    #: ``(unit, reason)`` for each unit that could not be loaded.
    failed: list[tuple[str, str]] = field(default_factory=list)
    unfinished: list[str] = field(default_factory=list)
    articles: int = 0
    statements: int = 0
    errors: int = 0
    seconds: float = 0.0

    def add(self, result: UnitResult) -> None:
        """Count ``result`` in."""
        if result.status == "loaded":
            self.loaded.append(result.unit)
            self.articles += result.articles
            self.statements += result.statements
            self.errors += result.errors
        elif result.status == "already loaded":
            self.already.append(result.unit)
        else:
            self.failed.append((result.unit, result.reason or "failed"))


def scan(directory: Path) -> Folder:
    """The units of the load folder ``directory``; a :class:`ConfigError` if it is none.

    Files are found under ``<table>/`` at any depth, by their ``unit=`` folder (Hive
    partitions, percent-escaped as Spark writes them); hidden files and folders (``.crc``
    checksums, ``_temporary``) and other folders (``records/``, ``_links/``) are passed over.
    """
    if not directory.is_dir():
        raise ConfigError(f"{directory}: no such folder")
    done = directory / "_done"
    if not done.is_dir() and not any((directory / table).is_dir() for table in TABLES):
        raise ConfigError(
            f"{directory} is not a load folder: it holds no _done/ markers and no table "
            "folders (articles/, statements/, …)"
        )
    files: dict[str, dict[str, list[Path]]] = defaultdict(lambda: defaultdict(list))
    for table in (*TABLES, "_errors"):
        folder = directory / table
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.parquet")):
            parts = path.relative_to(folder).parts
            if any(part.startswith((".", "_")) for part in parts):
                continue
            named = [unquote(p.removeprefix("unit=")) for p in parts[:-1] if p.startswith("unit=")]
            if named:
                files[named[-1]][table].append(path)
    markers = sorted(done.glob("*.json")) if done.is_dir() else []
    units = [Unit(p.stem, p, dict(files.get(p.stem, {}))) for p in markers]
    finished = {unit.name for unit in units}
    return Folder(directory, units, sorted(set(files) - finished))


def load(
    engine: Engine, folder: Folder, progress: Callable[[UnitResult], None] | None = None
) -> LoadSummary:
    """Load the finished units of ``folder`` not loaded before, one transaction each;
    ``progress`` hears of each unit as it is done."""
    started = time.perf_counter()
    summary = LoadSummary(unfinished=list(folder.unfinished))
    with engine.connect() as connection:
        loaded = dict(connection.execute(select(m.LoadedUnit.unit, m.LoadedUnit.marker)).all())
    for unit in folder.units:
        result = _load_unit(engine, unit, loaded.get(unit.name))
        summary.add(result)
        if progress is not None:
            progress(result)
    summary.seconds = time.perf_counter() - started
    return summary


def _load_unit(engine: Engine, unit: Unit, loaded: str | None) -> UnitResult:
    try:
        text = unit.marker.read_bytes()
        digest = hashlib.sha256(text).hexdigest()
        if digest == loaded:
            return UnitResult(unit.name, "already loaded")
        marker = _marker(unit, text)
        data = {table: _read(unit, table, columns) for table, columns in TABLES.items()}
        errors = _read(unit, "_errors", ERRORS)
        _check(marker, data, errors)
        with engine.begin() as connection:
            _store(connection, unit, marker, digest, data, errors)
    except (OSError, ValueError, pa.ArrowException, StoreError) as exc:
        return UnitResult(unit.name, "failed", reason=first_line(exc))
    except (DBAPIError, psycopg.Error) as exc:
        return UnitResult(unit.name, "failed", reason=first_line(getattr(exc, "orig", exc)))
    return UnitResult(
        unit.name,
        "loaded",
        articles=data["articles"].num_rows,
        statements=data["statements"].num_rows,
        errors=errors.num_rows,
    )


def _marker(unit: Unit, text: bytes) -> dict[str, Any]:
    try:
        marker = json.loads(text)
    except ValueError as exc:
        raise StoreError(f"{unit.marker}: not a JSON marker ({exc})") from None
    if not isinstance(marker, dict):
        raise StoreError(f"{unit.marker}: not a JSON object")
    return marker


def _read(unit: Unit, table: str, columns: Sequence[tuple[str, str]]) -> pa.Table:
    """The rows of ``table`` in the unit's files, typed as ``columns`` say, numbered in
    ``_row`` in file order."""
    schema = pa.schema([(name, arrow_type(kind)) for name, kind in columns])
    names = [name for name, _ in columns]
    parts = []
    for path in unit.files.get(table, []):
        try:
            parquet = pq.ParquetFile(path)
            missing = [name for name in names if name not in parquet.schema_arrow.names]
            if missing:
                raise StoreError(f"{path}: no column {', '.join(missing)}")
            parts.append(parquet.read(columns=names).select(names).cast(schema))
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise StoreError(f"{path}: {first_line(exc)}") from None
    rows = pa.concat_tables(parts) if parts else schema.empty_table()
    return rows.append_column(_ROW, pa.array(range(rows.num_rows), pa.int64()))


def _check(marker: dict[str, Any], data: dict[str, pa.Table], errors: pa.Table) -> None:
    """Refuse a unit whose rows do not hang together: an article twice, a count other
    than its marker's, a key naming no row of the unit."""
    articles = data["articles"]
    keys = articles["article_key"]
    if keys.null_count:
        raise StoreError("an article has no article_key")
    if pc.count_distinct(keys).as_py() != articles.num_rows:
        counts = pc.value_counts(keys)
        twice = next(c["values"] for c in counts.to_pylist() if c["counts"] > 1)
        raise StoreError(f"article {twice} is in the unit twice: one reading each, please")
    for what, rows in (("articles", articles), ("errors", errors)):
        expected = marker.get(what)
        if isinstance(expected, int) and expected != rows.num_rows:
            raise StoreError(f"the marker counts {expected} {what}, the files hold {rows.num_rows}")
    for table in TABLES:
        rows = data[table]
        for name, _, target in write.ledger_columns(table):
            if target is None or rows.num_rows == 0:
                continue
            values = _named(rows, (name,) if len(KEYS[target]) == 1 else ("article_key", name))
            named = _named(data[target], KEYS[target])
            unknown = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=named)))
            if pc.any(unknown).as_py():
                value = values.filter(unknown)[0].as_py().replace("\x1f", " ")
                raise StoreError(f"{table}.{name} names {value}, which the unit's {target} lack")


def _named(rows: pa.Table, columns: Sequence[str]) -> pa.ChunkedArray:
    """The values of ``columns`` in each row, joined into one string per row."""
    if len(columns) == 1:
        return rows[columns[0]]
    return pc.binary_join_element_wise(*(rows[c] for c in columns), "\x1f")


def _store(
    connection: Connection,
    unit: Unit,
    marker: dict[str, Any],
    digest: str,
    data: dict[str, pa.Table],
    errors: pa.Table,
) -> None:
    """Write one unit in the caller's transaction, as :func:`write.save` writes records."""
    if connection.dialect.name == "sqlite":
        # The write lock now, and the staging tables inside the transaction.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    now = datetime.now(UTC)
    if data["articles"].num_rows:
        stages = _stage(connection, data)
        _move(connection, stages, now)
        for stage in stages.values():
            stage.drop(connection)
    sources = [s for s in data["articles"]["source"].to_pylist() if s]
    write.forget_errors(connection, sources)
    write.record_errors(
        connection,
        (
            (source or unit.name, reason or "", stage or "extract")
            for source, reason, stage in zip(
                errors["source"].to_pylist(),
                errors["reason"].to_pylist(),
                errors["stage"].to_pylist(),
                strict=True,
            )
        ),
    )
    values = {
        "input": _text(marker.get("input")),
        "pipeline": _text(marker.get("pipeline")),
        "articles": data["articles"].num_rows,
        "errors": errors.num_rows,
        "marker": digest,
        "loaded_at": now,
    }
    connection.execute(
        write.insert_for(connection, m.LoadedUnit)
        .values(unit=unit.name, **values)
        .on_conflict_do_update(index_elements=["unit"], set_=values)
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _stage(connection: Connection, data: dict[str, pa.Table]) -> dict[str, Table]:
    """Temporary tables holding the unit's rows, one per flat table, plus ``old`` for the
    ids of the articles it replaces."""
    meta = MetaData()
    stages = {
        table: Table(
            f"load_{table}",
            meta,
            *(Column(name, _STAGED[kind]) for name, kind in columns),
            Column(_ROW, BigInteger),
            prefixes=["TEMPORARY"],
        )
        for table, columns in TABLES.items()
    }
    stages["old"] = Table(
        "load_old", meta, Column("key", Text), Column("id", Integer), prefixes=["TEMPORARY"]
    )
    # Created in the unit's transaction, dropped at its end: a failed unit leaves none.
    for stage in stages.values():
        stage.create(connection)
    for table, rows in data.items():
        if rows.num_rows == 0:
            continue
        if connection.dialect.name == "postgresql":
            _copy(connection, stages[table], rows)
        else:
            _insert_staged(connection, stages[table], TABLES[table], rows)
    return stages


def _copy(connection: Connection, stage: Table, rows: pa.Table) -> None:
    """Send ``rows`` to ``stage`` with ``COPY`` as CSV, which pyarrow writes: a null is an
    empty field, an empty string a quoted one, as PostgreSQL reads them."""
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in rows.column_names)
    raw = connection.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    options = pacsv.WriteOptions(include_header=False)
    with raw.cursor() as cursor:
        try:
            with cursor.copy(f"COPY {quote(stage.name)} ({names}) FROM STDIN (FORMAT csv)") as copy:
                for batch in rows.to_batches(max_chunksize=5000):
                    buffer = io.BytesIO()
                    pacsv.write_csv(batch, buffer, options)
                    copy.write(buffer.getvalue())
        except psycopg.DataError as exc:
            # The context names the row and column: "COPY load_times, line 3, column data".
            lines = (exc.diag.context or "").splitlines()
            where = next((line for line in lines if line.startswith("COPY ")), "")
            raise StoreError(
                f"{exc.diag.message_primary} ({where.removeprefix('COPY load_')})"
            ) from None
        cursor.execute(f"ANALYZE {quote(stage.name)}")


def _insert_staged(
    connection: Connection, stage: Table, columns: Sequence[tuple[str, str]], rows: pa.Table
) -> None:
    """Insert ``rows`` into ``stage`` in batches, lists and objects parsed from their JSON
    so that the ledger stores them as ``onrecord ingest`` does."""
    kinds = dict(columns)
    for batch in rows.to_batches(max_chunksize=5000):
        values = batch.to_pylist()
        for name in batch.schema.names:
            if kinds.get(name) != "json":
                continue
            for row in values:
                if row[name] is not None:
                    try:
                        row[name] = json.loads(row[name])
                    except ValueError as exc:
                        table = stage.name.removeprefix("load_")
                        raise StoreError(f"{table}.{name}: not JSON ({exc})") from None
        connection.execute(stage.insert(), values)


def _move(connection: Connection, stages: dict[str, Table], now: datetime) -> None:
    """Move the staged rows into the ledger, then refresh clusters and commitment histories."""
    a = m.Article.__table__
    staged = stages["articles"]
    old = stages["old"]
    connection.execute(
        old.insert().from_select(
            ["key", "id"], select(a.c.key, a.c.id).join(staged, staged.c.article_key == a.c.key)
        )
    )
    replaced = list(connection.scalars(select(old.c.id)))
    st = m.Statement.__table__
    touched = {
        cid
        for cid in connection.scalars(
            select(st.c.cluster_id).where(st.c.article_id.in_(select(old.c.id))).distinct()
        )
        if cid is not None
    }
    # The histories the old readings took part in are rebuilt without them.
    actors = _affected(connection, replaced)
    for article_id, digest in connection.execute(
        select(a.c.id, staged.c.content_hash).join(staged, staged.c.article_key == a.c.key)
    ).all():
        versions.supersede(connection, article_id, digest)
    connection.execute(delete(m.Article).where(m.Article.id.in_(select(old.c.id))))
    _articles(connection, staged, old, now)
    for table in TABLES:
        if table != "articles":
            _rows(connection, table, stages[table])
    clusters = stages["statement_clusters"]
    c = m.StatementCluster.__table__
    touched.update(
        connection.scalars(select(c.c.id).where(c.c.key.in_(select(clusters.c.cluster_key))))
    )
    write.refresh_clusters(connection, touched)
    ids = list(connection.scalars(select(a.c.id).join(staged, staged.c.article_key == a.c.key)))
    _settle(connection, staged, now)
    actors |= _affected(connection, ids)
    _track(connection, sorted(actors), sorted(ids))


def _settle(connection: Connection, staged: Table, now: datetime) -> None:
    """Record the current version of the articles just loaded (see :mod:`versions`)."""
    a, st = m.Article, m.Statement
    loaded = select(a.id).join(staged, staged.c.article_key == a.key)
    counts = dict(
        connection.execute(
            select(st.article_id, func.count())
            .where(st.article_id.in_(loaded))
            .group_by(st.article_id)
        ).all()
    )
    rows = connection.execute(
        select(a.id, a.content_hash, a.title, a.extractor).where(a.id.in_(loaded)).order_by(a.id)
    ).all()
    versions.settle(
        connection,
        (
            versions.Saved(r.id, r.content_hash, r.title, counts.get(r.id, 0), r.extractor)
            for r in rows
        ),
        now,
    )


def _articles(connection: Connection, staged: Table, old: Table, now: datetime) -> None:
    """Insert the staged articles: a replaced one under its old id, new ones in order."""
    columns = write.ledger_columns("articles")
    names = [column for _, column, _ in columns] + ["ingested_at"]
    values = [staged.c[name] for name, _, _ in columns] + [literal(now, m.Article.ingested_at.type)]
    again = select(old.c.id, *values).join(old, old.c.key == staged.c.article_key)
    connection.execute(insert(m.Article).from_select(["id", *names], again))
    fresh = (
        select(*values)
        .where(staged.c.article_key.not_in(select(old.c.key)))
        .order_by(staged.c[_ROW])
    )
    connection.execute(insert(m.Article).from_select(names, fresh))


def _rows(connection: Connection, table: str, staged: Table) -> None:
    """``INSERT … SELECT`` the staged rows of ``table``, each key joined to its row's id;
    entities and statement clusters the ledger already holds are left as they are."""
    model = _MODELS[table]
    a = m.Article.__table__
    source: FromClause = staged
    if any(name == "article_key" for name, _ in TABLES[table]):
        source = staged.join(a, a.c.key == staged.c.article_key)
    names: list[str] = []
    values: list[ColumnElement[Any]] = []
    for name, column, target in write.ledger_columns(table):
        names.append(column)
        if target is None:
            values.append(staged.c[name])
        elif target == "articles":
            values.append(a.c.id)
        else:
            named = _MODELS[target].__table__.alias(f"{target}_{name}")
            on = (
                named.c.key == staged.c[name]
                if len(KEYS[target]) == 1
                else ((named.c.article_id == a.c.id) & (named.c.local_id == staged.c[name]))
            )
            source = source.outerjoin(named, on)
            values.append(named.c.id)
    query = select(*values).select_from(source)
    if model in (m.Entity, m.StatementCluster):
        if model is m.StatementCluster:
            # Counted by refresh_clusters once the statements are in.
            names += ["articles", "outlets"]
            query = query.add_columns(literal(0), literal([], m.StatementCluster.outlets.type))
        key = staged.c[TABLES[table][0][0]]
        first = select(func.min(staged.c[_ROW]).label("first")).group_by(key).subquery()
        query = query.where(staged.c[_ROW].in_(select(first.c.first)))
        statement = (
            write.insert_for(connection, model)
            .from_select(names, query.order_by(staged.c[_ROW]))
            .on_conflict_do_nothing(index_elements=["key"])
        )
    else:
        statement = insert(model).from_select(names, query.order_by(staged.c[_ROW]))
    connection.execute(statement)


def _affected(connection: Connection, ids: Sequence[int]) -> set[int]:
    """:func:`tracking.affected` for any number of articles."""
    found: set[int] = set()
    for chunk in _chunks(ids):
        found |= tracking.affected(connection, chunk)
    return found


def _track(connection: Connection, actors: Sequence[int], articles: Sequence[int]) -> None:
    """:func:`tracking.track` for any number of actors and articles: histories are each
    actor's own, and those of makers no entity names each commitment's, so they are
    rebuilt in shares when there are many."""
    if len(actors) <= _IN and len(articles) <= _IN:
        tracking.track(connection, actors, articles)
        return
    for chunk in _chunks(actors):
        tracking.track(connection, chunk)
    for chunk in _chunks(articles):
        tracking.track(connection, [], chunk)


def _chunks(items: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), _IN):
        yield items[start : start + _IN]
