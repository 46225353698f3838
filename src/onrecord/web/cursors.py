"""Cursors: where a page of a list starts, as the API and the pages hand it out.

A cursor is opaque to clients: base64url of a small JSON object naming the list it
belongs to (``l``), the position the page starts past (``a``: the rows older than it,
``b``: the rows newer than it, each ``[date key, id]``) and the rank of the page's first
row (``o``, for "21–40 of 1,234"). A cursor this app did not make, or made for another
list, is refused with 400.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException

from onrecord.store import MAX_ID, Page, Position, Seek

__all__ = ["Place", "decode", "encode", "links"]

#: A date key as the ledger stores them (``2025-07-15``, ``2025-07-15T18:48+05:30``).
_KEY = re.compile(r"[0-9][0-9A-Za-z:+.\-]{0,63}")
#: Longer than any cursor this app makes.
_LONGEST = 400


@dataclass(frozen=True, slots=True)
class Place:
    """Where a page starts: what to read (``seek``) and the rank of its first row."""

    seek: Seek
    offset: int


def encode(
    list_: str, offset: int, *, after: Position | None = None, before: Position | None = None
) -> str:
    """The cursor of the page of ``list_`` past ``after`` (older) or ``before`` (newer),
    whose first row is the ``offset``-th; with neither, the page ``offset`` rows in (a
    list ordered by something other than a keyset)."""
    body: dict[str, Any] = {"l": list_, "o": offset}
    if after is not None:
        body["a"] = [after.key, after.id]
    if before is not None:
        body["b"] = [before.key, before.id]
    raw = json.dumps(body, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(list_: str, cursor: str | None) -> Place:
    """Where ``cursor`` asks ``list_`` to start (the first page when there is none);
    400 when it is not a cursor this app gave for ``list_``."""
    if not cursor:
        return Place(Seek(), 0)
    refused = HTTPException(400, f"cursor {cursor[:40]!r} is not one this server gave for {list_}")
    if len(cursor) > _LONGEST:
        raise refused
    try:
        body = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        raise refused from None
    if (
        not isinstance(body, dict)
        or body.get("l") != list_
        or not set(body) <= {"l", "o", "a", "b"}
    ):
        raise refused
    offset = body.get("o")
    if not isinstance(offset, int) or not _number(offset) or ("a" in body and "b" in body):
        raise refused
    after, before = _position(body.get("a")), _position(body.get("b"))
    if (after is None and "a" in body) or (before is None and "b" in body):
        raise refused
    return Place(Seek(after=after, before=before, skip=0), offset)


def links(
    list_: str, page: Page[Any], place: Place, limit: int
) -> tuple[str | None, str | None, int]:
    """The cursors of the pages before and after ``page`` (None at either end), which was
    read from ``place``, and the rank of its first row."""
    # Paging back ends on the first page, whatever rank the cursor expected.
    offset = place.offset if page.newer is not None else 0
    prev = (
        encode(list_, max(0, offset - limit), before=page.newer) if page.newer is not None else None
    )
    following = (
        encode(list_, offset + len(page.items), after=page.older)
        if page.older is not None
        else None
    )
    return prev, following, offset


def _number(value: Any) -> bool:
    """Whether ``value`` is a whole number a row id or a rank can be (bool is not one)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID


def _position(value: Any) -> Position | None:
    """``[date key, id]`` as a :class:`Position`, or None when it is not one."""
    if not isinstance(value, list) or len(value) != 2:
        return None
    key, id_ = value
    if key is not None and (not isinstance(key, str) or not _KEY.fullmatch(key)):
        return None
    return Position(key, id_) if _number(id_) else None
