"""The cue lexicon: which words introduce what someone said, thought or intended.

``data/cues.tsv`` is learned from PolNeAR train by ``scripts/learn_cues.py``. Each row
gives a lemma, its coarse part of speech and a precision estimate: how often an
occurrence of that word in news text heads an attribution cue ("say" 0.86, "be" 0.08).
The statement extractor trusts a word alone above a threshold and asks for structure
(a "that"-clause, a quotation) below it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

__all__ = ["ANY", "CueEntry", "CueLexicon", "coarse_pos", "load_lexicon"]

#: The relation of a lexicon row that counts a word whatever it governs.
ANY = "*"
# Weight, in occurrences, of a word's overall precision in a rare (word, relation) pair.
_PRIOR = 3

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
    return _COARSE.get(token.pos_, "OTHER")


@dataclass(frozen=True, slots=True)
class CueEntry:
    """One lexicon row."""

    lemma: str
    pos: str
    relation: str
    cues: int
    occurrences: int
    precision: float


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
        return self._best.get((token.lemma_.lower(), coarse_pos(token)), 0.0)

    @classmethod
    def from_path(cls, path: Path) -> CueLexicon:
        """Read a lexicon in the ``cues.tsv`` format."""
        with path.open(encoding="utf-8", newline="") as handle:
            return cls(_rows(handle.read()))

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
        return (entry.cues + _PRIOR * overall.precision) / (entry.occurrences + _PRIOR)

    def __contains__(self, key: tuple[str, str, str]) -> bool:
        return key in self.entries

    def __len__(self) -> int:
        return len(self.entries)


def _rows(text: str) -> list[CueEntry]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [
        CueEntry(row["lemma"], row["pos"], row["relation"], int(row["cues"]),
                 int(row["occurrences"]), float(row["precision"]))
        for row in csv.DictReader(lines, delimiter="\t")
    ]  # fmt: skip


@cache
def load_lexicon() -> CueLexicon:
    """The lexicon shipped with onrecord."""
    text = resources.files("onrecord.data").joinpath("cues.tsv").read_text("utf-8")
    return CueLexicon(_rows(text))
