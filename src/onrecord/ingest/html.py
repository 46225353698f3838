"""HTML pages: main text and metadata with trafilatura and htmldate, cleaned for the ledger.

trafilatura finds the main text, the title, the authors, the site's name and, with htmldate,
the date. What it leaves is cleaned here, with the words of ``data/bylines.tsv``,
``data/outlets.tsv`` and ``data/pages.tsv``:

- a page that holds no article is refused with the reason: an error page ("Page not
  found"), an unrendered template (``{{ article.title }}``), a list of links;
- the date is one the page states: htmldate is not asked for its guesses from a copyright
  line or a bare year, which come out as the 1st of January;
- the title loses the site's name ("… | Reuters");
- the outlet is the one the domain publishes as, or the one the site's name names (by the
  knowledge base's name for it when there is one), never a bare domain or a slogan;
- authors lose labels, job titles, places, dates, credits and the outlet's own name;
- the text's lines are read as plain text's are (:mod:`onrecord.ingest.text`): furniture
  regions, a "By" byline when the metadata names no one, a dateline when nothing else dates
  the page;
- the language is the one the page declares, as an ISO 639-1 code.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document
from trafilatura.utils import load_html

from onrecord.errors import NotAnArticle
from onrecord.ingest.datelines import date_words
from onrecord.ingest.text import byline_patterns, is_role, lines, read_layout
from onrecord.lexicons import Lexicons, current, using
from onrecord.names import norm
from onrecord.records import Region

__all__ = ["HtmlArticle", "looks_like_html", "read_html"]

LOGGER = logging.getLogger(__name__)

#: An lxml ``HtmlElement``, as trafilatura parses pages (lxml has no type hints).
_Tree = Any

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_TAGS = re.compile(r"<(?:p|div|body|article|span|a|br|h[1-6])\b[^>]*>", re.I)
# Shorter than this, the "article" is a navigation page, a login wall or an error page.
_MIN_ARTICLE_CHARS = 200
_NO_TEXT = "page holds no article text (too little main content)"
# Dates the page states: no extensive search, whose last resorts are a copyright year and
# a bare year, both returned as the 1st of January.
_DATES = {"extensive_search": False, "original_date": True}
# What separates a title from the site's name, and the parts of a site name from each
# other: a bar, a dash or a bullet with spaces around it (a hyphen inside a word is none).
_SEPARATOR = re.compile(r"\s+(?:[|·•»«–—-]|::)\s+")
_DOMAIN = re.compile(r"(?:(?:[a-z0-9-]+\.)+[a-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?")
_LANGUAGE = re.compile(r"[a-z]{2}")
# A template expression a script was to replace: {{ article.title }}, {{date | fmt}}.
_PLACEHOLDER = re.compile(r"\{\{[^{}\n]{1,120}\}\}")
# In the text trafilatura keeps, this many placeholders make a template; an article never
# holds one, and a stray one in a rendered page is no reason to refuse it.
_MIN_PLACEHOLDERS = 3
# The elements single-page apps (Angular, AngularJS) fill in from a script.
_APP_SHELL = "//*[@ng-app or @data-ng-app or @ng-controller or @ng-view or @ui-view][1]"
# A list of links (an index, a section front): at least this many lines of the text are
# the text of a link on the page, and they are this share of its lines; they come in this
# many separate runs (headline, teaser, headline, ...) or make up nearly all the text. A
# paragraph of this many words that is no link makes the page an article all the same.
_MIN_LINK_LINES = 5
_LINK_SHARE = 0.4
_LINK_RUNS = 4
_ALL_LINKS = 0.8
_PARAGRAPH_WORDS = 50
# The layout's regions that come of a line's place in the header, not of what it says.
_POSITIONAL = frozenset({"headline", "standfirst", "label"})
# Past this length an element is the article's wrapper, not furniture (see pages.tsv).
_MAX_FURNITURE_CHARS = 300
# An author longer than this is a sentence or a list that did not split.
_MAX_AUTHOR_WORDS = 6
_MAX_AUTHOR_CHARS = 60
_CLASS_WORD = re.compile(r"[a-z0-9_-]+")
_LOWER = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What trafilatura and htmldate found in a page, cleaned."""

    text: str
    title: str | None
    authors: tuple[str, ...]
    outlet: str | None
    published: str | None
    published_from: str | None
    updated: str | None
    #: The language the page declares (``<html lang>``, ``og:locale``,
    #: ``Content-Language``) as a lower-case ISO 639-1 code; None when it declares none.
    language: str | None
    url: str | None
    regions: tuple[Region, ...]


