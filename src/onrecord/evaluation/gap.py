"""GAP (Gendered Ambiguous Pronouns): read the TSV files and score pronoun resolution.

GAP pairs an ambiguous pronoun in a short text with two people named in it, A and B, and
says for each whether the pronoun refers to them (both can be false, never both true). A
file such as ``gap-validation.tsv`` is tab-separated, UTF-8, one example a line after a
header line naming the columns: ``ID``, ``Text``, ``Pronoun``, ``Pronoun-offset``, ``A``,
``A-offset``, ``A-coref``, ``B``, ``B-offset``, ``B-coref`` and ``URL``.

Reading
    Lines end at ``\\n`` (a ``\\r`` before it is dropped) and fields are split at every tab:
    GAP quotes nothing, so a quotation mark is an ordinary character. Columns are found by
    the header's names, in any order; ``URL`` may be missing, the others may not, and
    columns of other names are ignored. Blank lines are skipped. Every example line must
    have as many fields as the header, a non-empty ``ID`` not given before, a pronoun of
    a known gender (masculine: he, him, his, himself; feminine: she, her, hers, herself,
    in any case), ``TRUE`` or ``FALSE`` (in any case) in both coref columns, and three
    offsets, each a non-negative integer at which ``Text`` holds the pronoun, A or B
    (offsets count characters). Anything else raises ``ValueError`` naming the file and
    the line.

Deciding
    Each example's ``Text`` is read as a plain-text article titled by its Wikipedia page
    (from ``URL``), as a news article is by its headline; its record must keep the text
    character for character (otherwise the example is refused). The pronoun refers to A
    when some entity of the record has a *reference* at the pronoun and the same entity
    has a mention or a reference that overlaps A's characters, ``[A-offset, A-offset +
    len(A))``; the same for B. A reference is at the pronoun when its span overlaps the
    pronoun's characters and it is a pronoun reference or lies inside them: a description
    that holds the pronoun ("his brother") stands for someone else. An example that
    cannot be read (an onrecord error, a record whose text or spans do not line up) is
    refused with its reason and predicts false for both A and B.

Metrics
    As GAP's published scorer (``gap_scorer.py``) counts them, over all the A and B
    decisions of the examples: a true positive is a decision true in both the gold standard
    and the prediction, a false positive one predicted true against a gold false, a false
    negative one predicted false against a gold true. Precision is TP / (TP + FP), recall
    TP / (TP + FN), F1 their harmonic mean, each 0.0 when its denominator is 0. The same
    counts restricted to the examples with a masculine pronoun, and to those with a
    feminine one, give the scores by gender; *bias* is feminine F1 / masculine F1, and is
    undefined (``None``) when either F1 is 0, where the published scorer prints ``-``.
    The published scorer reports percentages; these are fractions. It counts a missing
    prediction as a false negative even where the gold standard is false; here an example
    without a prediction (a refused one) predicts false for both, as if read and not
    resolved.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote

from onrecord import ingest
from onrecord.errors import OnrecordError
from onrecord.evaluation.metrics import PRF
from onrecord.evaluation.reading import read_each
from onrecord.records import Article

if TYPE_CHECKING:
    from onrecord.reader import Reader

__all__ = [
    "COLUMNS",
    "FEMININE",
    "MASCULINE",
    "Decision",
    "Example",
    "Gender",
    "Run",
    "Scores",
    "Span",
    "decide",
    "gender_of",
    "gold_decisions",
    "predict",
    "read_tsv",
    "score",
    "write_predictions",
]

Span = tuple[int, int]
Gender = Literal["masculine", "feminine"]

#: The columns of a GAP file, in the published order (``URL`` may be left out).
COLUMNS = (
    "ID",
    "Text",
    "Pronoun",
    "Pronoun-offset",
    "A",
    "A-offset",
    "A-coref",
    "B",
    "B-offset",
    "B-coref",
    "URL",
)
_REQUIRED = COLUMNS[:-1]

#: The pronouns of each gender, lower case.
MASCULINE = frozenset({"he", "him", "his", "himself"})
FEMININE = frozenset({"she", "her", "hers", "herself"})


def gender_of(pronoun: str) -> Gender | None:
    """``"masculine"`` or ``"feminine"`` for a gendered pronoun in any case, else None."""
    word = pronoun.lower()
    if word in MASCULINE:
        return "masculine"
    if word in FEMININE:
        return "feminine"
    return None


@dataclass(frozen=True, slots=True)
class Example:
    """One GAP example: the text, the pronoun and the two names, with the gold decisions."""

    id: str
    text: str
    pronoun: str
    pronoun_offset: int
    a: str
    a_offset: int
    a_coref: bool
    b: str
    b_offset: int
    b_coref: bool
    url: str = ""

    @property
    def gender(self) -> Gender:
        """The gender of the pronoun (:func:`read_tsv` admits no other pronoun)."""
        gender = gender_of(self.pronoun)
        if gender is None:
            raise ValueError(f"{self.pronoun!r} is neither masculine nor feminine")
        return gender

    @property
    def title(self) -> str | None:
        """The title of the Wikipedia page the text is from (``URL``), as a headline:
        ``.../wiki/Warren_MacKenzie`` is "Warren MacKenzie"; None without a URL."""
        page = unquote(self.url.rstrip("/").rpartition("/wiki/")[2]).replace("_", " ")
        return page.strip() or None

    def article(self, hints: ingest.Hints) -> Article:
        """The example's text as an article, titled by its page."""
        article = ingest.from_text(self.text, hints, source=self.id)
        return dataclasses.replace(article, title=self.title or article.title)

    @property
    def pronoun_span(self) -> Span:
        """The pronoun's characters in the text, ``[start, end)``."""
        return (self.pronoun_offset, self.pronoun_offset + len(self.pronoun))

    @property
    def a_span(self) -> Span:
        """Name A's characters in the text, ``[start, end)``."""
        return (self.a_offset, self.a_offset + len(self.a))

    @property
    def b_span(self) -> Span:
        """Name B's characters in the text, ``[start, end)``."""
        return (self.b_offset, self.b_offset + len(self.b))


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether the pronoun refers to A, and whether it refers to B."""

    a: bool = False
    b: bool = False


def _boolean(value: str, column: str) -> bool:
    word = value.strip().upper()
    if word == "TRUE":
        return True
    if word == "FALSE":
        return False
    raise ValueError(f"{column} must be TRUE or FALSE, got {value!r}")


def _offset(text: str, value: str, column: str, what: str, expected: str) -> int:
    try:
        offset = int(value)
    except ValueError:
        raise ValueError(f"{column} must be an integer, got {value!r}") from None
    if offset < 0:
        raise ValueError(f"{column} must not be negative, got {offset}")
    if not expected:
        raise ValueError(f"{what} is empty")
    found = text[offset : offset + len(expected)]
    if found != expected:
        raise ValueError(
            f"{column} {offset} does not point at {what} {expected!r} in Text (it holds {found!r})"
        )
    return offset


def _example(fields: Mapping[str, str]) -> Example:
    key = fields["ID"]
    if not key.strip():
        raise ValueError("ID is empty")
    text = fields["Text"]
    pronoun = fields["Pronoun"]
    if pronoun and gender_of(pronoun) is None:
        raise ValueError(
            f"Pronoun {pronoun!r} is neither masculine ({', '.join(sorted(MASCULINE))}) "
            f"nor feminine ({', '.join(sorted(FEMININE))})"
        )
    return Example(
        id=key,
        text=text,
        pronoun=pronoun,
        pronoun_offset=_offset(
            text, fields["Pronoun-offset"], "Pronoun-offset", "the pronoun", pronoun
        ),
        a=fields["A"],
        a_offset=_offset(text, fields["A-offset"], "A-offset", "A", fields["A"]),
        a_coref=_boolean(fields["A-coref"], "A-coref"),
        b=fields["B"],
        b_offset=_offset(text, fields["B-offset"], "B-offset", "B", fields["B"]),
        b_coref=_boolean(fields["B-coref"], "B-coref"),
        url=fields.get("URL", ""),
    )


def read_tsv(path: Path) -> list[Example]:
    """The examples of a GAP file, in file order (see *Reading* in the module doc).

    Raises ``ValueError`` naming the file (and the line) for a malformed file or one that
    is not UTF-8, and ``OSError`` (``FileNotFoundError``, say) when it cannot be read.
    """
    # utf-8-sig: a byte-order mark would otherwise be part of the first column's name.
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    header = lines[0].removesuffix("\r").split("\t")
    if not any(header):
        raise ValueError(f"{path}, line 1: no header line (expected {', '.join(COLUMNS)})")
    missing = [name for name in _REQUIRED if name not in header]
    if missing:
        raise ValueError(f"{path}, line 1: missing column(s) {', '.join(missing)}")
    doubled = sorted({name for name in header if name and header.count(name) > 1})
    if doubled:
        raise ValueError(f"{path}, line 1: column(s) named twice: {', '.join(doubled)}")
    examples: list[Example] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        values = line.split("\t")
        try:
            if len(values) != len(header):
                raise ValueError(
                    f"expected {len(header)} tab-separated fields, found {len(values)}"
                )
            example = _example(dict(zip(header, values, strict=True)))
        except ValueError as exc:
            raise ValueError(f"{path}, line {number}: {exc}") from None
        if example.id in seen:
            raise ValueError(
                f"{path}, line {number}: ID {example.id!r} was already given on line "
                f"{seen[example.id]}"
            )
        seen[example.id] = number
        examples.append(example)
    return examples


def write_predictions(
    path: Path, examples: Iterable[Example], predictions: Mapping[str, Decision]
) -> None:
    """Write compact UTF-8 JSONL, one ``{"id", "A", "B"}`` line per example in the order
    given; an example without a prediction (a refused one) predicts false for both."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for example in examples:
            decision = predictions.get(example.id, Decision())
            line = {"id": example.id, "A": decision.a, "B": decision.b}
            handle.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")


