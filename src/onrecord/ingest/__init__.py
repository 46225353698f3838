"""Ingestion: turn a file, a URL, stdin or a string into an :class:`~onrecord.records.Article`.

:func:`load` raises an :class:`~onrecord.errors.IngestError` with a one-line reason;
:func:`load_all` is the batch form, which yields a :class:`Rejected` for each bad item and
goes on with the rest. :func:`onrecord.ingest.sources.expand` does the same for folders,
crawls (WARC), JSON Lines batches and feeds too.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx

from onrecord.errors import (
    ConfigError,
    FetchError,
    IngestError,
    InputTooLarge,
    InvalidText,
    InvalidURL,
    SourceNotFound,
)
from onrecord.ingest.datelines import find_date
from onrecord.ingest.decode import decode, human_size
from onrecord.ingest.fetch import Fetched, fetch
from onrecord.ingest.html import looks_like_html, read_html
from onrecord.ingest.language import detect, language_code, not_read, reads
from onrecord.ingest.text import read_layout
from onrecord.lexicons import Lexicons
from onrecord.records import Article, Region
from onrecord.settings import Settings

__all__ = [
    "Hints",
    "Rejected",
    "check_text",
    "check_url",
    "from_bytes",
    "from_fetched",
    "from_html",
    "from_text",
    "is_url",
    "load",
    "load_all",
    "open_file",
    "parse_published",
    "shown_name",
    "web_url",
]

_URL = re.compile(r"^https?://", re.I)
# Python holds the bytes of a file name that are not UTF-8 as lone surrogates, and a JSON
# "\ud800" escape gives one too; no encoding can write them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f]")
#: What a file that is not a regular file is, by its stat mode test.
_NOT_FILES = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be read, and why."""

    source: str
    reason: str

    @classmethod
    def from_error(cls, source: str, error: Exception) -> Rejected:
        """The rejection of ``source`` for ``error``, whose message may start with
        ``source: ``, which is not repeated."""
        return cls(source, str(error).removeprefix(f"{source}: "))


@dataclass(frozen=True, slots=True)
class Hints:
    """What the caller knows about an article that the article may not say itself."""

    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    is_place: Callable[[str], bool] | None = None
    outlet_from_name: Callable[[str], str | None] | None = None
    #: The canonical name of the outlet a web page's site name or byline names exactly
    #: ("SPIEGEL ONLINE" → Der Spiegel), None when it names none.
    outlet_named: Callable[[str], str | None] | None = None
    #: A date the file name carries (``nyt_2016-09-20_slug.txt``), used only when the
    #: article itself gives none.
    name_date: str | None = None
    #: The date the article's feed entry gives, used only when the article itself gives
    #: none (and its file name neither).
    feed_date: str | None = None
    #: The lexicons (with the overlays of ``--lexicons``) that page furniture and bylines
    #: are read with; None for the shipped ones.
    lexicons: Lexicons | None = None
    #: The language every article is taken to be in (``--language en``), instead of the
    #: one detected.
    language: str | None = None
    #: The language the source of an article says it is in (a JSON Lines record's
    #: "language"): a hint, as a page's own ``lang`` is.
    declared_language: str | None = None


def is_url(source: str) -> bool:
    """True for ``http://`` and ``https://`` addresses."""
    return bool(_URL.match(source))


def parse_published(value: str) -> str:
    """Check a user-given publication date (``YYYY-MM-DD`` or ISO-8601 date-time)."""
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value).isoformat(timespec="minutes")
    except ValueError:
        raise ConfigError(
            f"published date {value!r} is not YYYY-MM-DD or an ISO-8601 date-time"
        ) from None


