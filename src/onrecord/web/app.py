"""The web app and HTTP API over one ledger: :func:`create_app`.

Pages (:mod:`onrecord.web.pages`) and the JSON API (:mod:`onrecord.web.api`) share one
:class:`~onrecord.store.Store` and one lazily loaded :class:`~onrecord.Reader`. Everything
shown comes from articles and is untrusted: templates escape every value (Jinja2
autoescape), no page runs inline script, and the Content-Security-Policy forbids any
script but our own file. Request bodies stop at ``max_request_bytes``; writes need the
``ONRECORD_TOKEN``, and so do reads from anywhere but this machine.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import logging
import re
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from onrecord import __version__
from onrecord.errors import ConfigError
from onrecord.ingest.language import language_name, reads
from onrecord.settings import Settings
from onrecord.store import Store
from onrecord.web import api, pages
from onrecord.web.deps import TOKEN_COOKIE, AppState, bearer, token_matches

if TYPE_CHECKING:
    from onrecord.reader import Reader

__all__ = [
    "CSP",
    "SECURITY_HEADERS",
    "BodyLimit",
    "SecurityHeaders",
    "allowed_hosts",
    "create_app",
    "is_loopback",
    "serving_hosts",
]

#: Our own script and stylesheet only; no inline code, no frames, no plugins, forms post
#: back here.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
_WEB = resources.files("onrecord.web")
LOGGER = logging.getLogger(__name__)
T = TypeVar("T")


def create_app(
    settings: Settings | None = None, *, store: Store | None = None, reader: Reader | None = None
) -> FastAPI:
    """The app over ``store`` (default: the ledger ``settings.db``, which must exist)."""
    settings = settings or Settings.from_env()
    store = store or Store.open(settings.db, create=False)
    app = FastAPI(
        title="onrecord",
        version=__version__,
        description="Who said what, to whom, when, and who says so: the ledger's statements, "
        "articles, entities, events and commitments, as `onrecord/1` JSON.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.onrecord = AppState(settings, store, reader)
    app.state.templates = Jinja2Templates(directory=str(_WEB / "templates"))
    # "de" → "German", for the articles onrecord stored without reading them.
    app.state.templates.env.filters["language_name"] = language_name
    app.state.templates.env.globals["reads_language"] = reads
    app.mount("/static", StaticFiles(directory=str(_WEB / "static")), name="static")
    # Swagger UI from the fastapi-offline package, so the docs need no CDN.
    swagger = resources.files("fastapi_offline") / "static"
    app.mount("/docs-assets", StaticFiles(directory=str(swagger)), name="docs-assets")
    app.add_api_route("/docs", _docs, include_in_schema=False)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(ConfigError, _bad_request)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _server_error)
    app.middleware("http")(_reads_from_elsewhere)
    app.middleware("http")(_no_nul)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings))
    # Outermost of onrecord's middleware, so its own refusals (401, 413, 400) carry the
    # headers too; a 500 is answered outside all of them, by _server_error.
    app.add_middleware(SecurityHeaders)
    return app


#: The headers every response carries (a page may set a stricter or looser CSP of its own).
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response that lacks them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *(
                        (name.lower().encode(), value.encode())
                        for name, value in SECURITY_HEADERS.items()
                        if name.lower().encode() not in present
                    ),
                ]
            await send(message)

        await self.app(scope, receive, secured)


#: The methods a 405 answer may name in its Allow header.
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
#: The title of an error page, by status.
_TITLES = {400: "Bad request", 401: "Token needed", 404: "Not found", 422: "Not readable"}


async def _http_error(request: Request, exc: Exception) -> Response:
    """An error of the API as JSON (FastAPI's own answer), of a page as a page."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 405:
        # Starlette names the methods of the first route at the address only: the
        # articles' GET, not their POST, which is another route.
        exc = StarletteHTTPException(405, exc.detail, {"Allow": ", ".join(_methods(request))})
    if _wants_json(request):
        return await http_exception_handler(request, exc)
    return _error_page(request, exc.status_code, str(exc.detail), exc.headers)


def _methods(request: Request) -> list[str]:
    """The methods some route answers at the address of ``request``: each asked of the
    router as the request would be (routers included in the app are routes of their own)."""
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes
        )
    ]


async def _invalid_request(request: Request, exc: Exception) -> Response:
    """Parameters that do not parse: FastAPI's 422 for the API, a page that says which
    for a page."""
    assert isinstance(exc, RequestValidationError)
    if _wants_json(request):
        return await request_validation_exception_handler(request, exc)
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error['loc'][1:])}: {error['msg']}"
        for error in exc.errors()
    )
    return _error_page(request, 422, f"the address asks for something that cannot be: {problems}")


