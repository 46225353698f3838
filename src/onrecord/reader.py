"""Reading articles end to end: ingest → pipeline → ``onrecord/1`` record.

This is the library entry point::

    from onrecord import Reader
    reader = Reader()
    record = reader.read("article.txt")
    record.entities[0].name
    record.to_json()  # the onrecord/1 JSON object
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from onrecord import ingest, lexicons
from onrecord.assemble import assemble
from onrecord.errors import ExtractError
from onrecord.extract.entities import load_kb
from onrecord.ingest.language import forced_language
from onrecord.kb import KnowledgeBase
from onrecord.models import display_threshold
from onrecord.pipeline import load_pipeline, process
from onrecord.records import Article, Record
from onrecord.settings import Settings

__all__ = ["Reader"]


class Reader:
    """Reads articles into ``onrecord/1`` records with one loaded pipeline."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.kb: KnowledgeBase = load_kb(self.settings.kb)
        self.lexicons = lexicons.load(self.settings.lexicons)
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            self._nlp = load_pipeline(self.settings)
        return self._nlp

    @property
    def confidence_threshold(self) -> float:
        """The confidence below which statements are shown apart: the one chosen on train
        for this reader's statement mode (``models/statements.json``)."""
        return display_threshold(self.settings)

    def hints(
        self,
        *,
        published: str | None = None,
        outlet: str | None = None,
        language: str | None = None,
    ) -> ingest.Hints:
        """Ingestion hints backed by this reader's knowledge base and lexicons;
        ``language`` forces the articles' language ("en" reads them as English whatever
        they look like)."""
        return ingest.Hints(
            published=published,
            outlet=outlet,
            language=forced_language(language) if language else None,
            is_place=self.kb.is_place,
            outlet_from_name=self.kb.outlet_from_filename,
            outlet_named=self.kb.outlet_named,
            lexicons=self.lexicons,
        )

    def load(
        self,
        source: str | Path,
        *,
        published: str | None = None,
        outlet: str | None = None,
        language: str | None = None,
    ) -> Article:
        """Ingest one file, URL or ``-`` (stdin) into an article."""
        hints = self.hints(published=published, outlet=outlet, language=language)
        return ingest.load(source, self.settings, hints)

    def read(
        self,
        source: str | Path,
        *,
        published: str | None = None,
        outlet: str | None = None,
        language: str | None = None,
    ) -> Record:
        """The record of one file, URL or ``-``."""
        article = self.load(source, published=published, outlet=outlet, language=language)
        return self.read_article(article)

    def read_text(
        self,
        text: str,
        *,
        published: str | None = None,
        outlet: str | None = None,
        language: str | None = None,
    ) -> Record:
        """The record of an article given as plain text.

        Text the pipeline cannot take raises an :class:`~onrecord.errors.IngestError`: a
        lone surrogate (``"\\ud800"``) :class:`~onrecord.errors.InvalidText`, more than
        ``settings.max_chars`` characters :class:`~onrecord.errors.InputTooLarge`.
        """
        if not isinstance(text, str):
            raise TypeError(f"read_text takes str, not {type(text).__name__}")
        ingest.check_text(text, self.settings)
        hints = self.hints(published=published, outlet=outlet, language=language)
        article = ingest.from_text(text, hints)
        return self.read_article(article)

    def read_article(self, article: Article) -> Record:
        """The record of an ingested article."""
        return next(iter(self.read_articles([article])))

    def read_articles(self, articles: Iterable[Article]) -> Iterator[Record]:
        """Records for a stream of articles, processed in batches."""
        try:
            for article, doc in process(self.nlp, articles, self.settings.batch_size):
                yield assemble(article, doc)
        except (ValueError, IndexError, KeyError) as exc:
            raise ExtractError(f"pipeline failed: {type(exc).__name__}: {exc}") from exc
