"""What changed between two versions of an article: its headline and other metadata, its
text word by word, and the statements read from it.

Both sides are articles as the ledger gives them (:func:`onrecord.store.browse.article`,
or a kept version from :mod:`onrecord.store.versions`). A statement is the same on both
sides when the same speaker says the same words; it is *reworded* when the same speaker
says mostly the same words (a softened quotation), else added or removed. Speakers are
compared by the ledger entity they stand for, so "he" and "Peel" are the same speaker
when both were resolved to him.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

__all__ = ["FIELDS", "ArticleDiff", "Change", "Piece", "Reworded", "compare", "text_diff"]

#: The article's metadata a diff compares, headline first.
FIELDS = ("title", "outlet", "published", "authors")
#: How alike two statements' words must be (difflib's ratio over words) to be one
#: statement reworded rather than one removed and another added.
REWORDED = 0.5
#: Words shared between two changes that are shown as part of one rewrite.
SHORT = 2
#: The most pairs of items (paragraphs, words, statements) one comparison may weigh:
#: difflib's matching grows with their product, and a page anyone may ask for must not
#: hold the server for minutes over a huge article. Past it, a changed block is shown
#: removed and added whole, and statements are not paired as reworded.
MAX_PAIRS = 4_000_000
# A word or a punctuation mark, with the spaces after it: spaces are never matched alone.
_WORD = re.compile(r"\s+|(?:\w+(?:['’]\w+)*|[^\w\s])\s*")
_LETTERS = re.compile(r"\w+(?:['’]\w+)*")
_PARAGRAPH = re.compile(r"[^\n]*\n|[^\n]+")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text that both versions share, or that one of them alone has."""

    kind: Literal["same", "added", "removed"]
    text: str


@dataclass(frozen=True, slots=True)
class Change:
    """A metadata field whose value differs."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Reworded:
    """One statement said in other words: ``similarity`` is difflib's ratio of their words."""

    old: Mapping[str, Any]
    new: Mapping[str, Any]
    similarity: float


@dataclass(frozen=True, slots=True)
class ArticleDiff:
    """Everything that changed from ``old`` to ``new`` (version numbers)."""

    old: int
    new: int
    fields: tuple[Change, ...]
    text: tuple[Piece, ...]
    added: tuple[Mapping[str, Any], ...]
    removed: tuple[Mapping[str, Any], ...]
    reworded: tuple[Reworded, ...]
    #: Statements the same on both sides.
    kept: int

    @property
    def words_added(self) -> int:
        """Words only the new text has."""
        return _words(p.text for p in self.text if p.kind == "added")

    @property
    def words_removed(self) -> int:
        """Words only the old text had."""
        return _words(p.text for p in self.text if p.kind == "removed")

    def to_json(self) -> dict[str, Any]:
        """The diff as the API gives it."""
        return {
            "old": self.old,
            "new": self.new,
            "fields": [{"field": c.field, "old": c.old, "new": c.new} for c in self.fields],
            "text": [{"kind": p.kind, "text": p.text} for p in self.text],
            "words_added": self.words_added,
            "words_removed": self.words_removed,
            "statements": {
                "added": list(self.added),
                "removed": list(self.removed),
                "reworded": [
                    {"old": r.old, "new": r.new, "similarity": round(r.similarity, 3)}
                    for r in self.reworded
                ],
                "kept": self.kept,
            },
        }


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> ArticleDiff:
    """What changed from the article ``old`` to the article ``new``."""
    added, removed, reworded, kept = _statements(old["statements"], new["statements"])
    return ArticleDiff(
        old=_number(old),
        new=_number(new),
        fields=tuple(
            Change(name, old.get(name), new.get(name))
            for name in FIELDS
            if old.get(name) != new.get(name)
        ),
        text=tuple(text_diff(old["text"], new["text"])),
        added=tuple(added),
        removed=tuple(removed),
        reworded=tuple(reworded),
        kept=kept,
    )


def text_diff(old: str, new: str) -> list[Piece]:
    """``old`` and ``new`` as runs of shared, removed and added text, word by word.

    Paragraphs are matched first, then the words of the paragraphs that changed: an edit
    in one paragraph is shown there, not as a match of common words across the article.
    Joining the ``same`` and ``removed`` runs gives ``old``, the ``same`` and ``added``
    runs ``new``.
    """
    pieces: list[Piece] = []
    a, b = _PARAGRAPH.findall(old), _PARAGRAPH.findall(new)
    if len(a) * len(b) > MAX_PAIRS:
        a, b = [old], [new]
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            _add(pieces, "same", "".join(a[i1:i2]))
        elif op == "replace":
            _words_diff(pieces, "".join(a[i1:i2]), "".join(b[j1:j2]))
        else:
            _add(pieces, "removed", "".join(a[i1:i2]))
            _add(pieces, "added", "".join(b[j1:j2]))
    return pieces


