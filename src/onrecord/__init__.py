"""onrecord: who said what, to whom, when, and who says so.

``import onrecord`` stays light (no spaCy): :class:`Reader`, which loads the pipeline, is
imported the first time it is named.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from onrecord.settings import Settings

if TYPE_CHECKING:
    from onrecord.reader import Reader

__all__ = ["Reader", "Settings", "__version__"]

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    if name == "Reader":
        from onrecord.reader import Reader

        return Reader
    raise AttributeError(f"module 'onrecord' has no attribute {name!r}")
