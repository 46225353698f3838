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
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from onrecord.lexicons import Lexicons, current
from onrecord.types import Span as CharSpan
from onrecord.types import within

__all__ = ["SCOPES", "HedgeFinder", "HedgeMatch", "HedgePattern", "governs", "load_patterns"]

#: The scopes a hedge pattern can have; see ``data/hedges.tsv``.
SCOPES = ("adverb", "raising", "clause", "cue", "source", "introducer")
# How many clause links a hedge may sit above the cue it weakens: "it is unclear whether
# the US plans to provide ..." (is -> plans -> provide).
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


def _token_pattern(word: str) -> dict[str, Any]:
    options = word.split("|")
    if all(o.startswith("~") for o in options):
        lemmas = [o[1:] for o in options]
        return {"LEMMA": lemmas[0]} if len(lemmas) == 1 else {"LEMMA": {"IN": lemmas}}
    return {"LOWER": options[0]} if len(options) == 1 else {"LOWER": {"IN": options}}


class HedgeFinder:
    """Finds the patterns of ``data/hedges.tsv`` in parsed Docs of one vocabulary."""

    def __init__(self, vocab: Vocab, patterns: Sequence[HedgePattern] | None = None) -> None:
        self.patterns = tuple(patterns if patterns is not None else load_patterns())
        self.matcher = Matcher(vocab)
        for n, hedge in enumerate(self.patterns):
            self.matcher.add(str(n), [[_token_pattern(w) for w in hedge.pattern.split()]])

    def __call__(self, doc: Doc) -> list[HedgeMatch]:
        """Every hedge in ``doc`` in text order; of two that overlap, the longer."""
        found: list[HedgeMatch] = []
        taken: set[int] = set()
        matches = sorted(self.matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        for match_id, start, end in matches:
            if taken & set(range(start, end)):
                continue
            hedge = self.patterns[int(doc.vocab.strings[match_id])]
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
    links ("is said to have replied", "it is unclear whether the US plans ...").
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
