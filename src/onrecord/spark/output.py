"""The layout of a run's output folder, and the Parquet files each task writes into it.

::

    OUT/<table>/month=YYYY-MM/unit=<unit key>/part-<partition>-<attempt>-<n>.parquet
    OUT/_errors/unit=<unit key>/part-<partition>-<attempt>-<n>.parquet
    OUT/_done/<unit key>.json
    OUT/_links/{clusters,entities,commitment_steps}/

``month`` and ``unit`` are Hive partition folders (DuckDB's ``hive_partitioning``,
pyarrow's ``partitioning="hive"`` and Spark read them as columns). A task attempt names
its files by its partition, its attempt and a running number, and reports them: the
driver moves only the files of the attempts Spark counted, so the files of an attempt
that failed, or lost a speculative race, are never taken for its rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any
from urllib.parse import quote

import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow import fs

from onrecord.assemble import schema
from onrecord.spark.hadoop import local_path
from onrecord.tables import ERRORS, TABLES, arrow_type

__all__ = ["COLUMNS", "Files", "arrow_schema", "filesystem", "partitions"]

#: Every output table's columns as ``(name, kind)``: the flat tables of
#: :mod:`onrecord.tables`, ``records`` (each article's ``onrecord/1`` record, nested as
#: its JSON Schema says: :func:`record_type`) and ``_errors`` (each item set aside, and why).
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "records": (("article_key", "str"), ("record", "record"), ("pipeline", "str")),
    **TABLES,
    "_errors": ERRORS,
}
#: Rows a task holds per file before writing it.
_FLUSH = 5_000


def partitions(table: str) -> tuple[str, ...]:
    """The partition folders of ``table``, outermost first."""
    return ("unit",) if table == "_errors" else ("month", "unit")


def arrow_schema(table: str) -> pa.Schema:
    """The Parquet schema of ``table``'s files (partition columns are folders, not columns)."""
    return pa.schema(
        [
            (name, record_type() if kind == "record" else arrow_type(kind))
            for name, kind in COLUMNS[table]
        ]
    )


@cache
def record_type() -> pa.DataType:
    """The Arrow type of an ``onrecord/1`` record, from its JSON Schema: objects are
    structs, arrays lists, an object of counts a map, and every field may be null."""
    document = schema()

    def convert(node: dict[str, Any]) -> pa.DataType:
        if "$ref" in node:
            return convert(document["$defs"][node["$ref"].rsplit("/", 1)[-1]])
        if "oneOf" in node:
            (kind,) = [option for option in node["oneOf"] if option.get("type") != "null"]
            return convert(kind)
        kind = node.get("type", "string")
        if isinstance(kind, list):
            (kind,) = [k for k in kind if k != "null"]
        if kind == "object" and "properties" in node:
            return pa.struct([(name, convert(sub)) for name, sub in node["properties"].items()])
        if kind == "object":
            return pa.map_(pa.string(), convert(node["additionalProperties"]))
        if kind == "array":
            return pa.list_(convert(node["items"]))
        return _JSON_TYPES[kind]

    return convert(document)


_JSON_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
}


def filesystem(location: str) -> tuple[fs.FileSystem, str]:
    """pyarrow's filesystem for ``location`` (see :mod:`onrecord.spark.hadoop`) and the
    path on it; ``s3a://`` and ``s3n://``, Hadoop's names for S3, are S3's."""
    local = local_path(location)
    if local is not None:
        return fs.LocalFileSystem(), local
    scheme, _, rest = location.partition("://")
    authority, slash, path = rest.partition("/")
    scheme = "s3" if scheme in ("s3a", "s3n") else scheme
    found: tuple[fs.FileSystem, str] = fs.FileSystem.from_uri(
        f"{scheme}://{authority}{slash}{quote(path)}"
    )
    return found


class Files:
    """The Parquet files one task attempt writes under ``root``: rows are held per table
    and partition, and written ``_FLUSH`` at a time as ``part-<name>-<n>.parquet``;
    ``names`` lists them, relative to ``root``."""

    def __init__(self, root: str, name: str) -> None:
        self.filesystem, self.root = filesystem(root)
        self.name = name
        self.held: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = {}
        self.written: dict[tuple[str, tuple[str, ...]], int] = {}
        self.names: list[str] = []

    def add(self, table: str, where: tuple[str, ...], values: tuple[Any, ...]) -> None:
        """Hold one row of ``table`` for the partition ``where`` (its folder values)."""
        held = self.held.setdefault((table, where), [])
        held.append(values)
        if len(held) >= _FLUSH:
            self._write(table, where)

    def close(self) -> None:
        """Write every row still held."""
        for table, where in list(self.held):
            self._write(table, where)

    def _write(self, table: str, where: tuple[str, ...]) -> None:
        rows = self.held.pop((table, where), [])
        if not rows:
            return
        number = self.written.get((table, where), 0)
        self.written[(table, where)] = number + 1
        folders = "/".join(
            f"{name}={value}" for name, value in zip(partitions(table), where, strict=True)
        )
        name = f"{table}/{folders}/part-{self.name}-{number:04d}.parquet"
        self.filesystem.create_dir(f"{self.root}/{table}/{folders}", recursive=True)
        layout = arrow_schema(table)
        columns = [_column(rows, i, kind) for i, (_, kind) in enumerate(COLUMNS[table])]
        pq.write_table(
            pa.table(columns, schema=layout),
            f"{self.root}/{name}",
            filesystem=self.filesystem,
            compression="zstd",
        )
        self.names.append(name)


def _column(rows: Iterable[tuple[Any, ...]], i: int, kind: str) -> list[Any]:
    if kind == "json":
        return [None if row[i] is None else json.dumps(row[i], ensure_ascii=False) for row in rows]
    return [row[i] for row in rows]
