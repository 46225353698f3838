"""The web app's pages: statements, an article, an entity, the timeline, commitments and
the Add form. Each route reads the ledger through its :class:`~onrecord.store.Store` and
hands a template what it shows; templates live in ``web/templates`` (``base.html`` and
``_`` partials)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from onrecord.diff import compare
from onrecord.errors import ConfigError
from onrecord.models import display_threshold
from onrecord.store import ACTS, CERTAINTIES, STATUSES, Choice, Filters, Page
from onrecord.store.query import as_day
from onrecord.web import charts, cursors
from onrecord.web.deps import (
    TOKEN_COOKIE,
    StateDep,
    StatementQuery,
    as_json,
    cards,
    token_matches,
)
from onrecord.web.highlight import Mark, segments
from onrecord.web.submit import Submission, submit

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
PAGE = 20
#: What the statements page shows unless asked for thoughts and intentions too.
SHOWN_ACTS = ("speech", "writing")


def _render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(
        request, name, {"nav": name.removesuffix(".html"), **context}, status_code=status_code
    )
    return response


@router.get("/", response_class=HTMLResponse)
@router.get("/statements", response_class=HTMLResponse)
def statements_page(
    request: Request, state: StateDep, form: StatementQuery, cursor: str | None = None
) -> Response:
    """Search statements; the results as cards, newest first by the day said, else
    published, paged both ways and counted.

    Unless the form says otherwise, it shows what was said or written (not thoughts or
    intentions) that the statement model is fairly sure of (its threshold chosen on train).
    """
    default_confidence = display_threshold(state.settings)
    if form["acts"] is None:
        form["acts"] = SHOWN_ACTS
    if form["min_confidence"] is None:
        form["min_confidence"] = default_confidence
    try:
        filters = Filters(**form)
    except ConfigError as exc:
        return _render(
            request,
            "statements.html",
            400,
            form=form,
            cards=[],
            error=str(exc),
            certainties=CERTAINTIES,
            acts=ACTS,
            default_confidence=default_confidence,
            pager=None,
        )
    # Pairs, as "act" may repeat; a blank "act" keeps "any act" on the next page.
    query = [
        ("q" if k == "query" else k, v)
        for k, v in form.items()
        if v and k not in ("acts", "min_confidence")
    ]
    query += [("act", act) for act in form["acts"] or ("",)]
    query.append(("min_confidence", form["min_confidence"]))
    cards, pager = _paged("statements", state.store.statements, cursor, query, filters)
    return _render(
        request,
        "statements.html",
        form=form,
        cards=cards,
        error=None,
        certainties=CERTAINTIES,
        acts=ACTS,
        default_confidence=default_confidence,
        pager=pager,
        offers=_offers(state, request, {"speaker": "Speaker", "about": "About"}, form),
    )


@dataclass(frozen=True)
class Offer:
    """The entities a name filter may mean: ``options`` pairs each with the link to the
    same page filtered on it alone; ``shown`` are the ones the page shows."""

    label: str
    given: str
    options: list[tuple[Choice, str]]
    shown: list[Choice]
    #: How many more it may mean that never said anything, left out of ``options``.
    silent: int = 0


def _offers(
    state: StateDep,
    request: Request,
    fields: dict[str, str],
    given: dict[str, Any],
    link: Callable[[Choice], str] | None = None,
) -> list[Offer]:
    """An :class:`Offer` for each of ``fields`` (parameter → label) whose name in
    ``given`` may mean more than one entity; each choice links to this page filtered on
    it, or where ``link`` says."""
    offers = []
    for field, label in fields.items():
        name = given.get(field)
        found = state.store.choices(name) if name else []
        top = found[0].statements if found else 0
        # An NER leftover named so ("Washington Post Trump") that never said anything is
        # counted, not offered, once someone named so did.
        silent = sum(1 for c in found if not c.statements) if top else 0
        found = [c for c in found if c.statements] if top else found
        if len(found) < 2:
            continue
        shown = [c for c in found if c.chosen]
        others = [
            (k, v) for k, v in request.query_params.multi_items() if k not in (field, "cursor")
        ]
        options = [
            (
                c,
                link(c)
                if link
                else f"{request.url.path}?{urlencode([*others, (field, f'#{c.id}')])}",
            )
            for c in found
        ]

        offers.append(Offer(label, str(name), options, shown, silent))
    return offers


@dataclass(frozen=True)
class Pager:
    """What a list page says under its rows: which of how many it shows ("21–40 of
    1,234", "over" when counting stopped) and the query strings of the pages before and
    after it (None at either end)."""

    first: int
    last: int
    count: int
    more: bool
    newer: list[tuple[str, Any]] | None
    older: list[tuple[str, Any]] | None


def _paged(
    name: str,
    lister: Callable[..., Page[Any]],
    cursor: str | None,
    asked: list[tuple[str, Any]],
    *args: Any,
    **options: Any,
) -> tuple[list[dict[str, Any]], Pager]:
    """The page of ``lister`` (the store's list ``name``) that ``cursor`` points at, and
    its :class:`Pager`, whose links keep the query string the page was ``asked`` with."""
    place = cursors.decode(name, cursor)
    page = lister(*args, limit=PAGE, seek=place.seek, **options)
    newer, older, offset = cursors.links(name, page, place, PAGE)
    last = offset + len(page.items)
    count, more = page.count, page.more
    if more and last >= count:
        # Counting stopped short of this page: it counts as far as here, and past it
        # while an older page follows.
        count, more = last, older is not None
    pager = Pager(
        first=offset + 1,
        last=last,
        count=count,
        more=more,
        newer=[*asked, ("cursor", newer)] if newer else None,
        older=[*asked, ("cursor", older)] if older else None,
    )
    return [as_json(item) for item in page.items], pager


@router.get("/articles", response_class=HTMLResponse)
def articles_page(
    request: Request, state: StateDep, outlet: str | None = None, cursor: str | None = None
) -> Response:
    """The articles in the ledger, newest published first, paged both ways and counted."""
    query = [("outlet", outlet)] if outlet else []
    found, pager = _paged("articles", state.store.articles, cursor, query, outlet=outlet or None)
    return _render(request, "articles.html", articles=found, pager=pager, outlet=outlet)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int, state: StateDep) -> Response:
    """The article's text with statements, sources, hedges and times highlighted."""
    found = state.store.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    return _render(
        request,
        "article.html",
        article=found,
        segments=segments(found["text"], _marks(found)),
    )


@router.get("/articles/{article_id}/versions", response_class=HTMLResponse)
def versions_page(
    request: Request,
    article_id: int,
    state: StateDep,
    old: Annotated[int | None, Query(alias="from")] = None,
    new: Annotated[int | None, Query(alias="to")] = None,
) -> Response:
    """The versions kept of an article and what changed between two: by default the
    last change, or from ``from`` to the current version."""
    found = state.store.article(article_id)
    listed = state.store.versions(article_id)
    if found is None or not listed:
        raise HTTPException(404, f"no article {article_id}")
    numbers = [v.number for v in listed]
    new = numbers[-1] if new is None else new
    if old is None:
        old = max((n for n in numbers if n < new), default=None)
    diff = None
    for number in (old, new):
        if number is not None and number not in numbers:
            raise HTTPException(
                404,
                f"article {article_id} has no version {number} "
                f"(it has {', '.join(map(str, numbers))})",
            )
    if old is not None and old > new:
        # What changed is read from the earlier version to the later.
        old, new = new, old
    if old is not None and old != new:
        before = state.store.version(article_id, old)
        # The current version is the article read above.
        after = found if new == numbers[-1] else state.store.version(article_id, new)
        assert before is not None and after is not None
        diff = compare(before, after)
    return _render(
        request,
        "versions.html",
        article=found,
        versions=listed,
        old=old,
        new=new,
        diff=diff,
        nav="articles",
    )


@router.get("/articles/{article_id}/versions/{number}", response_class=HTMLResponse)
def version_page(request: Request, article_id: int, number: int, state: StateDep) -> Response:
    """An earlier version of an article, as its page showed it then."""
    found = state.store.version(article_id, number)
    if found is None:
        raise HTTPException(404, f"article {article_id} has no version {number}")
    kept = found["version"]
    if kept["current"]:
        return RedirectResponse(f"/articles/{article_id}", status_code=307)
    return _render(
        request,
        "article.html",
        article=found,
        kept=kept,
        segments=segments(found["text"], _marks(found)),
        nav="articles",
    )


def _marks(article: dict[str, Any]) -> list[Mark]:
    """Every span worth pointing at: each statement's content, speaker and cue, its
    sourcing chain's links and hedges, and every time expression."""
    marks = []

    def mark(span: list[int], kind: str, ref: str, label: str) -> None:
        marks.append(Mark(span[0], span[1], kind, ref, label))

    for s in article["statements"]:
        ref = f"s{s['id']}"
        who = (s["speaker"] or {}).get("text") or "unknown speaker"
        for span in s["content"]["spans"]:
            mark(span, "content", ref, f"{s['kind']} statement by {who}")
        if s["speaker"]:
            mark(s["speaker"]["span"], "speaker", ref, f"speaker: {who}")
        mark(s["cue"]["span"], "cue", ref, f"cue: {s['cue']['text']}")
        for source in s["sources"]:
            if source["span"]:
                mark(source["span"], "source", ref, f"source ({source['type']}): {source['text']}")
        for hedge in s["hedges"]:
            mark(hedge["span"], "hedge", ref, f"hedge: {hedge['text']}")
    for t in article["times"]:
        resolved = t["value"] or "unresolved"
        if t["range"]:
            resolved += f" ({t['range'][0]} – {t['range'][1]})"
        mark(t["span"], "time", f"t{t['id']}", f"time {t['type']}: {resolved}")
    return marks


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request, state: StateDep, q: str | None = None, cursor: str | None = None
) -> Response:
    """Entities by name or Wikidata id, newest known first, paged both ways and counted."""
    query = [("q", q)] if q else []
    found, pager = _paged("entities", state.store.entities, cursor, query, query=q or None)
    offers = _offers(state, request, {"q": "A name"}, {"q": q}, lambda c: f"/entities/{c.id}")
    return _render(request, "entities.html", entities=found, q=q, pager=pager, offers=offers)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: int, state: StateDep) -> Response:
    """Who an entity is, what it said, what was said about it, and when."""
    found = state.store.entity(entity_id)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id}")
    by = cards(state.store.statements(Filters(speaker=f"#{entity_id}"), limit=PAGE).items)
    about = cards(state.store.statements(Filters(about=f"#{entity_id}"), limit=PAGE).items)
    return _render(
        request,
        "entity.html",
        entity=found,
        kb=state.by_qid(found["kb_id"]),
        said=by,
        about=about,
        chart=charts.month_bars(found["per_month"]),
    )


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    state: StateDep,
    actor: str | None = None,
    until: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 400,
) -> Response:
    """Dated events and statements on one axis, the latest ``limit`` of them before
    ``until``; fuzzy dates drawn as ranges. When there are more, the page says how many and
    links to the older ones."""
    day = as_day(until.strip(), "until") if until and until.strip() else None
    options = {"actor": actor or None, "until": day}
    items = state.store.timeline(limit=limit, **options)
    total = state.store.timeline_total(**options)
    older = items[0]["start"] if items and total > len(items) else None
    return _render(
        request,
        "timeline.html",
        items=items,
        total=total,
        older=older,
        axis=charts.date_axis(items),
        actor=actor,
        until=day,
        offers=_offers(state, request, {"actor": "Actor"}, {"actor": actor}),
    )


