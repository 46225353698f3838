"""What the API answers, as typed models: the OpenAPI schema documents them and FastAPI
checks every answer against them.

The envelopes (a page of a list, a count, an error) and the ledger's own objects (an
article, an entity, a statement, a tracked commitment, a submission) are typed field by
field. The parts of ``onrecord/1`` objects that the record's JSON Schema
(``onrecord/schema/onrecord-1.json``) already describes in full (an article's entities and
times, an event's place) are typed loosely, and record objects let fields the schema adds
later pass through (``extra="allow"``) rather than be cut from the answer.

:data:`ERRORS` describes each error status a route can give; :func:`errors` picks those
of one route for its ``responses=``.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ERRORS",
    "Article",
    "ArticleAsOf",
    "ArticleRef",
    "ArticleSummary",
    "Choice",
    "Choices",
    "Commitments",
    "Count",
    "Diff",
    "Entity",
    "EntitySummary",
    "Event",
    "Paged",
    "Problem",
    "Statement",
    "StatementDocument",
    "Submitted",
    "TrackedCommitment",
    "Version",
    "Versions",
    "errors",
]

SCHEMA: Final = "onrecord/1"
T = TypeVar("T")
#: Offsets ``[start, end)`` into an article's text. (A list, not a tuple: FastAPI writes
#: a tuple's items in a form OpenAPI 3.1 does not allow.)
Span = Annotated[list[int], Field(min_length=2, max_length=2)]
#: A month (``YYYY-MM``) and how many statements were said in it.
MonthCount = Annotated[list[str | int], Field(min_length=2, max_length=2)]


class Problem(BaseModel):
    """An error: why the request was refused. ``detail`` is a sentence, or for parameters
    and bodies that do not parse, FastAPI's list of what failed where."""

    detail: str | list[dict[str, Any]]


