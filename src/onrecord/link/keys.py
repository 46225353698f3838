"""Keys that link articles, entities and statements across the ledger.

- an **article** is its URL when known, else the hash of its text;
- an **entity** is its knowledge-base id, else its knowledge-base key, else its type and
  normalised name;
- a **statement cluster** (the same words of the same speaker in several articles) is the
  speaker's entity key and the content normalised (case, quotation marks, punctuation and
  whitespace dropped).
"""

from __future__ import annotations

import hashlib

from onrecord.names import norm
from onrecord.records import Entity

__all__ = ["article_key", "cluster_key", "content_hash", "entity_key"]


def content_hash(text: str) -> str:
    """The SHA-256 of an article's text, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_key(url: str | None, text: str) -> str:
    """What identifies an article in the ledger: its URL when known, else its content hash."""
    if not url:
        return f"sha256:{content_hash(text)}"
    # A unique index entry has a size limit (about 2.7 kB on PostgreSQL); such URLs are rare
    # and stand in by their hash.
    return url if len(url) <= 1000 else f"url-sha256:{content_hash(url)}"


def entity_key(entity: Entity) -> str:
    """The cross-article key of an entity."""
    return entity.kb_id or entity.kb_key or f"{entity.type}:{norm(entity.name)}"


def cluster_key(speaker_key: str, content: str) -> str:
    """The key shared by the same speaker's near-identical statements."""
    return hashlib.sha256(f"{speaker_key}\x1f{norm(content)}".encode()).hexdigest()[:32]
