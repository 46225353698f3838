"""What Spark's Python workers run: read a unit's articles, then read each article.

Nothing here is pickled but plain data: a task gets its :class:`~onrecord.spark.plan.Unit`,
the :class:`~onrecord.settings.Settings` and the run's options, and builds its
:class:`~onrecord.reader.Reader` itself, once per Python worker (Spark reuses a worker for
task after task), so the spaCy pipeline is loaded lazily and never shipped. Articles go
through the pipeline in batches inside ``nlp.memory_zone()``, which frees the strings and
lexemes a batch added, so a worker that lives through millions of articles does not grow.

Every failure becomes a row of ``_errors`` with its reason, never a failed task: the same
readers ``onrecord ingest`` uses (:func:`onrecord.ingest.sources.read_file`) report damaged
records, and the same batch reader (:func:`onrecord.batch.read_batch`) applies the
per-article budget and finds the article that breaks a batch.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from onrecord.batch import read_batch
from onrecord.errors import IngestError
from onrecord.ingest import Hints, Rejected, open_file, shown_name
from onrecord.ingest.jsonl import read_jsonl
from onrecord.ingest.sources import read_file
from onrecord.link.keys import article_key
from onrecord.reader import Reader
from onrecord.records import Article, Record
from onrecord.settings import Settings
from onrecord.spark.hadoop import local_path, path_of
from onrecord.spark.output import Files, filesystem
from onrecord.spark.plan import Unit
from onrecord.tables import TABLES, month, rows

__all__ = [
    "Options",
    "Row",
    "extract",
    "first",
    "read_unit",
    "spread",
    "unkeyed",
    "write_partition",
]

#: ``(table, unit key, month, values)``: one row of one output table. ``records`` holds
#: the ``onrecord/1`` record of each article, ``_errors`` each item set aside.
Row = tuple[str, str, str, tuple[Any, ...]]

_READERS: dict[Settings, Reader] = {}
# How much of a line is read at a time when passing over it.
_PART = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Options:
    """What the run was told about every article (``--published``, ``--outlet``,
    ``--language``) and the pipeline version its rows carry."""

    pipeline: str
    published: str | None = None
    outlet: str | None = None
    language: str | None = None

    @property
    def version(self) -> str:
        """The pipeline and the options: output made under other ones is not this run's."""
        return json.dumps([self.pipeline, self.published, self.outlet, self.language])

    def hints(self, reader: Reader) -> Hints:
        """The ingestion hints, with ``reader``'s knowledge base."""
        return reader.hints(published=self.published, outlet=self.outlet, language=self.language)


def reader_for(settings: Settings) -> Reader:
    """This worker's reader for ``settings``, made on first use."""
    if settings not in _READERS:
        _READERS[settings] = Reader(settings)
    return _READERS[settings]


def read_unit(
    unit: Unit, settings: Settings, options: Options
) -> Iterator[tuple[tuple[str, str], tuple[int, Article | Rejected]]]:
    """The items of ``unit`` in order: each article keyed by the unit's key and its own
    (:func:`first` keeps one copy of an article the unit holds twice, as ingest does), a
    :class:`Rejected` for each item that cannot be read keyed by its position."""
    for n, item in enumerate(_items(unit, settings, options)):
        name = article_key(item.url, item.text) if isinstance(item, Article) else f"#{n}"
        yield (unit.key, name), (n, item)


def first(
    one: tuple[int, Article | Rejected], other: tuple[int, Article | Rejected]
) -> tuple[int, Article | Rejected]:
    """Of two copies of an article in one unit, the one read first."""
    return one if one[0] <= other[0] else other


def unkeyed(
    keyed: tuple[tuple[str, str], tuple[int, Article | Rejected]],
) -> tuple[str, Article | Rejected]:
    """``(unit key, item)`` from what :func:`read_unit` yields."""
    (unit, _), (_, item) = keyed
    return unit, item


def _items(unit: Unit, settings: Settings, options: Options) -> Iterator[Article | Rejected]:
    hints = options.hints(reader_for(settings))
    for piece in unit.pieces:
        shown = _shown(piece.file)
        try:
            with _local(piece.file) as path:
                if piece.end is not None:
                    yield from _jsonl_range(path, shown, piece.start, piece.end, settings, hints)
                else:
                    yield from read_file(str(path), settings, hints, shown=shown)
        except IngestError as exc:
            yield Rejected.from_error(shown, exc)
        except OSError as exc:
            yield Rejected(shown, f"cannot be read ({exc.strerror or exc})")


