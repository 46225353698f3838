"""Quotations found from their marks, on the raw text, before any parsing.

News text is messy: straight and curly marks are mixed in one article, NYT-style
``''`` closes what a backtick pair or a curly mark opened, an opening mark is forgotten
or a closing one dropped, and a quotation running over several paragraphs repeats its
opening mark at each new paragraph without closing the previous one. The rules here
never give up on a text:

- Marks pair within a paragraph. A straight ``"`` opens when no quotation is open and
  closes otherwise.
- A paragraph that ends inside a quotation continues it when the next paragraph opens
  with a quotation mark (the multi-paragraph convention). Otherwise the quotation is
  **unbalanced**: it ends at the end of the sentence it started in, so one stray mark
  costs one sentence, not the rest of the article.
- A closing mark with nothing open is unbalanced too: the quotation runs back to the
  start of its sentence.
- Single marks (``‘ ’`` and ``'``) quote only when they cannot be apostrophes: the
  opening mark follows a space or bracket, the closing mark is followed by a space or
  punctuation, and both lie in one paragraph outside any double quotation. Nested
  single quotations inside double ones belong to the outer quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onrecord.types import Span

__all__ = ["CLOSERS", "OPENERS", "Quotation", "find_quotations"]

#: The marks that only open, and only close, a quotation (a straight mark does either).
OPENERS = frozenset({"“", "«", "„", "``", "‹"})
CLOSERS = frozenset({"”", "»", "''", "›"})
_STRAIGHT = '"'
_DOUBLE = re.compile(r"``|''|[“”«»„‹›\"]")
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))[‘'](?=[^\s'‘’])", re.MULTILINE)
_SINGLE_CLOSE = re.compile(r"(?<=[^\s'‘’])[’'](?=[\s.,;:!?)\]—–-]|$)", re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
# A single quotation longer than this is more likely two apostrophes than a quote.
_MAX_SINGLE = 300


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quotation: its fragments (one per paragraph), marks included."""

    spans: tuple[Span, ...]
    balanced: bool = True

    @property
    def start(self) -> int:
        """Where the first fragment starts."""
        return self.spans[0][0]

    @property
    def end(self) -> int:
        """Where the last fragment ends."""
        return self.spans[-1][1]


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation in ``text``, in order, balanced or not."""
    paragraphs = _paragraphs(text)
    quotations: list[Quotation] = []
    carried: list[Span] = []
    for index, (start, end) in enumerate(paragraphs):
        next_opens = index + 1 < len(paragraphs) and _opens(text, paragraphs[index + 1][0])
        found, carried = _pair_double(text, start, end, carried, next_opens)
        quotations.extend(found)
    quotations.extend(_singles(text, paragraphs, quotations))
    return sorted(quotations, key=lambda q: q.start)


def _paragraphs(text: str) -> list[Span]:
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        start = match.start()
        stripped = match.group().strip()
        if stripped:
            lead = len(match.group()) - len(match.group().lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return spans


def _opens(text: str, position: int) -> bool:
    return text.startswith(("“", '"', "«", "``", "„", "‘"), position)


def _pair_double(
    text: str, start: int, end: int, carried: list[Span], next_opens: bool
) -> tuple[list[Quotation], list[Span]]:
    """Pair double marks in one paragraph; returns finished quotations and what carries on."""
    found: list[Quotation] = []
    open_at: int | None = None
    if carried:
        # The continuation's own opening mark is consumed below; the quote is already open.
        open_at = start
    for match in _DOUBLE.finditer(text, start, end):
        mark, at = match.group(), match.start()
        opening = mark in OPENERS or (mark == _STRAIGHT and open_at is None)
        if carried and at == start and (mark in OPENERS or mark == _STRAIGHT):
            continue
        if opening:
            if open_at is not None:
                # An opener inside an open quotation: the previous one lost its closer.
                found.append(_quotation(carried, (open_at, _sentence_end(text, open_at, at))))
                carried = []
            open_at = at
        elif open_at is not None:
            found.append(_quotation(carried, (open_at, match.end()), balanced=True))
            carried, open_at = [], None
        else:
            found.append(Quotation(((_sentence_start(text, start, at), match.end()),), False))
    if open_at is None:
        return found, []
    if next_opens:
        return found, [*carried, (open_at, end)]
    found.append(_quotation(carried, (open_at, _sentence_end(text, open_at, end)), False))
    return found, []


def _quotation(carried: list[Span], last: Span, balanced: bool = False) -> Quotation:
    return Quotation((*carried, last), balanced)


def _sentence_end(text: str, start: int, limit: int) -> int:
    match = _SENTENCE_END.search(text, start + 1, limit)
    return match.end() if match else limit


def _sentence_start(text: str, paragraph_start: int, at: int) -> int:
    cut = paragraph_start
    for match in _SENTENCE_END.finditer(text, paragraph_start, at):
        cut = match.end()
    while cut < at and text[cut].isspace():
        cut += 1
    return cut


def _singles(text: str, paragraphs: list[Span], doubles: list[Quotation]) -> list[Quotation]:
    covered = [span for q in doubles for span in q.spans]
    found = []
    for start, end in paragraphs:
        position = start
        while True:
            opener = _SINGLE_OPEN.search(text, position, end)
            if opener is None:
                break
            closer = _SINGLE_CLOSE.search(
                text, opener.end(), min(end, opener.start() + _MAX_SINGLE)
            )
            position = opener.end()
            if closer is None:
                continue
            span = (opener.start(), closer.end())
            if any(s <= span[0] < e or s < span[1] <= e for s, e in covered):
                continue
            found.append(Quotation((span,)))
            position = closer.end()
    return found
