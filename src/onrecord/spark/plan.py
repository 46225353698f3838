"""Splitting a run's inputs into units: the work of one Spark task, and of one marker.

The inputs are first listed as *pieces*: a file holding many articles (a WARC file, a feed,
a JSON Lines file up to ``chunk_bytes``), one byte range of a bigger JSON Lines file, or a
single-article file of a folder, each with the file's size and modification time. A unit
is one piece, or a run of up to ``files_per_unit`` single-article files of a folder in path
order. Its key names it after its first file and hashes its pieces with the pipeline
version and options that read them, so the same input read the same way is the same unit
on every run, and output made by another pipeline version never stands in for it.

A run leaves out the pieces that finished units already hold (:func:`units` takes them):
a file added to a folder becomes a unit of its own on the next run instead of shifting
every run of files after it, and a file changed since it was read is read again (the
driver first removes the unit that holds its old reading: :func:`stale`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from onrecord.errors import ConfigError
from onrecord.ingest import is_url
from onrecord.ingest.sources import article_like, holds_many
from onrecord.spark.hadoop import Hadoop, as_uri, path_of

__all__ = ["Piece", "Unit", "done_pieces", "pieces", "stale", "units"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Piece:
    """One file, or one byte range of a big JSON Lines file, as it was when listed."""

    #: The file's location (see :mod:`onrecord.spark.hadoop`).
    file: str
    size: int
    modified: int
    start: int = 0
    #: The byte after the range, for a range; None for the whole file.
    end: int | None = None
    #: Whether it is a folder's single-article file, which is read in runs with others.
    single: bool = False


@dataclass(frozen=True, slots=True)
class Unit:
    """One task's share of the input."""

    #: Folder-safe and stable: ``<first file's name>-<hash>``.
    key: str
    #: The input the user named (a file or a folder).
    input: str
    pieces: tuple[Piece, ...]

    def marker(self, version: str, pipeline: str, articles: int, errors: int, when: str) -> str:
        """The JSON of this unit's completion marker."""
        return json.dumps(
            {
                **asdict(self),
                "version": version,
                "pipeline": pipeline,
                "articles": articles,
                "errors": errors,
                "finished": when,
            },
            ensure_ascii=False,
        )


def pieces(
    inputs: Iterable[str], hadoop: Hadoop, *, chunk_bytes: int = 256 * 1024 * 1024
) -> list[tuple[str, Piece]]:
    """``(input, piece)`` for every piece of ``inputs`` (local paths or Hadoop locations:
    files or folders), in order. An input that is not there is still a piece: its task
    reports it as an error row. Standard input (``-``) and web URLs are refused
    (:class:`ConfigError`)."""
    found: list[tuple[str, Piece]] = []
    for item in inputs:
        if item == "-" or is_url(item):
            raise ConfigError(
                f"{item}: a Spark run reads files and folders; read standard input and "
                "URLs with onrecord ingest"
            )
        given = as_uri(item)
        if hadoop.is_dir(given):
            for file, size, modified in sorted(hadoop.files(given)):
                relative = path_of(file)[len(path_of(given)) :].strip("/")
                if any(part.startswith(".") for part in relative.split("/")):
                    continue
                name = relative.rsplit("/", 1)[-1]
                if holds_many(name):
                    found.extend((given, p) for p in _split(file, size, modified, chunk_bytes))
                elif article_like(name):
                    found.append((given, Piece(file, size, modified, single=True)))
        elif hadoop.exists(given):
            size, modified = hadoop.stat(given)
            found.extend((given, p) for p in _split(given, size, modified, chunk_bytes))
        else:
            found.append((given, Piece(given, -1, -1)))
    return found


def units(
    listed: Iterable[tuple[str, Piece]],
    version: str,
    *,
    done: Collection[Piece] = (),
    files_per_unit: int = 500,
) -> list[Unit]:
    """The units of the ``listed`` pieces that no finished unit holds (``done``)."""
    found: list[Unit] = []
    singles: dict[str, list[Piece]] = {}
    for given, piece in listed:
        if piece in done:
            continue
        if piece.single:
            singles.setdefault(given, []).append(piece)
        else:
            found.append(_unit(given, (piece,), version))
    for given, run in singles.items():
        for start in range(0, len(run), files_per_unit):
            found.append(_unit(given, tuple(run[start : start + files_per_unit]), version))
    return found


def stale(markers: Mapping[str, dict[str, Any]], listed: Iterable[tuple[str, Piece]]) -> list[str]:
    """The finished units (``key → marker``) holding a file that has changed since."""
    now = {piece.file: (piece.size, piece.modified) for _, piece in listed}
    return [
        key
        for key, marker in markers.items()
        if any(
            p["file"] in now and now[p["file"]] != (p["size"], p["modified"])
            for p in marker.get("pieces", ())
        )
    ]


def done_pieces(markers: Iterable[dict[str, Any]]) -> set[Piece]:
    """The pieces the finished units of ``markers`` hold."""
    return {Piece(**piece) for marker in markers for piece in marker.get("pieces", ())}


def _split(file: str, size: int, modified: int, chunk: int) -> Iterator[Piece]:
    if not file.lower().endswith((".jsonl", ".ndjson")) or size <= chunk:
        yield Piece(file, size, modified)
        return
    for start in range(0, size, chunk):
        yield Piece(file, size, modified, start, min(start + chunk, size))


def _unit(given: str, run: tuple[Piece, ...], version: str) -> Unit:
    what = json.dumps([[asdict(p) for p in run], version], ensure_ascii=False)
    digest = hashlib.sha256(what.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    first = run[0]
    stem = _UNSAFE.sub("_", path_of(first.file).rstrip("/").rsplit("/", 1)[-1])[:48] or "input"
    suffix = f"-b{first.start}" if first.end is not None else ""
    return Unit(f"{stem}{suffix}-{digest}", given, run)