def _overlaps(a: Span, b: Span) -> bool:
    return max(a[0], b[0]) < min(a[1], b[1])


def _span(value: object, what: str) -> Span:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in value)
        or not 0 <= value[0] <= value[1]
    ):
        raise ValueError(f"{what} is not a span [start, end], got {value!r}")
    return (value[0], value[1])


def decide(record: Mapping[str, Any], example: Example) -> Decision:
    """Whether the record resolves the example's pronoun to A, and to B (see *Deciding* in
    the module doc). ``record`` is the ``onrecord/1`` JSON of the example's text.

    Raises ``ValueError`` when an entity's mention or reference is not a span.
    """
    pronoun = example.pronoun_span
    a = b = False
    for entity in record["entities"]:
        name = entity.get("id", "?")
        references = [
            (_span(ref["span"], f"a reference of entity {name}"), ref.get("kind"))
            for ref in entity.get("references", ())
        ]
        at_pronoun = any(
            _overlaps(span, pronoun)
            and (kind == "pronoun" or pronoun[0] <= span[0] <= span[1] <= pronoun[1])
            for span, kind in references
        )
        if not at_pronoun:
            continue
        spans = [_span(m, f"a mention of entity {name}") for m in entity.get("mentions", ())]
        spans += [span for span, _ in references]
        a = a or any(_overlaps(span, example.a_span) for span in spans)
        b = b or any(_overlaps(span, example.b_span) for span in spans)
    return Decision(a, b)


