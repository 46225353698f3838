"""Name normalisation for matching: pure string functions, no spaCy.

``norm("the U.S.")`` and ``norm("US")`` are both ``"us"``; ``norm("Zelenskyy’s")`` is
``"zelenskyy"``. Matching always compares normalised keys; display keeps the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["norm", "slug", "strip_possessive"]

_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_DOTS = re.compile(r"(?<=\w)\.(?=\w|$)")
_NON_WORD = re.compile(r"[^\w\s-]+")
_SPACES = re.compile(r"[\s-]+")
_SAINT = re.compile(r"\bst(?= )")


def strip_possessive(name: str) -> str:
    """``"Zelenskyy’s"`` → ``"Zelenskyy"``; ``"allies'"`` → ``"allies"``."""
    stripped = _POSSESSIVE.sub("", name)
    return stripped + "s" if name.endswith(("s'", "s’")) else stripped


@lru_cache(maxsize=1 << 16)
def norm(name: str) -> str:
    """A matching key: casefolded, accents and dots dropped, leading "the" removed."""
    name = unicodedata.normalize("NFKD", strip_possessive(name.strip()))
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = name.replace("’", "'")
    name = _DOTS.sub("", name)
    name = _NON_WORD.sub(" ", name).casefold()
    name = _SPACES.sub(" ", name).strip().removeprefix("the ")
    return _SAINT.sub("saint", name)


def slug(name: str) -> str:
    """``"Business Standard"`` → ``"business-standard"``."""
    return norm(name).replace(" ", "-").replace("'", "")
