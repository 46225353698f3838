"""Cutting an article's text into segments by the spans marked on it, for highlighting.

Spans may nest or cross (a time inside a quotation, a hedge across a cue), so the text is
cut at every span boundary and each segment carries every mark covering it. Pure Python:
no spaCy, no web framework.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["Mark", "Segment", "segments"]


@dataclass(frozen=True, slots=True)
class Mark:
    """A span ``[start, end)`` of the text: what it is (``kind``), which record it belongs
    to (``ref``, e.g. a statement id) and a line saying so (``label``)."""

    start: int
    end: int
    kind: str
    ref: str
    label: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the text and the marks covering all of it (none for plain text)."""

    start: int
    text: str
    marks: tuple[Mark, ...]

    @property
    def kinds(self) -> list[str]:
        """The kinds of mark, each once, in the order given."""
        return list(dict.fromkeys(mark.kind for mark in self.marks))

    @property
    def refs(self) -> list[str]:
        """The records the marks belong to, each once."""
        return list(dict.fromkeys(mark.ref for mark in self.marks))

    @property
    def labels(self) -> list[str]:
        """What the marks say, each once; a span several statements share ("according to
        Reuters" for each of them) says how many."""
        counts = Counter(mark.label for mark in self.marks)
        return [label if n == 1 else f"{label} (×{n})" for label, n in counts.items()]

    def refs_of(self, kind: str) -> list[str]:
        """The records whose mark of ``kind`` covers this segment."""
        return list(dict.fromkeys(mark.ref for mark in self.marks if mark.kind == kind))


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """``text`` cut at every boundary of ``marks``; marks outside the text or empty are
    dropped, so a stale span cannot break the page."""
    kept = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in kept), *(m.end for m in kept)})
    out = []
    for start, end in pairwise(cuts):
        covering = tuple(m for m in kept if m.start <= start and end <= m.end)
        out.append(Segment(start, text[start:end], covering))
    return out
