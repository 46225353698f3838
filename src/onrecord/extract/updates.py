"""Updates: reports that an earlier commitment moved on.

``onrecord_updates`` runs after ``onrecord_commitments``. It reads the sentences a later
article uses to say what became of a threat, a promise or a deadline; the ledger links
each update to the commitment it is about (:mod:`onrecord.store.tracking`). An update is
found, by rule:

``verb:LEMMA+NOUN``
    A verb of ``data/updates.tsv`` with one of its nouns as object or subject: "would
    shorten the 50-day deadline" (``shortened``), "extended the deadline" (``extended``),
    "dropped the threat" (``withdrawn``), "followed through on his threat" (``fulfilled``),
    "the deadline passed on Friday" (``passed``). A deadline that passed "without the
    tariffs he had threatened", and a negated or failed "carry out", are ``lapsed``; other
    negated updates ("did not extend the deadline") are no update.
``noun:new+deadline``
    "The new deadline falls on August 8": a deadline restated (``set``); the ledger tells
    whether it moved earlier or later.

``by`` is whose commitment it is: the verb's subject, else the noun's owner ("Trump's
deadline") or the subject of the clause that made it ("the deadline he set"), "he" inside
a quotation resolved to its speaker. ``to`` is whom it binds ("for Russia to agree"). The
new ``deadline`` is the first time expression after the verb, outside the noun's own words
("the 50-day deadline" is the old one); ``when`` is the time the verb governs, else the
date of the statement it is reported in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc, Token

from onrecord import lexicons
from onrecord.extract.commitments import person
from onrecord.extract.events import noun_phrase, trim_span
from onrecord.extract.extensions import lemmas_of, text_of
from onrecord.lexicons import Lexicons, Table, current, parse
from onrecord.records import Entity, Party, Statement, TextSpan, Time, Update, UpdateKind, When
from onrecord.types import Span, within

__all__ = ["KINDS", "Entry", "find_updates", "load_lexicon", "parse_lexicon"]

#: What a lexicon entry can report.
KINDS = ("shortened", "extended", "withdrawn", "fulfilled", "passed")
#: Children that start another clause: the evidence stops before them.
_OTHER_CLAUSE = {"advcl", "ccomp", "conj", "cc", "parataxis", "mark", "punct", "relcl"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of ``updates.tsv``."""

    kind: str
    lemma: str
    particles: tuple[str, ...]
    nouns: frozenset[str]
    subject: bool


def load_lexicon(lexicons: Lexicons | None = None) -> dict[str, tuple[Entry, ...]]:
    """``verb lemma → entries`` from ``updates.tsv`` in ``lexicons`` (default: the current
    ones)."""
    return (lexicons or current()).memo(_lexicon)


def _lexicon(lexicons: Lexicons) -> dict[str, tuple[Entry, ...]]:
    return _entries(lexicons.table("updates.tsv"))


def parse_lexicon(text: str, source: str = "updates.tsv") -> dict[str, tuple[Entry, ...]]:
    """``verb lemma → entries`` from a file in the ``updates.tsv`` format; a malformed
    line is a :class:`~onrecord.errors.LexiconError` naming it."""
    return _entries(parse(text, source))


def _entries(table: Table) -> dict[str, tuple[Entry, ...]]:
    lexicon: dict[str, list[Entry]] = {}
    for row in table:
        kind, verb, nouns, role = row
        if kind not in KINDS or role not in ("object", "subject"):
            raise row.error(
                f"kind is one of {', '.join(KINDS)} and role object or subject, "
                f"not {kind} and {role}"
            )
        lemma, *particles = verb.split()
        entry = Entry(kind, lemma, tuple(particles), frozenset(nouns.split("|")), role == "subject")
        lexicon.setdefault(lemma, []).append(entry)
    return {lemma: tuple(entries) for lemma, entries in lexicon.items()}


