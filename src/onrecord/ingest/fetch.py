"""Fetching a URL the user asked for: timeout, size cap and a content-type check."""

from __future__ import annotations

import httpx

from onrecord.errors import FetchError, InputTooLarge
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
) -> Fetched:
    """GET ``url``, following redirects, refusing bodies over the cap and content types
    outside ``accept`` (web pages unless told otherwise; a missing type is let through)."""
    headers = {"User-Agent": settings.user_agent, "Accept": ",".join(accept)}
    try:
        with (
            httpx.Client(
                timeout=settings.fetch_timeout,
                follow_redirects=True,
                headers=headers,
                transport=transport,
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
