"""The ``onrecord/1`` record, defined once: frozen, typed dataclasses with spans.

Every object an article's reading holds is one of these classes, from the extractors'
``Doc._`` extensions to the ledger's rows and the web app's pages. JSON is derived from the
classes by one generic serialiser (:func:`to_json`, :func:`from_json`), and a test checks
the shipped JSON Schema (``onrecord/schema/onrecord-1.json``) against them, so a new field
is written once, here.

Spans are ``[start, end)`` character offsets into :attr:`Article.text`; every ``text``
field equals that slice (a discontinuous :class:`Content` joins its fragments with
:data:`CONTENT_GAP`). ORM classes stay inside ``onrecord.store``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from onrecord.types import JSON, Span

__all__ = [
    "ACTS",
    "CONTENT_GAP",
    "SCHEMA_VERSION",
    "Act",
    "AnonymousSource",
    "Article",
    "Certainty",
    "Commitment",
    "CommitmentKind",
    "CommitmentStatus",
    "Content",
    "Entity",
    "EntityType",
    "Event",
    "EventMode",
    "Hedge",
    "Outcome",
    "Party",
    "Place",
    "Record",
    "Reference",
    "ReferenceKind",
    "Region",
    "Source",
    "SourceType",
    "SourcingProfile",
    "Statement",
    "StatementKind",
    "TextSpan",
    "Time",
    "TimeType",
    "Update",
    "UpdateKind",
    "When",
    "article_id",
    "from_json",
    "json_object",
    "relink",
    "to_json",
]

SCHEMA_VERSION = "onrecord/1"
#: Joins the fragments of a discontinuous content in its ``text``.
CONTENT_GAP = " … "

StatementKind = Literal["direct", "indirect", "mixed"]
Act = Literal["speech", "writing", "thought", "intention"]
#: Every act, in order.
ACTS: tuple[Act, ...] = get_args(Act)
Certainty = Literal["on_record", "attributed", "anonymous", "hedged"]
SourceType = Literal["outlet", "person", "organization", "anonymous", "document"]
EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT"]
ReferenceKind = Literal["pronoun", "description"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
EventMode = Literal["asserted", "negated", "hypothetical", "conditional", "future"]
CommitmentKind = Literal["threat", "promise", "ultimatum", "timeline"]
CommitmentStatus = Literal[
    "open", "due", "fulfilled", "withdrawn", "extended", "lapsed", "contradicted"
]
UpdateKind = Literal["shortened", "extended", "set", "fulfilled", "withdrawn", "lapsed", "passed"]

#: Field metadata: the field stays out of the JSON (it is held elsewhere in the record).
NOT_IN_JSON = {"json": False}


def article_id(text: str) -> str:
    """A stable id for an article: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class TextSpan:
    """Words of the article and where they stand: ``text == article.text[start:end]``."""

    text: str
    span: Span

    @classmethod
    def of(cls, text: str, span: Span) -> TextSpan:
        """The slice ``span`` of the article ``text``."""
        return cls(text[span[0] : span[1]], span)

    @property
    def start(self) -> int:
        """Where the words begin."""
        return self.span[0]

    @property
    def end(self) -> int:
        """Where the words end (exclusive)."""
        return self.span[1]


@dataclass(frozen=True, slots=True)
class Content:
    """What a statement says: one span, or several (a quotation split by its cue, a
    speaker's turn over several quotations), joined in ``text`` by :data:`CONTENT_GAP`."""

    text: str
    spans: tuple[Span, ...]

    @classmethod
    def of(cls, text: str, spans: Iterable[Span]) -> Content:
        """The fragments ``spans`` of the article ``text``."""
        spans = tuple(spans)
        return cls(CONTENT_GAP.join(text[s:e] for s, e in spans), spans)

    @property
    def first(self) -> str:
        """The words of the first fragment."""
        start, end = self.spans[0]
        return self.text[: end - start]


