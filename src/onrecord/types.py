"""Type aliases shared across onrecord."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["JSON", "Span", "within"]

#: A ``[start, end)`` pair of character offsets into ``article.text``.
Span = tuple[int, int]


def within(position: int, spans: Iterable[Span]) -> bool:
    """Whether character ``position`` falls inside one of ``spans``."""
    return any(start <= position < end for start, end in spans)


#: A JSON-serialisable value.
JSON = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None