#: What each error status means, for the routes' documentation.
ERRORS: dict[int, str] = {
    400: "A filter, a cursor or the address could not be read (a date that is not one, "
    "a cursor this server did not give, a NUL byte).",
    401: "The token is needed: to write, and to read from another machine "
    "(`Authorization: Bearer <ONRECORD_TOKEN>`).",
    403: "This server is read-only: it was started without ONRECORD_TOKEN.",
    404: "Nothing has this id.",
    413: "The body is over ONRECORD_MAX_REQUEST_BYTES.",
    422: "A parameter or body that does not parse, or an article that cannot be read "
    "(empty, binary, an address that is not an http(s) URL or is on a private network).",
    500: "The pipeline failed on this article; the answer says how.",
    502: "The article's URL could not be fetched.",
    503: "The ledger could not be written.",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route that can answer ``codes`` (each of :data:`ERRORS`)."""
    return {code: {"model": Problem, "description": ERRORS[code]} for code in codes}


class Record(BaseModel):
    """An object of the ``onrecord/1`` record: the fields typed here, and any the record
    adds, passed through."""

    model_config = ConfigDict(extra="allow")


class Stamped(BaseModel):
    """An answer that names the schema of the objects it holds."""

    schema_: Literal["onrecord/1"] = Field(SCHEMA, alias="schema")


class Count(BaseModel):
    """How many rows match, counted up to a bound."""

    count: int = Field(ge=0, description="Rows matching, up to the bound.")
    more: bool = Field(description="Whether more rows match than `count` says.")


class Paged(Stamped, Generic[T]):
    """One page of a list, newest first, with the cursors of the pages around it and the
    count of all the rows that match."""

    items: list[T]
    next: str | None = Field(description="Cursor of the next (older) page; null on the last.")
    prev: str | None = Field(description="Cursor of the previous (newer) page; null on the first.")
    count: int = Field(ge=0, description="How many rows match, counted up to 1,000.")
    more: bool = Field(description="Whether more rows match than `count` says.")


class TextSpan(Record):
    """Words of the article and where they are."""

    text: str
    span: Span


class Party(Record):
    """Who speaks, is spoken to, acts or is acted on: the words, and the ledger's entity
    id when the words were linked to one."""

    text: str
    span: Span
    entity: str | None
    country: str | None = None


class When(Record):
    """A date as the text gives it (``value``) and the days it can mean (``range``)."""

    value: str | None
    range: list[str] | None = Field(description="First and last day it can mean.")
    time: str | None
    via: str | None = None


class Content(Record):
    """What was said: its words, joined with ' … ' when a cue splits them."""

    text: str
    spans: list[Span]


class Source(Record):
    """A link of a statement's sourcing chain, outermost first."""

    text: str
    span: Span | None = Field(description="Null for a link the text does not spell out.")
    type: Literal["outlet", "person", "organization", "anonymous", "document"]
    entity: str | None
    description: str | None = None


class ArticleRef(BaseModel):
    """The article a statement was read from."""

    id: int
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


class Statement(Record):
    """An ``onrecord/1`` statement as the ledger holds it, with ledger ids for itself and
    its entities, its article, its sourcing chain written out, how many articles and which
    outlets carried the same words, and the names of the entities its speaker and
    addressee stand for."""

    id: str
    kind: Literal["direct", "indirect", "mixed"]
    speaker: Party | None
    addressee: Party | None
    cue: TextSpan
    content: Content
    said_on: When | None
    sources: list[Source]
    hedges: list[TextSpan]
    certainty: Literal["on_record", "attributed", "anonymous", "hedged"] | None
    act: Literal["speech", "writing", "thought", "intention"] | None = None
    confidence: float | None = None
    chain: str
    article: ArticleRef
    corroboration: int = Field(ge=1)
    outlets: list[str]
    names: dict[str, str]


class StatementDocument(Stamped, Statement):
    """One statement, as its own answer."""


class Event(Record):
    """An ``onrecord/1`` event: who did what (a PLOVER category) to whom, when and where,
    with its ledger ``id``, its id in its article (``local_id``) and ``article_id``."""

    id: str
    local_id: str
    article_id: int
    type: str
    mode: Literal["asserted", "negated", "hypothetical", "conditional", "future"]
    actor: Party | None
    target: Party | None
    when: When | None
    where: dict[str, Any] | None
    evidence: TextSpan
    rule: str


class ArticleSummary(BaseModel):
    """An article in a list: without its text, with how many statements were read."""

    id: int
    title: str | None
    outlet: str | None
    authors: list[str]
    published: str | None
    url: str | None
    language: str | None
    sourcing: str | None
    statements: int = Field(ge=0)


class Profile(BaseModel):
    """How an article's statements are sourced."""

    statements: int = Field(ge=0)
    certainty: dict[str, int]
    sources: dict[str, int]
    anonymous: int = Field(ge=0, description="Statements resting on an anonymous source.")
    anonymous_share: float = Field(ge=0, le=1)


class ArticleBase(Stamped):
    """An article with its text and everything the ledger read from it; every span
    indexes ``text``. Entities, times and commitments are the record's objects (see its
    JSON Schema), with ledger ids."""

    id: int
    key: str
    url: str | None
    title: str | None
    outlet: str | None
    authors: list[str]
    published: str | None
    language: str | None
    text: str
    warnings: list[str]
    sourcing: str | None
    entities: list[dict[str, Any]]
    times: list[dict[str, Any]]
    statements: list[Statement]
    events: list[Event]
    commitments: list[dict[str, Any]]
    profile: Profile
    versions: int = Field(ge=1, description="How many versions of the article are kept.")


class Article(ArticleBase):
    """An article as the ledger holds it now."""

    version: int = Field(ge=1, description="Which version this is.")


class Version(BaseModel):
    """A version of an article's text kept at its URL."""

    number: int = Field(ge=1)
    stored_at: str = Field(description="When this text was first stored (ISO 8601).")
    content_hash: str
    title: str | None
    statements: int = Field(ge=0)
    extractor: str
    current: bool


class ArticleAsOf(ArticleBase):
    """An article as one of its versions read: the current one or a kept one."""

    version: Version


class Versions(Stamped):
    """The versions kept of an article, oldest first."""

    article: int
    items: list[Version]


class Change(BaseModel):
    """A field of the article that changed between two versions."""

    field: str
    old: Any
    new: Any


class Piece(BaseModel):
    """A run of words both versions share, or only the old or the new one has."""

    kind: Literal["same", "added", "removed"]
    text: str


class Reworded(BaseModel):
    """A statement said in other words; ``similarity`` is of their words, 0 to 1."""

    old: dict[str, Any]
    new: dict[str, Any]
    similarity: float


class StatementChanges(BaseModel):
    """The statements added, removed and reworded between two versions, and how many
    stayed the same."""

    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    reworded: list[Reworded]
    kept: int = Field(ge=0)


class Diff(Stamped):
    """What changed between two versions of an article."""

    article: int
    old: int
    new: int
    fields: list[Change]
    text: list[Piece]
    words_added: int = Field(ge=0)
    words_removed: int = Field(ge=0)
    statements: StatementChanges


class Counts(BaseModel):
    """How much was read from an article."""

    entities: int = Field(ge=0)
    times: int = Field(ge=0)
    statements: int = Field(ge=0)
    events: int = Field(ge=0)
    commitments: int = Field(ge=0)


class Submitted(Stamped):
    """An article read into the ledger: its id and what was found in it."""

    id: int
    title: str | None
    published: str | None
    warnings: list[str]
    counts: Counts


class EntitySummary(BaseModel):
    """An entity in a list."""

    id: str
    name: str
    type: str
    kb_id: str | None
    country: str | None
    category: str | None


class Choice(BaseModel):
    """An entity a name may mean, with how many statements it made."""

    id: str
    name: str
    kb_id: str | None
    statements: int = Field(ge=0)
    chosen: bool = Field(description="Whether a filter on the name means this one.")


class Choices(Stamped):
    """Every entity a name filter may mean, the most quoted first."""

    name: str
    items: list[Choice]


class Entity(Stamped):
    """A person, organisation or place across articles: the names, roles and titles
    articles gave it, how many statements it made, received and was named in, and its
    statements per month (said, else published)."""

    id: str
    key: str
    kb_id: str | None
    name: str
    type: str
    category: str | None
    country: str | None
    names: list[str]
    roles: list[str]
    titles: list[str]
    articles: int = Field(ge=0)
    said: int = Field(ge=0)
    addressed: int = Field(ge=0)
    about: int = Field(ge=0)
    per_month: list[MonthCount]


class TrackedCommitment(BaseModel):
    """A threat, promise, ultimatum or timeline as the ledger tracks it across articles:
    where it was first reported, its deadline and status as of a day, and every step
    (the record's objects, with their evidence)."""

    id: int
    kind: str
    by: str | None
    by_country: str | None
    to: str | None
    to_country: str | None
    action: str
    condition: str | None
    made_on: str | None
    title: str | None
    outlet: str | None
    url: str | None
    deadline: str | None
    deadline_start: str | None
    deadline_end: str | None
    status: str
    countdown: int | None = Field(description="Days from `as_of` to the deadline's last day.")
    steps: list[dict[str, Any]]


class Commitments(Stamped):
    """A page of tracked commitments, soonest deadline first, as of a day."""

    as_of: str | None
    items: list[TrackedCommitment]
    next: str | None = Field(description="Cursor of the next page; null on the last.")
    prev: str | None = Field(description="Cursor of the previous page; null on the first.")