@dataclass(frozen=True, slots=True)
class _Site:
    """Who publishes a page: its outlet and every name the site goes by (``norm`` keys)."""

    outlet: str | None
    keys: frozenset[str]
    outlet_named: Callable[[str], str | None] | None

    def named_by(self, text: str) -> bool:
        """Whether ``text`` is the site's name, its domain, or its outlet's name or alias."""
        if norm(text) in self.keys:
            return True
        return (
            self.outlet is not None
            and self.outlet_named is not None
            and self.outlet_named(text) == self.outlet
        )


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML document or a fragment with several block tags."""
    head = text[:4000]
    return bool(_HTML_START.match(head)) or len(_TAGS.findall(head)) >= 3


def read_html(
    html: str,
    url: str | None = None,
    *,
    is_place: Callable[[str], bool] | None = None,
    outlet_named: Callable[[str], str | None] | None = None,
    lexicons: Lexicons | None = None,
) -> HtmlArticle:
    """Extract the article from ``html``; raise :class:`NotAnArticle`, with the reason,
    when there is none.

    ``is_place`` tells a place from a name ("Hamburg" after an author), ``outlet_named``
    gives the knowledge base's outlet for a name ("SPIEGEL ONLINE" → Der Spiegel), and
    ``lexicons`` has the words it all is read with (default: the current lexicons).
    """
    with using(lexicons or current()):
        return _read_html(html, url, is_place, outlet_named)


def _read_html(
    html: str,
    url: str | None,
    is_place: Callable[[str], bool] | None,
    outlet_named: Callable[[str], str | None] | None,
) -> HtmlArticle:
    tree = load_html(html)
    if tree is None:
        raise NotAnArticle(_NO_TEXT)
    language = _declared_language(tree)
    # htmldate takes a copyright year for the date even without the extensive search.
    for element in tree.xpath(f"//*[{_LOWER.format('@itemprop')}='copyrightyear']"):
        element.drop_tree()
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        date_extraction_params=_DATES,
        prune_xpath=current().memo(_furniture_xpath),
    )
    if not isinstance(doc, Document):
        _refuse_template(tree, "", None)
        raise NotAnArticle(_NO_TEXT)
    page_url = doc.url or url
    site = _site(doc.sitename, page_url, outlet_named)
    title = _without_site((doc.title or "").strip(), site) or None
    body = (doc.text or "").strip()
    _refuse_error_page(tree, title)
    _refuse_template(tree, body, title)
    if len(body) < _MIN_ARTICLE_CHARS:
        raise NotAnArticle(_NO_TEXT)
    story = [line.text for line in lines(body)]
    if _is_listing(tree, story[1:] if story and story[0] == title else story):
        raise NotAnArticle("page is a list of links (an index or a section front), not an article")

    text = body if title is None or body.startswith(title) else f"{title}\n\n{body}"
    layout = read_layout(text, is_place)
    # The layout takes the first line for a headline; the page says whether it is one. It
    # takes the lines above its last furniture line for a standfirst and labels, as plain
    # text copied from a page has them; trafilatura has left out a page's labels, and a
    # standfirst there cannot be told from the first paragraphs, so those stay story.
    regions = [
        r for r in layout.regions if r.kind not in _POSITIONAL and (title is None or r.span[0] > 0)
    ]
    if title is not None:
        regions.insert(0, Region("headline", (0, len(title)), False))
    authors = _authors([doc.author or ""], site, is_place) or _authors(
        layout.authors, site, is_place
    )
    published, published_from = doc.date or None, "html-metadata"
    if published is None and layout.published is not None:
        published = layout.published
        published_from = "updated-line" if published == layout.updated else "dateline"
    return HtmlArticle(
        text=text,
        title=title,
        authors=authors,
        outlet=site.outlet,
        published=published,
        published_from=published_from if published else None,
        updated=layout.updated,
        language=language,
        url=page_url,
        regions=tuple(regions),
    )


def _declared_language(tree: _Tree) -> str | None:
    """The language the page declares: ``<html lang>``, then ``og:locale``, then the
    ``Content-Language`` meta tag; "de-DE", "de_DE" and "de, en" are all "de"."""
    root = tree.getroottree().getroot()
    declared = [
        root.get("lang"),
        root.get("xml:lang"),
        *tree.xpath("//meta[@property='og:locale' or @name='og:locale']/@content"),
        *tree.xpath(f"//meta[{_LOWER.format('@http-equiv')}='content-language']/@content"),
    ]
    for value in declared:
        code = re.split(r"[-_,;\s]", (value or "").strip().lower(), maxsplit=1)[0]
        if _LANGUAGE.fullmatch(code):
            return code
    return None


def _site(
    sitename: str | None, url: str | None, outlet_named: Callable[[str], str | None] | None
) -> _Site:
    """The outlet of the page at ``url`` whose site calls itself ``sitename``.

    The domain's outlet (``data/outlets.tsv``) comes first, then the knowledge base's name
    for the site's, then the site's own name; a site name made of several parts ("WSVN
    7News | Miami News, Weather, Sports | Fort Lauderdale") is the part that carries the
    domain's name, else the first. A domain is never an outlet.
    """
    raw = (sitename or "").strip()
    is_domain = bool(_DOMAIN.fullmatch(raw.lower()))
    host = urlsplit(url).hostname if url else None
    if host is None and is_domain:
        host = raw.lower()
    domain, listed = _outlet_of_host(host) if host else (None, None)
    label = domain.split(".")[0] if domain else None
    parts = [] if is_domain else [part for part in _SEPARATOR.split(raw) if part.strip()]
    own = next((p for p in parts if label and label in norm(p).replace(" ", "")), None)
    name = own or (parts[0].strip() if parts else None)
    known = outlet_named(name) if outlet_named is not None and name else None
    outlet = listed or known or name
    names = (raw, *parts, outlet, listed, known, host, domain, label)
    return _Site(outlet, frozenset(norm(n) for n in names if n) - {""}, outlet_named)


def _outlet_of_host(host: str) -> tuple[str, str | None]:
    """The domain ``host`` belongs to and the outlet that publishes there, by
    ``data/outlets.tsv``; a host the table lacks is its own domain, without "www."."""
    table = current().memo(_outlets)
    labels = host.lower().rstrip(".").split(".")
    for i in range(len(labels) - 1):
        domain = ".".join(labels[i:])
        if domain in table:
            return domain, table[domain]
    return ".".join(labels).removeprefix("www."), None


def _without_site(title: str, site: _Site) -> str:
    """``title`` without the site's name after it ("… - WSVN 7News | Miami News, …",
    "… | Reuters") or before it ("Reuters - …")."""
    for match in _SEPARATOR.finditer(title):
        head, tail = title[: match.start()].strip(), title[match.end() :]
        if head and site.named_by(_SEPARATOR.split(tail, maxsplit=1)[0]):
            title = head
            break
    first = _SEPARATOR.split(title, maxsplit=1)
    if len(first) == 2 and first[1].strip() and site.named_by(first[0]):
        return first[1].strip()
    return title


def _authors(
    fields: Iterable[str], site: _Site, is_place: Callable[[str], bool] | None
) -> tuple[str, ...]:
    """The people among the authors a page names, each cleaned (see ``data/bylines.tsv``);
    trafilatura separates the authors of one field with ";"."""
    patterns = current().memo(byline_patterns)
    found: list[str] = []
    for field in fields:
        for trail in patterns.get("trail", ()):
            field = trail.split(field, maxsplit=1)[0]
        for piece in field.split(";"):
            name = _author(piece, patterns, site, is_place)
            if name is not None and name not in found:
                found.append(name)
    return tuple(found)


def _author(
    piece: str,
    patterns: dict[str, tuple[re.Pattern[str], ...]],
    site: _Site,
    is_place: Callable[[str], bool] | None,
) -> str | None:
    name = piece.strip(" ,;:|/-–—·")
    if not name or any(credit.search(name) for credit in patterns.get("credit", ())):
        return None
    for label in patterns.get("label", ()):
        name = label.sub("", name, count=1).strip()
    if (
        not name
        or len(name) > _MAX_AUTHOR_CHARS
        or len(name.split()) > _MAX_AUTHOR_WORDS
        or any(ch.isdigit() for ch in name)
        or "@" in name
        or "://" in name
        or is_role(name)
        or (is_place is not None and is_place(name))
    ):
        return None
    # "CBS News February": the site's own name with a date is no person either.
    words = name.split()
    while words and words[-1].strip(".,").lower() in date_words():
        words.pop()
    if not words or site.named_by(" ".join(words)):
        return None
    if site.outlet_named is not None and site.outlet_named(" ".join(words)) is not None:
        return None
    return name.title() if name.isupper() else name


def _refuse_error_page(tree: _Tree, title: str | None) -> None:
    headings = tree.xpath("//h1[1]")
    for heading in (title, *(" ".join(h.text_content().split()) for h in headings[:1])):
        if heading and any(error.fullmatch(heading) for error in current().memo(_error_titles)):
            raise NotAnArticle(f"page is an error page ({heading!r})")


def _refuse_template(tree: _Tree, body: str, title: str | None) -> None:
    """Refuse a page whose text is template placeholders: many in the text kept, or any (or
    a single-page app's markup) when there is too little text besides."""
    if len(_PLACEHOLDER.findall(f"{title or ''}\n{body}")) >= _MIN_PLACEHOLDERS or (
        len(body) < _MIN_ARTICLE_CHARS
        and (_PLACEHOLDER.search(" ".join(tree.xpath("//body//text()"))) or tree.xpath(_APP_SHELL))
    ):
        raise NotAnArticle(
            "page is an unrendered template: placeholders such as {{ … }} stand where its "
            "text should be"
        )


def _is_listing(tree: _Tree, story: list[str]) -> bool:
    """Whether the lines of ``story`` are mostly the texts of the page's links."""
    links = {" ".join(a.text_content().split()) for a in tree.iter("a")} - {""}
    flags = [" ".join(line.lstrip("-*•· ").split()) in links for line in story]
    count = sum(flags)
    if count < _MIN_LINK_LINES or count < _LINK_SHARE * len(flags):
        return False
    if any(
        len(line.split()) >= _PARAGRAPH_WORDS
        for line, link in zip(story, flags, strict=True)
        if not link
    ):
        return False
    runs = sum(1 for i, link in enumerate(flags) if link and (i == 0 or not flags[i - 1]))
    return runs >= _LINK_RUNS or count >= _ALL_LINKS * len(flags)


def _outlets(lexicons: Lexicons) -> dict[str, str]:
    table = {}
    for row in lexicons.table("outlets.tsv"):
        domain, outlet = row
        if _DOMAIN.fullmatch(outlet.lower()):
            raise row.error(f"the outlet {outlet!r} is a domain, not a name")
        table[domain.lower()] = outlet
    return table


def _error_titles(lexicons: Lexicons) -> tuple[re.Pattern[str], ...]:
    patterns = []
    for row in lexicons.table("pages.tsv"):
        kind, pattern = row
        if kind == "error":
            try:
                patterns.append(re.compile(pattern, re.I))
            except re.error as exc:
                raise row.error(f"not a regular expression: {exc}") from None
    return tuple(patterns)


def _furniture_xpath(lexicons: Lexicons) -> str | None:
    """An XPath to the elements whose class or id names them furniture (``pages.tsv``)."""
    tests = []
    for row in lexicons.table("pages.tsv"):
        kind, word = row
        if kind != "furniture_class":
            continue
        if not _CLASS_WORD.fullmatch(word):
            raise row.error(f"{word!r} is not a lower-case class word")
        tests += [
            f"contains({_LOWER.format(attribute)}, '{word}')" for attribute in ("@class", "@id")
        ]
    if not tests:
        return None
    return f".//*[{' or '.join(tests)}][string-length(normalize-space(.)) < {_MAX_FURNITURE_CHARS}]"
