"""From a processed Doc to its ``onrecord/1`` :class:`~onrecord.records.Record`.

The components leave their findings on ``Doc._`` extensions; :func:`assemble` gathers them
into one record and gives the participants of events, commitments and updates their
entity's country. JSON comes from :meth:`Record.to_json`, validated by the JSON Schema
:func:`schema` reads (``onrecord/schema/onrecord-1.json``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from spacy.tokens import Doc

from onrecord.records import Article, Party, Record

__all__ = ["assemble", "schema"]

T = TypeVar("T")


def assemble(article: Article, doc: Doc) -> Record:
    """The record of ``article``, read into ``doc`` by the pipeline."""
    entities = tuple(doc._.entities or ())
    countries = {e.id: e.country for e in entities}
    return Record(
        article=article,
        warnings=article.warnings,
        entities=entities,
        times=tuple(doc._.times or ()),
        statements=tuple(doc._.statements or ()),
        events=_placed(doc._.events or (), ("actor", "target"), countries),
        commitments=_placed(doc._.commitments or (), ("by", "to"), countries),
        updates=_placed(doc._.updates or (), ("by", "to"), countries),
        sourcing=doc._.sourcing,
    )


def _placed(
    items: Iterable[T], roles: tuple[str, ...], countries: Mapping[str, str | None]
) -> tuple[T, ...]:
    """``items`` whose participants in ``roles`` carry their entity's country."""

    def place(party: Party | None) -> Party | None:
        if party is None or not party.entity:
            return party
        return dataclasses.replace(party, country=countries.get(party.entity))

    return tuple(
        dataclasses.replace(item, **{role: place(getattr(item, role)) for role in roles})  # type: ignore[type-var]
        for item in items
    )


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of ``onrecord/1``."""
    text = resources.files("onrecord.schema").joinpath("onrecord-1.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded
