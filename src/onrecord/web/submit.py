"""Reading one submitted article into the ledger, for the API and the Add page.

A submission is text, HTML, an uploaded file or a URL to fetch, with optional title, outlet
and publication date. It goes the way of every article (ingest → pipeline → record →
store), so what the web app stores is what ``onrecord ingest`` would; the pipeline runs
in the reading process, within the per-article budget (:mod:`onrecord.web.reading`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

from fastapi import HTTPException

from onrecord.batch import extractor
from onrecord.errors import ConfigError, ExtractError, FetchError, IngestError, StoreError
from onrecord.ingest import Rejected, from_bytes, from_fetched, web_url
from onrecord.ingest.fetch import fetch
from onrecord.records import Article, Record
from onrecord.web.deps import AppState
from onrecord.web.reading import reading_process

__all__ = ["Submission", "submit"]

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Submission:
    """An article as a user hands it over; exactly one of text, html, data or url is read
    (url is fetched only when none of the others is given)."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    data: bytes | None = None
    filename: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


def submit(state: AppState, submission: Submission) -> dict[str, Any]:
    """Read and store ``submission``; the stored article's id and counts. Bad input is a
    4xx :class:`HTTPException` with the reason; nothing already stored changes then."""
    reader = state.reader
    try:
        hints = replace(
            reader.hints(published=submission.published, outlet=submission.outlet or None),
            url=submission.url or None,
        )
        article = _article(state, submission, hints)
        if submission.title:
            article = replace(article, title=submission.title)
        record = _read(state, article)
        [article_id] = state.store.save([record], extractor(state.settings))
    except FetchError as exc:
        raise HTTPException(502, str(exc)) from None
    except (IngestError, ConfigError) as exc:
        raise HTTPException(422, str(exc)) from None
    except ExtractError as exc:
        raise HTTPException(422, f"the article could not be read: {exc}") from None
    except StoreError as exc:
        raise HTTPException(503, str(exc)) from None
    except Exception as exc:
        # As in a batch, a flaw the article trips in the pipeline fails that article alone.
        LOGGER.exception("reading a submitted article failed")
        raise HTTPException(
            500, f"the article could not be read: {type(exc).__name__}: {exc}"
        ) from None
    return {
        "id": article_id,
        "title": record.article.title,
        "published": record.article.published,
        "warnings": list(record.warnings),
        "counts": {
            "entities": len(record.entities),
            "times": len(record.times),
            "statements": len(record.statements),
            "events": len(record.events),
            "commitments": len(record.commitments),
        },
    }


def _read(state: AppState, article: Article) -> Record:
    """The record of ``article``, read within the per-article budget in the reading
    process (see :mod:`onrecord.web.reading`); with no budget, here."""
    if state.settings.budget <= 0:
        with state.lock:
            return state.reader.read_article(article)
    read = reading_process(state.settings).read(article)
    if isinstance(read, Rejected):
        raise ExtractError(read.reason)
    return read


def _article(state: AppState, submission: Submission, hints: Any) -> Article:
    settings = state.settings
    # Text and HTML go through the byte decoder too, which refuses empty and binary input
    # and input over the size cap, as it does for files.
    if submission.text is not None:
        return from_bytes(
            submission.text.encode("utf-8", "replace"), settings, hints, source=None, html=False
        )
    if submission.html is not None:
        return from_bytes(
            submission.html.encode("utf-8", "replace"), settings, hints, source=None, html=True
        )
    if submission.data is not None:
        name = submission.filename or "upload"
        html = name.lower().endswith((".html", ".htm", ".xhtml")) or None
        return from_bytes(submission.data, settings, hints, source=name, html=html)
    if submission.url:
        url = web_url(submission.url)
        fetched = fetch(url, settings, public_only=not settings.allow_private_urls)
        return from_fetched(fetched, settings, hints, source=url)
    raise ConfigError("give the article's text, its HTML, a file or a URL")
