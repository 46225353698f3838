"""The HTTP API under ``/api/v1``: the ledger as ``onrecord/1`` JSON, and article submission.

Every route answers a typed model of :mod:`onrecord.web.responses` and documents each
status it can give. Lists take the filters of ``onrecord search``, hold the newest rows
first by date
(statements by the day said, else published; articles by the day published; events by
their day, else published; entities newest known first) and page both ways by cursor:
each page gives ``next`` and ``prev``, opaque cursors to pass back as ``cursor`` for the
page after it and the one before it (null at either end), and ``count``, how many rows
match, counted up to 1,000 (``more`` when there are more). A cursor holds the position
of a row, so new articles arriving between two requests neither repeat nor skip a row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field, model_validator

from onrecord.diff import compare
from onrecord.store import STATUSES, Filters, Page
from onrecord.store.query import as_day
from onrecord.web import cursors
from onrecord.web.deps import AppState, Day, StateDep, StatementQuery, as_json, one_of, writer
from onrecord.web.responses import (
    Article,
    ArticleAsOf,
    ArticleSummary,
    Choices,
    Commitments,
    Count,
    Diff,
    Entity,
    EntitySummary,
    Event,
    Paged,
    Statement,
    StatementDocument,
    Submitted,
    Versions,
    errors,
)
from onrecord.web.submit import Submission, submit

__all__ = ["ArticleIn", "router"]

SCHEMA = "onrecord/1"
router = APIRouter(prefix="/api/v1", tags=["ledger"])
Limit = Annotated[int, Query(ge=1, le=200, description="Rows per page.")]
#: A ledger id in a path (an id no row can have is 404).
Id = Annotated[int, Path(description="The ledger's id.", examples=[1])]
VersionNumber = Annotated[int, Path(description="The version's number, from 1.", examples=[1])]
Cursor = Annotated[
    str | None,
    Query(description="The `next` or `prev` of another page; omit for the first page."),
]


#: What any route may answer besides its own: a filter, cursor or address that cannot be
#: read (400), a reader elsewhere without the token (401), a parameter that does not parse.
READ = errors(400, 401, 422)
#: ... and for a route about one thing, that nothing has its id.
ONE = errors(400, 401, 404, 422)


class ArticleIn(BaseModel):
    """An article to read into the ledger: ``text`` or ``html``, or else a ``url`` to fetch
    it from."""

    # The schema says what the validator below checks: text or html (not both), or a URL.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["text"], "properties": {"text": {"type": "string"}}},
                {"required": ["html"], "properties": {"html": {"type": "string"}}},
                {"required": ["url"], "properties": {"url": {"type": "string", "minLength": 1}}},
            ],
            "not": {
                "required": ["text", "html"],
                "properties": {"text": {"type": "string"}, "html": {"type": "string"}},
            },
            "examples": [
                {
                    "text": "Pilots threaten walkout\n\nKESTREL BAY — Harbour pilots will walk out "
                    "on Friday unless the port authority restores their night allowance, "
                    '"and not a day later," their union said on Monday.',
                    "outlet": "Kestrel Gazette",
                    "published": "2026-05-04",
                }
            ],
        },
    )

    text: str | None = Field(None, description="The article as plain text.")
    html: str | None = Field(None, description="The article's web page as HTML.")
    url: str | None = Field(
        None,
        description="Where the article is, an http(s) URL: fetched when neither text nor html "
        "is given, else kept as its address.",
        # Said in the schema, checked by the reader, whose refusal says why; blank is none.
        json_schema_extra={"pattern": r"^($|[Hh][Tt][Tt][Pp][Ss]?://[^/?#\s])"},
    )
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=300)
    published: str | None = Field(None, description="YYYY-MM-DD or an ISO-8601 date-time.")

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if self.text is not None and self.html is not None:
            raise ValueError("give text or html, not both")
        if self.text is None and self.html is None and not self.url:
            raise ValueError("give one of text, html or url")
        return self


@router.get(
    "/statements", response_model=Paged[Statement], responses=READ, summary="Search statements"
)
def list_statements(
    state: StateDep, query: StatementQuery, limit: Limit = 20, cursor: Cursor = None
) -> dict[str, Any]:
    """Statements as `onrecord/1` statement objects, newest first by the day they were
    said, else the day their article was published, each with its article,
    corroboration count and outlets."""
    return _listed("statements", state.store.statements, limit, cursor, Filters(**query))


@router.get("/statements/count", response_model=Count, responses=READ, summary="Count statements")
def count_statements(
    state: StateDep,
    query: StatementQuery,
    up_to: Annotated[int, Query(ge=1, le=1_000_000, description="Stop counting past this.")] = 1000,
) -> dict[str, Any]:
    """How many statements the filters of `/statements` match: `count`, and `more` when
    there are more than `up_to` (then `count` is `up_to`)."""
    found = state.store.count(Filters(**query), up_to=up_to)
    return {"count": min(found, up_to), "more": found > up_to}


@router.get(
    "/statements/{statement_id}",
    response_model=StatementDocument,
    responses=ONE,
    summary="One statement",
)
def get_statement(statement_id: Id, state: StateDep) -> dict[str, Any]:
    """One statement by its ledger id."""
    found = state.store.statement(statement_id)
    if found is None:
        raise HTTPException(404, f"no statement {statement_id}")
    return {"schema": SCHEMA, **found.to_json()}


@router.get(
    "/articles", response_model=Paged[ArticleSummary], responses=READ, summary="List articles"
)
def list_articles(
    state: StateDep,
    outlet: str | None = None,
    since: Annotated[Day | None, Query(description="Published on or after.")] = None,
    until: Annotated[Day | None, Query(description="Published on or before.")] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Articles without their text, newest published first, with their statement counts."""
    since, until = _days(since, until)
    return _listed(
        "articles", state.store.articles, limit, cursor, outlet=outlet, since=since, until=until
    )


