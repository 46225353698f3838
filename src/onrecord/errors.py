"""Every error onrecord raises on purpose.

::

    OnrecordError
    ├── IngestError            the input could not become an article
    │   ├── SourceNotFound     no such file
    │   ├── FetchError         a URL could not be fetched
    │   ├── EmptyInput         nothing but whitespace
    │   ├── BinaryInput        an image, a PDF, an archive, ...
    │   ├── InputTooLarge      over the size cap
    │   ├── UndecodableInput   no text encoding fits
    │   ├── InvalidText        text holding lone surrogates, which no encoding can write
    │   ├── InvalidURL         an article's address that is not an http(s) URL
    │   └── NotAnArticle       markup with no article text in it
    ├── ExtractError           the pipeline failed on an article
    ├── StoreError             the ledger database cannot be opened or written
    └── ConfigError            a setting or a data file is wrong
        └── LexiconError       a lexicon file is malformed (the message names file and line)

Messages are one line, fit for a terminal or an ``ingest_errors`` row.
"""

from __future__ import annotations

__all__ = [
    "BinaryInput",
    "ConfigError",
    "EmptyInput",
    "ExtractError",
    "FetchError",
    "IngestError",
    "InputTooLarge",
    "InvalidText",
    "InvalidURL",
    "LexiconError",
    "NotAnArticle",
    "OnrecordError",
    "SourceNotFound",
    "StoreError",
    "UndecodableInput",
    "first_line",
]


def first_line(exc: BaseException) -> str:
    """The first line of ``exc``'s message (its type's name when it has none), at most 500
    characters: what a one-line report or an error row holds of a long exception."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:500]


class OnrecordError(Exception):
    """Base class of every error onrecord raises on purpose."""


class IngestError(OnrecordError):
    """The input could not be turned into an article."""


class SourceNotFound(IngestError):
    """The named file does not exist or is not readable."""


class FetchError(IngestError):
    """A URL could not be fetched, or did not return an article-like page."""


class EmptyInput(IngestError):
    """The input holds no text."""


class BinaryInput(IngestError):
    """The input is binary data, not text or HTML."""


class InputTooLarge(IngestError):
    """The input is larger than the configured cap."""


class UndecodableInput(IngestError):
    """No text encoding decodes the input."""


class InvalidText(IngestError):
    """The text holds a lone surrogate (from a ``\\ud800`` escape or an undecodable file
    name), a code point that is no character: UTF-8 cannot write it, nor the ledger store it."""


class InvalidURL(IngestError):
    """An article's address is not an http(s) URL (``javascript:``, ``data:``, a path, or
    text that is no URL at all), and is not stored or followed as its link."""


class NotAnArticle(IngestError):
    """The input is markup with no article text in it."""


class ExtractError(OnrecordError):
    """The pipeline failed on an article."""


class StoreError(OnrecordError):
    """The ledger database cannot be opened or written."""


class ConfigError(OnrecordError):
    """A setting or a data file is invalid."""


class LexiconError(ConfigError):
    """A lexicon file (shipped or in an overlay folder) is malformed; the message names
    the file and the line."""
