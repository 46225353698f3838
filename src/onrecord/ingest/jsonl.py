"""JSON Lines batches (``.jsonl``, ``.ndjson``): one article per line, with its metadata.

Each line is a JSON object with the article as ``text`` (plain text) or ``html`` (a page;
``text`` wins when both are there) and, optionally, ``title``, ``url``, ``outlet``,
``published``, ``authors`` (a list, or one string with ``;`` between names) and
``language``. What the line gives overrides what is read from the article; ``published``
counts as a date the caller gave, as ``--published`` does. Blank lines are skipped; every
other line that cannot be read is a :class:`~onrecord.ingest.Rejected` named
``FILE:LINE``: one that is not JSON, not an object, lacks the article, or holds a lone
surrogate escape (``"\\ud800"``, valid JSON but no character) in a field that is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, Protocol

from onrecord.errors import ConfigError, IngestError
from onrecord.ingest import Hints, Rejected, from_bytes, parse_published
from onrecord.ingest.decode import human_size
from onrecord.records import Article
from onrecord.settings import Settings

__all__ = ["Lines", "read_jsonl"]

# JSON escapes take up to six bytes per byte of text ("\u0001").
_ESCAPE_FACTOR = 6
_TEXT_FIELDS = ("title", "url", "outlet", "published", "language")


class Lines(Protocol):
    """What a JSON Lines file is read through: a binary file, or any object that hands out
    its lines (at most ``size`` bytes of one at a time)."""

    def readline(self, size: int = -1, /) -> bytes: ...


class _BadLine(Exception):
    """A line that holds no readable article; the message says why."""


def read_jsonl(
    stream: Lines,
    name: str,
    settings: Settings,
    hints: Hints = Hints(),  # noqa: B008 (a frozen dataclass)
) -> Iterator[Article | Rejected]:
    """The articles of the JSON Lines file open as ``stream``, read line by line.

    Each article's source is ``NAME:LINE``.
    """
    limit = _ESCAPE_FACTOR * settings.max_bytes
    for number, line in enumerate(_lines(stream, limit), start=1):
        where = f"{name}:{number}"
        if line is None:
            yield Rejected(where, f"line is over the {human_size(limit)} limit")
        elif line.strip():
            try:
                yield _article(line, where, settings, hints)
            except _BadLine as exc:
                yield Rejected(where, str(exc))
            except IngestError as exc:
                yield Rejected.from_error(where, exc)


def _lines(stream: Lines, limit: int) -> Iterator[bytes | None]:
    """The lines of ``stream``; None for one longer than ``limit``, which is not kept."""
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def _article(line: bytes, where: str, settings: Settings, hints: Hints) -> Article:
    item = _parsed(line)
    field = next((key for key in ("text", "html") if item.get(key) is not None), None)
    if field is None:
        raise _BadLine('no "text" or "html" field')
    body = item[field]
    if not isinstance(body, str):
        raise _BadLine(f'"{field}" is {_kind(body)}, not a string')
    if not body.strip():
        raise _BadLine(f'"{field}" is empty')
    data = _utf8(field, body)
    meta = {key: _text_field(item, key) for key in _TEXT_FIELDS}
    authors = _authors(item.get("authors"))
    published = meta["published"]
    if published is not None:
        try:
            published = parse_published(published)
        except ConfigError as exc:
            raise _BadLine(str(exc)) from None
    article = from_bytes(
        data,
        settings,
        replace(
            hints,
            url=meta["url"] or hints.url,
            outlet=meta["outlet"] or hints.outlet,
            published=published or hints.published,
            declared_language=meta["language"],
        ),
        source=where,
        html=field == "html",
    )
    # The page's own metadata may differ (a canonical URL, a title with the site name).
    overrides: dict[str, Any] = {
        key: meta[key] for key in ("title", "url") if meta[key] is not None
    }
    if authors is not None:
        overrides["authors"] = authors
    return replace(article, **overrides)


def _parsed(line: bytes) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _BadLine(f"not valid JSON: {exc.msg} at column {exc.colno}") from None
    except UnicodeDecodeError:
        raise _BadLine("not valid JSON: not UTF-8 text") from None
    except RecursionError:
        raise _BadLine("not valid JSON: nested too deeply") from None
    if not isinstance(item, dict):
        raise _BadLine(f"the line is {_kind(item)}, not a JSON object")
    return item


def _text_field(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _BadLine(f'"{key}" is {_kind(value)}, not a string')
    _utf8(key, value)
    return value.strip() or None


def _authors(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    names = value.split(";") if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise _BadLine('"authors" is neither a list of names nor a string')
    for name in names:
        _utf8("authors", name)
    return tuple(n.strip() for n in names if n.strip())


def _utf8(key: str, value: str) -> bytes:
    """``value`` in UTF-8, which a string holding a lone surrogate has no form in."""
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as exc:
        lone = ord(value[exc.start])
        raise _BadLine(
            f'"{key}" holds a lone surrogate (\\u{lone:04x} at character {exc.start:,}), '
            "which is no character"
        ) from None


def _kind(value: object) -> str:
    """How JSON calls the type of ``value``, with an article."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"
