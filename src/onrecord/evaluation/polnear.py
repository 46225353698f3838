"""PolNeAR attribution annotations: read the brat standoff files and score predictions.

PolNeAR (Political News Attribution Relations) marks, in news articles, who is reported to
have said something (the *source*), the word that reports it (the *cue*) and what was said
(the *content*). A compartment such as ``dev`` or ``train`` is a folder holding
``text/<stem>.txt`` and ``attributions/<stem>_<annotator>.ann``; when several annotators
marked one article, the first ``.ann`` file in file-name order is the gold standard.

Reading
    Texts are read as UTF-8 with ``newline=""`` (see :func:`read_text`), so every character
    of the file, carriage returns included, keeps its place and brat's character offsets
    index the string directly. The PolNeAR files have no carriage returns, so universal
    newlines would give the same offsets, but a stray byte-order mark in the middle of a few
    texts is an ordinary character that the offsets count. Brat ``T`` lines give a type and
    one or more ``start end`` fragments separated by ``;``; ``E`` lines tie a trigger to its
    ``Source``, ``Cue`` and ``Content`` arguments in any order. ``Content2`` (any role name
    ``Content`` followed by digits) adds fragments to the content. An event with no content
    is skipped. An event without a ``Source`` argument (``Attribution-no-source``) has source
    ``None``; a ``Source`` argument is kept whatever the trigger's type says (one event in
    ``dev`` is both). A discontinuous source or cue is kept as its hull. Lines that are neither a
    well-formed ``T`` nor ``E`` line (``#`` notes, the continuation lines of a span whose text
    runs over a newline, anything malformed) are ignored.

Metrics
    All counts are taken per article and summed over the articles of the gold standard. An
    article missing from the predictions counts as predicting nothing; predictions for
    articles not in the gold standard are ignored.

    Content overlap
        The overlap of a gold and a predicted content is the number of non-whitespace
        characters of the text inside both of their fragment sets. Pairs with an overlap above
        zero are candidates, matched one-to-one greedily by decreasing overlap (ties broken by
        gold index, then predicted index). TP is the number of matched pairs, precision is
        TP / predicted and recall is TP / gold.
    Content strict
        Each content fragment is trimmed at both ends of whitespace, punctuation (Unicode
        category ``P*``) and quotation marks (straight, curly, single, guillemets, the
        backtick, and so the NYT's doubled backticks and apostrophes); empty fragments are
        dropped and the rest are not merged, even where they touch. A gold and a predicted
        content match when their tuples of trimmed fragments are equal and not empty (a
        content of nothing but punctuation matches nothing). Matching is one-to-one.
    Exact spans
        Per role, the multiset of gold spans against the multiset of predicted spans: the
        untrimmed fragment tuple for ``content``, the span for ``source`` and ``cue`` (an
        attribution without one adds nothing to that role). TP is the size of the multiset
        intersection.
    Exact spans, trimmed
        The same, each span (each content fragment) first trimmed at both ends as for
        *content strict*: the boundaries without the spaces, quotation marks and punctuation
        that annotators include or leave out at random.
    Who said what
        A pair matched by content overlap whose sources agree (as for *source accuracy*):
        precision is such pairs / predicted, recall is such pairs / gold.
    Confidence
        When the predictions carry a ``confidence``, each predicted attribution counts as
        right when it is in a *who said what* pair. The expected calibration error sorts
        them into ten equal-width bins of confidence and sums, over the bins, the share of
        predictions in the bin times the gap between its mean confidence and its share of
        right ones. AUROC is the chance that a right prediction has a higher confidence
        than a wrong one (ties count half).
    Source and cue accuracy
        Over the pairs matched by content overlap: a pair is correct when both sources are
        ``None``, or both are present and their character ranges overlap. Accuracy is
        correct / matched, 0.0 when nothing matched. Cue accuracy is the same with cues.
    Anonymous sources
        Gold: the distinct source spans whose text is an unnamed description
        (:func:`unnamed`): "sources", "a source", "officials", "people familiar with the
        talks", "a Russian official, who spoke on condition of anonymity", but not "former
        Obama adviser David Axelrod" or "his top aide, Tad Devine". Predicted: the distinct
        spans of the sourcing links onrecord types ``anonymous``. A predicted span is a
        true positive when it overlaps a gold span not matched yet (in text order), so
        precision is TP / predicted and recall is TP / gold. Scored only when the
        predictions carry anonymous spans.
    Speakers
        Not scored against gold: the share of predicted statements whose speaker is an
        entity of the record (a pronoun linked to one included), a bare third-person
        pronoun linked to none ("he", "they"), other words linked to none ("officials"),
        or missing.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

from onrecord import ingest
from onrecord.errors import OnrecordError
from onrecord.evaluation import metrics
from onrecord.evaluation.metrics import PRF
from onrecord.extract.coref import anaphors
from onrecord.extract.sourcing import load_source_words

if TYPE_CHECKING:
    from onrecord.reader import Reader

__all__ = [
    "Attribution",
    "Run",
    "Scores",
    "Span",
    "auroc",
    "calibration_error",
    "corpus",
    "judged",
    "predict",
    "read_ann",
    "read_predictions",
    "read_text",
    "score",
    "unnamed",
    "write_predictions",
]

Span = tuple[int, int]

_ROLES = ("source", "cue", "content")

# Backtick and the low-9 marks are not in a punctuation category, so they are named here.
_QUOTES = frozenset("\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a")
# Where the head of a source phrase ends: an apposition, a relative clause, a complement.
_HEAD_END = re.compile(
    r",|\(|—|–|\b(?:who|whom|whose|that|which|familiar|close|briefed|involved|privy|with|in|"
    r"to|of|at|from|on|for|within|inside|under|near|among|across|around|outside|aware)\b"
)
_PARTITIVE = re.compile(
    r"^\s*(?:one|some|two|three|several|many|most|all|each|any|none)\s+of\s+"
    r"(?:the|those|these|his|her|their|its)?\s*",
    re.IGNORECASE,
)
# ", Tad Devine": a name in apposition names the source.
_NAMED_APPOSITION = re.compile(r"^\s*,\s*(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]+\s*(?:,|$)")
_T_LINE = re.compile(r"(T\S*)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t|$)")
_E_LINE = re.compile(r"(E\S*)\t(.*)")


def _check_span(span: object, what: str) -> Span:
    if (
        not isinstance(span, tuple | list)
        or len(span) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in span)
    ):
        raise ValueError(f"{what} must be a pair of integers [start, end], got {span!r}")
    start, end = span
    if not 0 <= start <= end:
        raise ValueError(f"{what} must have 0 <= start <= end, got {list(span)!r}")
    return (start, end)


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution: what was said (``content``), by whom (``source``), and the ``cue``.

    ``content`` holds the content's fragments, sorted and without duplicates; it is never
    empty. ``source`` and ``cue`` are single spans (the hull of a discontinuous one) or
    ``None``. ``confidence`` is a prediction's chance of being right, when it has one.
    """

    content: tuple[Span, ...]
    source: Span | None = None
    cue: Span | None = None
    confidence: float | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.content:
            raise ValueError("an attribution needs at least one content fragment")
        fragments = {_check_span(span, "a content fragment") for span in self.content}
        # The dataclass is frozen; normalising here keeps equality and hashing canonical.
        object.__setattr__(self, "content", tuple(sorted(fragments)))
        if self.source is not None:
            object.__setattr__(self, "source", _check_span(self.source, "source"))
        if self.cue is not None:
            object.__setattr__(self, "cue", _check_span(self.cue, "cue"))
        if self.confidence is not None and not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {self.confidence!r}")

    def to_json(self) -> dict[str, object]:
        """``{"source": [s, e] | None, "cue": ..., "content": [s, e] or [[s, e], ...]}``,
        and ``"confidence"`` when there is one."""
        content: list[int] | list[list[int]]
        if len(self.content) == 1:
            content = list(self.content[0])
        else:
            content = [list(span) for span in self.content]
        data: dict[str, object] = {
            "source": None if self.source is None else list(self.source),
            "cue": None if self.cue is None else list(self.cue),
            "content": content,
        }
        if self.confidence is not None:
            data["confidence"] = round(self.confidence, 4)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Attribution:
        """Build an attribution from :meth:`to_json`'s shape; ``ValueError`` on any other.

        ``content`` may be one ``[start, end]`` pair or a non-empty list of them; ``source``
        and ``cue`` may be ``null`` or left out.
        """
        if not isinstance(data, Mapping):
            raise ValueError(f"an attribution must be a JSON object, got {type(data).__name__}")
        if "content" not in data:
            raise ValueError("an attribution needs a 'content'")
        raw = data["content"]
        if not isinstance(raw, list | tuple) or not raw:
            raise ValueError(
                f"'content' must be [start, end] or a non-empty list of them, got {raw!r}"
            )
        if all(isinstance(item, list | tuple) for item in raw):
            content = tuple(_check_span(item, "a content fragment") for item in raw)
        else:
            content = (_check_span(raw, "'content'"),)
        source = data.get("source")
        cue = data.get("cue")
        confidence = data.get("confidence")
        if confidence is not None and (
            not isinstance(confidence, int | float) or isinstance(confidence, bool)
        ):
            raise ValueError(f"'confidence' must be a number, got {confidence!r}")
        return cls(
            content=content,
            source=None if source is None else _check_span(source, "'source'"),
            cue=None if cue is None else _check_span(cue, "'cue'"),
            confidence=None if confidence is None else float(confidence),
        )


