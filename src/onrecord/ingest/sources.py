"""The inputs of a batch (files, folders, URLs, ``-``) expanded into a stream of articles.

A file is read by its suffix: ``.warc`` and ``.warc.gz`` as crawls
(:mod:`~onrecord.ingest.warc`), ``.jsonl`` and ``.ndjson`` as batches
(:mod:`~onrecord.ingest.jsonl`), ``.rss``, ``.atom`` and ``.xml`` as feeds
(:mod:`~onrecord.ingest.feeds`), anything else as one article (:func:`~onrecord.ingest.load`).
A URL is fetched once and read as a feed when it is one, else as an article.

A named pipe, a socket or a device, in a folder or named, is refused unopened (reading one
could block forever); a name that is not UTF-8 is shown with ``\\xNN`` escapes
(:func:`~onrecord.ingest.shown_name`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from onrecord.errors import IngestError
from onrecord.ingest import (
    Hints,
    Rejected,
    check_url,
    from_fetched,
    is_url,
    load,
    open_file,
    shown_name,
)
from onrecord.ingest.decode import human_size
from onrecord.ingest.feeds import FEED_TYPES, is_feed, read_feed
from onrecord.ingest.fetch import ACCEPTED_TYPES, fetch
from onrecord.ingest.jsonl import read_jsonl
from onrecord.ingest.warc import read_warc
from onrecord.records import Article
from onrecord.settings import Settings

__all__ = ["FOLDER_SUFFIXES", "article_like", "count_files", "expand", "holds_many", "read_file"]

#: The files read from a folder: articles, and files that hold articles.
FOLDER_SUFFIXES = (
    ".txt",
    ".text",
    ".html",
    ".htm",
    ".xhtml",
    ".jsonl",
    ".ndjson",
    ".warc",
    ".warc.gz",
    ".rss",
    ".atom",
    ".xml",
)
# A file extension: a few letters or digits, not a number alone, after the last dot. A
# name such as "reisen-mit-dem-internet.de.emden-21416" or "story.20260301" has none. The
# files SQLite keeps beside a database (a ledger's "onrecord.db-wal") and editors' backups
# ("story.txt~") keep the extension of the file they belong to, and are passed over.
_EXTENSION = re.compile(r"\.(?=\d*[a-z])[a-z\d]{1,8}(?:-wal|-shm|-journal|~)?$")


def expand(
    inputs: Iterable[str],
    settings: Settings,
    hints: Hints = Hints(),  # noqa: B008 (a frozen dataclass)
) -> Iterator[Article | Rejected]:
    """Every article in ``inputs``, in order, with a :class:`Rejected` for each item that
    cannot be read; nothing a bad input holds stops the rest.

    An input is ``-`` (standard input), an ``http(s)`` URL, a file, or a folder, whose
    files are read recursively in path order: those without a file extension (a short run
    of letters and digits after the last dot) or with one of :data:`FOLDER_SUFFIXES`,
    hidden files and folders left out.
    """
    for item in inputs:
        if is_url(item):
            yield from _url(item, settings, hints)
        elif item != "-" and Path(item).is_dir():
            yield from _folder(Path(item), settings, hints, set())
        else:
            yield from read_file(item, settings, hints)


def count_files(inputs: Iterable[str]) -> int | None:
    """How many items ``inputs`` hold, when each is a file or folder of one article per
    file; None when that cannot be known ahead (URLs, feeds, WARC and JSONL files, stdin)."""
    total = 0
    for item in inputs:
        if is_url(item) or item == "-":
            return None
        path = Path(item)
        try:
            files = (
                [
                    p
                    for p in path.rglob("*")
                    if article_like(p.name)
                    and not p.is_dir()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                ]
                if path.is_dir()
                else [path]
            )
        except OSError:
            return None
        if any(holds_many(str(p)) for p in files):
            return None
        total += len(files)
    return total


def _url(url: str, settings: Settings, hints: Hints) -> Iterator[Article | Rejected]:
    try:
        fetched = fetch(check_url(url), settings, accept=ACCEPTED_TYPES + FEED_TYPES)
    except IngestError as exc:
        yield Rejected.from_error(shown_name(url), exc)
        return
    if is_feed(fetched.content_type, fetched.body):
        yield from read_feed(fetched.body, url, settings, hints, url=fetched.url)
        return
    try:
        yield from_fetched(fetched, settings, hints, source=url)
    except IngestError as exc:
        yield Rejected.from_error(url, exc)


def _folder(
    folder: Path, settings: Settings, hints: Hints, seen: set[Path]
) -> Iterator[Article | Rejected]:
    # A symbolic link back up the tree would otherwise be walked forever.
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        yield Rejected(shown_name(folder), f"folder cannot be read ({exc.strerror})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _folder(entry, settings, hints, seen)
        elif article_like(entry.name):
            yield from read_file(str(entry), settings, hints)


def article_like(name: str) -> bool:
    """Whether a file found in a folder is read: READMEs, images, spreadsheets and the like
    that sit beside articles are passed over by their extension, a file without one is read
    (a file named on the command line is always read)."""
    lower = name.lower()
    return _EXTENSION.search(lower) is None or lower.endswith(FOLDER_SUFFIXES)


def read_file(
    name: str,
    settings: Settings,
    hints: Hints,
    *,
    shown: str | None = None,
) -> Iterator[Article | Rejected]:
    """The articles in one file (or ``-``), read by its suffix.

    ``shown`` is the name that sources and messages give the file when it is not ``name``
    (a local copy of a file held elsewhere).
    """
    local = shown_name(name)
    shown = shown or local
    reader = _reader(name)
    if reader is None:
        try:
            article = load(name, settings, hints)
        except IngestError as exc:
            yield Rejected(shown, str(exc).removeprefix(f"{local}: "))
            return
        yield article if article.source == shown else replace(article, source=shown)
        return
    try:
        with open_file(name) as stream:
            yield from reader(stream, shown, settings, hints)
    except IngestError as exc:
        yield Rejected(shown, str(exc).removeprefix(f"{local}: "))
    except OSError as exc:
        yield Rejected(shown, f"cannot be read ({exc.strerror})")


def holds_many(name: str) -> bool:
    """Whether the file ``name`` holds several articles (a crawl, a batch or a feed), by
    its suffix."""
    return _reader(name) is not None


def _read_feed_file(
    stream: BinaryIO, name: str, settings: Settings, hints: Hints
) -> Iterator[Article | Rejected]:
    data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        yield Rejected(
            name,
            f"feed is over the {human_size(settings.max_bytes)} limit "
            "(raise ONRECORD_MAX_BYTES to accept it)",
        )
    else:
        yield from read_feed(data, name, settings, hints)


def _reader(name: str) -> _Reader | None:
    """The reader of a file holding several articles, by its suffix; None for one article."""
    return next((r for suffixes, r in _READERS if name.lower().endswith(suffixes)), None)


_Reader = Callable[[BinaryIO, str, Settings, Hints], Iterator[Article | Rejected]]
_READERS: tuple[tuple[tuple[str, ...], _Reader], ...] = (
    ((".warc", ".warc.gz"), read_warc),
    ((".jsonl", ".ndjson"), read_jsonl),
    ((".rss", ".atom", ".xml"), _read_feed_file),
)
