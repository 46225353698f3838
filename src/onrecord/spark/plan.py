"""Splitting a run's inputs into units: the work of one Spark task, and of one marker.

A unit is one file that holds many articles (a WARC file, a feed, a JSON Lines file up to
``chunk_bytes``), one byte range of a bigger JSON Lines file, or a run of up to
``files_per_unit`` single-article files from a folder, in path order. Its key names it
after its first file and hashes what it reads with the pipeline version and options that
read it, so the same input read the same way is the same unit on every run, and output
made by another pipeline version never stands in for it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from onrecord.errors import ConfigError
from onrecord.ingest import is_url
from onrecord.ingest.sources import article_like, holds_many
from onrecord.spark.hadoop import Hadoop, as_uri

__all__ = ["Unit", "plan"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Unit:
    """One task's share of the input."""

    #: Folder-safe and stable: ``<first file's name>-<hash>``.
    key: str
    #: The input the user named (a file or a folder), as a URI.
    input: str
    #: The files it reads, as URIs.
    files: tuple[str, ...]
    #: For a byte range of a JSON Lines file: its first byte and the byte after it.
    start: int = 0
    end: int | None = None

    def marker(self, pipeline: str, articles: int, errors: int, finished: str) -> str:
        """The JSON of this unit's completion marker."""
        return json.dumps(
            {
                **asdict(self),
                "pipeline": pipeline,
                "articles": articles,
                "errors": errors,
                "finished": finished,
            },
            ensure_ascii=False,
        )


def plan(
    inputs: Iterable[str],
    hadoop: Hadoop,
    version: str,
    *,
    files_per_unit: int = 500,
    chunk_bytes: int = 256 * 1024 * 1024,
) -> list[Unit]:
    """The units of ``inputs`` (local paths or Hadoop URIs: files or folders), in order.

    An input that is not there is still a unit: its task reports it as an error row.
    Standard input (``-``) and web URLs are refused (:class:`ConfigError`).
    """
    units: list[Unit] = []
    for item in inputs:
        if item == "-" or is_url(item):
            raise ConfigError(
                f"{item}: a Spark run reads files and folders; read standard input and "
                "URLs with onrecord ingest"
            )
        uri = as_uri(item)
        if hadoop.is_dir(uri):
            listed = sorted(hadoop.files(uri))
            units.extend(_folder(uri, listed, version, files_per_unit, chunk_bytes))
        elif hadoop.exists(uri):
            units.extend(_file(uri, uri, hadoop.size(uri), version, chunk_bytes))
        else:
            units.append(_unit(uri, (uri,), version))
    return units


def _folder(
    folder: str, listed: list[tuple[str, int]], version: str, per_unit: int, chunk: int
) -> Iterator[Unit]:
    """Each file holding many articles on its own; the rest in runs of ``per_unit``."""
    singles: list[str] = []
    for uri, size in listed:
        relative = _path(uri)[len(_path(folder)) :].strip("/")
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        name = relative.rsplit("/", 1)[-1]
        if holds_many(name):
            yield from _file(folder, uri, size, version, chunk)
        elif article_like(name):
            singles.append(uri)
    for start in range(0, len(singles), per_unit):
        yield _unit(folder, tuple(singles[start : start + per_unit]), version)


def _file(given: str, uri: str, size: int, version: str, chunk: int) -> Iterator[Unit]:
    lower = uri.lower()
    if not lower.endswith((".jsonl", ".ndjson")) or size <= chunk:
        yield _unit(given, (uri,), version)
        return
    for start in range(0, size, chunk):
        yield _unit(given, (uri,), version, start, min(start + chunk, size))


def _unit(
    given: str, files: tuple[str, ...], version: str, start: int = 0, end: int | None = None
) -> Unit:
    what = json.dumps([files, start, end, version], ensure_ascii=False)
    digest = hashlib.sha256(what.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    stem = _UNSAFE.sub("_", PurePosixPath(_path(files[0])).name)[:48] or "input"
    suffix = f"-b{start}" if end is not None else ""
    return Unit(f"{stem}{suffix}-{digest}", given, files, start, end)


def _path(uri: str) -> str:
    return unquote(urlsplit(uri).path)
