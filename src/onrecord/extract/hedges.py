"""Hedges: the words by which a reporter distances themselves from what they report.

``data/hedges.tsv`` lists the patterns ("reportedly", "is said to", "it is unclear
whether", "claimed", "went something like this") with their *scope*, the statements a
hedge weakens, and whether it says the words come second-hand. :class:`HedgeFinder` finds
them in a parsed Doc; :func:`governs` decides, from the parse, whether one governs a
statement's cue. The statements a hedge is placed next to ("introducer", "source") are
picked by :mod:`onrecord.extract.sourcing`, which knows the whole article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from onrecord.lexicons import Lexicons, current
from onrecord.types import Span as CharSpan
from onrecord.types import within

__all__ = ["SCOPES", "HedgeFinder", "HedgeMatch", "HedgePattern", "governs", "load_patterns"]

#: The scopes a hedge pattern can have; see ``data/hedges.tsv``.
SCOPES = ("adverb", "raising", "clause", "cue", "source", "introducer")
# How many clause links a hedge may sit above the cue it weakens: "it is unclear whether
# the council means to approve ..." (is -> means -> approve).
_MAX_CLIMB = 3
# Links a hedge's reach follows from the cue up to the hedge: complements and
# coordination, not relative clauses or subjects (a hedge on a noun's verb is not on the
# noun's modifiers).
_CLIMB = {"xcomp", "ccomp", "conj", "advcl", "csubj", "parataxis", "ROOT"}
_VERBAL = {"VERB", "AUX", "ADJ"}


@dataclass(frozen=True, slots=True)
class HedgePattern:
    """One row of ``data/hedges.tsv``."""

    pattern: str
    scope: str
    relayed: bool


@dataclass(frozen=True, slots=True)
class HedgeMatch:
    """A hedge found in the text, with the token it hangs from."""

    span: CharSpan
    text: str
    scope: str
    relayed: bool
    #: Token indices of the match, ``[start, end)``.
    tokens: tuple[int, int]
    #: The token whose clause the hedge weakens: the adverb's verb, the "said" of "is
    #: said to", the "is" of "it is unclear whether", the cue word itself.
    anchor: int


def load_patterns(lexicons: Lexicons | None = None) -> tuple[HedgePattern, ...]:
    """The hedge patterns of ``hedges.tsv`` in ``lexicons`` (default: the current ones)."""
    return (lexicons or current()).memo(_patterns)


def _patterns(lexicons: Lexicons) -> tuple[HedgePattern, ...]:
    patterns = []
    for row in lexicons.table("hedges.tsv"):
        pattern, scope, relayed = row
        if scope not in SCOPES:
            raise row.error(f"scope {scope!r} is not one of {', '.join(SCOPES)}")
        if relayed not in ("yes", "no"):
            raise row.error(f"relayed is yes or no, not {relayed!r}")
        patterns.append(HedgePattern(pattern, scope, relayed == "yes"))
    return tuple(patterns)


def _token_test(word: str) -> tuple[str, frozenset[int]]:
    """What one word of a pattern asks of a token: the attribute (``LOWER`` or ``LEMMA``)
    and the string ids it may have; ``~say`` is the lemma, ``if|whether`` either word."""
    options = word.split("|")
    if all(o.startswith("~") for o in options):
        return "LEMMA", frozenset(get_string_id(o[1:]) for o in options)
    return "LOWER", frozenset(get_string_id(o) for o in options)


class HedgeFinder:
    """Finds the patterns of ``data/hedges.tsv`` in parsed Docs."""

    def __init__(self, patterns: Sequence[HedgePattern] | None = None) -> None:
        self.patterns = tuple(patterns if patterns is not None else load_patterns())
        # Every pattern is a fixed run of words or lemmas, so an index by first word finds
        # them with integer lookups. spaCy's Matcher built a Token per token and stepped
        # every pattern at every token: a tenth of the time onrecord's components took.
        self._tests = [[_token_test(w) for w in p.pattern.split()] for p in self.patterns]
        # The patterns whose first word is a token's lowercase form, or its lemma.
        self._first: dict[str, dict[int, list[int]]] = {"LOWER": {}, "LEMMA": {}}
        for n, tests in enumerate(self._tests):
            attr, ids = tests[0]
            for id_ in ids:
                self._first[attr].setdefault(id_, []).append(n)

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(pattern index, start, end)`` of every match in ``doc``, in text order; of two
        at one token, the longer first, then the one listed first."""
        if not len(doc):
            return []
        lowers, lemmas = doc.to_array(["LOWER", "LEMMA"]).T.tolist()
        values = {"LOWER": lowers, "LEMMA": lemmas}
        by_lower, by_lemma = self._first["LOWER"], self._first["LEMMA"]
        found: list[tuple[int, int, int]] = []
        for start, (lower, lemma) in enumerate(zip(lowers, lemmas, strict=True)):
            if lower not in by_lower and lemma not in by_lemma:
                continue
            for n in by_lower.get(lower, []) + by_lemma.get(lemma, []):
                tests = self._tests[n]
                end = start + len(tests)
                if end <= len(doc) and all(
                    values[attr][i] in ids for i, (attr, ids) in enumerate(tests, start)
                ):
                    found.append((n, start, end))
        found.sort(key=lambda m: (m[1], m[1] - m[2], m[0]))
        return found

    def __call__(self, doc: Doc) -> list[HedgeMatch]:
        """Every hedge in ``doc`` in text order; of two that overlap, the longer."""
        found: list[HedgeMatch] = []
        taken: set[int] = set()
        for n, start, end in self.matches(doc):
            if taken & set(range(start, end)):
                continue
            hedge = self.patterns[n]
            if hedge.scope == "cue" and doc[start].pos_ not in {"VERB", "NOUN"}:
                continue
            taken.update(range(start, end))
            span = doc[start:end]
            found.append(
                HedgeMatch(
                    span=(span.start_char, span.end_char),
                    text=span.text,
                    scope=hedge.scope,
                    relayed=hedge.relayed,
                    tokens=(start, end),
                    anchor=_anchor(doc, start, end, hedge.scope),
                )
            )
        return found


def _anchor(doc: Doc, start: int, end: int, scope: str) -> int:
    if scope == "adverb":
        return doc[start].head.i
    if scope in {"cue", "source"}:
        return start
    # The match's own head word: "said" in "is said to", "is" in "it is unclear whether".
    inside = range(start, end)
    heads = [t for t in doc[start:end] if t.head.i not in inside or t.head == t]
    verbal = [t for t in heads if t.pos_ in _VERBAL]
    return (verbal or heads or [doc[start]])[0].i


def governs(doc: Doc, hedge: HedgeMatch, cue: Token, content: Sequence[CharSpan]) -> bool:
    """Whether ``hedge`` weakens the statement with cue head ``cue`` and ``content``.

    The hedge must stand outside the content (a speaker's own "reportedly" is theirs, not
    the reporter's) and its anchor must be the cue or govern it through a few clause
    links ("is said to have replied", "it is unclear whether the council means ...").
    """
    if hedge.scope not in {"adverb", "raising", "clause", "cue"}:
        return False
    if within(hedge.span[0], content):
        return False
    anchor = doc[hedge.anchor]
    if hedge.scope == "cue":
        return anchor == cue
    current = cue
    for _ in range(_MAX_CLIMB + 1):
        if current == anchor:
            return True
        if current.dep_ not in _CLIMB or current.head == current:
            return False
        current = current.head
    return False
