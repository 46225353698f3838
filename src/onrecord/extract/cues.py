"""The cue lexicon: which words introduce what someone said, thought or intended.

``data/cues.tsv`` is learned from PolNeAR train by ``scripts/learn_cues.py``. Each row
gives a lemma, its coarse part of speech and a precision estimate: how often an
occurrence of that word in news text heads an attribution cue ("say" 0.86, "be" 0.08).
The statement extractor trusts a word alone above a threshold and asks for structure
(a "that"-clause, a quotation) below it.

``data/cues-curated.tsv`` holds the words added by hand, with the precision to give them;
a word there (lemma and part of speech) replaces the learned rows of that word, and
``make cues`` leaves the file alone. Both are lexicons an overlay folder can add to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Token

from onrecord.lexicons import Lexicons, Row, current, parse

__all__ = ["ANY", "POS", "CueEntry", "CueLexicon", "coarse_of", "coarse_pos", "load_lexicon"]

#: The relation of a lexicon row that counts a word whatever it governs.
ANY = "*"
# Weight, in occurrences, of a word's overall precision in a rare (word, relation) pair.
_PRIOR = 3

#: The parts of speech the lexicon is keyed by.
POS = ("VERB", "NOUN", "ADJ", "ADV", "ADP", "OTHER")
_COARSE = {
    "VERB": "VERB",
    "AUX": "VERB",
    "NOUN": "NOUN",
    "PROPN": "NOUN",
    "ADJ": "ADJ",
    "ADV": "ADV",
    "ADP": "ADP",
}


def coarse_pos(token: Token) -> str:
    """The part of speech the lexicon is keyed by: VERB, NOUN, ADJ, ADV, ADP or OTHER."""
    return coarse_of(token.pos_)


def coarse_of(pos: str) -> str:
    """:func:`coarse_pos` for a part-of-speech name (``token.pos_``)."""
    return _COARSE.get(pos, "OTHER")


@dataclass(frozen=True, slots=True)
class CueEntry:
    """One lexicon row."""

    lemma: str
    pos: str
    relation: str
    cues: int
    occurrences: int
    precision: float
    #: A row of ``cues-curated.tsv``: its precision is taken as it is, with no counts.
    curated: bool = False


class CueLexicon:
    """Cue words with their learned precision."""

    def __init__(self, entries: list[CueEntry]) -> None:
        self.entries = {(e.lemma, e.pos, e.relation): e for e in entries}
        self._best: dict[tuple[str, str], float] = {}
        for lemma, pos, relation in self.entries:
            # A relation never seen with the word scores as "unknown" does in _smoothed.
            for value in (self._smoothed(lemma, pos, relation), self._smoothed(lemma, pos, "")):
                self._best[lemma, pos] = max(self._best.get((lemma, pos), 0.0), value)

    def best(self, token: Token) -> float:
        """The highest precision ``token`` reaches in any relation: a cheap first filter."""
        return self.best_of(token.lemma_.lower(), coarse_pos(token))

    def best_of(self, lemma: str, pos: str) -> float:
        """:meth:`best` for a lowercase lemma and a coarse part of speech."""
        return self._best.get((lemma, pos), 0.0)

    @classmethod
    def from_path(cls, path: Path) -> CueLexicon:
        """Read a lexicon in the ``cues.tsv`` format."""
        return cls([_learned(row) for row in parse(path.read_text("utf-8"), str(path))])

    def precision(self, token: Token, relation: str = ANY) -> float:
        """How likely ``token`` is to head a cue when it governs its content by ``relation``.

        Rare (word, relation) pairs lean on the word's overall precision, so one lucky
        occurrence in train does not make a cue.
        """
        return self._smoothed(token.lemma_.lower(), coarse_pos(token), relation)

    def _smoothed(self, lemma: str, pos: str, relation: str) -> float:
        overall = self.entries.get((lemma, pos, ANY))
        if overall is None:
            return 0.0
        if relation == ANY:
            return overall.precision
        entry = self.entries.get((lemma, pos, relation))
        if entry is None:
            return overall.precision * _PRIOR / (_PRIOR + 1)
        if entry.curated:
            return entry.precision
        return (entry.cues + _PRIOR * overall.precision) / (entry.occurrences + _PRIOR)

    def __contains__(self, key: tuple[str, str, str]) -> bool:
        return key in self.entries

    def __len__(self) -> int:
        return len(self.entries)


def _learned(row: Row) -> CueEntry:
    lemma, pos, relation, cues, occurrences, precision = row
    try:
        entry = CueEntry(lemma, pos, relation, int(cues), int(occurrences), float(precision))
    except ValueError:
        raise row.error("cues and occurrences are whole numbers, precision a number") from None
    return _checked(row, entry)


def _curated(row: Row) -> CueEntry:
    lemma, pos, relation, precision, _why = row
    try:
        entry = CueEntry(lemma, pos, relation, 0, 0, float(precision), curated=True)
    except ValueError:
        raise row.error(f"precision {precision!r} is not a number") from None
    return _checked(row, entry)


def _checked(row: Row, entry: CueEntry) -> CueEntry:
    if entry.pos not in POS:
        raise row.error(f"pos {entry.pos!r} is not one of {', '.join(POS)}")
    if not 0.0 <= entry.precision <= 1.0:
        raise row.error(f"precision {entry.precision} is not between 0 and 1")
    return entry


def _build(lexicons: Lexicons) -> CueLexicon:
    curated = list(lexicons.table("cues-curated.tsv"))
    # A word written by hand is taken as written: its learned rows do not mix in.
    by_hand = {(row[0], row[1]) for row in curated}
    learned = (_learned(row) for row in lexicons.table("cues.tsv"))
    entries = [e for e in learned if (e.lemma, e.pos) not in by_hand]
    lexicon = CueLexicon(entries + [_curated(row) for row in curated])
    for row in curated:
        lemma, pos = row[0], row[1]
        if (lemma, pos, ANY) not in lexicon:
            raise row.error(f"no '{ANY}' row for {lemma} {pos}: give the word's own precision")
    return lexicon


def load_lexicon(lexicons: Lexicons | None = None) -> CueLexicon:
    """The learned and curated cues of ``lexicons`` (default: the current ones)."""
    return (lexicons or current()).memo(_build)
