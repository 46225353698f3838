"""Many regular expressions over one text, in one pass where they allow it.

The time tagger runs some twenty large patterns over every article, each with
``finditer``. Python's ``re`` tries a pattern at every position of the text, and an
ignore-case pattern that opens with a long alternation enters every branch at every word
start; run one by one, the patterns cost the pipeline more than any onrecord component.

:class:`PatternSet` gives the same matches for less. One scanning pattern, the lookahead
union of them all, finds in a single pass every position where any of them matches. Each
alternative of the union opens with a guard, the characters its pattern can start with
(read from the pattern's parse tree), so a word start is turned away by one character
test instead of a walk through the branches. Each pattern is then only tried, with
``match``, at the positions the scan found, left to right from the end of its previous
match, which is what ``finditer`` does: the matches are the same, one for one.

Patterns it cannot do this for (ones that may match the empty string, refer back to a
group, or carry different flags) make it fall back to ``finditer``. A guard is only ever
wider than the pattern's real first characters, never narrower, and a pattern whose first
characters it cannot tell gets none.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["PatternSet"]

# The parser behind ``re`` (``re._parser`` since Python 3.11; ``sre_parse`` before it is
# deprecated). It has no type stubs, so it is loaded as a plain module.
_PARSER: Any = importlib.import_module("re._parser")
_OPS: Any = importlib.import_module("re._constants")
_ZERO_WIDTH = (_OPS.AT, _OPS.ASSERT, _OPS.ASSERT_NOT)
# Opening of a named group, which the union cannot repeat: ``(?P<month>``.
_NAMED_GROUP = re.compile(r"(?<!\\)\(\?P<\w+>")
# What may refer back to a group, which renumbering would break: ``(?P=name)``, ``\1``,
# ``(?(1)...)``. It also catches some harmless escapes; those patterns just run alone.
_BACK_REFERENCE = re.compile(r"\(\?P=|\(\?\(|\\\d")


class _Unknown(Exception):
    """The pattern's first characters cannot be told from its parse tree."""


class PatternSet:
    """Finds the matches of several patterns in a text as ``finditer`` does for each."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        self._scanner = _scanner(self.patterns)

    @property
    def single_pass(self) -> bool:
        """Whether one scan finds where the patterns match (else each runs on its own)."""
        return self._scanner is not None

    def finditer(self, text: str) -> list[list[re.Match[str]]]:
        """For each pattern, in order, the matches ``pattern.finditer(text)`` yields."""
        if self._scanner is None:
            return [list(p.finditer(text)) for p in self.patterns]
        starts = [m.start() for m in self._scanner.finditer(text)]
        found: list[list[re.Match[str]]] = []
        for pattern in self.patterns:
            matches = []
            end = 0
            for start in starts:
                if start < end:
                    continue
                match = pattern.match(text, start)
                if match is not None:
                    matches.append(match)
                    end = match.end()
            found.append(matches)
        return found


def _scanner(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """The lookahead union of ``patterns``, or None when it would not find their matches."""
    if not patterns or len({p.flags for p in patterns}) != 1:
        return None
    flags = patterns[0].flags
    trees = [_PARSER.parse(p.pattern, flags) for p in patterns]
    if any(
        t.getwidth()[0] == 0 or _BACK_REFERENCE.search(p.pattern)
        for p, t in zip(patterns, trees, strict=True)
    ):
        return None
    opening = _opening(patterns, trees, flags)
    alternatives = []
    for pattern, tree in zip(patterns, trees, strict=True):
        try:
            guard = _guard(_first(tree.data, flags)[0])
        except _Unknown:
            guard = ""
        rest = _NAMED_GROUP.sub("(?:", pattern.pattern[len(opening) :])
        alternatives.append(f"{guard}(?:{rest})")
    opening = _NAMED_GROUP.sub("(?:", opening)
    return re.compile(opening + "(?=" + "|".join(alternatives) + ")", flags)


def _opening(patterns: Sequence[re.Pattern[str]], trees: Sequence[Any], flags: int) -> str:
    """The longest run of zero-width tests every pattern opens with, as written.

    Tested once for the union rather than once per pattern, it turns most positions of a
    text (those inside words) away in one step.
    """
    opening = patterns[0].pattern
    while opening and not all(p.pattern.startswith(opening) for p in patterns):
        opening = opening[:-1]
    while opening:
        try:
            items = list(_PARSER.parse(opening, flags).data)
        except re.error:
            items = []
        if items and all(op in _ZERO_WIDTH for op, _ in items):
            shown = repr(items)
            # The same tests must open every pattern's parse: not "(?<!x)a|b".
            if all(repr(list(t.data[: len(items)])) == shown for t in trees):
                return opening
        opening = opening[:-1]
    return ""


def _first(items: Any, flags: int) -> tuple[set[str], bool]:
    """The class items (``a``, ``a-z``, ``\\d``) a sequence can start with, and whether it
    can match the empty string."""
    first: set[str] = set()
    for op, av in items:
        chars, empty = _first_of(op, av, flags)
        first |= chars
        if not empty:
            return first, False
    return first, True


def _first_of(op: Any, av: Any, flags: int) -> tuple[set[str], bool]:
    if op is _OPS.LITERAL:
        return {re.escape(chr(av))}, False
    if op is _OPS.IN:
        return {_class_item(o, a) for o, a in av}, False
    if op is _OPS.SUBPATTERN:
        _, add_flags, _, sub = av
        if add_flags & re.IGNORECASE and not flags & re.IGNORECASE:
            raise _Unknown  # the guard would be case-sensitive where the pattern is not
        return _first(sub.data, flags)
    if op is _OPS.BRANCH:
        first: set[str] = set()
        empty = False
        for branch in av[1]:
            chars, can_be_empty = _first(branch.data, flags)
            first |= chars
            empty = empty or can_be_empty
        return first, empty
    if op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
        low, _, sub = av
        chars, empty = _first(sub.data, flags)
        return chars, empty or low == 0
    if op in _ZERO_WIDTH:
        return set(), True  # consumes nothing: what follows starts the match
    raise _Unknown


def _class_item(op: Any, av: Any) -> str:
    if op is _OPS.LITERAL:
        return re.escape(chr(av))
    if op is _OPS.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
    if op is _OPS.CATEGORY and av in _CATEGORIES:
        return str(_CATEGORIES[av])
    raise _Unknown  # a negated class, a class inside a class: no guard


def _guard(first: set[str]) -> str:
    return "(?=[" + "".join(sorted(first)) + "])" if first else ""


_CATEGORIES = {
    _OPS.CATEGORY_DIGIT: r"\d",
    _OPS.CATEGORY_NOT_DIGIT: r"\D",
    _OPS.CATEGORY_SPACE: r"\s",
    _OPS.CATEGORY_NOT_SPACE: r"\S",
    _OPS.CATEGORY_WORD: r"\w",
    _OPS.CATEGORY_NOT_WORD: r"\W",
}
