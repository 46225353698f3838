"""The learned statement tagger: every token is a source, a cue, content or nothing.

PolNeAR annotates attributions univocally, so finding their boundaries is a sequence
labelling task. A linear-chain CRF (CRFsuite) labels each token ``SOURCE``, ``CUE`` or
``CONTENT`` in BILOU form (``B-``, ``I-``, ``L-``, ``U-``), or ``O``, over the whole article
(content runs across sentences). Its features are the token and its neighbours (word, word
pairs, lemma, part of speech, dependency, entity type, quotation marks), the cue lexicon's
precision for the word and for the nearest cue above it in the parse (with the dependency
that leads there: a ``ccomp`` under "said" is content, an ``nsubj`` is its source), and the
role the rules gave the token, with where each of the rules' spans starts and ends. By
default the tagger judges the rules' statements, which gives each its confidence
(``StatementFinder.judge``); with ``--statements model`` it draws the boundaries and the
rules keep the structure, which cue goes with which content and source
(``StatementFinder.refine``).

:class:`StatementTagger` loads a trained model (``models/statements.crfsuite``) and its
calibration (``models/statements.json``); ``make train`` builds both from PolNeAR train.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycrfsuite
from spacy.tokens import Doc

from onrecord.errors import ConfigError
from onrecord.extract.cues import CueLexicon, coarse_of
from onrecord.extract.extensions import lemmas_of, pos_of, starts_of, words_of
from onrecord.models import STATEMENTS, statement_model_meta
from onrecord.models.logistic import Logistic
from onrecord.types import Span as CharSpan

__all__ = [
    "RuleRoles",
    "StatementTagger",
    "Tagging",
    "TokenSpan",
    "features",
    "labels_for",
    "spans_of",
    "text_span",
    "tokens_in",
]

_QUOTE_CHARS = frozenset("\"“”‘’'«»„‹›`")
# How far up the parse a token looks for the cue that governs it.
_MAX_DEPTH = 8
# A word the cue lexicon trusts this much is a cue for the ancestor features.
_CUE_FLOOR = 0.2


@dataclass(frozen=True, slots=True)
class TokenSpan:
    """A run of tokens ``[start, end)`` the tagger gave one role, with its mean marginal."""

    role: str
    start: int
    end: int
    probability: float


@dataclass(frozen=True, slots=True)
class RuleRoles:
    """The character spans the rules read as sources, cues and contents."""

    sources: Sequence[CharSpan] = ()
    cues: Sequence[CharSpan] = ()
    contents: Sequence[CharSpan] = ()


def _bucket(value: float) -> str:
    if value <= 0.0:
        return "0"
    if value < 0.1:
        return "1"
    if value < 0.25:
        return "2"
    if value < 0.5:
        return "3"
    if value < 0.75:
        return "4"
    return "5"


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word in _QUOTE_CHARS:
        return "q"
    if not word.isalnum():
        return "p" if not word.isspace() else "s"
    if word.isupper():
        return "U"
    if word[0].isupper():
        return "T"
    return "l"


def _rule_column(doc: Doc, rules: RuleRoles) -> list[str]:
    """Each token's role in the rules' statements, ``B``/``I`` marked: ``B-CUE``, ``I-CON``."""
    column = ["O"] * len(doc)
    starts = starts_of(doc)
    for role, spans in (("CON", rules.contents), ("CUE", rules.cues), ("SRC", rules.sources)):
        for start, end in spans:
            first = True
            for i in _tokens_in(starts, words_of(doc), start, end):
                column[i] = ("B-" if first else "I-") + role
                first = False
    return column


def tokens_in(doc: Doc, start: int, end: int) -> range:
    """The tokens of ``doc`` whose characters overlap ``[start, end)``."""
    return _tokens_in(starts_of(doc), words_of(doc), start, end)


def _tokens_in(starts: Sequence[int], words: Sequence[str], start: int, end: int) -> range:
    """The tokens whose characters overlap ``[start, end)``."""
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] + len(words[mid]) <= start:
            lo = mid + 1
        else:
            hi = mid
    first = lo
    while lo < len(starts) and starts[lo] < end:
        lo += 1
    return range(first, lo)


def features(doc: Doc, lexicon: CueLexicon, rules: RuleRoles) -> list[list[str]]:
    """The CRF features of every token of ``doc``."""
    n = len(doc)
    words = words_of(doc)
    lemmas = lemmas_of(doc)
    pos = pos_of(doc)
    strings = doc.vocab.strings
    array = doc.to_array(["TAG", "DEP", "ENT_TYPE", "ENT_IOB", "SENT_START"]).tolist()
    tags = [strings[row[0]] for row in array]
    deps = [strings[row[1]] for row in array]
    # Heads are offsets, negative ones wrapped round in the unsigned array.
    heads = [i + offset for i, offset in enumerate(doc.to_array("HEAD").astype("int64").tolist())]
    cue = [lexicon.best_of(lemmas[i], coarse_of(pos[i])) for i in range(n)]
    quoted = _quoted(words)
    rule = _rule_column(doc, rules)
    # Where each of the rules' spans ends ("E") as well as where it starts: the tagger's
    # own ends (L- labels) learn from it.
    ends = [
        ("E" if role != "O" and not (i + 1 < n and rule[i + 1].startswith("I-")) else "-")
        + role[2:]
        for i, role in enumerate(rule)
    ]
    governor = [_governor(i, heads, deps, cue) for i in range(n)]
    lower = [w.lower() for w in words]
    shapes = [_shape(w) if w else "s" for w in words]
    rows: list[list[str]] = []
    for i in range(n):
        head = heads[i]
        row = [
            "bias",
            "w=" + lower[i],
            "l=" + lemmas[i],
            "p=" + pos[i],
            "t=" + tags[i],
            "d=" + deps[i],
            "s=" + shapes[i],
            "x=" + lower[i][-3:],
            "c=" + _bucket(cue[i]),
            "q=" + quoted[i],
            "r=" + rule[i],
            "hd=" + deps[i] + ">" + pos[head],
            "hc=" + _bucket(cue[head]),
            "g=" + governor[i][0],
            "gc=" + governor[i][1],
            "gr=" + governor[i][0] + rule[i][1:],
            "e=" + (strings[array[i][2]] or "-") + str(array[i][3]),
            "ss=" + str(array[i][4]),
            "pr=" + pos[i] + rule[i][1:],
            "re=" + ends[i],
        ]
        if i > 0:
            row.append("bw=" + lower[i - 1] + "|" + lower[i])
            row.append("-1re=" + ends[i - 1])
        if i + 1 < n:
            row.append("fw=" + lower[i] + "|" + lower[i + 1])
        if head != i and cue[head] >= _CUE_FLOOR:
            row.append("hl=" + lemmas[head])
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n:
                row.append(f"{offset}w={lower[j]}")
                row.append(f"{offset}p={pos[j]}")
                row.append(f"{offset}r={rule[j]}")
                row.append(f"{offset}q={quoted[j]}")
                row.append(f"{offset}c={_bucket(cue[j])}")
            else:
                row.append(f"{offset}w=<edge>")
        rows.append(row)
    return rows


def _quoted(words: Sequence[str]) -> list[str]:
    """Whether each token is inside a quotation (``1``), a mark (``m``) or neither (``0``).

    A rough count of marks, for a feature only: an unbalanced mark costs a few tokens of
    evidence, never a statement.
    """
    column = []
    inside = False
    for word in words:
        if word in ("“", "”", '"', "«", "»"):
            if word == "“" or word == "«":
                inside = True
            elif word == "”" or word == "»":
                inside = False
            else:
                inside = not inside
            column.append("m")
        else:
            column.append("1" if inside else "0")
    return column


def _governor(
    i: int, heads: Sequence[int], deps: Sequence[str], cue: Sequence[float]
) -> tuple[str, str]:
    """The dependency under which token ``i`` hangs from the nearest cue above it, and how
    far up that cue is: ``("ccomp", "2")``; ``("-", "-")`` when no cue is above it."""
    child = i
    for depth in range(1, _MAX_DEPTH + 1):
        head = heads[child]
        if head == child:
            break
        if cue[head] >= _CUE_FLOOR:
            return deps[child], str(min(depth, 4))
        child = head
    return "-", "-"


def labels_for(
    doc: Doc, attributions: Sequence[tuple[CharSpan | None, CharSpan | None, Sequence[CharSpan]]]
) -> list[str]:
    """Gold labels from ``(source, cue, content fragments)`` spans: ``B-``, ``I-`` and
    ``L-`` for the first, inner and last token of a span, ``U-`` for a one-token span, ``O``
    outside (BILOU: marking the last token teaches the tagger where spans end)."""
    starts = starts_of(doc)
    words = words_of(doc)
    labels = ["O"] * len(doc)
    for source, cue, content in attributions:
        for role, spans in (
            ("CONTENT", content),
            ("CUE", [cue] if cue else []),
            ("SOURCE", [source] if source else []),
        ):
            for start, end in spans:
                first = True
                for i in _tokens_in(starts, words, start, end):
                    if words[i].isspace():
                        continue
                    labels[i] = ("B-" if first else "I-") + role
                    first = False
    return _bilou(labels)


def _bilou(labels: Sequence[str]) -> list[str]:
    """``B-``/``I-`` labels with the last token of each span marked ``L-`` (``U-`` alone)."""
    out = []
    for i, label in enumerate(labels):
        if label == "O":
            out.append(label)
            continue
        kind, _, role = label.partition("-")
        goes_on = i + 1 < len(labels) and labels[i + 1] == "I-" + role
        if kind == "B":
            out.append(("B-" if goes_on else "U-") + role)
        else:
            out.append(("I-" if goes_on else "L-") + role)
    return out


def spans_of(
    labels: Sequence[str], marginals: Sequence[dict[str, float]] | None = None
) -> list[TokenSpan]:
    """The runs of one role in a BILOU label sequence; an ``I-`` or ``L-`` after another
    role opens a run, and a run ends at its ``L-`` or ``U-``."""
    found: list[TokenSpan] = []
    role = None
    start = 0
    for i, label in enumerate([*labels, "O"]):
        kind, _, name = label.partition("-")
        inside = kind in ("I", "L") and name == role
        if role is not None and not inside:
            found.append(_span(role, start, i, marginals))
            role = None
        if kind in ("B", "U") or (kind in ("I", "L") and role is None):
            role, start = name, i
        if kind in ("L", "U") and role is not None:
            found.append(_span(role, start, i + 1, marginals))
            role = None
    return found


def _span(
    role: str, start: int, end: int, marginals: Sequence[dict[str, float]] | None
) -> TokenSpan:
    if not marginals:
        return TokenSpan(role, start, end, 1.0)
    total = sum(
        sum(marginals[i].get(kind + role, 0.0) for kind in ("B-", "I-", "L-", "U-"))
        for i in range(start, end)
    )
    return TokenSpan(role, start, end, total / (end - start))


@dataclass(frozen=True, slots=True)
class Tagging:
    """What the tagger read in one article."""

    labels: list[str]
    spans: list[TokenSpan]

    def of(self, role: str) -> list[TokenSpan]:
        """The spans of one role, in text order."""
        return [s for s in self.spans if s.role == role]


class StatementTagger:
    """A trained CRF over :func:`features`, with the calibration of its statements."""

    def __init__(self, path: Path = STATEMENTS) -> None:
        if not path.is_file():
            raise ConfigError(
                f"statement model {path} not found: run `make train`, or read with "
                "--statements rules"
            )
        self.path = path
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._labels = frozenset(self._tagger.labels())
        self.meta: dict[str, Any] = statement_model_meta(path)
        self._calibrations = {
            mode: Logistic.from_json(self.meta["calibration"][mode])
            for mode in ("model", "rules")
            if mode in self.meta.get("calibration", {})
        }

    def calibration(self, mode: str) -> Logistic:
        """How the statements of ``mode`` (``model`` or ``rules``) get their confidence."""
        found = self._calibrations.get(mode)
        if found is None:
            raise ConfigError(f"{self.path}: no calibration for {mode} mode: run `make train`")
        return found

    def tag(self, doc: Doc, lexicon: CueLexicon, rules: RuleRoles) -> Tagging:
        """Label every token of ``doc`` and read the spans with their mean marginals."""
        if not len(doc):
            return Tagging([], [])
        self._tagger.set(features(doc, lexicon, rules))
        labels = self._tagger.tag()
        # Spans only read the marginals of their own tokens; an "O" token needs none.
        marginals = [
            {
                label: self._tagger.marginal(label, i)
                for label in (labels[i], *_inside(labels[i]))
                if label in self._labels
            }
            if labels[i] != "O"
            else {}
            for i in range(len(doc))
        ]
        return Tagging(labels, spans_of(labels, marginals))


def _inside(label: str) -> tuple[str, ...]:
    """The other labels of ``label``'s role, whose marginals its span's probability sums."""
    kind, _, role = label.partition("-")
    if not role:
        return ()
    return tuple(k + "-" + role for k in "BILU" if k != kind)


def text_span(doc: Doc, span: TokenSpan) -> CharSpan:
    """The characters of a token span, without edge spaces."""
    starts = starts_of(doc)
    words = words_of(doc)
    start, end = span.start, span.end
    while start < end and words[start].isspace():
        start += 1
    while end > start and words[end - 1].isspace():
        end -= 1
    if start == end:
        return (starts[span.start], starts[span.start])
    return (starts[start], starts[end - 1] + len(words[end - 1]))
