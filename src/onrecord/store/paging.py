"""Lists newest first by date, paged both ways by keyset, with a bounded count.

A list orders its rows by a date key (a statement's day said, else its article's day
published; an article's day published; …) and then by id, both descending; undated rows
come last. A page is read from a :class:`Seek`: the first page, the rows older than a
:class:`Position` (the next page) or the rows newer than one (the previous page). Rows
arriving between two requests neither repeat nor skip a row.

No single index orders rows by a key that falls back from one column to another (or to
another table's), so a list is cut into :class:`Part` s whose rows each read their key
from one column: said_start where the statement is dated, else published_date, else
none. Each part walks its own index for at most a page and the parts are merged here,
so a page costs a few short index walks rather than a sort of every matching row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    func,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.orm import QueryableAttribute

__all__ = ["FIRST", "Page", "Part", "Position", "Seek", "count", "read"]

T = TypeVar("T")
#: A column or a mapped attribute, as a list's id and date keys are given.
Column = ColumnElement[Any] | QueryableAttribute[Any]


@dataclass(frozen=True, slots=True)
class Position:
    """Where a row stands in a list: its date key (None: undated, after every dated row)
    and its id, which orders rows with the same key."""

    key: str | None
    id: int


@dataclass(frozen=True, slots=True)
class Seek:
    """Which page to read: with neither, the first (newest); with ``after``, the rows
    older than that position (the next page); with ``before``, the rows newer than it
    (the previous page). ``skip`` leaves out that many rows first (``onrecord search
    --page``)."""

    after: Position | None = None
    before: Position | None = None
    skip: int = 0


FIRST = Seek()


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list, newest first.

    ``older`` is where the next page starts (``Seek(after=older)``), None on the last;
    ``newer`` is where the previous one ends (``Seek(before=newer)``), None on the first.
    ``count`` is how many rows match the list's filters, counted up to a bound; ``more``
    says that more than ``count`` match.
    """

    items: list[T]
    newer: Position | None
    older: Position | None
    count: int
    more: bool


@dataclass(frozen=True, slots=True)
class Part:
    """The rows of a list that ``where`` picks, whose date key is ``key`` (None: undated).
    A list's parts pick each row once."""

    where: ColumnElement[bool]
    key: Column | None


def read(
    connection: Connection,
    query: Select[Any],
    parts: Sequence[Part],
    id_: Column,
    limit: int,
    seek: Seek = FIRST,
) -> tuple[list[dict[str, Any]], Position | None, Position | None]:
    """A page of ``query``'s rows, newest first, as dicts: the rows, the position of the
    newest (None on the first page) and that of the oldest (None on the last page).

    Going back (``seek.before``) when less than a page is newer reads the first page:
    paging back always ends on the page paging forward began with.
    """
    if seek.before is not None:
        found = _merged(connection, query, parts, id_, seek.before, limit + 1, newer=True)
        if len(found) >= limit:
            page = found[:limit][::-1]
            newer = page[0] if len(found) > limit else None
            return _rows(connection, query, id_, page), newer, page[-1]
        seek = FIRST
    wanted = seek.skip + limit + 1
    found = _merged(connection, query, parts, id_, seek.after, wanted, newer=False)[seek.skip :]
    page = found[:limit]
    started = seek.after is not None or seek.skip > 0
    newer = page[0] if page and started else None
    older = page[-1] if len(found) > limit else None
    return _rows(connection, query, id_, page), newer, older


def count(connection: Connection, query: Select[Any], id_: Column, up_to: int) -> int:
    """How many rows ``query`` gives, counting stops past ``up_to`` (so it is at most
    ``up_to + 1``): a page that says "over 1,000" need not count every match."""
    matching = query.with_only_columns(id_).order_by(None).limit(up_to + 1).subquery()
    return int(connection.execute(select(func.count()).select_from(matching)).scalar_one())


def _merged(
    connection: Connection,
    query: Select[Any],
    parts: Sequence[Part],
    id_: Column,
    position: Position | None,
    limit: int,
    *,
    newer: bool,
) -> list[Position]:
    """The positions of up to ``limit`` rows past ``position`` (None: from the newest),
    newest first or, ``newer``, oldest first, merged from each part's own walk.

    A walk reads the id and the key alone: a part that its indexes cannot order is
    sorted, and sorting narrow rows is what keeps it cheap.
    """
    found: list[Position] = []
    for part in parts:
        beyond = _beyond(part, id_, position, newer=newer)
        if beyond is None:
            continue
        ordered = [id_.asc() if newer else id_.desc()]
        if part.key is not None:
            ordered.insert(0, part.key.asc() if newer else part.key.desc())
        key = part.key if part.key is not None else null()
        walk = (
            query.with_only_columns(key, id_)
            .where(part.where, beyond)
            .order_by(None)
            .order_by(*ordered)
            .limit(limit)
        )
        found += (Position(k, int(i)) for k, i in connection.execute(walk))
    found.sort(key=lambda p: (p.key is not None, p.key or "", p.id), reverse=not newer)
    return found[:limit]


def _beyond(
    part: Part, id_: Column, position: Position | None, *, newer: bool
) -> ColumnElement[bool] | None:
    """The condition on ``part``'s rows past ``position`` toward the newer rows or the
    older, or None when none of them can be (every dated row is newer than an undated
    one, and no row is newer than the newest)."""
    if position is None:
        return None if newer else true()
    k = part.key
    if k is None:
        if position.key is not None:
            return None if newer else true()
        return id_ > position.id if newer else id_ < position.id
    if position.key is None:
        return true() if newer else None
    if newer:
        return and_(k >= position.key, or_(k > position.key, id_ > position.id))
    return and_(k <= position.key, or_(k < position.key, id_ < position.id))


def _rows(
    connection: Connection, query: Select[Any], id_: Column, page: list[Position]
) -> list[dict[str, Any]]:
    """The rows of ``query`` at the positions of ``page``, in its order."""
    if not page:
        return []
    found = connection.execute(query.where(id_.in_([p.id for p in page])).order_by(None))
    by_id = {row["id"]: dict(row) for row in found.mappings()}
    return [by_id[p.id] for p in page]
