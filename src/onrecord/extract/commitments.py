"""Commitments: threats, promises and ultimatums, with their condition and deadline.

``onrecord_commitments`` runs after ``onrecord_events``. A commitment is found, by rule:

``condition``
    An event whose mode is ``conditional``: "unless Russia commits to peace within 50
    days, Trump would impose 100 per cent tariffs". The event is the consequence (its
    clause without the condition is the ``action``), the "if"/"unless" clause the
    ``condition``, its subject the one the commitment is made ``to``.
``verb:LEMMA``
    "threatened to close the ports", "promised to send aid": the infinitive is the action.
``ultimatum``
    "gave Ukraine and Russia 30 days to sign a deal": whoever is given the time must act.

The kind is ``threat`` when the consequence is hostile (a SANCTION, ASSAULT, COERCE,
MOBILIZE, THREATEN or REJECT event, or a threatening verb), ``promise`` when it is not,
``ultimatum`` for the last rule. The **deadline** is the first time expression in the
condition or the action with calendar days ("within 50 days" runs from the day it was
said). The **status** is ``due`` when the deadline's last day is before the article's
publication date, else ``open``; later articles move it on in the ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from onrecord.calendar import add, day_value, duration_value, parse_day
from onrecord.extract.events import condition_clause, noun_phrase, party, trim_span
from onrecord.extract.extensions import text_of
from onrecord.records import Commitment, Entity, Event, Party, Statement, Time, When
from onrecord.types import Span, within

__all__ = ["HOSTILE", "find_commitments"]

#: Event categories whose promise is a threat.
HOSTILE = frozenset({"SANCTION", "ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "REJECT"})
_THREAT_VERBS = {"threaten"}
_PROMISE_VERBS = {"promise", "pledge", "vow", "undertake"}
_TIME_UNITS = {"day", "week", "month", "hour", "year"}


def find_commitments(
    doc: Doc,
    events: Sequence[Event],
    entities: Sequence[Entity],
    statements: Sequence[Statement],
    times: Sequence[Time],
    published: str | None,
) -> list[Commitment]:
    """The commitments ``doc`` reports, in text order."""
    text = text_of(doc)
    found: list[Commitment] = []
    by_trigger = {event.trigger[0]: event for event in events}
    speakers = [s.speaker for s in statements if s.speaker is not None]

    def make(
        kind: str,
        rule: str,
        action: Span,
        by: Party | None,
        to: Party | None,
        condition: Span | None,
        event: Event | None,
    ) -> Commitment:
        deadline = _deadline(times, [s for s in (condition, action) if s is not None])
        statement = next((s.id for s in statements if within(action[0], s.content)), None)
        return Commitment(
            id="",
            kind=kind,
            action=action,
            status=_status(deadline, published),
            rule=rule,
            by=by,
            to=to,
            condition=condition,
            deadline=deadline,
            statement=statement,
            event=event.id if event is not None else None,
        )

    for token in doc:
        event = by_trigger.get(token.idx)
        lemma = token.lemma_.lower()
        promising = token.pos_ == "VERB" and lemma in _THREAT_VERBS | _PROMISE_VERBS
        if event is not None and event.mode == "conditional" and not promising:
            clause = condition_clause(token)
            if clause is None:
                continue
            condition = trim_span(text, clause.left_edge.idx, _end(clause.right_edge))
            action = _action(text, token, clause)
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            kind = "threat" if event.type in HOSTILE else "promise"
            to = party(text, subject, entities, speakers) or event.target
            found.append(make(kind, "condition", action, event.actor, to, condition, event))
        elif promising:
            infinitive = next((c for c in token.children if c.dep_ == "xcomp"), None)
            if infinitive is None:
                continue
            # "threatened to close the ports unless …": the condition may hang on either verb.
            clause = condition_clause(infinitive) or condition_clause(token)
            if clause is not None and clause.i > infinitive.i:
                action = _action(text, infinitive, clause)
            else:
                action = trim_span(text, infinitive.left_edge.idx, _end(infinitive.right_edge))
            kind = "threat" if lemma in _THREAT_VERBS else "promise"
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            target = next((c for c in token.children if c.dep_ == "dobj"), None)
            if target is None and clause is not None:
                # "threatened to close the ports unless the union signs": the union.
                target = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            consequence = by_trigger.get(infinitive.idx)
            when_if = (
                trim_span(text, clause.left_edge.idx, _end(clause.right_edge))
                if clause is not None
                else None
            )
            found.append(
                make(
                    kind,
                    f"verb:{lemma}",
                    action,
                    party(text, subject, entities, speakers),
                    party(text, target, entities, speakers),
                    when_if,
                    consequence,
                )
            )
        elif lemma == "give" and token.pos_ == "VERB" and (period := _time_given(token)):
            infinitive = next((c for c in token.children if c.dep_ in ("xcomp", "advcl")), None)
            if infinitive is None:
                continue
            given = next(
                (
                    c
                    for c in token.children
                    if c.dep_ in ("dative", "iobj") or (c.dep_ == "dobj" and c is not period)
                ),
                None,
            )
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            span = trim_span(text, infinitive.left_edge.idx, _end(infinitive.right_edge))
            # "30 days to sign a deal": the time given and what must be done in it.
            condition = trim_span(text, noun_phrase(period)[0], span[1])
            commitment = make(
                "ultimatum",
                "ultimatum",
                span,
                party(text, subject, entities, speakers),
                party(text, given, entities, speakers),
                condition,
                by_trigger.get(infinitive.idx),
            )
            if commitment.deadline is None and published is not None:
                commitment = _with_deadline(commitment, period, published)
            found.append(commitment)
    return [_numbered(c, n) for n, c in enumerate(found, 1)]


def _time_given(verb: Token) -> Token | None:
    """ "30 days" in "gave them 30 days to sign"."""
    for child in verb.children:
        if child.dep_ in ("dobj", "npadvmod") and child.lemma_.lower() in _TIME_UNITS:
            return child
    return None


def _with_deadline(commitment: Commitment, period: Token, published: str) -> Commitment:
    """The deadline of time given as of publication, when the text gives no calendar days."""
    amount = next((c for c in period.children if c.dep_ == "nummod" and c.like_num), None)
    if amount is None or not amount.text.isdigit():
        return commitment
    unit = period.lemma_.lower()
    start = parse_day(published[:10])
    end = add(start, int(amount.text), unit)
    value = duration_value(int(amount.text), unit)
    deadline = When(value, (day_value(start), day_value(end)), None, "given")
    status = _status(deadline, published)
    return replace(commitment, deadline=deadline, status=status)


def _action(text: str, verb: Token, condition: Token) -> Span:
    """The consequence clause: the verb's clause without its condition and subject."""
    start = verb.idx
    end = _end(verb.right_edge)
    if condition.i > verb.i:
        end = condition.left_edge.idx
    return trim_span(text, start, end)


def _end(token: Token) -> int:
    return token.idx + len(token)


def _deadline(times: Sequence[Time], spans: Sequence[Span]) -> When | None:
    for span in spans:
        for time in times:
            if span[0] <= time.span[0] and time.span[1] <= span[1] and time.range is not None:
                return When(time.value, time.range, time.id, "condition")
    return None


def _status(deadline: When | None, published: str | None) -> str:
    if deadline is None or deadline.range is None or published is None:
        return "open"
    return "due" if deadline.range[1] < published[:10] else "open"


def _numbered(commitment: Commitment, n: int) -> Commitment:
    return replace(commitment, id=f"c{n}")


@Language.factory(
    "onrecord_commitments",
    requires=["doc._.events", "doc._.statements", "doc._.times"],
    assigns=["doc._.commitments"],
)
def make_commitment_finder(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The ``onrecord_commitments`` component: sets ``doc._.commitments``."""

    def find(doc: Doc) -> Doc:
        article = doc._.article
        doc._.commitments = find_commitments(
            doc,
            doc._.events or [],
            doc._.entities or [],
            doc._.statements or [],
            doc._.times or [],
            article.published_date if article is not None else None,
        )
        return doc

    return find
