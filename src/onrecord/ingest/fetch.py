"""Fetching a URL the user asked for: timeout, size cap and a content-type check."""

from __future__ import annotations

import ipaddress
import socket

import httpx

from onrecord.errors import FetchError, InputTooLarge, InvalidURL
from onrecord.ingest.decode import human_size
from onrecord.settings import Settings

__all__ = ["ACCEPTED_TYPES", "Fetched", "fetch"]

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


class Fetched:
    """The body of a fetched page with its final URL, content type (``text/html``, lower
    case, without parameters) and the charset its ``Content-Type`` header declares."""

    __slots__ = ("body", "charset", "content_type", "url")

    def __init__(
        self, body: bytes, url: str, content_type: str, charset: str | None = None
    ) -> None:
        self.body = body
        self.url = url
        self.content_type = content_type
        self.charset = charset


def fetch(
    url: str,
    settings: Settings,
    *,
    accept: tuple[str, ...] = ACCEPTED_TYPES,
    transport: httpx.BaseTransport | None = None,
    public_only: bool = False,
) -> Fetched:
    """GET ``url``, following redirects, refusing bodies over the cap and content types
    outside ``accept`` (web pages unless told otherwise; a missing type is let through).

    ``public_only`` refuses, with :class:`~onrecord.errors.InvalidURL`, a URL or any
    redirect whose host is or resolves to an address of this machine or of a private
    network (loopback, private, link-local, reserved): a server that fetches for others
    must not be made to read what only it can reach.
    """
    headers = {"User-Agent": settings.user_agent, "Accept": ",".join(accept)}
    hooks = {"request": [_refuse_private]} if public_only else {}
    try:
        with (
            httpx.Client(
                timeout=settings.fetch_timeout,
                follow_redirects=True,
                headers=headers,
                transport=transport,
                event_hooks=hooks,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type and content_type not in accept:
                raise FetchError(f"{url}: content type {content_type} is not a web page")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > settings.max_bytes:
                raise InputTooLarge(
                    f"{url}: page is {human_size(int(declared))}, "
                    f"over the {human_size(settings.max_bytes)} limit"
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.max_bytes:
                    raise InputTooLarge(
                        f"{url}: page is over the {human_size(settings.max_bytes)} limit"
                    )
                chunks.append(chunk)
            return Fetched(
                b"".join(chunks), str(response.url), content_type, response.charset_encoding
            )
    except httpx.TimeoutException:
        raise FetchError(f"{url}: no answer within {settings.fetch_timeout:g} s") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"{url}: invalid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: unreachable ({type(exc).__name__}: {exc})") from None


def _refuse_private(request: httpx.Request) -> None:
    """Refuse ``request`` when its host is not a public internet address."""
    host = request.url.host
    try:
        found = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return  # httpx reports the host it cannot find
    for address in found:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise InvalidURL(
                f"{request.url}: {host} is {address}, an address of this machine or of a "
                "private network, which the server does not fetch "
                "(ONRECORD_ALLOW_PRIVATE_URLS lets it)"
            )