def extract(
    items: Iterable[tuple[str, Article | Rejected]], settings: Settings, options: Options
) -> Iterator[Row]:
    """The output rows of a partition of ``(unit key, article)`` items, read in batches."""
    reader = reader_for(settings)
    batch: list[tuple[str, Article]] = []
    for unit, item in items:
        if isinstance(item, Rejected):
            yield _error(unit, item, "read", options.pipeline)
            continue
        batch.append((unit, item))
        if len(batch) >= settings.batch_size:
            yield from _extracted(reader, batch, options.pipeline)
            batch = []
    if batch:
        yield from _extracted(reader, batch, options.pipeline)


def _extracted(reader: Reader, batch: list[tuple[str, Article]], pipeline: str) -> Iterator[Row]:
    with reader.nlp.memory_zone():
        results = read_batch(reader, [article for _, article in batch])
    for (unit, _), result in zip(batch, results, strict=True):
        if isinstance(result, Rejected):
            yield _error(unit, result, "extract", pipeline)
        else:
            yield from _record_rows(unit, result, pipeline)


def _record_rows(unit: str, record: Record, pipeline: str) -> Iterator[Row]:
    when = month(record)
    key = article_key(record.article.url, record.article.text)
    yield "records", unit, when, (key, record.to_json(), pipeline)
    for table, found in rows(record, pipeline).items():
        names = [name for name, _ in TABLES[table]]
        for row in found:
            yield table, unit, when, tuple(row.get(name) for name in names)


def write_partition(
    index: int,
    items: Iterable[tuple[str, Article | Rejected]],
    settings: Settings,
    options: Options,
    root: str,
) -> Iterator[tuple[dict[tuple[str, str], int], list[str]]]:
    """Read one partition's articles and write its rows as Parquet under ``root``: how
    many rows each ``(unit key, table)`` got, and the files written (relative to
    ``root``), named by this attempt at the task so that another attempt's files are
    never taken for its own."""
    from pyspark import TaskContext

    context = TaskContext.get()
    attempt = context.attemptNumber() if context is not None else 0
    files = Files(root, f"{index:05d}-{attempt}")
    counts: Counter[tuple[str, str]] = Counter()
    for table, unit, when, values in extract(items, settings, options):
        files.add(table, (unit,) if table == "_errors" else (when, unit), values)
        counts[(unit, table)] += 1
    files.close()
    yield dict(counts), files.names


def spread(key: tuple[str, str], width: int) -> int:
    """The partition of the article ``key`` (unit key, article key): one of ``width``
    partitions that follow from the unit's (Python's own ``hash`` of a string differs
    from one worker to the next)."""
    unit, article = key
    return (
        zlib.crc32(unit.encode("utf-8", "surrogatepass"))
        + zlib.crc32(article.encode("utf-8", "surrogatepass")) % width
    )


def _error(unit: str, rejected: Rejected, stage: str, pipeline: str) -> Row:
    return "_errors", unit, "", (rejected.source, rejected.reason, stage, pipeline)


def _jsonl_range(
    path: Path, shown: str, start: int, end: int, settings: Settings, hints: Hints
) -> Iterator[Article | Rejected]:
    """The articles of the lines that start in ``[start, end)``: a line belongs to the range
    it starts in, and is read to its end even past ``end``. Sources are ``NAME@START:LINE``,
    the line counted from the range's first."""
    with open_file(path) as stream:
        if start > 0:
            # The line that holds byte start - 1 is the range before's, however long.
            stream.seek(start - 1)
            while (part := stream.readline(_PART)) and not part.endswith(b"\n"):
                pass
        yield from read_jsonl(_Range(stream, end), f"{shown}@{start}", settings, hints)


class _Range:
    """The lines of ``stream`` from where it is to the first that starts at or past
    ``end``, read as :func:`~onrecord.ingest.jsonl.read_jsonl` reads a file (``readline``
    with a limit: a line too long for it comes in pieces, and only a piece that ends one
    counts as the line's end)."""

    def __init__(self, stream: BinaryIO, end: int) -> None:
        self.stream = stream
        self.end = end
        self.at_start = True

    def readline(self, limit: int = -1) -> bytes:
        if self.at_start and self.stream.tell() >= self.end:
            return b""
        line = self.stream.readline(limit)
        self.at_start = line.endswith(b"\n")
        return line


@contextmanager
def _local(location: str) -> Iterator[Path]:
    """A local path for ``location``: the file itself, or a copy of a remote one (in the
    worker's temporary folder, under its own name, so its suffix still says how to read
    it), removed afterwards."""
    local = local_path(location)
    if local is not None:
        yield Path(local)
        return
    with tempfile.TemporaryDirectory(prefix="onrecord-") as folder:
        path = Path(folder) / (path_of(location).rstrip("/").rsplit("/", 1)[-1] or "input")
        remote, where = filesystem(location)
        with remote.open_input_stream(where) as source, path.open("wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
        yield path


def _shown(location: str) -> str:
    """How sources name a file: its local path, or its location when it is elsewhere."""
    local = local_path(location)
    return shown_name(local) if local is not None else location
