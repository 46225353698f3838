"""Commitments: threats, promises and ultimatums, with their condition and deadline.

``onrecord_commitments`` runs after ``onrecord_events``. A commitment is found, by rule:

``condition``
    An event whose mode is ``conditional``: "unless Belgrade signs the accord within 45
    days, Brussels would impose 25 per cent duties". The event is the consequence (its
    clause without the condition is the ``action``), the "if"/"unless" clause the
    ``condition``, its subject the one the commitment is made ``to``.
``verb:LEMMA``
    "threatened to close the ports", "promised to send aid": the infinitive is the action.
``ultimatum``
    "gave Ukraine and Russia 30 days to sign a deal": whoever is given the time must act.
``timeline``
    A time someone sets themselves: "she needed three weeks to weigh the offer", "he would
    decide within ten days". When the same article goes on to contrast it ("however, the
    board signed off three days later"), the commitment's ``outcome`` is
    ``contradicted``, with the contrasting clause and its event as evidence.

The kind is ``threat`` when the consequence is hostile (a SANCTION, ASSAULT, COERCE,
MOBILIZE, THREATEN or REJECT event, or a threatening verb), ``promise`` when it is not,
``ultimatum`` and ``timeline`` for the last two rules. The **deadline** is the first time
expression in the condition or the action with calendar days ("within 45 days" runs from
the day it was said; a time a past-tense claim gave itself has no calendar days when the
article does not say when it was claimed). The **status** is the outcome's when there is
one, ``due`` when the deadline's last day is before the article's publication date, else ``open``;
later articles move it on in the ledger (see :mod:`onrecord.extract.updates`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc, Token

from onrecord import lexicons
from onrecord.calendar import add, day_value, duration_value, parse_day
from onrecord.extract.events import condition_clause, noun_phrase, party, trim_span
from onrecord.extract.extensions import pos_of, starts_of, text_of
from onrecord.records import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Entity,
    Event,
    Outcome,
    Party,
    Statement,
    TextSpan,
    Time,
    When,
)
from onrecord.types import Span, within

__all__ = ["HOSTILE", "find_commitments", "person"]

#: Event categories whose promise is a threat.
HOSTILE = frozenset({"SANCTION", "ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "REJECT"})


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
    by_trigger = {event.trigger.start: event for event in events}
    speakers = [s.speaker for s in statements if s.speaker is not None]

    def make(
        kind: CommitmentKind,
        rule: str,
        action: Span,
        by: Party | None,
        to: Party | None,
        condition: Span | None,
        event: Event | None,
    ) -> Commitment:
        deadline = _deadline(times, [s for s in (condition, action) if s is not None])
        statement = next((s.id for s in statements if within(action[0], s.content.spans)), None)
        return Commitment(
            id="",
            kind=kind,
            action=TextSpan.of(text, action),
            status=_status(deadline, published),
            rule=rule,
            by=by,
            to=to,
            condition=TextSpan.of(text, condition) if condition is not None else None,
            deadline=deadline,
            statement=statement,
            event=event.id if event is not None else None,
        )

    starts = starts_of(doc)
    for i, pos in enumerate(pos_of(doc)):
        # Every commitment below hangs on a verb or on an event's trigger: the other tokens
        # are passed over before a Token is built for them.
        if pos != "VERB" and starts[i] not in by_trigger:
            continue
        token = doc[i]
        if (timeline := _timeline(token)) is not None:
            allowed, action_head = timeline
            action = trim_span(text, action_head.left_edge.idx, _end(action_head.right_edge))
            if action_head is token:
                action = trim_span(text, token.idx, _end(token.right_edge))
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            commitment = make(
                "timeline",
                f"timeline:{token.lemma_.lower()}",
                action,
                person(text, subject, entities, statements),
                None,
                None,
                by_trigger.get(action_head.idx),
            )
            deadline = _deadline(times, [noun_phrase(allowed), action])
            if deadline is not None and token.tag_ == "VBD" and _from_publication(times, deadline):
                # "she said she needed three weeks": three weeks from an unsaid day.
                deadline = replace(deadline, range=None)
            commitment = replace(commitment, deadline=deadline, status=_status(deadline, published))
            outcome = _contrast(doc, text, token, by_trigger)
            if outcome is not None:
                commitment = replace(commitment, outcome=outcome, status=outcome.status)
            found.append(commitment)
            continue
        event = by_trigger.get(token.idx)
        lemma = token.lemma_.lower()
        promising = token.pos_ == "VERB" and (
            lemma in lexicons.words("threat_verb") or lemma in lexicons.words("promise_verb")
        )
        if event is not None and event.mode == "conditional" and not promising:
            clause = condition_clause(token)
            if clause is None:
                continue
            condition = trim_span(text, clause.left_edge.idx, _end(clause.right_edge))
            action = _action(text, token, clause)
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            kind = "threat" if event.type in HOSTILE else "promise"
            to = party(text, subject, entities, speakers) or event.target
            by = _speaking(event.actor, statements)
            found.append(
                make(cast(CommitmentKind, kind), "condition", action, by, to, condition, event)
            )
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
            kind = "threat" if lemma in lexicons.words("threat_verb") else "promise"
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
                    cast(CommitmentKind, kind),
                    f"verb:{lemma}",
                    action,
                    person(text, subject, entities, statements),
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


def person(
    text: str, token: Token | None, entities: Sequence[Entity], statements: Sequence[Statement]
) -> Party | None:
    """The party ``token`` heads; "he" inside a statement's content is its speaker."""
    return _speaking(
        party(text, token, entities, [s.speaker for s in statements if s.speaker]), statements
    )


