"""Type aliases shared across onrecord."""

from __future__ import annotations

__all__ = ["JSON", "Span"]

#: A ``[start, end)`` pair of character offsets into ``article.text``.
Span = tuple[int, int]

#: A JSON-serialisable value.
JSON = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None
