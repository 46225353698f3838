"""The language an article is written in, by py3langid, with the page's own claim as a hint.

Pages often declare a language they are not in (a site-wide ``<html lang="en">`` on every
page, whatever its text), so the text decides whenever the identifier is sure of it; the
declared language settles the rest. onrecord's extractors read English only: an article
in another language is stored with its language and metadata, and no extraction.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from onrecord import lexicons
from onrecord.errors import ConfigError

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

__all__ = [
    "ENGLISH",
    "detect",
    "forced_language",
    "language_code",
    "language_name",
    "not_read",
    "reads",
]

#: The language onrecord's extractors read.
ENGLISH = "en"
# The identifier reads this much of an article: enough to be sure (all 924 PolNeAR articles
# read as English), and about 1 ms an article.
_SAMPLE = 2000
# Fewer letters than this ("Putin", a caption) say nothing about the language.
_MIN_LETTERS = 40
# Sure enough to overrule what the page declares. On English news the identifier gives
# above 0.99; below this the article keeps its declared language, or none.
_SURE = 0.9
# Below this chance of English, a text is not English even when the identifier hesitates
# between close languages (Mandarin and Wu, Bosnian and Croatian): it takes the declared
# language if the identifier finds that one plausible, else the identifier's best.
_NOT_ENGLISH = 0.01
_PLAUSIBLE = 0.05
_CODE = re.compile(r"^[a-z]{2,3}$")


@cache
def _identifier() -> LanguageIdentifier:
    # Loaded on first use (half a second), once per process.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str, declared: str | None = None) -> str | None:
    """The language of ``text`` as an ISO 639 code ("en", "de"); ``declared`` (the page's
    own, as :func:`language_code` reads it) when the text is too short or the identifier
    unsure; None when neither says."""
    sample = text[:_SAMPLE]
    declared = language_code(declared)
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return declared
    chances = {str(code): float(chance) for code, chance in _identifier().rank(sample)}
    best = max(chances, key=chances.__getitem__)
    if chances[best] >= _SURE:
        return best
    if chances.get(ENGLISH, 0.0) < _NOT_ENGLISH:
        return declared if declared and chances.get(declared, 0.0) >= _PLAUSIBLE else best
    return declared


def language_code(value: str | None) -> str | None:
    """``value`` as onrecord stores a language: "en-US", "EN" and "en_GB" are "en"; None
    for a value that is no ISO 639 code ("english")."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return code if _CODE.match(code) else None


def forced_language(value: str) -> str:
    """The language code a user forces (``--language``), or a :class:`ConfigError`."""
    code = language_code(value)
    if code is None:
        raise ConfigError(f"language {value!r} is not an ISO 639 code such as en or de")
    return code


def reads(language: str | None) -> bool:
    """Whether onrecord extracts from an article in ``language`` (unknown counts as
    English: an article too short to tell is read)."""
    return language is None or language == ENGLISH


def language_name(code: str) -> str:
    """ "German" for "de"; the code itself when ``languages.tsv`` does not name it."""
    return lexicons.current().memo(_names).get(code, code)


def not_read(code: str) -> str:
    """What the record, ``read`` and ``ingest`` say of an article not in English."""
    return f"{language_name(code)}: onrecord reads English; stored without extraction"


def _names(table: lexicons.Lexicons) -> dict[str, str]:
    return {row[0]: row[1] for row in table.table("languages.tsv")}