def load(source: str | Path, settings: Settings, hints: Hints = Hints()) -> Article:
    """Read one article from a path, a URL or ``-`` (stdin).

    A file name that is not UTF-8 is read all the same: the article's source, and any
    message, shows it as :func:`shown_name` does, with a warning. Anything but a regular
    file (a named pipe, a socket, a device) is refused unread (:func:`open_file`).
    """
    name = shown_name(source)
    if name == "-":
        data = _read_capped(sys.stdin.buffer, settings.max_bytes)
        return from_bytes(data, settings, hints, source="-")
    if is_url(name):
        return from_fetched(fetch(check_url(str(source)), settings), settings, hints, source=name)
    path = Path(source)
    with open_file(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > settings.max_bytes:
            raise InputTooLarge(
                f"{name}: file is {human_size(size)}, over the "
                f"{human_size(settings.max_bytes)} limit (raise ONRECORD_MAX_BYTES to accept it)"
            )
        try:
            data = stream.read()
        except OSError as exc:
            raise SourceNotFound(f"{name}: cannot be read ({exc.strerror})") from None
    shown = Path(name)
    # The dateline parser validates the date; underscores would hide it from its \b.
    name_date = find_date(shown.stem.replace("_", " "))
    if name_date is not None:
        hints = replace(hints, name_date=name_date[0][:10])
    if hints.outlet is None and hints.outlet_from_name is not None:
        hints = replace(hints, outlet=hints.outlet_from_name(shown.name))
    is_html = shown.suffix.lower() in {".html", ".htm", ".xhtml"} or None
    article = from_bytes(data, settings, hints, source=name, html=is_html)
    if name != str(source):
        warning = "the file name is not UTF-8: the source gives its other bytes as \\xNN"
        article = replace(article, warnings=(*article.warnings, warning))
    return article


def shown_name(source: str | Path) -> str:
    """``source`` as text that can be printed and stored: the bytes of a file name that are
    not UTF-8 become ``\\xNN`` escapes (``caf\\xe9.txt``), the same on every run."""
    name = str(source)
    if _SURROGATE.search(name) is None:
        return name
    try:
        raw = os.fsencode(name)
    except UnicodeEncodeError:
        # A surrogate that stands for no byte: typed in Python, not read from a folder.
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def web_url(url: str) -> str:
    """``url`` when it is an http(s) URL with a host, as an article's link must be;
    otherwise :class:`~onrecord.errors.InvalidURL` (a ``javascript:`` or ``data:`` link
    would run or render in the reader's browser, and a path or stray text links nowhere)."""
    shown = shown_name(url)[:200]
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not host:
        raise InvalidURL(f"{shown!r} is not an http(s) URL")
    if _UNSAFE_IN_URL.search(url):
        raise InvalidURL(f"{shown!r} holds spaces or control characters: not a URL")
    try:
        # As the fetcher reads it: a host that is no IDNA name is no address at all.
        httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise InvalidURL(f"{shown!r} is not a URL ({exc})") from None
    return url


def check_url(url: str) -> str:
    """``url``, unless it holds bytes that are not UTF-8 (from a command line), which no
    request can carry as they are: then :class:`~onrecord.errors.FetchError`."""
    if _SURROGATE.search(url) is not None:
        raise FetchError(
            f"{shown_name(url)}: the URL is not UTF-8 text (percent-encode its other bytes)"
        )
    return url


def open_file(path: str | Path) -> BinaryIO:
    """``path`` open for reading, when it is a regular file; otherwise
    :class:`~onrecord.errors.SourceNotFound`, whose message names it as :func:`shown_name`.

    A named pipe would block ``open`` until something writes to it, maybe forever, and a
    device may never end, so neither is opened as an article.
    """
    name = shown_name(path)
    try:
        mode = Path(path).stat().st_mode
        _refuse_unless_regular(name, mode)
        # Non-blocking, in case a pipe took the file's place since the stat; a regular
        # file reads the same either way.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise SourceNotFound(f"{name}: no such file") from None
    except OSError as exc:
        raise SourceNotFound(f"{name}: cannot be read ({exc.strerror})") from None
    try:
        _refuse_unless_regular(name, os.fstat(fd).st_mode)
    except SourceNotFound:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _refuse_unless_regular(name: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise SourceNotFound(f"{name}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        kind = next((what for test, what in _NOT_FILES if test(mode)), "a special file")
        raise SourceNotFound(f"{name}: is {kind}, not a regular file")


def check_text(text: str, settings: Settings) -> None:
    """Refuse ``text`` the pipeline cannot take: one holding a lone surrogate
    (:class:`~onrecord.errors.InvalidText`), or longer than ``settings.max_chars``
    (:class:`~onrecord.errors.InputTooLarge`)."""
    lone = _SURROGATE.search(text)
    if lone is not None:
        raise InvalidText(
            f"text holds a lone surrogate (U+{ord(lone.group()):04X} at character "
            f"{lone.start():,}), which is no character"
        )
    if len(text) > settings.max_chars:
        raise InputTooLarge(
            f"text is {len(text):,} characters, over the {settings.max_chars:,}-character "
            "limit (raise ONRECORD_MAX_CHARS to accept it)"
        )


def load_all(
    sources: Iterable[str | Path], settings: Settings, hints: Hints = Hints()
) -> Iterator[Article | Rejected]:
    """Load each source in turn; a bad one becomes a :class:`Rejected` and the rest go on."""
    for source in sources:
        try:
            yield load(source, settings, hints)
        except IngestError as exc:
            yield Rejected.from_error(str(source), exc)


def from_bytes(
    data: bytes,
    settings: Settings,
    hints: Hints = Hints(),
    *,
    source: str | None = None,
    html: bool | None = None,
    charset: str | None = None,
) -> Article:
    """Decode ``data`` and read it as HTML or plain text (sniffed when ``html`` is None).

    ``charset`` is the encoding the transport declares (an HTTP header's); the page's own
    declaration comes after it, and a guess only when neither decodes the bytes.
    """
    try:
        decoded = decode(data, max_bytes=settings.max_bytes, declared=charset)
        warnings: list[str] = []
        if decoded.guessed:
            warnings.append(f"input is not UTF-8; decoded as {decoded.encoding}")
        if decoded.replaced:
            plural = "s" if decoded.replaced > 1 else ""
            warnings.append(
                f"input is not valid UTF-8: {decoded.replaced} byte{plural} replaced with U+FFFD"
            )
        if html is None:
            html = looks_like_html(decoded.text)
        if html:
            article = from_html(decoded.text, hints, source=source, warnings=warnings)
        else:
            article = from_text(decoded.text, hints, source=source, warnings=warnings)
        check_text(article.text, settings)
        return article
    except IngestError as exc:
        raise type(exc)(f"{source}: {exc}" if source else str(exc)) from None


def from_fetched(
    fetched: Fetched, settings: Settings, hints: Hints = Hints(), *, source: str
) -> Article:
    """Read a fetched page as an article, under its final URL (after redirects)."""
    return from_bytes(
        fetched.body,
        settings,
        replace(hints, url=fetched.url),
        source=source,
        html={"text/plain": False, "": None}.get(fetched.content_type, True),
        charset=fetched.charset,
    )


def from_text(
    text: str,
    hints: Hints = Hints(),
    *,
    source: str | None = None,
    warnings: Iterable[str] = (),
) -> Article:
    """Build an article from plain text, reading its title, byline and datelines."""
    layout = read_layout(text, hints.is_place, hints.lexicons)
    published, published_from = layout.published, "dateline" if layout.published else None
    if layout.published is not None and layout.published == layout.updated:
        published_from = "updated-line"
    return _article(
        text,
        hints,
        title=layout.title,
        authors=layout.authors,
        outlet=None,
        published=published,
        published_from=published_from,
        updated=layout.updated,
        language=None,
        regions=layout.regions,
        source=source,
        warnings=list(warnings),
    )


def from_html(
    html: str,
    hints: Hints = Hints(),
    *,
    source: str | None = None,
    warnings: Iterable[str] = (),
) -> Article:
    """Build an article from an HTML page with trafilatura (and htmldate for the date),
    its metadata cleaned and its lines read as plain text's are (see
    :mod:`onrecord.ingest.html`)."""
    page = read_html(
        html,
        hints.url,
        is_place=hints.is_place,
        outlet_named=hints.outlet_named,
        lexicons=hints.lexicons,
    )
    return _article(
        page.text,
        replace(hints, url=page.url or hints.url),
        title=page.title,
        authors=page.authors,
        outlet=page.outlet,
        published=page.published,
        published_from=page.published_from,
        updated=page.updated,
        language=page.language,
        regions=page.regions,
        source=source,
        warnings=list(warnings),
    )


def _article(
    text: str,
    hints: Hints,
    *,
    title: str | None,
    authors: tuple[str, ...],
    outlet: str | None,
    published: str | None,
    published_from: str | None,
    updated: str | None,
    language: str | None,
    regions: tuple[Region, ...],
    source: str | None,
    warnings: list[str],
) -> Article:
    if hints.published is not None:
        published, published_from = parse_published(hints.published), "option"
    elif published is None and hints.name_date is not None:
        published, published_from = hints.name_date, "file-name"
        warnings.append("no publication date in the article; using the date in its file name")
    elif published is None and hints.feed_date is not None:
        published, published_from = hints.feed_date, "feed"
        warnings.append("no publication date in the article; using the date its feed entry gives")
    elif published is None:
        warnings.append(
            "no publication date found: relative dates stay unresolved "
            "(pass --published YYYY-MM-DD)"
        )
    elif published_from == "updated-line":
        warnings.append("no first-published date found; using the 'updated' date")
    declared = language_code(language) or language_code(hints.declared_language)
    language = language_code(hints.language) or detect(text, declared)
    if language is not None and not reads(language):
        warnings.append(not_read(language))
    return Article(
        text=text,
        title=title,
        url=web_url(hints.url) if hints.url else None,
        source=source,
        outlet=hints.outlet or outlet,
        authors=authors,
        published=published,
        published_from=published_from,
        updated=updated,
        language=language,
        regions=regions,
        warnings=tuple(warnings),
    )


def _read_capped(stream: BinaryIO, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLarge(
            f"-: standard input is over the {human_size(max_bytes)} limit "
            "(raise ONRECORD_MAX_BYTES to accept it)"
        )
    return data
