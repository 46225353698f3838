"""From a processed Doc to an ``onrecord/1`` record: the one output format.

The record is plain JSON data (dicts and lists), validated by the JSON Schema shipped in
``onrecord/schema/onrecord-1.json``. Every span is ``[start, end)`` into
``article.text`` and every ``text`` field equals its slice.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc

from onrecord.records import (
    Article,
    Commitment,
    Entity,
    Event,
    Outcome,
    Party,
    Source,
    SourcingProfile,
    Statement,
    Time,
    Update,
    When,
)

__all__ = ["CONTENT_GAP", "SCHEMA_VERSION", "article_record", "reading", "schema", "when"]

SCHEMA_VERSION = "onrecord/1"
#: Joins the fragments of a discontinuous content in its ``text``.
CONTENT_GAP = " … "


def reading(article: Article, doc: Doc) -> dict[str, Any]:
    """The ``onrecord/1`` record of one article."""
    entities: list[Entity] = doc._.entities or []
    statements: list[Statement] = doc._.statements or []
    sourcing: SourcingProfile | None = doc._.sourcing
    times: list[Time] = doc._.times or []
    events: list[Event] = doc._.events or []
    commitments: list[Commitment] = doc._.commitments or []
    updates: list[Update] = doc._.updates or []
    # An event's or commitment's participants carry their entity's country.
    countries = {e.id: e.country for e in entities}
    record = {
        "schema": SCHEMA_VERSION,
        "article": article_record(article),
        "warnings": list(article.warnings),
        "entities": [_entity(e) for e in entities],
        "times": [_time(t) for t in times],
        "statements": [_statement(article.text, s) for s in statements],
        "events": [_event(article.text, e, countries) for e in events],
        "commitments": [_commitment(article.text, c, countries) for c in commitments],
        "updates": [_update(article.text, u, countries) for u in updates],
    }
    if sourcing is not None:
        record["sourcing"] = _sourcing(sourcing)
    return record


def article_record(article: Article) -> dict[str, Any]:
    """The ``article`` object of the record."""
    return {
        "id": article.id,
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "outlet": article.outlet,
        "authors": list(article.authors),
        "published": article.published,
        "published_from": article.published_from,
        "updated": article.updated,
        "language": article.language,
        "regions": [
            {"kind": r.kind, "span": list(r.span), "furniture": r.furniture}
            for r in article.regions
        ],
        "text": article.text,
    }


def _entity(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "category": entity.category,
        "kb_id": entity.kb_id,
        "country": entity.country,
        "role": entity.role,
        "titles": list(entity.titles),
        "kb_key": entity.kb_key,
        "mentions": [list(m.span) for m in entity.mentions],
    }


def _statement(text: str, statement: Statement) -> dict[str, Any]:
    start, end = statement.cue
    return {
        "id": statement.id,
        "kind": statement.kind,
        "speaker": _party(statement.speaker),
        "addressee": _party(statement.addressee),
        "cue": {"text": text[start:end], "span": [start, end]},
        "content": {
            "text": CONTENT_GAP.join(text[s:e] for s, e in statement.content),
            "spans": [list(span) for span in statement.content],
        },
        "said_on": when(statement.said_on),
        "sources": [_source(s) for s in statement.sources],
        "hedges": [{"text": h.text, "span": list(h.span)} for h in statement.hedges],
        "certainty": statement.certainty,
    }


def _time(time: Time) -> dict[str, Any]:
    return {
        "id": time.id,
        "text": time.text,
        "span": list(time.span),
        "type": time.type,
        "value": time.value,
        "mod": time.mod,
        "range": list(time.range) if time.range else None,
        "anchor": time.anchor,
    }


def _event(text: str, event: Event, countries: dict[str, str | None]) -> dict[str, Any]:
    where = event.where
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "trigger": _textspan(text, event.trigger),
        "actor": _party(event.actor, countries),
        "target": _party(event.target, countries),
        "when": when(event.when),
        "where": None
        if where is None
        else {
            "text": where.text,
            "span": list(where.span),
            "entity": where.entity,
            "country": where.country,
            "city": where.city,
        },
        "evidence": {
            "text": text[event.evidence[0] : event.evidence[1]],
            "span": list(event.evidence),
        },
        "rule": event.rule,
    }


def _commitment(
    text: str, commitment: Commitment, countries: dict[str, str | None]
) -> dict[str, Any]:
    condition = commitment.condition
    return {
        "id": commitment.id,
        "kind": commitment.kind,
        "by": _party(commitment.by, countries),
        "to": _party(commitment.to, countries),
        "action": _textspan(text, commitment.action),
        "condition": _textspan(text, condition) if condition is not None else None,
        "deadline": when(commitment.deadline),
        "statement": commitment.statement,
        "event": commitment.event,
        "status": commitment.status,
        "outcome": _outcome(text, commitment.outcome),
        "rule": commitment.rule,
    }


def _update(text: str, update: Update, countries: dict[str, str | None]) -> dict[str, Any]:
    return {
        "id": update.id,
        "kind": update.kind,
        "noun": update.noun,
        "by": _party(update.by, countries),
        "to": _party(update.to, countries),
        "evidence": _textspan(text, update.evidence),
        "deadline": when(update.deadline),
        "when": when(update.when),
        "statement": update.statement,
        "rule": update.rule,
    }


def _outcome(text: str, outcome: Outcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return {
        "status": outcome.status,
        "evidence": _textspan(text, outcome.evidence),
        "event": outcome.event,
        "rule": outcome.rule,
    }


def _textspan(text: str, span: tuple[int, int]) -> dict[str, Any]:
    return {"text": text[span[0] : span[1]], "span": list(span)}


def when(value: When | None) -> dict[str, Any] | None:
    """The ``when`` object of a statement's ``said_on`` (and of events)."""
    if value is None:
        return None
    return {
        "value": value.value,
        "range": list(value.range) if value.range else None,
        "time": value.time,
        "via": value.via,
    }


def _source(source: Source) -> dict[str, Any]:
    return {
        "text": source.text,
        "span": list(source.span) if source.span is not None else None,
        "type": source.type,
        "entity": source.entity,
        "description": source.description,
    }


def _sourcing(profile: SourcingProfile) -> dict[str, Any]:
    return {
        "statements": profile.statements,
        "certainty": dict(profile.certainty),
        "sources": list(profile.sources),
        "anonymous": [
            {
                "description": a.description,
                "mentions": [list(m) for m in a.mentions],
                "statements": a.statements,
            }
            for a in profile.anonymous
        ],
        "summary": profile.summary,
    }


def _party(
    party: Party | None, countries: dict[str, str | None] | None = None
) -> dict[str, Any] | None:
    """A speaker, addressee or event participant; events add the entity's country."""
    if party is None:
        return None
    out: dict[str, Any] = {"text": party.text, "span": list(party.span), "entity": party.entity}
    if countries is not None:
        out["country"] = countries.get(party.entity) if party.entity else None
    return out


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of ``onrecord/1``."""
    text = resources.files("onrecord.schema").joinpath("onrecord-1.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded
