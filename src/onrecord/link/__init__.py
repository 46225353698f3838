"""Linking across articles: pure functions over typed records, no database.

- :mod:`~onrecord.link.keys`: what makes two articles, two entities or two statements the
  same (article, entity and statement-cluster keys);
- :mod:`~onrecord.link.threads`: which reports are the same commitment, and its history.

``onrecord.store`` loads what these need and writes what they decide.
"""

from __future__ import annotations

__all__: list[str] = []