@router.get(
    "/articles/{article_id}",
    response_model=Article,
    responses=ONE,
    summary="One article, everything read from it",
)
def get_article(article_id: Id, state: StateDep) -> dict[str, Any]:
    """The article's text with its entities, times, statements, events, commitments and
    sourcing profile; every span indexes `text`."""
    found = state.store.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    return {"schema": SCHEMA, **found}


@router.get(
    "/articles/{article_id}/versions",
    response_model=Versions,
    responses=ONE,
    summary="The versions of an article",
)
def list_versions(article_id: Id, state: StateDep) -> dict[str, Any]:
    """The versions kept of an article, oldest first: a text that changed at the same URL
    is a new version, and the old one is kept with everything read from it. Each has its
    number, when it was stored, its text's hash, headline and statement count."""
    found = state.store.versions(article_id)
    if not found:
        raise HTTPException(404, f"no article {article_id}")
    return {"schema": SCHEMA, "article": article_id, "items": [v.to_json() for v in found]}


@router.get(
    "/articles/{article_id}/versions/{number}",
    response_model=ArticleAsOf,
    responses=ONE,
    summary="One version of an article",
)
def get_version(article_id: Id, number: VersionNumber, state: StateDep) -> dict[str, Any]:
    """Version `number` of an article as `/articles/{id}` gave it then: its text and
    everything read from it, with `version` (number, stored at, whether current)."""
    found = state.store.version(article_id, number)
    if found is None:
        raise HTTPException(404, f"article {article_id} has no version {number}")
    return {"schema": SCHEMA, **found}


@router.get(
    "/articles/{article_id}/diff",
    response_model=Diff,
    responses=ONE,
    summary="What changed between two versions",
)
def diff_versions(
    article_id: Id,
    state: StateDep,
    old: Annotated[int, Query(alias="from", description="The earlier version.", examples=[1])],
    new: Annotated[int, Query(alias="to", description="The later version.", examples=[1])],
) -> dict[str, Any]:
    """The headline and metadata that changed, the statements added, removed or reworded,
    and the text as runs of shared, removed and added words."""
    before, after = state.store.version(article_id, old), state.store.version(article_id, new)
    for number, found in ((old, before), (new, after)):
        if found is None:
            raise HTTPException(404, f"article {article_id} has no version {number}")
    assert before is not None and after is not None
    return {"schema": SCHEMA, "article": article_id, **compare(before, after).to_json()}


@router.post(
    "/articles",
    status_code=201,
    response_model=Submitted,
    responses=errors(400, 401, 403, 413, 422, 500, 502, 503),
    summary="Submit an article (token required)",
)
def post_article(body: ArticleIn, state: Annotated[AppState, Depends(writer)]) -> dict[str, Any]:
    """Read an article into the ledger. Needs `Authorization: Bearer <ONRECORD_TOKEN>`.
    Answers with the stored article's id and what was found in it."""
    stored = submit(state, Submission(**body.model_dump()))
    return {"schema": SCHEMA, **stored}