def find_updates(
    doc: Doc,
    entities: Sequence[Entity],
    statements: Sequence[Statement],
    times: Sequence[Time],
) -> list[Update]:
    """The updates ``doc`` reports, in text order."""
    text = text_of(doc)
    lexicon = load_lexicon()
    found: list[Update] = []
    for i, lemma in enumerate(lemmas_of(doc)):
        # Only a word of the lexicon or "deadline" can tell an update.
        if lemma not in lexicon and lemma != "deadline":
            continue
        token = doc[i]
        if token.pos_ in ("VERB", "AUX"):
            for entry in lexicon.get(token.lemma_.lower(), ()):
                noun = _noun(token, entry)
                if noun is not None:
                    update = _update(text, token, noun, entry, entities, statements, times)
                    if update is not None:
                        found.append(update)
                    break
        elif token.lemma_.lower() == "deadline" and any(
            c.dep_ == "amod" and c.lower_ in lexicons.words("restated_adjective")
            for c in token.children
        ):
            update = _restated(text, token, entities, statements, times)
            if update is not None:
                found.append(update)
    return [_numbered(u, n) for n, u in enumerate(_in_context(found), 1)]


def _in_context(updates: list[Update]) -> list[Update]:
    """ "The new deadline falls on August 8": an update that does not say whose deadline is
    about the one the article names nearest before it (else after it)."""
    out = []
    for update in updates:
        if update.by is None:
            named = [u for u in updates if u.by is not None and u.noun == update.noun]
            before = [u for u in named if u.evidence.start < update.evidence.start]
            nearest = before[-1] if before else next(iter(named), None)
            if nearest is not None:
                update = replace(
                    update, by=nearest.by, to=update.to or nearest.to, rule=update.rule + "+context"
                )
        out.append(update)
    return out


def _noun(verb: Token, entry: Entry) -> Token | None:
    """The noun ``entry`` needs, hanging on ``verb`` in its role; None when it is not there
    or a particle of the entry is missing."""
    words = {c.lower_ for c in verb.children}
    if not all(p in words for p in entry.particles):
        return None
    if entry.subject:
        candidates = [c for c in verb.children if c.dep_ == "nsubj"]
    else:
        candidates = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        # "followed through on his threat", "backed down from the ultimatum"
        for child in verb.children:
            for prep in (child, *child.children):
                if prep.dep_ == "prep":
                    candidates += [g for g in prep.children if g.dep_ == "pobj"]
    # "a record of never following through on her threats": a habit, not one commitment.
    return next(
        (c for c in candidates if c.lemma_.lower() in entry.nouns and c.tag_ != "NNS"), None
    )


def _update(
    text: str,
    verb: Token,
    noun: Token,
    entry: Entry,
    entities: Sequence[Entity],
    statements: Sequence[Statement],
    times: Sequence[Time],
) -> Update | None:
    kind = entry.kind
    rule = f"verb:{entry.lemma}+{noun.lemma_.lower()}"
    if _negated(verb):
        if kind != "fulfilled":
            return None
        kind, rule = "lapsed", rule + "+not"
    elif kind == "passed" and any(
        c.dep_ == "prep" and c.lower_ == "without" for c in verb.children
    ):
        kind, rule = "lapsed", rule + "+without"
    subject = None
    if not entry.subject:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    by = person(text, subject, entities, statements) if subject is not None else None
    if by is None or by.entity is None:
        by = _owner(text, noun, entities, statements) or by
    deadline = None
    if kind in ("shortened", "extended"):
        deadline = _new_deadline(times, verb.idx, noun_phrase(noun), verb.sent.end_char)
    return Update(
        id="",
        kind=cast(UpdateKind, kind),
        noun=noun.lemma_.lower(),
        evidence=TextSpan.of(text, _evidence(text, verb, noun)),
        rule=rule,
        by=by,
        to=_bound(text, noun, entities, statements),
        deadline=deadline,
        when=_when(verb, times, statements),
        statement=_statement(verb, statements),
    )


def _restated(
    text: str,
    noun: Token,
    entities: Sequence[Entity],
    statements: Sequence[Statement],
    times: Sequence[Time],
) -> Update | None:
    """ "The new deadline falls on August 8": the deadline restated, with its date."""
    sentence = noun.sent
    deadline = _new_deadline(times, noun.idx, noun_phrase(noun), sentence.end_char)
    if deadline is None:
        return None
    return Update(
        id="",
        kind="set",
        noun="deadline",
        evidence=TextSpan.of(text, trim_span(text, sentence.start_char, sentence.end_char)),
        rule="noun:new+deadline",
        by=_owner(text, noun, entities, statements),
        to=_bound(text, noun, entities, statements),
        deadline=deadline,
        when=None,
        statement=_statement(noun, statements),
    )