def read_text(path: Path) -> str:
    """An article's text as brat's offsets see it: UTF-8, line endings left as they are."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _hull(fragments: Sequence[Span]) -> Span:
    return (min(s for s, _ in fragments), max(e for _, e in fragments))


def read_ann(path: Path) -> list[Attribution]:
    """The attributions of one brat ``.ann`` file, in the order of their ``E`` lines.

    Malformed lines, notes and continuation lines are skipped; so are events without any
    content and arguments that name an undefined ``T``.
    """
    # utf-8-sig: a byte-order mark would otherwise hide the first line from the parser.
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    spans: dict[str, tuple[Span, ...]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in lines:
        line = line.rstrip("\r")
        if match := _T_LINE.match(line):
            fragments: list[Span] = []
            for part in match.group(3).split(";"):
                start, end = (int(x) for x in part.split())
                if start <= end:
                    fragments.append((start, end))
            if fragments:
                spans[match.group(1)] = tuple(fragments)
        elif match := _E_LINE.match(line):
            arguments = []
            # The first token is the trigger (``Attribution:T4``), not an argument.
            for token in match.group(2).split()[1:]:
                role, _, ref = token.partition(":")
                if ref:
                    arguments.append((role.rstrip("0123456789"), ref))
            events.append(arguments)

    attributions = []
    for arguments in events:
        content: set[Span] = set()
        source: Span | None = None
        cue: Span | None = None
        for role, ref in arguments:
            argument = spans.get(ref)
            if argument is None:
                continue
            if role == "Content":
                content.update(argument)
            elif role == "Source" and source is None:
                source = _hull(argument)
            elif role == "Cue" and cue is None:
                cue = _hull(argument)
        if content:
            attributions.append(Attribution(tuple(content), source=source, cue=cue))
    return attributions


def corpus(directory: Path) -> list[tuple[str, Path, Path | None]]:
    """``(stem, text path, first annotator's .ann or None)`` for each article, by stem.

    Raises ``FileNotFoundError`` when ``directory/text`` does not exist.
    """
    text_dir = directory / "text"
    if not text_dir.is_dir():
        raise FileNotFoundError(
            f"not a PolNeAR compartment: {text_dir} does not exist "
            "(expected text/<stem>.txt and attributions/<stem>_<annotator>.ann)"
        )
    first: dict[str, Path] = {}
    ann_dir = directory / "attributions"
    if ann_dir.is_dir():
        for ann in sorted(ann_dir.glob("*.ann"), key=lambda p: p.name):
            stem, sep, annotator = ann.stem.rpartition("_")
            if sep and stem and annotator and ann.is_file():
                first.setdefault(stem, ann)
    texts = sorted((p for p in text_dir.glob("*.txt") if p.is_file()), key=lambda p: p.stem)
    return [(txt.stem, txt, first.get(txt.stem)) for txt in texts]


def unnamed(text: str) -> bool:
    """Whether a source's text describes people without naming them (see the module doc).

    The head is the last word before a post-modifier ("familiar", "who", "with", a comma);
    it must be an ``anonymous`` noun of ``data/sources.tsv``, plural or singular, and no
    name may stand in apposition to it.
    """
    core = _PARTITIVE.sub("", text)
    found = _HEAD_END.search(core)
    head_part = core[: found.start()] if found else core
    words = re.findall(r"[A-Za-z][\w'’-]*", head_part)
    if not words:
        return False
    head = words[-1]
    if head[0].isupper() and len(words) > 1:
        return False  # "adviser David Axelrod": the last word is a name
    if _NAMED_APPOSITION.match(core[len(head_part) :]):
        return False
    nouns = load_source_words()
    word = head.lower().removesuffix("'s").removesuffix("’s")
    forms = {word, word.removesuffix("s"), word.removesuffix("es"), word.removesuffix("ies") + "y"}
    return any(nouns.get(form) == "anonymous" for form in forms)


def _attribution_from_json(item: object) -> Attribution:
    if not isinstance(item, dict):
        raise ValueError(f"must be a JSON object, got {item!r}")
    return Attribution.from_json(item)


def read_predictions(path: Path) -> dict[str, list[Attribution]]:
    """Predictions from JSONL, one ``{"id": stem, "attributions": [...]}`` per line.

    Blank lines are skipped. Any other bad line, or an id given twice, raises ``ValueError``
    naming the file and the line number.
    """
    return metrics.read_predictions(
        path, "attributions", "attribution", _attribution_from_json, unit="article"
    )


def write_predictions(
    path: Path,
    predictions: Iterable[tuple[str, Sequence[Attribution]]],
    anonymous: Mapping[str, Sequence[Span]] | None = None,
) -> None:
    """Write compact UTF-8 JSONL, one line per article, as :func:`read_predictions` reads.

    With ``anonymous``, each line also lists the article's anonymous source spans.
    """
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for stem, attributions in predictions:
            record: dict[str, object] = {
                "id": stem,
                "attributions": [a.to_json() for a in attributions],
            }
            if anonymous is not None:
                record["anonymous"] = [list(span) for span in anonymous.get(stem, ())]
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


@dataclass(slots=True)
class Scores:
    """Every PolNeAR metric for one set of predictions (see the module docstring)."""

    content_overlap: PRF = field(default_factory=PRF)
    content_strict: PRF = field(default_factory=PRF)
    who_said_what: PRF = field(default_factory=PRF)
    exact: dict[str, PRF] = field(default_factory=lambda: {role: PRF() for role in _ROLES})
    exact_trimmed: dict[str, PRF] = field(default_factory=lambda: {role: PRF() for role in _ROLES})
    source_accuracy: float = 0.0
    cue_accuracy: float = 0.0
    matched: int = 0
    gold: int = 0
    predicted: int = 0
    articles: int = 0
    #: Anonymous sources; None when the predictions carry none to score.
    anonymous: PRF | None = None
    #: Expected calibration error and AUROC of the confidences; None without them.
    calibration_error: float | None = None
    auroc: float | None = None
    #: Each confident prediction's ``(confidence, right)``, for a reliability diagram.
    judgements: list[tuple[float, bool]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """All the scores as plain JSON values."""
        return {
            "anonymous": self.anonymous.to_json() if self.anonymous is not None else None,
            "articles": self.articles,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "content_overlap": self.content_overlap.to_json(),
            "content_strict": self.content_strict.to_json(),
            "who_said_what": self.who_said_what.to_json(),
            "exact": {role: prf.to_json() for role, prf in self.exact.items()},
            "exact_trimmed": {role: prf.to_json() for role, prf in self.exact_trimmed.items()},
            "calibration_error": self.calibration_error,
            "auroc": self.auroc,
            "source_accuracy": self.source_accuracy,
            "cue_accuracy": self.cue_accuracy,
        }


def _is_trimmed(char: str) -> bool:
    return char.isspace() or char in _QUOTES or unicodedata.category(char).startswith("P")


def _trimmed(content: Sequence[Span], text: str) -> tuple[Span, ...]:
    fragments = []
    for start, end in content:
        start, end = min(start, len(text)), min(end, len(text))
        while start < end and _is_trimmed(text[start]):
            start += 1
        while end > start and _is_trimmed(text[end - 1]):
            end -= 1
        if start < end:
            fragments.append((start, end))
    return tuple(fragments)


def _trimmed_span(span: Span | None, text: str) -> Span | None:
    if span is None:
        return None
    fragments = _trimmed([span], text)
    return fragments[0] if fragments else None


def _merged(content: Sequence[Span], length: int) -> list[Span]:
    """Disjoint sorted intervals covering the same characters, clipped to the text."""
    merged: list[Span] = []
    for start, end in sorted(content):
        start, end = min(start, length), min(end, length)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlap(a: Sequence[Span], b: Sequence[Span], solid: Sequence[int]) -> int:
    """Non-whitespace characters in both; ``solid[i]`` counts those before offset ``i``."""
    total = i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            total += solid[end] - solid[start]
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def _match_by_overlap(
    gold: Sequence[Attribution], predicted: Sequence[Attribution], text: str
) -> list[tuple[int, int]]:
    solid = [0, *accumulate(0 if c.isspace() else 1 for c in text)]
    gold_sets = [_merged(a.content, len(text)) for a in gold]
    pred_sets = [_merged(a.content, len(text)) for a in predicted]
    candidates = []
    for g, g_set in enumerate(gold_sets):
        for p, p_set in enumerate(pred_sets):
            overlap = _overlap(g_set, p_set, solid)
            if overlap > 0:
                candidates.append((-overlap, g, p))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return pairs


def _multiset_tp(gold: Iterable[object], predicted: Iterable[object]) -> int:
    return sum((Counter(gold) & Counter(predicted)).values())


def _role_span(attribution: Attribution, role: str) -> Span | None:
    return attribution.source if role == "source" else attribution.cue


def _agree(gold: Span | None, predicted: Span | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return max(gold[0], predicted[0]) < min(gold[1], predicted[1])


def score(
    gold: Mapping[str, Sequence[Attribution]],
    predicted: Mapping[str, Sequence[Attribution]],
    texts: Mapping[str, str],
    anonymous: Mapping[str, Sequence[Span]] | None = None,
) -> Scores:
    """Score ``predicted`` against ``gold``, both keyed by article stem.

    ``texts`` must hold the text of every gold article (``ValueError`` otherwise): overlap
    counts its non-whitespace characters and strict matching trims against it.
    ``anonymous`` holds the predicted anonymous source spans by stem, when they are scored.
    """
    scores = Scores(articles=len(gold), anonymous=PRF() if anonymous is not None else None)
    source_ok = cue_ok = 0
    confidences: list[tuple[float, bool]] = []
    for stem, gold_items in gold.items():
        if stem not in texts:
            raise ValueError(f"no text given for gold article {stem!r}")
        text = texts[stem]
        pred_items = predicted.get(stem, ())
        scores.gold += len(gold_items)
        scores.predicted += len(pred_items)

        pairs = _match_by_overlap(gold_items, pred_items, text)
        scores.content_overlap.add(len(pairs), len(pred_items), len(gold_items))
        scores.matched += len(pairs)
        right = judged(gold_items, pred_items, text, pairs)
        source_ok += sum(right)
        scores.who_said_what.add(sum(right), len(pred_items), len(gold_items))
        cue_ok += sum(_agree(gold_items[g].cue, pred_items[p].cue) for g, p in pairs)
        confidences += [
            (a.confidence, ok)
            for a, ok in zip(pred_items, right, strict=True)
            if a.confidence is not None
        ]

        # Equality is transitive, so one-to-one matching is the multiset intersection.
        strict_tp = _multiset_tp(
            (key for a in gold_items if (key := _trimmed(a.content, text))),
            (key for a in pred_items if (key := _trimmed(a.content, text))),
        )
        scores.content_strict.add(strict_tp, len(pred_items), len(gold_items))

        scores.exact["content"].add(
            _multiset_tp((a.content for a in gold_items), (a.content for a in pred_items)),
            len(pred_items),
            len(gold_items),
        )
        scores.exact_trimmed["content"].add(strict_tp, len(pred_items), len(gold_items))
        for role in ("source", "cue"):
            gold_spans = [s for a in gold_items if (s := _role_span(a, role)) is not None]
            pred_spans = [s for a in pred_items if (s := _role_span(a, role)) is not None]
            scores.exact[role].add(
                _multiset_tp(gold_spans, pred_spans), len(pred_spans), len(gold_spans)
            )
            scores.exact_trimmed[role].add(
                _multiset_tp(
                    (_trimmed_span(s, text) for s in gold_spans),
                    (_trimmed_span(s, text) for s in pred_spans),
                ),
                len(pred_spans),
                len(gold_spans),
            )

        if scores.anonymous is not None and anonymous is not None:
            gold_anonymous = sorted(
                {a.source for a in gold_items if a.source and unnamed(text[slice(*a.source)])}
            )
            scores.anonymous.add(
                _overlap_tp(gold_anonymous, sorted(set(anonymous.get(stem, ())))),
                len(set(anonymous.get(stem, ()))),
                len(gold_anonymous),
            )

    if scores.matched:
        scores.source_accuracy = source_ok / scores.matched
        scores.cue_accuracy = cue_ok / scores.matched
    if confidences:
        scores.judgements = confidences
        scores.calibration_error = calibration_error(confidences)
        scores.auroc = auroc(confidences)
    return scores


def judged(
    gold: Sequence[Attribution],
    predicted: Sequence[Attribution],
    text: str,
    pairs: Sequence[tuple[int, int]] | None = None,
) -> list[bool]:
    """For each predicted attribution, whether it is a *who said what* pair: its content
    matched to a gold one by overlap, and their sources agree."""
    if pairs is None:
        pairs = _match_by_overlap(gold, predicted, text)
    right = [False] * len(predicted)
    for g, p in pairs:
        right[p] = _agree(gold[g].source, predicted[p].source)
    return right


def calibration_error(judgements: Sequence[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error of ``(confidence, right)`` pairs over equal-width bins."""
    if not judgements:
        return 0.0
    filled: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for confidence, ok in judgements:
        filled[min(int(confidence * bins), bins - 1)].append((confidence, ok))
    return sum(
        len(items)
        / len(judgements)
        * abs(sum(c for c, _ in items) / len(items) - sum(ok for _, ok in items) / len(items))
        for items in filled
        if items
    )


def auroc(judgements: Sequence[tuple[float, bool]]) -> float:
    """The chance a right prediction is more confident than a wrong one (ties count half);
    0.5 when all are right or all wrong."""
    ranked = sorted(judgements, key=lambda item: item[0])
    positives = sum(ok for _, ok in ranked)
    negatives = len(ranked) - positives
    if not positives or not negatives:
        return 0.5
    # Mann-Whitney U from the ranks, ties given their mean rank.
    rank_sum = 0.0
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + j + 1) / 2
        rank_sum += mean_rank * sum(ok for _, ok in ranked[i:j])
        i = j
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def _overlap_tp(gold: Sequence[Span], predicted: Sequence[Span]) -> int:
    """Predicted spans that overlap a gold span not matched yet, in text order."""
    free = list(gold)
    tp = 0
    for start, end in predicted:
        hit = next((g for g in free if g[0] < end and start < g[1]), None)
        if hit is not None:
            free.remove(hit)
            tp += 1
    return tp