@dataclass(slots=True)
class Run:
    """What the pipeline decided for each example, and what it could not read."""

    predictions: dict[str, Decision] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        """Examples read per second, refused ones included."""
        total = len(self.predictions) + len(self.refused)
        return total / self.seconds if self.seconds else 0.0


def _article(reader: Reader, example: Example) -> Article | str:
    """The article to read for ``example``, or the reason it is refused."""
    try:
        article = example.article(reader.hints())
    except OnrecordError as exc:
        return str(exc)
    if article.text != example.text:
        return "the article text is not the example's text, so offsets would not line up"
    return article


def _collect(run: Run, example: Example, record: Mapping[str, Any]) -> None:
    """File the record's decision for the example, or refuse the example."""
    if record["article"]["text"] != example.text:
        run.refused[example.id] = (
            "the record's text is not the example's text, so offsets would not line up"
        )
        return
    try:
        run.predictions[example.id] = decide(record, example)
    except ValueError as exc:
        run.refused[example.id] = str(exc)


def predict(
    reader: Reader,
    examples: Iterable[Example],
    advance: Callable[[], None] | None = None,
) -> Run:
    """Read every example's text with ``reader`` and decide its pronoun (:func:`decide`).

    An example that cannot be read is refused with its reason; the others go on.
    ``advance`` is called once per example, for progress bars.
    """
    run = Run()

    def refuse(example: Example, reason: str) -> None:
        run.refused[example.id] = reason

    run.seconds = read_each(
        reader,
        examples,
        lambda example: _article(reader, example),
        lambda example, record: _collect(run, example, record),
        refuse,
        advance,
    )
    return run


@dataclass(slots=True)
class Scores:
    """GAP's scores for one set of predictions: overall and by the pronoun's gender.

    In each :class:`~onrecord.evaluation.metrics.PRF`, ``tp`` counts the true positives,
    ``n_pred`` the decisions predicted true and ``n_gold`` those true in the gold standard.
    """

    overall: PRF = field(default_factory=PRF)
    masculine: PRF = field(default_factory=PRF)
    feminine: PRF = field(default_factory=PRF)
    examples: int = 0

    @property
    def bias(self) -> float | None:
        """Feminine F1 / masculine F1; None when either is 0."""
        if not self.feminine.f1 or not self.masculine.f1:
            return None
        return self.feminine.f1 / self.masculine.f1

    def to_json(self) -> dict[str, object]:
        """All the scores as plain JSON values."""
        return {
            "examples": self.examples,
            "overall": self.overall.to_json(),
            "masculine": self.masculine.to_json(),
            "feminine": self.feminine.to_json(),
            "bias": self.bias,
        }


def score(examples: Iterable[Example], predictions: Mapping[str, Decision]) -> Scores:
    """Score ``predictions`` (decisions by example id) against the gold ``examples``.

    An example without a prediction predicts false for both A and B; predictions for ids
    not among the examples are ignored.
    """
    scores = Scores()
    for example in examples:
        scores.examples += 1
        decision = predictions.get(example.id, Decision())
        by_gender = scores.masculine if example.gender == "masculine" else scores.feminine
        for gold, predicted in ((example.a_coref, decision.a), (example.b_coref, decision.b)):
            tp, n_pred, n_gold = int(gold and predicted), int(predicted), int(gold)
            scores.overall.add(tp, n_pred, n_gold)
            by_gender.add(tp, n_pred, n_gold)
    return scores


def gold_decisions(examples: Iterable[Example]) -> dict[str, Decision]:
    """The gold decisions of ``examples``, by id: what a perfect system predicts."""
    return {e.id: Decision(e.a_coref, e.b_coref) for e in examples}
