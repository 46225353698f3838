"""onrecord: who said what, to whom, when, and who says so."""

from __future__ import annotations

import logging

from onrecord.reader import Reader
from onrecord.settings import Settings

__all__ = ["Reader", "Settings", "__version__"]

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
