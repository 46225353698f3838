"""An article's timeline: each resolved date with what happened or was said then.

Built from an ``onrecord/1`` record, so it works on stored records as well as fresh ones.
A moment is one calendar range (a day, "mid-March", the window of a deadline) with the
expressions that name it, the statements said then, and the words around each expression,
in date order. Times with no calendar days ("recently", "two weeks" with nothing to count
from) are left out: a timeline places only what the text lets us place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["Moment", "timeline"]

#: Words of context kept on each side of a time expression.
CONTEXT_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_WINDOW = 400


@dataclass(slots=True)
class Moment:
    """One range of days on the timeline and what the article puts there."""

    first: date
    last: date
    value: str | None
    type: str
    times: list[str] = field(default_factory=list)  # time ids
    texts: list[str] = field(default_factory=list)  # the expressions, as written
    contexts: list[str] = field(default_factory=list)  # the words around each
    statements: list[str] = field(default_factory=list)  # ids of statements said then


def _context(text: str, span: Sequence[int]) -> str:
    """The words around ``span`` within its sentence, the expression itself in brackets."""
    start, end = span
    # Look only a window either side: enough for the words kept, and linear on huge texts.
    window = max(0, start - _WINDOW)
    sentence_start = max(
        (m.end() for m in _SENTENCE_END.finditer(text, window, start)), default=window
    )
    after = _SENTENCE_END.search(text, end, end + _WINDOW)
    sentence_end = after.start() + 1 if after else min(len(text), end + _WINDOW)
    words_before = list(re.finditer(r"\S+", text[sentence_start:start]))[-CONTEXT_WORDS:]
    words_after = list(re.finditer(r"\S+", text[end:sentence_end]))[:CONTEXT_WORDS]
    left = sentence_start + words_before[0].start() if words_before else start
    right = end + words_after[-1].end() if words_after else end
    snippet = f"{text[left:start]}[{text[start:end]}]{text[end:right]}"
    return " ".join(snippet.split())


def timeline(record: Mapping[str, Any]) -> list[Moment]:
    """The moments of ``record`` in date order (earliest first, then shortest)."""
    text: str = record["article"]["text"]
    said: dict[str, list[str]] = {}
    for statement in record["statements"]:
        when = statement.get("said_on")
        if when and when.get("time"):
            said.setdefault(when["time"], []).append(statement["id"])
    moments: dict[tuple[str, str, str | None], Moment] = {}
    for time in record["times"]:
        if not time["range"]:
            continue
        first, last = time["range"]
        key = (first, last, time["value"])
        moment = moments.get(key)
        if moment is None:
            moment = Moment(date.fromisoformat(first), date.fromisoformat(last), time["value"],
                            time["type"])  # fmt: skip
            moments[key] = moment
        moment.times.append(time["id"])
        moment.texts.append(time["text"])
        moment.contexts.append(_context(text, time["span"]))
        moment.statements.extend(said.get(time["id"], []))
    return sorted(moments.values(), key=lambda m: (m.first, m.last))