@dataclass(frozen=True, slots=True)
class Region:
    """A labelled stretch of the article text (headline, byline, photo caption, ...).

    ``furniture`` regions are page furniture, not story: no statement or entity is taken
    from them.
    """

    kind: str
    span: Span
    furniture: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One article as ingested: its text and what is known about it.

    ``warnings`` (what ingestion could not settle) travel with the article and stand at the
    top of its record.
    """

    id: str = ""
    url: str | None = None
    source: str | None = None
    title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    published_from: str | None = None
    updated: str | None = None
    language: str | None = None
    regions: tuple[Region, ...] = ()
    text: str
    warnings: tuple[str, ...] = field(default=(), metadata=NOT_IN_JSON)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", article_id(self.text))

    @property
    def furniture(self) -> tuple[Span, ...]:
        """Spans of page furniture (captions, bylines, related links, ...)."""
        return tuple(r.span for r in self.regions if r.furniture)

    @property
    def published_date(self) -> str | None:
        """The publication date as ``YYYY-MM-DD``, or None when it is not known."""
        return self.published[:10] if self.published else None


@dataclass(frozen=True, slots=True)
class Reference:
    """A pronoun or description that stands for an entity ("she", "the company"), with
    the chance, from the coreference model, that it does; None when a rule linked it ("it
    said", which the model has not learned)."""

    text: str
    span: Span
    kind: ReferenceKind
    confidence: float | None


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, consolidated over the whole article.

    ``kb_key`` names the knowledge-base record ("person:donald-trump"), ``titles`` the
    titles the text puts before the name ("US President"), ``mentions`` every place it is
    named, ``references`` every pronoun and description that stands for it (see
    :mod:`onrecord.extract.coref`).
    """

    id: str
    name: str
    type: EntityType
    category: str | None
    kb_id: str | None
    country: str | None
    role: str | None
    titles: tuple[str, ...] = ()
    kb_key: str | None = None
    mentions: tuple[Span, ...] = ()
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True)
class Time:
    """A time expression with its TIMEX3 reading (see :mod:`onrecord.extract.timex`).

    ``value`` is the TIMEX3 value (``2025-07-04``, ``2025-W28``, ``P50D``,
    ``PRESENT_REF``), None when the expression cannot be resolved; ``mod`` the TIMEX3
    modifier (``START``, ``MID``, ``END``, ``APPROX``, ``ON_OR_BEFORE``, ...). ``range`` is
    the first and last calendar day it can mean, ``YYYY-MM-DD``; for a duration with an
    anchor, the days from the anchor to the latest day the duration can end. ``anchor`` is
    ``dct`` (the publication date), the id of the time or statement it is resolved against,
    or None.
    """

    id: str
    text: str
    span: Span
    type: TimeType
    value: str | None
    mod: str | None = None
    range: tuple[str, str] | None = None
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class When:
    """The date something was said or happened: a value, its range and the time it came from.

    ``time`` is the id of the :class:`Time` it was read from, None when it was inherited
    from the event the statement reports, with ``via`` saying how.
    """

    value: str | None
    range: tuple[str, str] | None
    time: str | None
    via: str | None = None


@dataclass(frozen=True, slots=True)
class Party:
    """A speaker, addressee or participant as the text names it ("he", "a source").

    ``entity`` is the id of the entity it refers to, a pronoun's antecedent included, or
    None when it names nobody the article identifies. ``country`` is that entity's country,
    which the record gives the participants of events, commitments and updates.
    """

    span: Span
    text: str
    entity: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One link of a statement's sourcing chain: an authority the words reach us through.

    ``span`` is None only for the publishing outlet, which the article's metadata names.
    ``description`` is the normalised description of an anonymous source ("official
    familiar with the talks"), the same for "a person familiar" and "people familiar".
    """

    text: str
    span: Span | None
    type: SourceType
    entity: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Hedge:
    """Words by which the reporter weakens their commitment: "reportedly", "is said to"."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Statement:
    """Something said, thought or intended, as the article reports it.

    ``kind`` is ``direct`` (all in quotation marks), ``mixed`` (partly quoted) or
    ``indirect``.
    """

    id: str
    kind: StatementKind
    cue: TextSpan
    content: Content
    speaker: Party | None = None
    addressee: Party | None = None
    #: The sourcing chain, outermost first (see :mod:`onrecord.extract.sourcing`).
    sources: tuple[Source, ...] = ()
    hedges: tuple[Hedge, ...] = ()
    #: None when unknown (see :mod:`onrecord.extract.sourcing`).
    certainty: Certainty | None = None
    #: When the words were said (see :mod:`onrecord.extract.dating`); None when unknown.
    said_on: When | None = None
    #: What the cue reports: speech, writing, thought (beliefs, knowledge, feelings) or
    #: intention (plans, wants), by ``data/acts.tsv``.
    act: Act = "speech"
    #: The calibrated chance that the statement is right (its content, with the right
    #: source), from the statement tagger; None in records written before it was kept.
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class AnonymousSource:
    """An unnamed source of an article, with every place it is cited."""

    description: str
    mentions: tuple[Span, ...]
    statements: int


@dataclass(frozen=True, slots=True)
class SourcingProfile:
    """How an article's statements are sourced, in counts and in one line."""

    statements: int
    certainty: Mapping[str, int]
    sources: tuple[str, ...]
    anonymous: tuple[AnonymousSource, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened: the place as named, resolved to a country (and a city)."""

    text: str
    span: Span
    entity: str | None
    country: str | None
    city: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, when and where, as one clause of the article reports it.

    ``type`` is a PLOVER category (``CONSULT``, ``AID``, ``ASSAULT``, ...). ``trigger`` is
    the word that names the action, ``evidence`` the clause that reports it, and ``rule``
    the lexicon entry and pattern that found it (see :mod:`onrecord.extract.events`).
    """

    id: str
    type: str
    mode: EventMode
    trigger: TextSpan
    evidence: TextSpan
    rule: str
    actor: Party | None = None
    target: Party | None = None
    when: When | None = None
    where: Place | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the same article reports became of a commitment: ``contradicted`` when a
    contrasting clause ("but the port stayed open all week") reports the opposite."""

    status: Literal["contradicted"]
    evidence: TextSpan
    rule: str
    event: str | None = None


@dataclass(frozen=True, slots=True)
class Commitment:
    """A threat, promise, ultimatum or self-set timeline: who binds themselves to do what,
    on what condition, by when.

    ``action`` is the consequence ("close the port to the ferries"), ``condition`` the
    clause it hangs on ("unless the fares fall within 30 days"),
    ``deadline`` the last day it can be met, ``statement`` the id of the statement it was
    made in, ``event`` the id of the event that is its consequence. ``status`` is ``open``
    or ``due`` as of the article's publication date, or the ``outcome``'s status when the
    article itself reports what became of it; later articles move it on in the ledger.
    """

    id: str
    kind: CommitmentKind
    action: TextSpan
    status: CommitmentStatus
    rule: str
    by: Party | None = None
    to: Party | None = None
    condition: TextSpan | None = None
    deadline: When | None = None
    statement: str | None = None
    event: str | None = None
    outcome: Outcome | None = None


@dataclass(frozen=True, slots=True)
class Update:
    """A report that an earlier commitment moved on, for the ledger to link to it.

    ``kind`` is ``shortened``, ``extended`` or ``set`` (a deadline changed or restated),
    ``fulfilled``, ``withdrawn``, ``lapsed`` (passed, or not carried out) or ``passed``
    (the deadline went by, outcome unsaid). ``noun`` is what the report is about
    (``deadline``, ``threat``, ``promise``, ...), ``by`` whose commitment it is, ``to``
    whom it was made, ``deadline`` the new deadline, ``when`` when it happened.
    """

    id: str
    kind: UpdateKind
    noun: str
    evidence: TextSpan
    rule: str
    by: Party | None = None
    to: Party | None = None
    deadline: When | None = None
    when: When | None = None
    statement: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """Everything read from one article: the ``onrecord/1`` record."""

    article: Article
    schema: str = SCHEMA_VERSION
    warnings: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()
    times: tuple[Time, ...] = ()
    statements: tuple[Statement, ...] = ()
    events: tuple[Event, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    updates: tuple[Update, ...] = ()
    sourcing: SourcingProfile | None = None

    def to_json(self) -> dict[str, Any]:
        """The record as JSON data (``schema`` first, as ``onrecord read --json`` prints it)."""
        data = json_object(self)
        return {"schema": data.pop("schema"), **data}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Record:
        """The record a :meth:`to_json` object stands for; the article keeps its warnings."""
        if data.get("schema") != SCHEMA_VERSION:
            raise ValueError(f"not an {SCHEMA_VERSION} record: schema {data.get('schema')!r}")
        record = from_json(cls, data)
        article = dataclasses.replace(record.article, warnings=record.warnings)
        return dataclasses.replace(record, article=article)


T = TypeVar("T")


def to_json(value: Any) -> JSON:
    """JSON data for a record object: dataclasses become objects (their fields in order, less
    those marked :data:`NOT_IN_JSON`), tuples become lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("json", True)
        }
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_json(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot serialise {type(value).__name__} in a record")


def json_object(value: Any) -> dict[str, Any]:
    """:func:`to_json` of a record object, typed as the JSON object it is."""
    data = to_json(value)
    if not isinstance(data, dict):
        raise TypeError(f"{type(value).__name__} is not a record object")
    return data


def from_json(cls: type[T], data: Any) -> T:
    """The object of class ``cls`` that :func:`to_json` made ``data`` from."""
    value: T = _decode(cls, data)
    return value


def relink(data: JSON, entities: Mapping[str, str]) -> JSON:
    """JSON record data with each ``entity`` id replaced through ``entities`` (an article's
    local ids to the ledger's); ids it does not name become None."""
    if isinstance(data, dict):
        return {
            key: (entities.get(value) if isinstance(value, str) else value)
            if key == "entity"
            else relink(value, entities)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [relink(item, entities) for item in data]
    return data


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(hint: Any, data: Any) -> Any:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if data is None:
            return None
        return _decode(options[0], data)
    if origin is Literal:
        if data not in get_args(hint):
            raise ValueError(f"{data!r} is not one of {', '.join(map(repr, get_args(hint)))}")
        return data
    if hint in (str, int, float, bool, Any):
        return data
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in data)
        return tuple(_decode(arg, item) for arg, item in zip(args, data, strict=True))
    if origin in (Mapping, dict):
        _, item_type = get_args(hint)
        return {key: _decode(item_type, item) for key, item in data.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(data, Mapping):
            raise TypeError(f"{hint.__name__} needs an object, not {type(data).__name__}")
        hints = _hints(hint)
        values = {
            f.name: _decode(hints[f.name], data[f.name])
            for f in dataclasses.fields(hint)
            if f.name in data
        }
        return hint(**values)
    raise TypeError(f"cannot read {hint!r} from a record")
