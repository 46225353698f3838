"""RSS and Atom feeds: the page behind each entry's link is fetched and read as an article.

An entry's date stands in for the article's only when the page gives none
(:attr:`~onrecord.ingest.Hints.feed_date`). Only ``http(s)`` links are followed, so a feed
cannot make onrecord read a local file.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from xml.sax import SAXParseException

import feedparser

from onrecord.errors import IngestError
from onrecord.ingest import Hints, Rejected, is_url, load
from onrecord.records import Article
from onrecord.settings import Settings

__all__ = ["FEED_TYPES", "is_feed", "read_feed"]

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")

_FEED_START = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*"
    rb"<(?:rss|feed|rdf:RDF)\b",
    re.S | re.I,
)
_SNIFF_BYTES = 4096
_UTC_OFFSET = re.compile(r"([+-])(\d\d):?(\d\d)\s*$")


def is_feed(content_type: str, body: bytes) -> bool:
    """True for a feed's content type, or a body that starts as RSS, Atom or RSS 1.0 do."""
    return content_type in FEED_TYPES or _FEED_START.match(body[:_SNIFF_BYTES]) is not None


def read_feed(
    data: bytes,
    source: str,
    settings: Settings,
    hints: Hints = Hints(),  # noqa: B008 (a frozen dataclass)
    *,
    url: str | None = None,
) -> Iterator[Article | Rejected]:
    """The articles the entries of a feed link to, in feed order; ``url`` is where the feed
    was fetched from, against which relative links are resolved.

    A link that appears twice is read once. An entry without a usable link is rejected as
    ``SOURCE#entry N``; a link that cannot be read is rejected under the link itself.
    """
    # A stream, not bytes or a string, so that feedparser never takes it for a URL or a path.
    feed = feedparser.parse(
        io.BytesIO(data), response_headers={"content-location": url} if url else None
    )
    if not feed.entries:
        # feedparser takes any well-formed XML (an HTML page too) for an empty feed.
        if feed.bozo or not feed.version:
            error = feed.get("bozo_exception")
            # The XML parser's own message, without its "<unknown>:2:0:" position.
            why = error.getMessage() if isinstance(error, SAXParseException) else str(error or "")
            why = " ".join(why.split())
            reason = "not a readable RSS or Atom feed" + (f" ({why})" if why else "")
            yield Rejected(source, reason)
        return
    seen: set[str] = set()
    for number, entry in enumerate(feed.entries, start=1):
        link = (entry.get("link") or "").strip()
        if not is_url(link):
            reason = f"its link {link!r} is not an http(s) URL" if link else "the entry has no link"
            yield Rejected(f"{source}#entry {number}", reason)
            continue
        if link in seen:
            continue
        seen.add(link)
        try:
            yield load(link, settings, replace(hints, feed_date=_entry_date(entry)))
        except IngestError as exc:
            yield Rejected.from_error(link, exc)


def _entry_date(entry: Any) -> str | None:
    """The entry's publication (else update) date-time, at the offset the feed wrote."""
    for key in ("published", "updated"):
        parsed: time.struct_time | None = entry.get(f"{key}_parsed")
        if parsed is None:
            continue
        moment = datetime(*parsed[:6], tzinfo=UTC)
        # feedparser gives UTC; shifting back keeps the calendar day the outlet meant.
        offset = _UTC_OFFSET.search(entry.get(key) or "")
        if offset is not None and int(offset[2]) < 24 and int(offset[3]) < 60:
            sign = -1 if offset[1] == "-" else 1
            delta = timedelta(hours=int(offset[2]), minutes=int(offset[3]))
            moment = moment.astimezone(timezone(sign * delta))
        return moment.isoformat(timespec="minutes")
    return None
