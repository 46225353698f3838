"""HTML pages: main text and metadata with trafilatura, the date with htmldate as fallback."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import trafilatura
from htmldate import find_date
from trafilatura.settings import Document

from onrecord.errors import NotAnArticle

__all__ = ["HtmlArticle", "looks_like_html", "read_html"]

LOGGER = logging.getLogger(__name__)

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_TAGS = re.compile(r"<(?:p|div|body|article|span|a|br|h[1-6])\b[^>]*>", re.I)
# Shorter than this, the "article" is a navigation page, a login wall or an error page.
_MIN_ARTICLE_CHARS = 200


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What trafilatura and htmldate found in a page."""

    text: str
    title: str | None
    authors: tuple[str, ...]
    outlet: str | None
    published: str | None
    published_from: str | None
    language: str | None
    url: str | None


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML document or a fragment with several block tags."""
    head = text[:4000]
    return bool(_HTML_START.match(head)) or len(_TAGS.findall(head)) >= 3


def read_html(html: str, url: str | None = None) -> HtmlArticle:
    """Extract the article from ``html``; raise :class:`NotAnArticle` when there is none."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    body = (doc.text or "").strip() if isinstance(doc, Document) else ""
    if not isinstance(doc, Document) or len(body) < _MIN_ARTICLE_CHARS:
        raise NotAnArticle("page holds no article text (too little main content)")
    title = (doc.title or "").strip() or None
    text = body if title is None or body.startswith(title) else f"{title}\n\n{body}"
    published, published_from = doc.date, "html-metadata"
    if not published:
        published = find_date(html, url=url, original_date=True, extensive_search=False)
        published_from = "htmldate"
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return HtmlArticle(
        text=text,
        title=title,
        authors=authors,
        outlet=(doc.sitename or "").strip() or None,
        published=published or None,
        published_from=published_from if published else None,
        language=doc.language,
        url=doc.url or url,
    )
