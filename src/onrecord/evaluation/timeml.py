"""TimeML time expressions (TempEval-3): read ``.tml`` files and score predicted TIMEX3s.

A TimeML corpus such as TBAQ (TimeBank and AQUAINT, cleaned for TempEval-3) is a folder of
``.tml`` files, in subfolders or not; each file is one XML document whose ``<TEXT>`` element
holds the article with ``TIMEX3``, ``EVENT`` and ``SIGNAL`` tags inline. A document's id is
its file stem.

Reading
    Files are parsed with the standard library's XML parser, so entities (``&amp;``) are
    decoded and line endings are normalised to ``\\n`` as XML requires. The text is the
    character data inside ``<TEXT>`` with every tag removed, in document order. Gold spans
    are counted while the tree is walked (each element's text, its children, then its
    tail), so ``text[start:end]`` is exactly a TIMEX3's character data, tags nested in it
    included. Every TIMEX3 inside ``<TEXT>`` with at least one character is gold, in text
    order; the ``CREATION_TIME`` TIMEX3 outside it (usually in ``<DCT>``) is not. The
    document creation time is the first TIMEX3 anywhere in the file whose
    ``functionInDocument`` is ``CREATION_TIME``; its value's first ten characters when they
    are a valid ``YYYY-MM-DD`` date (TBAQ also has ``1998-01-08T18:30`` values), else
    ``None``. A file that is not well-formed XML or has no single ``<TEXT>`` raises
    ``ValueError`` naming the file; :func:`read_documents` turns that into a refusal.

Predicting
    Each document's text is read as a plain-text article whose publication date is the
    document creation time (the hint overrides whatever the text's layout suggests). The
    article text must equal the document text character for character, and each predicted
    time's span must hold its text; a document failing either check is refused rather than
    scored against offsets that do not line up.

Metrics
    Counts are taken per document and summed over the gold documents. A document missing
    from the predictions (refused, say) predicts nothing; predictions for documents not in
    the gold standard are ignored. Spans are character offsets, where TempEval-3's scorer
    counts tokens; otherwise the definitions are TempEval-3's.

    Strict span
        A predicted span matches a gold span when both are equal; matching is one-to-one
        (the multiset intersection of the spans). TP / predicted is precision, TP / gold is
        recall.
    Relaxed span
        A gold and a predicted span are candidates when they share at least one character.
        Candidates are matched one-to-one greedily by decreasing overlap (ties broken by
        gold order, then predicted order), so one long prediction over two gold expressions
        matches only one of them. Precision and recall as above, with the matched pairs.
    Type and value accuracy
        Over the relaxed-matched pairs, the share whose types are equal, and the share whose
        values are equal once whitespace is stripped from both ends. A missing type or value
        never equals anything. Both are 0.0 when nothing matched.
    Type and value F1
        TempEval-3's attribute F1: attribute precision is correct / predicted and attribute
        recall is correct / gold, so their F1 is the accuracy times the relaxed F1.
"""

from __future__ import annotations

import json
import random
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onrecord import ingest
from onrecord.errors import OnrecordError
from onrecord.evaluation import metrics
from onrecord.evaluation.metrics import PRF
from onrecord.evaluation.reading import read_each

if TYPE_CHECKING:
    from onrecord.reader import Reader
    from onrecord.records import Article

__all__ = [
    "KINDS",
    "Document",
    "Mismatch",
    "Run",
    "Scores",
    "Span",
    "Timex",
    "by_folder",
    "corpus",
    "match",
    "mismatches",
    "predict",
    "read_documents",
    "read_predictions",
    "read_tml",
    "score",
    "write_predictions",
]

Span = tuple[int, int]

#: The kinds of :class:`Mismatch`, in the order they are reported.
KINDS = ("missed", "spurious", "wrong value")


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