def _negated(verb: Token) -> bool:
    """ "did not carry out", "failed to follow through"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_.lower() in lexicons.words("failing_verb")


def _owner(
    text: str, noun: Token, entities: Sequence[Entity], statements: Sequence[Statement]
) -> Party | None:
    """Whose deadline or threat: "Trump's deadline", "the deadline he set"."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        made = next((c for c in noun.children if c.dep_ == "relcl"), None)
        owner = next((c for c in made.children if c.dep_ == "nsubj"), None) if made else None
    return person(text, owner, entities, statements) if owner is not None else None


def _bound(
    text: str, noun: Token, entities: Sequence[Entity], statements: Sequence[Statement]
) -> Party | None:
    """Whom the commitment binds: "the deadline for Russia", "the deadline he set for Russia
    to agree", "the threat against Moscow"."""
    places = [noun, *(c for c in noun.children if c.dep_ == "relcl")]
    for head in places:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("for", "against", "on"):
                target = next((g for g in child.children if g.dep_ == "pobj"), None)
                if target is not None:
                    return person(text, target, entities, statements)
            if child.dep_ in ("advcl", "dative", "dobj") and head is not noun:
                # "the deadline he gave the union": the deadline is what was given.
                if child.dep_ in ("dative", "dobj"):
                    return person(text, child, entities, statements)
                # "set for Russia to agree": the subject of the clause "for" opens.
                if any(g.dep_ == "mark" and g.lower_ == "for" for g in child.children):
                    subject = next((g for g in child.children if g.dep_ == "nsubj"), None)
                    return person(text, subject, entities, statements)
    return None


def _new_deadline(times: Sequence[Time], after: int, old: Span, until: int) -> When | None:
    """The first dated time in ``[after, until)`` outside the old deadline's words."""
    for time in times:
        start, end = time.span
        if start < after or (start < old[1] and old[0] < end) or time.range is None:
            continue
        if start >= until:
            break
        return When(time.value, time.range, time.id, "update")
    return None


def _when(verb: Token, times: Sequence[Time], statements: Sequence[Statement]) -> When | None:
    """The time the verb governs ("passed on Friday"), else the statement's date."""
    governed = [
        t
        for child in verb.children
        if child.dep_ in ("prep", "npadvmod", "tmod")
        for t in times
        if t.range is not None and child.left_edge.idx <= t.span[0] < child.right_edge.idx + 1
    ]
    if governed:
        time = governed[0]
        return When(time.value, time.range, time.id, "clause")
    statement = next((s for s in statements if within(verb.idx, s.content.spans)), None)
    return statement.said_on if statement is not None else None


def _statement(token: Token, statements: Sequence[Statement]) -> str | None:
    return next((s.id for s in statements if within(token.idx, s.content.spans)), None)


def _evidence(text: str, verb: Token, noun: Token) -> Span:
    """The clause that reports the update, without the clauses hanging on it."""
    tokens = [verb, *noun.subtree]
    for child in verb.children:
        if child.dep_ not in _OTHER_CLAUSE:
            tokens += list(child.subtree)
    start = min(t.idx for t in tokens)
    last = max(tokens, key=lambda t: t.i)
    return trim_span(text, start, last.idx + len(last))


def _numbered(update: Update, n: int) -> Update:
    return replace(update, id=f"u{n}")


@Language.factory(
    "onrecord_updates",
    requires=[
        "doc._.entities",
        "doc._.statements",
        "doc._.times",
        "token.dep",
        "token.lemma",
        "token.tag",
    ],
    assigns=["doc._.updates"],
    default_config={"lexicons": []},
)
def make_update_finder(nlp: Language, name: str, lexicons: list[str]) -> Callable[[Doc], Doc]:
    """The ``onrecord_updates`` component: sets ``doc._.updates``; ``lexicons`` lists
    lexicon overlay folders."""
    return _update_finder([Path(p) for p in lexicons])


def _update_finder(overlays: Sequence[Path]) -> Callable[[Doc], Doc]:
    loaded = lexicons.load(overlays)
    load_lexicon(loaded)

    def find(doc: Doc) -> Doc:
        with lexicons.using(loaded):
            doc._.updates = find_updates(
                doc, doc._.entities or [], doc._.statements or [], doc._.times or []
            )
        return doc

    return find
