"""When each statement was said: ``said_on``, from the times the text gives, never guessed.

``onrecord_dating`` runs after ``onrecord_statements``, ``onrecord_sourcing`` and
``onrecord_times``. A statement is dated, by the first rule that applies:

``cue``
    A date in the statement's sentence, outside its content, that the cue governs: the
    first verb above the time expression in the parse is the cue's verb ("On Friday,
    the mayor announced …", "Late last month, Ortega conceded, '…'"). A date inside the
    content is what the words are about, not when they were said.
``clause``
    The cue's clause belongs to a noun a time expression dates: "a summit in Vienna last
    week, where EU ministers agreed …" is dated by "last week".
``event``
    The statement reports an event dated elsewhere. The sentence of the statement, or of
    the line that introduces it ("The call with Ankara went roughly like this:"),
    refers back to an event with a definite noun ("the call") that an earlier time
    expression dates ("a March 9 phone call"): the statement takes the latest such date
    before it. An indefinite noun ("a separate call") is another event.

Otherwise ``said_on`` is None: a publication date is not the date the words were said.
References with no calendar days (``PAST_REF``, "recently") date nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from onrecord import lexicons
from onrecord.records import Statement, Time, When
from onrecord.types import Span, within

__all__ = ["date_statements", "event_noun"]

_MAX_CLIMB = 12


def _root(doc: Doc, span: Span) -> Token | None:
    found = doc.char_span(span[0], span[1], alignment_mode="expand")
    return found.root if found is not None else None


def _governing_verb(token: Token) -> Token | None:
    """The first verb above ``token`` (itself included), or None."""
    for _ in range(_MAX_CLIMB):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def event_noun(doc: Doc, time: Time) -> Token | None:
    """The noun a time expression dates, when it dates one: "call" in "a March 9 phone
    call", "ruling" in "Sunday's ruling"; None when it attaches to a verb."""
    token = _root(doc, time.span)
    for _ in range(_MAX_CLIMB):
        if token is None or token.pos_ in ("VERB", "AUX") or token.head is token:
            return None
        token = token.head
        if token.pos_ == "NOUN" and not time.span[0] <= token.idx < time.span[1]:
            return token
    return None


def _datable(time: Time) -> bool:
    return time.type in ("DATE", "TIME") and time.range is not None


def _when(time: Time, via: str) -> When:
    return When(value=time.value, range=time.range, time=time.id, via=via)


def _by_cue(
    doc: Doc, statement: Statement, by_sentence: Mapping[int, Sequence[Time]]
) -> When | None:
    cue = _root(doc, statement.cue.span)
    if cue is None:
        return None
    sentence = cue.sent
    verb = _governing_verb(cue) or sentence.root
    content_start = statement.content.spans[0][0]
    for time in by_sentence.get(sentence.start, ()):
        if within(time.span[0], statement.content.spans):
            continue
        # "said on Tuesday it aims ...": a time between the cue and its content dates the
        # cue, whatever the parser hung it under.
        if statement.cue.span[1] <= time.span[0] and time.span[1] <= content_start:
            return _when(time, "cue")
        root = _root(doc, time.span)
        if root is not None and _governing_verb(root) == verb:
            return _when(time, "cue")
    return None


def _by_clause(doc: Doc, statement: Statement, events: Sequence[tuple[Token, Time]]) -> When | None:
    cue = _root(doc, statement.cue.span)
    verb = _governing_verb(cue) if cue is not None else None
    if verb is None or verb.dep_ not in ("relcl", "acl"):
        return None
    for noun, time in events:
        if noun == verb.head:
            return _when(time, f"clause: {noun.lemma_.lower()}")
    return None


def _definite(noun: Token) -> bool:
    return any(
        c.dep_ in ("det", "poss") and c.lower_ not in lexicons.words("indefinite_determiner")
        for c in noun.children
    )


def _by_event(doc: Doc, statement: Statement, events: Sequence[tuple[Token, Time]]) -> When | None:
    earlier = [
        (noun, time) for noun, time in reversed(events) if time.span[1] <= statement.cue.start
    ]
    if not earlier:
        return None  # no dated event before the cue: its sentence's nouns need no reading
    cue = _root(doc, statement.cue.span)
    if cue is None:
        return None
    sentences = [cue.sent]
    for hedge in statement.hedges:
        token = _root(doc, hedge.span)
        if token is not None and token.sent != cue.sent:
            sentences.append(token.sent)  # the line that introduces the statement
    nouns = {
        t.lemma_.lower()
        for sentence in sentences
        for t in sentence
        if t.pos_ == "NOUN" and _definite(t) and not within(t.idx, statement.content.spans)
    }
    for noun, time in earlier:
        lemma = noun.lemma_.lower()
        if lemma in nouns:
            return _when(time, f"event: {lemma}")
    return None


def date_statements(
    doc: Doc, statements: Sequence[Statement], times: Sequence[Time]
) -> list[Statement]:
    """``statements`` with ``said_on`` filled in where the text dates them."""
    datable = [t for t in times if _datable(t)]
    by_sentence: dict[int, list[Time]] = {}
    events = []
    for time in datable:
        root = _root(doc, time.span)
        if root is not None:
            by_sentence.setdefault(root.sent.start, []).append(time)
        noun = event_noun(doc, time)
        if noun is not None:
            events.append((noun, time))
    dated = []
    for statement in statements:
        when = (
            _by_cue(doc, statement, by_sentence)
            or _by_clause(doc, statement, events)
            or _by_event(doc, statement, events)
        )
        dated.append(replace(statement, said_on=when) if when else statement)
    return dated


@Language.factory(
    "onrecord_dating",
    requires=["doc._.statements", "doc._.times", "token.dep", "token.lemma", "token.tag"],
    assigns=["doc._.statements"],
    default_config={"lexicons": []},
)
def make_dater(nlp: Language, name: str, lexicons: list[str]) -> Callable[[Doc], Doc]:
    """The ``onrecord_dating`` component: fills ``said_on`` on ``doc._.statements``;
    ``lexicons`` lists lexicon overlay folders."""
    return _dater([Path(p) for p in lexicons])


def _dater(overlays: Sequence[Path]) -> Callable[[Doc], Doc]:
    loaded = lexicons.load(overlays)

    def date_doc(doc: Doc) -> Doc:
        with lexicons.using(loaded):
            doc._.statements = date_statements(doc, doc._.statements or [], doc._.times or [])
        return doc

    return date_doc
