"""What the app's routes share: the app state, the token checks, and the dependencies
FastAPI injects (the state, a writer that showed the token, the statement filters).

The pages (:mod:`onrecord.web.pages`) and the API (:mod:`onrecord.web.api`) import it; it
imports neither, so the app, its routes and the submission path form no import cycle.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import WithJsonSchema

from onrecord.kb import KbEntry
from onrecord.settings import Settings
from onrecord.store import ACTS, CERTAINTIES, Store, StoredStatement

if TYPE_CHECKING:
    from onrecord.reader import Reader

__all__ = [
    "TOKEN_COOKIE",
    "AppState",
    "Day",
    "StateDep",
    "StatementQuery",
    "as_json",
    "bearer",
    "cards",
    "one_of",
    "state",
    "statement_query",
    "token_matches",
    "writer",
]


class AppState:
    """What every request shares: settings, the store, and the reader for new articles."""

    def __init__(self, settings: Settings, store: Store, reader: Reader | None = None) -> None:
        self.settings = settings
        self.store = store
        self._reader = reader
        self._by_qid: dict[str, KbEntry] | None = None
        # spaCy pipelines are not safe to share between threads; one article at a time.
        self.lock = threading.Lock()

    @property
    def reader(self) -> Reader:
        """The reader, with its pipeline loaded on the first article submitted."""
        if self._reader is None:
            from onrecord.reader import Reader

            self._reader = Reader(self.settings)
        return self._reader

    def by_qid(self, qid: str | None) -> KbEntry | None:
        """The knowledge-base entry with Wikidata id ``qid``, if there is one."""
        if self._by_qid is None:
            entries = self.reader.kb.entries.values()
            self._by_qid = {e.qid: e for e in entries if e.qid}
        return self._by_qid.get(qid) if qid else None


#: The cookie that holds the token once a browser elsewhere has shown it (``/login``).
TOKEN_COOKIE = "onrecord_token"


def bearer(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, if the request has one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def token_matches(settings: Settings, given: str | None) -> bool:
    """Whether ``given`` is the configured token (never true when none is configured)."""
    return (
        bool(settings.token)
        and given is not None
        and hmac.compare_digest(given.encode(), settings.token.encode())
    )


def state(request: Request) -> AppState:
    """The app's shared state."""
    found: AppState = request.app.state.onrecord
    return found


StateDep = Annotated[AppState, Depends(state)]


#: Declares the bearer token in the API's schema (Swagger's "Authorize"); the check is ours.
_BEARER = HTTPBearer(auto_error=False, description="ONRECORD_TOKEN, the server's token")


def writer(
    state: StateDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> AppState:
    """The app state, for a request that showed the token as ``Authorization: Bearer …``."""
    if not state.settings.token:
        raise HTTPException(403, "this server is read-only: start it with ONRECORD_TOKEN set")
    if not token_matches(state.settings, credentials.credentials if credentials else None):
        raise HTTPException(
            401,
            "writing needs 'Authorization: Bearer <ONRECORD_TOKEN>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return state


#: A day a query string gives (``YYYY-MM-DD``), or blank for none, as a form sends it.
Day = Annotated[
    str,
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}]}
    ),
]


def one_of(*choices: str) -> WithJsonSchema:
    """The schema of a string that is one of ``choices``."""
    return WithJsonSchema({"type": "string", "enum": list(choices)})


def statement_query(
    q: Annotated[str | None, Query(description='Words or "a phrase" said.')] = None,
    speaker: Annotated[str | None, Query(description="Name, Wikidata id or #ledger-id.")] = None,
    about: Annotated[str | None, Query(description="Entity named in what was said.")] = None,
    outlet: Annotated[str | None, Query(description="Published by this outlet.")] = None,
    since: Annotated[Day | None, Query(description="Said on or after (YYYY-MM-DD).")] = None,
    until: Annotated[Day | None, Query(description="Said on or before (YYYY-MM-DD).")] = None,
    certainty: Annotated[
        Annotated[str, one_of(*CERTAINTIES, "")] | None,
        Query(description="How the words are sourced; blank for any."),
    ] = None,
    act: Annotated[
        list[Annotated[str, one_of(*ACTS, "said", "")]] | None,
        Query(description="One or more of " + ", ".join(ACTS) + "; said: speech and writing."),
    ] = None,
    min_confidence: Annotated[
        float | None,
        Query(ge=0.0, le=1.0, description="At least this confidence from the statement model."),
    ] = None,
) -> dict[str, Any]:
    """The filters of ``onrecord search`` as a query string gives them, by the names of
    :class:`~onrecord.store.Filters`; a blank value is no filter (a form's "any"), and
    ``act`` may be given more than once."""
    given = {
        "query": q,
        "speaker": speaker,
        "about": about,
        "outlet": outlet,
        "since": since,
        "until": until,
        "certainty": certainty,
    }
    filters: dict[str, Any] = {name: (value or "").strip() or None for name, value in given.items()}
    # None: not asked (the pages then show their default); (): asked for any act.
    filters["acts"] = None if act is None else _acts(act)
    filters["min_confidence"] = min_confidence
    return filters


def _acts(given: Sequence[str]) -> tuple[str, ...]:
    """The acts asked for, ``said`` standing for speech and writing, in a stable order."""
    asked = {a.strip() for a in given if a.strip()}
    if "said" in asked:
        asked = (asked - {"said"}) | {"speech", "writing"}
    return tuple(sorted(asked, key=lambda a: (ACTS.index(a) if a in ACTS else len(ACTS), a)))


StatementQuery = Annotated[dict[str, Any], Depends(statement_query)]


def as_json(item: StoredStatement | dict[str, Any]) -> dict[str, Any]:
    """A listed item as JSON: a stored statement's ``onrecord/1`` object, or the item."""
    return item.to_json() if isinstance(item, StoredStatement) else item


def cards(found: Sequence[StoredStatement]) -> list[dict[str, Any]]:
    """Statements as the JSON objects the API returns and the pages' cards show."""
    return [statement.to_json() for statement in found]
