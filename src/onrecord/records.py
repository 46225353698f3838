"""The records that cross module boundaries: plain, frozen dataclasses with spans.

Spans are ``[start, end)`` character offsets into :attr:`Article.text`; every ``text``
field equals that slice. ORM classes stay inside ``onrecord.store``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from onrecord.types import Span

__all__ = [
    "AnonymousSource",
    "Article",
    "Commitment",
    "Entity",
    "Event",
    "Hedge",
    "Mention",
    "Outcome",
    "Party",
    "Place",
    "Region",
    "Source",
    "SourcingProfile",
    "Statement",
    "Time",
    "Update",
    "When",
    "article_id",
]


def article_id(text: str) -> str:
    """A stable id for an article: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Region:
    """A labelled stretch of the article text (headline, byline, photo caption, ...).

    ``furniture`` regions are page furniture, not story: no statement or entity is taken
    from them.
    """

    kind: str
    span: Span
    furniture: bool


@dataclass(frozen=True, slots=True)
class Article:
    """One article as ingested: its text and what is known about it."""

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    published_from: str | None = None
    updated: str | None = None
    language: str | None = None
    regions: tuple[Region, ...] = ()
    warnings: tuple[str, ...] = ()
    id: str = field(default="")

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
class Mention:
    """One place an entity is named in the text."""

    span: Span
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, consolidated over the whole article."""

    id: str
    name: str
    type: str
    category: str | None
    kb_id: str | None
    country: str | None
    role: str | None
    mentions: tuple[Mention, ...]
    kb_key: str | None = None
    titles: tuple[str, ...] = ()  # as written before the name: "US President"


@dataclass(frozen=True, slots=True)
class Time:
    """A time expression with its TIMEX3 reading (see :mod:`onrecord.extract.timex`).

    ``type`` is ``DATE``, ``TIME``, ``DURATION`` or ``SET``; ``value`` the TIMEX3 value
    (``2025-07-04``, ``2025-W28``, ``P50D``, ``PRESENT_REF``), None when the expression
    cannot be resolved; ``mod`` the TIMEX3 modifier (``START``, ``MID``, ``END``,
    ``APPROX``, ``ON_OR_BEFORE``, ...). ``range`` is the first and last calendar day it
    can mean, ``YYYY-MM-DD``; for a duration with an anchor, the days from the anchor to
    the latest day the duration can end. ``anchor`` is ``dct`` (the publication date),
    the id of the time or statement it is resolved against, or None.
    """

    id: str
    text: str
    span: Span
    type: str
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
    """The speaker or addressee of a statement as the text names it ("he", "a source").

    ``entity`` is the id of the entity it refers to, a pronoun's antecedent included, or
    None when it names nobody the article identifies.
    """

    span: Span
    text: str
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One link of a statement's sourcing chain: an authority the words reach us through.

    ``type`` is ``outlet``, ``person``, ``organization``, ``anonymous`` or ``document``.
    ``span`` is None only for the publishing outlet, which the article's metadata names.
    ``description`` is the normalised description of an anonymous source ("official
    familiar with the talks"), the same for "a person familiar" and "people familiar".
    """

    text: str
    span: Span | None
    type: str
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
    ``indirect``. ``content`` may be discontinuous: a quotation split by its cue, or a
    speaker's turn over several quotations.
    """

    id: str
    kind: str
    cue: Span
    cue_text: str
    content: tuple[Span, ...]
    speaker: Party | None = None
    addressee: Party | None = None
    #: The sourcing chain, outermost first (see :mod:`onrecord.extract.sourcing`).
    sources: tuple[Source, ...] = ()
    hedges: tuple[Hedge, ...] = ()
    #: ``on_record``, ``attributed``, ``anonymous`` or ``hedged``; None when unknown.
    certainty: str | None = None
    #: When the words were said (see :mod:`onrecord.extract.dating`); None when unknown.
    said_on: When | None = None


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
    certainty: tuple[tuple[str, int], ...]
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

    ``type`` is a PLOVER category (``CONSULT``, ``AID``, ``ASSAULT``, ...); ``mode`` is
    ``asserted``, ``negated``, ``hypothetical``, ``conditional`` or ``future``. ``trigger``
    is the word that names the action, ``evidence`` the clause that reports it, and
    ``rule`` the lexicon entry and pattern that found it (see
    :mod:`onrecord.extract.events`).
    """

    id: str
    type: str
    mode: str
    trigger: Span
    evidence: Span
    rule: str
    actor: Party | None = None
    target: Party | None = None
    when: When | None = None
    where: Place | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the same article reports became of a commitment: ``contradicted`` when a
    contrasting clause ("however, … within just a few days") reports the opposite."""

    status: str
    evidence: Span
    rule: str
    event: str | None = None


@dataclass(frozen=True, slots=True)
class Commitment:
    """A threat, promise, ultimatum or self-set timeline: who binds themselves to do what,
    on what condition, by when.

    ``action`` is the consequence ("impose 100 per cent tariffs or secondary sanctions"),
    ``condition`` the clause it hangs on ("unless Russia commits to peace within 50 days"),
    ``deadline`` the last day it can be met, ``statement`` the id of the statement it was
    made in, ``event`` the id of the event that is its consequence. ``status`` is ``open``
    or ``due`` as of the article's publication date, or the ``outcome``'s status when the
    article itself reports what became of it; later articles move it on in the ledger.
    """

    id: str
    kind: str
    action: Span
    status: str
    rule: str
    by: Party | None = None
    to: Party | None = None
    condition: Span | None = None
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
    kind: str
    noun: str
    evidence: Span
    rule: str
    by: Party | None = None
    to: Party | None = None
    deadline: When | None = None
    when: When | None = None
    statement: str | None = None