@router.get(
    "/entities", response_model=Paged[EntitySummary], responses=READ, summary="List entities"
)
def list_entities(
    state: StateDep,
    q: Annotated[str | None, Query(description="Part of a name, or a Wikidata id.")] = None,
    type: Annotated[str | None, Query(description="PERSON, ORG, GPE, …")] = None,
    country: Annotated[str | None, Query(description="ISO-3166 alpha-3 code.")] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """People, organisations and places across articles, newest known first (an entity
    has no date of its own)."""
    return _listed(
        "entities", state.store.entities, limit, cursor, query=q, type_=type, country=country
    )


@router.get(
    "/entities/choices",
    response_model=Choices,
    responses=READ,
    summary="The entities a name may mean",
)
def entity_choices(
    state: StateDep,
    name: Annotated[
        str, Query(min_length=1, description="A name or surname, as a filter takes it.")
    ],
) -> dict[str, Any]:
    """Every entity the `speaker`, `about` or `actor` filters take `name` to mean: those
    called so or by that surname, and those linked to a knowledge-base entry with that name
    or alias; the most quoted first, `chosen` being the one(s) a filter means. Empty for a
    ledger or Wikidata id, which means one entity."""
    found = state.store.choices(name)
    return {
        "schema": SCHEMA,
        "name": name,
        "items": [
            {
                "id": str(c.id),
                "name": c.name,
                "kb_id": c.kb_id,
                "statements": c.statements,
                "chosen": c.chosen,
            }
            for c in found
        ],
    }


@router.get("/entities/{entity_id}", response_model=Entity, responses=ONE, summary="One entity")
def get_entity(entity_id: Id, state: StateDep) -> dict[str, Any]:
    """Who it is, the names and roles articles gave it, and its statements per month."""
    found = state.store.entity(entity_id)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id}")
    return {"schema": SCHEMA, **found, "id": str(found["id"])}


@router.get("/events", response_model=Paged[Event], responses=READ, summary="List events")
def list_events(
    state: StateDep,
    actor: Annotated[str | None, Query(description="Actor or target: name or Wikidata id.")] = None,
    type: Annotated[str | None, Query(description="A PLOVER category (CONSULT, AID, …).")] = None,
    mode: Literal["asserted", "negated", "hypothetical", "conditional", "future"] | None = None,
    since: Annotated[Day | None, Query(description="Happened on or after.")] = None,
    until: Annotated[Day | None, Query(description="Happened on or before.")] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Events as `onrecord/1` event objects, newest first by the day they happened, else
    the day their article was published."""
    since, until = _days(since, until)
    return _listed(
        "events",
        state.store.events,
        limit,
        cursor,
        actor=actor,
        type_=type,
        mode=mode,
        since=since,
        until=until,
    )


@router.get(
    "/commitments",
    response_model=Commitments,
    responses=READ,
    summary="List tracked commitments",
)
def list_commitments(
    state: StateDep,
    actor: str | None = None,
    status: Annotated[
        Annotated[str, one_of(*STATUSES)] | None, Query(description="Only those with this status.")
    ] = None,
    as_of: Annotated[Day | None, Query(description="Status as of this day.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Threats, promises, ultimatums and timelines, soonest deadline first, with status,
    countdown and history as of `as_of` (default: the newest article's date)."""
    as_of = as_day(as_of, "as_of") if as_of else None
    # Commitments are ordered by deadline, which later reports move: the cursor is a count.
    skip = cursors.decode("commitments", cursor).offset
    as_of, found = state.store.commitments(actor, status, as_of, skip + limit + 1)
    items = [{**vars(c)} for c in found[skip : skip + limit]]
    more = len(found) > skip + limit
    return {
        "schema": SCHEMA,
        "as_of": as_of,
        "items": items,
        "next": cursors.encode("commitments", skip + limit) if more else None,
        "prev": cursors.encode("commitments", max(0, skip - limit)) if skip else None,
    }


def _days(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    return (
        as_day(since, "since") if since else None,
        as_day(until, "until") if until else None,
    )


def _listed(
    name: str,
    lister: Callable[..., Page[Any]],
    limit: int,
    cursor: str | None,
    *args: Any,
    **options: Any,
) -> dict[str, Any]:
    """The page of ``lister`` (the :class:`~onrecord.store.Store`'s list ``name``) that
    ``cursor`` points at, with the cursors of its neighbours and the count."""
    place = cursors.decode(name, cursor)
    page = lister(*args, limit=limit, seek=place.seek, **options)
    prev, following, _ = cursors.links(name, page, place, limit)
    return {
        "schema": SCHEMA,
        "items": [as_json(item) for item in page.items],
        "next": following,
        "prev": prev,
        "count": page.count,
        "more": page.more,
    }