def _optional_str(data: Mapping[str, object], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string or null, got {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression: its ``[start, end)`` span, TIMEX3 type and value, and gold tid."""

    span: Span
    type: str | None
    value: str | None
    tid: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "span", _check_span(self.span, "a timex span"))

    def to_json(self) -> dict[str, object]:
        """``{"span": [s, e], "type": ..., "value": ...}`` (the tid is left out)."""
        return {"span": list(self.span), "type": self.type, "value": self.value}

    @classmethod
    def from_json(cls, data: object) -> Timex:
        """Build a timex from :meth:`to_json`'s shape; ``ValueError`` on any other.

        ``type`` and ``value`` may be ``null`` or left out.
        """
        if not isinstance(data, dict):
            raise ValueError(f"a timex must be a JSON object, got {type(data).__name__}")
        if "span" not in data:
            raise ValueError("a timex needs a 'span'")
        return cls(
            span=_check_span(data["span"], "'span'"),
            type=_optional_str(data, "type"),
            value=_optional_str(data, "value"),
        )


@dataclass(frozen=True, slots=True)
class Document:
    """One TimeML document: its id (file stem), text, creation date and gold timexes."""

    id: str
    text: str
    dct: str | None
    timexes: tuple[Timex, ...] = ()


def corpus(directory: Path) -> list[Path]:
    """Every ``*.tml`` file under ``directory``, at any depth, sorted by path.

    Raises ``FileNotFoundError`` when ``directory`` is not a folder or holds no such file.
    """
    if not directory.is_dir():
        raise FileNotFoundError(f"not a TimeML corpus: {directory} is not a folder")
    paths = sorted(p for p in directory.rglob("*.tml") if p.is_file())
    if not paths:
        raise FileNotFoundError(f"not a TimeML corpus: no .tml file under {directory}")
    return paths


def _local(tag: object) -> str:
    """An element's tag without its namespace (comments and the like give "")."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _walk(element: ET.Element, parts: list[str], offset: int, timexes: list[Timex]) -> int:
    """Append the character data of ``element`` (not its tail) to ``parts``; new offset."""
    start = offset
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _walk(child, parts, offset, timexes)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if _local(element.tag) == "TIMEX3" and offset > start:
        timexes.append(
            Timex(
                span=(start, offset),
                type=element.get("type"),
                value=element.get("value"),
                tid=element.get("tid"),
            )
        )
    return offset


def _creation_date(root: ET.Element) -> str | None:
    for element in root.iter():
        if _local(element.tag) == "TIMEX3" and element.get("functionInDocument") == "CREATION_TIME":
            day = (element.get("value") or "")[:10]
            try:
                return date.fromisoformat(day).isoformat() if len(day) == 10 else None
            except ValueError:
                return None
    return None


def read_tml(path: Path) -> Document:
    """The text, creation date and gold timexes of one ``.tml`` file (see the module doc).

    Raises ``ValueError`` naming the file when it cannot be read, is not well-formed XML, or
    does not have exactly one ``<TEXT>`` element.
    """
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ValueError(f"{path}: not well-formed XML ({exc})") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    texts = [e for e in root.iter() if _local(e.tag) == "TEXT"]
    if len(texts) != 1:
        raise ValueError(f"{path}: expected one <TEXT> element, found {len(texts)}")
    parts: list[str] = []
    timexes: list[Timex] = []
    _walk(texts[0], parts, 0, timexes)
    # Nested TIMEX3s close inner first; text order puts the outer one first.
    timexes.sort(key=lambda t: (t.span[0], -t.span[1]))
    return Document(
        id=path.stem, text="".join(parts), dct=_creation_date(root), timexes=tuple(timexes)
    )


def read_documents(paths: Iterable[Path]) -> tuple[list[Document], dict[str, str]]:
    """Read every file; return the documents and ``{id: reason}`` for those refused.

    A file :func:`read_tml` cannot read is refused with its error. A file whose stem an
    earlier file already took is refused too, keyed by its path, since ids must be unique.
    """
    documents: list[Document] = []
    refused: dict[str, str] = {}
    seen: dict[str, Path] = {}
    for path in paths:
        if path.stem in seen:
            refused[str(path)] = f"duplicate id {path.stem!r}, already read from {seen[path.stem]}"
            continue
        seen[path.stem] = path
        try:
            documents.append(read_tml(path))
        except ValueError as exc:
            refused[path.stem] = str(exc)
    return documents, refused


def by_folder(directory: Path, paths: Iterable[Path]) -> dict[str, list[str]]:
    """Document ids (file stems) by the top-level subfolder of ``directory`` they are in.

    Files directly in ``directory`` come under ``""``. Folders are in name order. As in
    :func:`read_documents`, a stem counts where it is first seen; later files with it are
    left out.
    """
    folders: dict[str, list[str]] = {}
    seen: set[str] = set()
    for path in paths:
        if path.stem in seen:
            continue
        seen.add(path.stem)
        parts = path.relative_to(directory).parts
        folders.setdefault(parts[0] if len(parts) > 1 else "", []).append(path.stem)
    return dict(sorted(folders.items()))


def read_predictions(path: Path) -> dict[str, list[Timex]]:
    """Predictions from JSONL, one ``{"id": stem, "timexes": [...]}`` per line.

    Blank lines are skipped. Any other bad line, or an id given twice, raises ``ValueError``
    naming the file and the line number.
    """
    return metrics.read_predictions(path, "timexes", "timex", Timex.from_json, unit="document")


@dataclass(slots=True)
class Run:
    """What the pipeline predicted over a corpus, and what it could not read."""

    predictions: dict[str, list[Timex]] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        """Documents read per second, refused ones included."""
        total = len(self.predictions) + len(self.refused)
        return total / self.seconds if self.seconds else 0.0


def write_predictions(path: Path, run: Run) -> None:
    """Write compact UTF-8 JSONL, one line per predicted document in id order, as
    :func:`read_predictions` reads it (refused documents have no line)."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for doc_id, timexes in sorted(run.predictions.items()):
            record = {"id": doc_id, "timexes": [t.to_json() for t in timexes]}
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


def _article(reader: Reader, document: Document) -> Article | str:
    """The article to read for ``document``, or the reason it is refused."""
    if not document.text.strip():
        return "empty text"
    try:
        article = ingest.from_text(
            document.text, reader.hints(published=document.dct), source=document.id
        )
    except OnrecordError as exc:
        return str(exc)
    if article.text != document.text:
        return "the article text is not the document text, so offsets would not line up"
    return article


def _collect(run: Run, document: Document, record: Mapping[str, Any]) -> None:
    """File the record's times as the document's predictions, or refuse the document."""
    text = record["article"]["text"]
    if text != document.text:
        run.refused[document.id] = (
            "the record's text is not the document text, so offsets would not line up"
        )
        return
    timexes = []
    for time in record["times"]:
        try:
            start, end = _check_span(time.get("span"), f"time {time.get('id')}'s span")
        except ValueError as exc:
            run.refused[document.id] = str(exc)
            return
        if text[start:end] != time.get("text"):
            run.refused[document.id] = (
                f"time {time.get('id')} has span [{start}, {end}] = {text[start:end]!r}, "
                f"not its text {time.get('text')!r}"
            )
            return
        timexes.append(Timex((start, end), time["type"], time["value"], time["id"]))
    run.predictions[document.id] = timexes


def predict(
    reader: Reader,
    documents: Iterable[Document],
    advance: Callable[[], None] | None = None,
) -> Run:
    """Read every document with ``reader``, its creation date as the publication date.

    A document that cannot be read (empty, an onrecord error, offsets that do not line up)
    is refused with its reason; the others go on. ``advance`` is called once per document,
    for progress bars.
    """
    run = Run()

    def refuse(document: Document, reason: str) -> None:
        run.refused[document.id] = reason

    run.seconds = read_each(
        reader,
        documents,
        lambda document: _article(reader, document),
        lambda document, record: _collect(run, document, record),
        refuse,
        advance,
    )
    return run


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: Sequence[Timex], predicted: Sequence[Timex]) -> list[tuple[int, int]]:
    """Relaxed one-to-one matching: ``(gold index, predicted index)`` pairs, greedy by
    decreasing overlap, ties by gold index then predicted index."""
    candidates = sorted(
        (-overlap, g, p)
        for g, gold_timex in enumerate(gold)
        for p, pred_timex in enumerate(predicted)
        if (overlap := _overlap(gold_timex.span, pred_timex.span)) > 0
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return pairs


def _same(gold: str | None, predicted: str | None) -> bool:
    return gold is not None and predicted is not None and gold.strip() == predicted.strip()


@dataclass(slots=True)
class Scores:
    """Every TempEval-3 time-expression metric for one set of predictions."""

    strict: PRF = field(default_factory=PRF)
    relaxed: PRF = field(default_factory=PRF)
    #: Relaxed-matched pairs whose types, and whose values, agree.
    type_correct: int = 0
    value_correct: int = 0
    documents: int = 0

    @property
    def type_accuracy(self) -> float:
        """Matched pairs with the same type / matched pairs, 0.0 when nothing matched."""
        return self.type_correct / self.relaxed.tp if self.relaxed.tp else 0.0

    @property
    def value_accuracy(self) -> float:
        """Matched pairs with the same value / matched pairs, 0.0 when nothing matched."""
        return self.value_correct / self.relaxed.tp if self.relaxed.tp else 0.0

    @property
    def type_f1(self) -> float:
        """TempEval-3's type F1: type accuracy × relaxed F1."""
        return self.type_accuracy * self.relaxed.f1

    @property
    def value_f1(self) -> float:
        """TempEval-3's value F1: value accuracy × relaxed F1."""
        return self.value_accuracy * self.relaxed.f1

    def to_json(self) -> dict[str, object]:
        """All the scores as plain JSON values."""
        return {
            "documents": self.documents,
            "gold": self.relaxed.n_gold,
            "predicted": self.relaxed.n_pred,
            "strict": self.strict.to_json(),
            "relaxed": self.relaxed.to_json(),
            "type_accuracy": self.type_accuracy,
            "value_accuracy": self.value_accuracy,
            "type_f1": self.type_f1,
            "value_f1": self.value_f1,
        }


def score(gold: Iterable[Document], predicted: Mapping[str, Sequence[Timex]]) -> Scores:
    """Score ``predicted`` (timexes by document id) against the gold ``documents``.

    Any subset of documents can be scored, TimeBank and AQUAINT apart for instance.
    """
    scores = Scores()
    for document in gold:
        scores.documents += 1
        gold_items = document.timexes
        pred_items = predicted.get(document.id, ())
        strict_tp = sum(
            (Counter(t.span for t in gold_items) & Counter(t.span for t in pred_items)).values()
        )
        scores.strict.add(strict_tp, len(pred_items), len(gold_items))
        pairs = match(gold_items, pred_items)
        scores.relaxed.add(len(pairs), len(pred_items), len(gold_items))
        scores.type_correct += sum(_same(gold_items[g].type, pred_items[p].type) for g, p in pairs)
        scores.value_correct += sum(
            _same(gold_items[g].value, pred_items[p].value) for g, p in pairs
        )
    return scores


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One error, for reading by a developer: a missed, spurious or wrongly valued timex.

    ``context`` is the text around the expression(s), with line breaks as spaces.
    """

    kind: str
    document: str
    gold: Timex | None
    gold_text: str | None
    predicted: Timex | None
    predicted_text: str | None
    context: str


def _mismatch(kind: str, document: Document, gold: Timex | None, pred: Timex | None) -> Mismatch:
    spans = [t.span for t in (gold, pred) if t is not None]
    start = max(0, min(s for s, _ in spans) - 40)
    end = max(e for _, e in spans) + 40
    text = document.text
    return Mismatch(
        kind=kind,
        document=document.id,
        gold=gold,
        gold_text=text[slice(*gold.span)] if gold else None,
        predicted=pred,
        predicted_text=text[slice(*pred.span)] if pred else None,
        context=" ".join(text[start:end].split()),
    )


def mismatches(
    gold: Iterable[Document],
    predicted: Mapping[str, Sequence[Timex]],
    per_kind: int,
    seed: int = 0,
) -> list[Mismatch]:
    """Up to ``per_kind`` errors of each kind (``missed``, ``spurious``, ``wrong value``),
    drawn at random with ``seed`` so the same run shows the same ones; kind by kind, each
    kind in document and text order."""
    found: dict[str, list[Mismatch]] = {kind: [] for kind in KINDS}
    for document in gold:
        gold_items = document.timexes
        pred_items = predicted.get(document.id, ())
        pairs = match(gold_items, pred_items)
        matched_gold = {g for g, _ in pairs}
        matched_pred = {p for _, p in pairs}
        for g, timex in enumerate(gold_items):
            if g not in matched_gold:
                found["missed"].append(_mismatch("missed", document, timex, None))
        for p, timex in enumerate(pred_items):
            if p not in matched_pred:
                found["spurious"].append(_mismatch("spurious", document, None, timex))
        for g, p in pairs:
            if not _same(gold_items[g].value, pred_items[p].value):
                found["wrong value"].append(
                    _mismatch("wrong value", document, gold_items[g], pred_items[p])
                )
    chosen: list[Mismatch] = []
    rng = random.Random(seed)
    for kind in KINDS:
        items = found[kind]
        chosen += sorted(rng.sample(items, min(per_kind, len(items))), key=_position)
    return chosen


def _position(mismatch: Mismatch) -> tuple[str, Span]:
    timex = mismatch.gold or mismatch.predicted
    return (mismatch.document, timex.span if timex else (0, 0))