@router.get("/commitments", response_class=HTMLResponse)
def commitments_page(
    request: Request,
    state: StateDep,
    actor: str | None = None,
    status: str | None = None,
    as_of: str | None = None,
) -> Response:
    """Threats, promises and ultimatums with deadline countdowns and their histories."""
    as_of_day = as_day(as_of.strip(), "as_of") if as_of and as_of.strip() else None
    day, found = state.store.commitments(actor or None, status or None, as_of_day, 200)
    return _render(
        request,
        "commitments.html",
        commitments=found,
        as_of=day,
        actor=actor,
        status=status,
        statuses=STATUSES,
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    """The form that asks a browser on another machine for the token."""
    return _render(request, "login.html", next=_here(next), error=None)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    state: StateDep,
    token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Keep the token in a cookie (HTTP only, this site only, Secure over https) and go on
    to the page that asked for it."""
    if not token_matches(state.settings, token):
        return _render(request, "login.html", 401, next=_here(next), error="wrong token")
    response = RedirectResponse(_here(next), status_code=303)
    response.set_cookie(
        TOKEN_COOKIE,
        state.settings.token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


def _here(target: str) -> str:
    """``target`` when it is a page of this site, else the home page (a login must not
    send the browser elsewhere)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


@router.get("/add", response_class=HTMLResponse)
def add_page(request: Request, state: StateDep) -> Response:
    """The form to add an article: paste it, give its URL, or upload its file."""
    return _render(request, "add.html", writable=bool(state.settings.token), error=None, given={})


@router.post("/add", response_class=HTMLResponse)
async def add_article(
    request: Request,
    state: StateDep,
    token: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    file: UploadFile | None = None,
) -> Response:
    """Read the article given and show it; the token is asked for every time. On an
    error the form comes back with what was typed in it (but the token and the file)."""
    given = {"text": text, "url": url, "title": title, "outlet": outlet, "published": published}
    if not token_matches(state.settings, token):
        error = (
            "this server is read-only: start it with ONRECORD_TOKEN set"
            if not state.settings.token
            else "wrong token"
        )
        return _render(
            request, "add.html", 401, writable=bool(state.settings.token), error=error, given=given
        )
    data = await file.read() if file is not None and file.filename else None
    submission = Submission(
        text=text if text.strip() and data is None else None,
        url=url.strip() or None,
        data=data,
        filename=file.filename if file is not None else None,
        title=title.strip() or None,
        outlet=outlet.strip() or None,
        published=published.strip() or None,
    )
    try:
        stored = await run_in_threadpool(submit, state, submission)
    except HTTPException as exc:
        return _render(
            request, "add.html", exc.status_code, writable=True, error=str(exc.detail), given=given
        )
    return RedirectResponse(f"/articles/{stored['id']}", status_code=303)
