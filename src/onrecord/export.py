"""Writing ledger rows to files: JSON Lines, CSV or Parquet.

Rows come from :meth:`onrecord.store.Store.export` with typed columns, so a Parquet column
gets its type even when its first values are null. In CSV, lists and objects are written as
JSON text; in Parquet, as JSON strings too, which every reader can parse.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from onrecord.errors import ConfigError

__all__ = ["FORMATS", "format_for", "write"]

FORMATS = ("jsonl", "csv", "parquet")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
_ARROW = {
    "int": pa.int64(),
    "float": pa.float64(),
    "str": pa.string(),
    "json": pa.string(),
    "datetime": pa.string(),
}
_BATCH = 10_000


def format_for(path: Path | None, given: str | None) -> str:
    """The format asked for, else the one the file suffix names, else JSON Lines."""
    if given is not None:
        if given not in FORMATS:
            raise ConfigError(f"--format {given!r} is not one of {', '.join(FORMATS)}")
        return given
    if path is not None and path.suffix.lower() in _SUFFIXES:
        return _SUFFIXES[path.suffix.lower()]
    return "jsonl"


def write(
    rows: Iterable[dict[str, Any]],
    columns: list[tuple[str, str]],
    path: Path | None,
    fmt: str,
) -> int:
    """Write ``rows`` to ``path`` (stdout when None) as ``fmt``; the number of rows."""
    if fmt == "parquet":
        if path is None:
            raise ConfigError("Parquet is binary: give a file with --output")
        return _parquet(rows, columns, path)
    with _opened(path) as stream:
        if fmt == "csv":
            return _csv(rows, columns, stream)
        return _jsonl(rows, stream)


@contextmanager
def _opened(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as stream:
        yield stream


def _jsonl(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    n = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False, default=_iso) + "\n")
        n += 1
    return n


def _csv(rows: Iterable[dict[str, Any]], columns: list[tuple[str, str]], stream: IO[str]) -> int:
    writer = csv.writer(stream)
    writer.writerow([name for name, _ in columns])
    n = 0
    for row in rows:
        writer.writerow([_flat(row[name], kind) for name, kind in columns])
        n += 1
    return n


def _parquet(rows: Iterable[dict[str, Any]], columns: list[tuple[str, str]], path: Path) -> int:
    schema = pa.schema([(name, _ARROW[kind]) for name, kind in columns])
    n = 0
    iterator = iter(rows)
    with pq.ParquetWriter(path, schema) as writer:
        while batch := list(islice(iterator, _BATCH)):
            data = {
                name: [_flat(row[name], kind) if kind != "int" else row[name] for row in batch]
                for name, kind in columns
            }
            writer.write_table(pa.table(data, schema=schema))
            n += len(batch)
    return n


def _flat(value: Any, kind: str) -> Any:
    """A value as one CSV or Parquet cell: JSON text for lists and objects, ISO for times."""
    if value is None:
        return None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