def _speaking(found: Party | None, statements: Sequence[Statement]) -> Party | None:
    """``found``, with the entity of the speaker whose words it is "he" or "we" in."""
    if found is None or found.entity is not None or not _self_reference(found.text.lower()):
        return found
    for statement in statements:
        speaker = statement.speaker
        if (
            speaker is not None
            and speaker.entity
            and within(found.span[0], statement.content.spans)
        ):
            return replace(found, entity=speaker.entity)
    return found


def _self_reference(word: str) -> bool:
    """ "he", "we": a subject pronoun that can stand for the speaker whose words it is in
    (not "it", and not "you", the one spoken to)."""
    pronoun = lexicons.pronoun(word)
    return (
        pronoun is not None
        and pronoun.subject
        and pronoun.refers != "thing"
        and pronoun.person != 2
    )


def _timeline(verb: Token) -> tuple[Token, Token] | None:
    """(time, act) of a timeline someone sets themselves, headed by ``verb``."""
    if verb.pos_ != "VERB":
        return None
    lemma = verb.lemma_.lower()
    asking = lemma in lexicons.words("time_asking_verb")
    if not asking and lemma not in lexicons.words("deciding_verb") and lemma != "make":
        return None  # the cheap test first: this runs on every verb of the article
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in lexicons.words("impersonal_subject"):
        return None
    if asking:
        period = next((c for c in verb.children if c.dep_ == "dobj" and _counted(c)), None)
        act = next(
            (
                c
                for c in verb.children
                if c.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in c.children)
            ),
            None,
        )
        return (period, act) if period is not None and act is not None else None
    deciding = lemma in lexicons.words("deciding_verb") or (
        lemma == "make" and any(c.dep_ == "dobj" and c.lemma_ == "decision" for c in verb.children)
    )
    modal = any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll") for c in verb.children)
    if not (deciding and modal):
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("within", "in"):
            period = next((c for c in prep.children if c.dep_ == "pobj" and _counted(c)), None)
            if period is not None:
                return period, verb
    return None


def _counted(noun: Token) -> bool:
    """ "two weeks", "10 days": a unit of time with a number."""
    return noun.lemma_.lower() in lexicons.words("time_unit") and any(
        c.dep_ == "nummod" for c in noun.children
    )


def _from_publication(times: Sequence[Time], deadline: When) -> bool:
    return any(t.id == deadline.time and t.anchor == "dct" for t in times)


def _contrast(doc: Doc, text: str, verb: Token, by_trigger: dict[int, Event]) -> Outcome | None:
    """A clause after ``verb`` that contrasts with it, in its sentence or opening the next:
    "…; however, the regulator approved the merger only three days later"."""
    sentence = verb.sent
    following = [t for t in sentence if t.i > verb.i]
    if sentence.end < len(doc):
        following += list(doc[sentence.end].sent)[:2]
    for word in following:
        if word.lower_ not in lexicons.words("contrast_word") or word.dep_ not in ("advmod", "cc"):
            continue
        if word.dep_ == "advmod":
            contrasted: Token | None = word.head
        else:
            contrasted = next(
                (c for c in word.head.children if c.dep_ == "conj" and c.i > word.i), None
            )
        if contrasted is None or contrasted.pos_ not in ("VERB", "AUX") or contrasted.i < word.i:
            continue
        if any(c.dep_ == "neg" for c in contrasted.children) or contrasted in verb.subtree:
            continue
        evidence = trim_span(text, word.idx, _end(contrasted.right_edge))
        event = next(
            (
                e
                for e in by_trigger.values()
                if e.mode == "asserted" and within(e.trigger.start, (evidence,))
            ),
            None,
        )
        return Outcome(
            "contradicted",
            TextSpan.of(text, evidence),
            f"contrast:{word.lower_}",
            event.id if event else None,
        )
    return None


def _time_given(verb: Token) -> Token | None:
    """ "30 days" in "gave them 30 days to sign"."""
    units = lexicons.words("time_unit")
    for child in verb.children:
        if child.dep_ in ("dobj", "npadvmod") and child.lemma_.lower() in units:
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


def _status(deadline: When | None, published: str | None) -> CommitmentStatus:
    if deadline is None or deadline.range is None or published is None:
        return "open"
    return "due" if deadline.range[1] < published[:10] else "open"


def _numbered(commitment: Commitment, n: int) -> Commitment:
    return replace(commitment, id=f"c{n}")


@Language.factory(
    "onrecord_commitments",
    requires=[
        "doc._.entities",
        "doc._.events",
        "doc._.statements",
        "doc._.times",
        "token.dep",
        "token.lemma",
        "token.tag",
    ],
    assigns=["doc._.commitments"],
    default_config={"lexicons": []},
)
def make_commitment_finder(nlp: Language, name: str, lexicons: list[str]) -> Callable[[Doc], Doc]:
    """The ``onrecord_commitments`` component: sets ``doc._.commitments``; ``lexicons``
    lists lexicon overlay folders."""
    return _commitment_finder([Path(p) for p in lexicons])


def _commitment_finder(overlays: Sequence[Path]) -> Callable[[Doc], Doc]:
    loaded = lexicons.load(overlays)

    def find(doc: Doc) -> Doc:
        article = doc._.article
        with lexicons.using(loaded):
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