def _words_diff(pieces: list[Piece], old: str, new: str) -> None:
    a, b = _WORD.findall(old), _WORD.findall(new)
    if len(a) * len(b) > MAX_PAIRS:
        _add(pieces, "removed", old)
        _add(pieces, "added", new)
        return
    # Runs of the same words, and changes as (old words, new words).
    runs: list[str | tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append("".join(a[i1:i2]))
        else:
            runs.append(("".join(a[i1:i2]), "".join(b[j1:j2])))
    # A word or two in common between two changes ("the", "on") is part of one rewrite:
    # shown as shared, it would cut the rewrite into confetti.
    merged: list[str | tuple[str, str]] = []
    for run in runs:
        if isinstance(run, tuple) and len(merged) >= 2:
            *_, before, between = merged
            if (
                isinstance(before, tuple)
                and isinstance(between, str)
                and _words([between]) <= SHORT
            ):
                del merged[-2:]
                run = (before[0] + between + run[0], before[1] + between + run[1])
        merged.append(run)
    for run in merged:
        if isinstance(run, str):
            _add(pieces, "same", run)
            continue
        # Words carry their spaces: spaces both sides end with are shared, not changed.
        spaces = _common_end(_trailing_spaces(run[0]), _trailing_spaces(run[1]))
        cut = len(spaces)
        _add(pieces, "removed", run[0][: len(run[0]) - cut])
        _add(pieces, "added", run[1][: len(run[1]) - cut])
        _add(pieces, "same", spaces)


def _trailing_spaces(text: str) -> str:
    return text[len(text.rstrip()) :]


def _common_end(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n :]


def _add(pieces: list[Piece], kind: Literal["same", "added", "removed"], text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))


def _statements(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]], list[Reworded], int]:
    """``(added, removed, reworded, kept)`` from the statements ``old`` to ``new``."""
    unmatched = list(new)
    gone: list[Mapping[str, Any]] = []
    kept = 0
    for statement in old:
        same = next((s for s in unmatched if _key(s) == _key(statement)), None)
        if same is None:
            gone.append(statement)
        else:
            unmatched.remove(same)
            kept += 1
    # The most alike pairs of one speaker first, so that one edit is not paired with a
    # statement another edit is closer to.
    # Only the same known speaker's words can be reworded: two unattributed quotations
    # are not one statement.
    candidates = [
        (i, j)
        for i, a in enumerate(gone)
        for j, b in enumerate(unmatched)
        if _speaker(a) is not None and _speaker(a) == _speaker(b)
    ]
    if len(candidates) * 400 > MAX_PAIRS:
        candidates = []
    pairs = sorted(
        ((_similarity(gone[i], unmatched[j]), i, j) for i, j in candidates),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    reworded: list[tuple[int, int, float]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for score, i, j in pairs:
        if score < REWORDED:
            break
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        reworded.append((i, j, score))
    return (
        [s for j, s in enumerate(unmatched) if j not in used_new],
        [s for i, s in enumerate(gone) if i not in used_old],
        [Reworded(gone[i], unmatched[j], score) for i, j, score in sorted(reworded)],
        kept,
    )


def _speaker(statement: Mapping[str, Any]) -> str | None:
    """Who says it: the ledger entity the speaker stands for, else the speaker's words."""
    speaker = statement.get("speaker")
    if not speaker:
        return None
    if speaker.get("entity"):
        return f"entity:{speaker['entity']}"
    return " ".join(speaker["text"].lower().split())


def _key(statement: Mapping[str, Any]) -> tuple[str | None, tuple[str, ...]]:
    return _speaker(statement), tuple(_tokens(statement))


def _tokens(statement: Mapping[str, Any]) -> list[str]:
    return [t.strip().lower() for t in _WORD.findall(statement["content"]["text"]) if t.strip()]


def _similarity(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    return SequenceMatcher(None, _tokens(a), _tokens(b), autojunk=False).ratio()


def _words(texts: Any) -> int:
    """How many words ``texts`` hold: punctuation is not a word."""
    return sum(len(_LETTERS.findall(text)) for text in texts)


def _number(article: Mapping[str, Any]) -> int:
    version = article.get("version")
    if isinstance(version, Mapping):
        return int(version["number"])
    return int(version or 1)