@dataclass(slots=True)
class Run:
    """What the pipeline predicted over a compartment, and what it could not read."""

    predictions: dict[str, list[Attribution]] = field(default_factory=dict)
    #: The spans of the sourcing links typed ``anonymous``, by stem.
    anonymous: dict[str, list[Span]] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    #: How the statements' speakers are resolved: :data:`SPEAKER_KINDS` counted.
    speakers: Counter[str] = field(default_factory=Counter)

    @property
    def throughput(self) -> float:
        """Articles read per second, refused ones included."""
        total = len(self.predictions) + len(self.refused)
        return total / self.seconds if self.seconds else 0.0


def predict(
    reader: Reader,
    texts: Mapping[str, str],
    advance: Callable[[], None] | None = None,
) -> Run:
    """Read every article (text by stem) with ``reader``; its statements become attributions.

    An article that cannot be read (empty, or any onrecord error) is refused with its
    reason; the others go on. ``advance`` is called once per article, for progress bars.
    """
    run = Run()
    hints = reader.hints()
    reader.nlp  # noqa: B018  (loads the model now, so throughput counts reading only)
    started = perf_counter()
    articles = []
    for stem, text in texts.items():
        if not text.strip():
            run.refused[stem] = "empty text"
            if advance:
                advance()
            continue
        articles.append((stem, ingest.from_text(text, hints, source=stem)))
    stems = iter([stem for stem, _ in articles])
    try:
        for read in reader.read_articles(article for _, article in articles):
            record = read.to_json()
            stem = next(stems)
            run.predictions[stem] = [_attribution(s) for s in record["statements"]]
            run.speakers.update(speaker_kind(s) for s in record["statements"])
            run.anonymous[stem] = sorted(
                {
                    (link["span"][0], link["span"][1])
                    for statement in record["statements"]
                    for link in statement["sources"]
                    if link["type"] == "anonymous" and link["span"] is not None
                }
            )
            if advance:
                advance()
    except OnrecordError as exc:
        for stem in stems:
            run.refused[stem] = str(exc)
    run.seconds = perf_counter() - started
    return run


#: How a statement's speaker is resolved (see *Speakers* above).
SPEAKER_KINDS = ("entity", "pronoun", "unlinked", "none")


def speaker_kind(statement: Mapping[str, Any]) -> str:
    """One of :data:`SPEAKER_KINDS` for a statement of a record's JSON."""
    speaker = statement["speaker"]
    if speaker is None:
        return "none"
    if speaker["entity"] is not None:
        return "entity"
    return "pronoun" if speaker["text"].lower() in anaphors() else "unlinked"


def _attribution(statement: Mapping[str, Any]) -> Attribution:
    speaker = statement["speaker"]
    return Attribution(
        content=tuple((s, e) for s, e in statement["content"]["spans"]),
        source=tuple(speaker["span"]) if speaker else None,
        cue=tuple(statement["cue"]["span"]),
        confidence=statement.get("confidence"),
    )