def _wants_json(request: Request) -> bool:
    """Whether an answer to ``request`` is the API's (JSON) rather than a page's."""
    return request.url.path.startswith("/api/")


def _error_page(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    title = _TITLES.get(status, "Something went wrong")
    context = {"status": status, "title": title, "message": message, "nav": ""}
    response: Response = request.app.state.templates.TemplateResponse(
        request, "error.html", context, status_code=status, headers=headers
    )
    return response


async def _server_error(request: Request, exc: Exception) -> Response:
    """A flaw in onrecord: 500, with the headers, and the detail in the server's log only."""
    LOGGER.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    text = "onrecord: internal error (the server's log has the detail)"
    if _wants_json(request):
        return JSONResponse({"detail": text}, status_code=500, headers=SECURITY_HEADERS)
    return PlainTextResponse(text, status_code=500, headers=SECURITY_HEADERS)


async def _no_nul(request: Request, call_next: Any) -> Response:
    """A NUL byte in the address is refused: no name, word or id holds one, and
    PostgreSQL refuses it in any text."""
    if "\x00" in request.scope["path"] or b"%00" in request.scope["query_string"]:
        return _refused(request, "the address holds a NUL byte (%00)", 400)
    return await call_next(request)  # type: ignore[no-any-return]


def _refused(request: Request, reason: str, status: int) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": reason}, status_code=status)
    return PlainTextResponse(reason, status_code=status)


async def _bad_request(request: Request, exc: Exception) -> Response:
    return _refused(request, str(exc), 400)


def _docs() -> Response:
    """Swagger UI over the OpenAPI schema; its one inline script is allowed by its hash."""
    page = get_swagger_ui_html(
        openapi_url="/api/v1/openapi.json",
        title="onrecord API",
        swagger_js_url="/docs-assets/swagger-ui-bundle.js",
        swagger_css_url="/docs-assets/swagger-ui.css",
        swagger_favicon_url="/docs-assets/favicon.png",
    )
    html = bytes(page.body).decode()
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
        for code in re.findall(r"<script>(.*?)</script>", html, re.S)
    )
    csp = CSP.replace("script-src 'self'", f"script-src 'self' {hashes}").replace(
        "style-src 'self'", "style-src 'self' 'unsafe-inline'"
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": csp})


async def _reads_from_elsewhere(request: Request, call_next: Any) -> Response:
    """Reading is open to this machine; a client elsewhere shows the token, as a bearer
    header or the cookie the login form sets (never in an address, where logs and
    histories would keep it): the API answers 401 without it, a page with the form."""
    client = request.client.host if request.client else ""
    path = request.url.path
    if is_loopback(client) or path.startswith("/static/") or path == "/login":
        return await call_next(request)  # type: ignore[no-any-return]
    settings: Settings = request.app.state.onrecord.settings
    if token_matches(settings, bearer(request) or request.cookies.get(TOKEN_COOKIE)):
        return await call_next(request)  # type: ignore[no-any-return]
    if _wants_json(request):
        # As the API's other errors: a JSON body with the reason in "detail".
        return JSONResponse(
            {
                "detail": "reading from another machine needs the token (ONRECORD_TOKEN), "
                "as 'Authorization: Bearer …'"
            },
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    wanted = path + (f"?{request.url.query}" if request.url.query else "")
    response: Response = request.app.state.templates.TemplateResponse(
        request, "login.html", {"next": wanted, "nav": "", "error": None}, status_code=401
    )
    return response


def allowed_hosts(settings: Settings) -> list[str]:
    """The host names the app answers to (``settings.allowed_hosts``)."""
    return [host.strip().lower() for host in settings.allowed_hosts.split(",") if host.strip()]


def serving_hosts(address: str, hosts: str) -> str:
    """The host names to answer to when listening on ``address``: ``hosts``, and the
    address itself unless it is every address of the machine (``0.0.0.0``, ``::``)."""
    named = {host.strip().lower() for host in hosts.split(",")}
    if address in ("0.0.0.0", "::") or address.lower() in named:
        return hosts
    return f"{hosts},[{address}]" if ":" in address else f"{hosts},{address}"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address, or ``localhost``) is this machine."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class BodyLimit:
    """Refuses a request body over ``max_bytes`` with 413, by its Content-Length when it
    gives one and by counting as it arrives when it does not."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        seen = 0
        refused = False

        async def counted() -> Message:
            # Past the limit: answer 413 now and tell the app the client went away, since
            # an exception raised here would come out as the framework's own 400.
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    refused = True
                    await self._refuse(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def unless_refused(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, counted, unless_refused)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {
                "detail": f"request body is over the {self.max_bytes:,}-byte limit "
                "(ONRECORD_MAX_REQUEST_BYTES)"
            },
            status_code=413,
        )
        await response(scope, receive, send)
