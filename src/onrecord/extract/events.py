"""Events: who did what to whom, when and where, coded with PLOVER categories.

``onrecord_events`` runs after the entities, statements and times are found. Its words
come from ``onrecord/data/plover.tsv`` (see its header); every event records the rule that
found it:

``verb:LEMMA``
    A verb of the lexicon ("urged", "sent … missiles"). Its subject is the actor (the
    ``by`` agent of a passive), its object or the object of "with", "against", "on", "to"
    the target.
``noun:LEMMA``
    An event noun standing alone: "a March 9 phone call between the foreign ministers", "the
    60-day truce".
``light:VERB+LEMMA``
    An event noun that a verb outside the lexicon carries: "held a call with Erdogan",
    "brokered a deal", "launched raids"; the verb's subject is the actor.

The **mode** is, by the first that applies: ``negated`` (a "not"/"never" on the trigger
or the verb carrying it), ``conditional`` (an "if"/"unless" clause on it), ``hypothetical``
("would", "could", "might", "may", "should" outside a reported future, or a question),
``future`` ("will", "shall", "going to", a "would" in what someone said would happen) or
``asserted``.

**When** comes from the time expressions the trigger (or its light verb) governs, or that
date the event noun ("a March 9 phone call"). **Where** is a place entity in an "in"/"at"
phrase of the event, resolved to its country and, for a city, the city.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from onrecord import lexicons
from onrecord.extract.coref import referred, referred_all
from onrecord.extract.dating import event_noun
from onrecord.extract.extensions import lemmas_of, pos_of, text_of
from onrecord.lexicons import Lexicons, Table, current, parse
from onrecord.records import Entity, Event, EventMode, Party, Place, Statement, TextSpan, Time, When
from onrecord.types import within

__all__ = [
    "CATEGORIES",
    "MODES",
    "Entry",
    "condition_clause",
    "find_events",
    "load_lexicon",
    "noun_phrase",
    "parse_lexicon",
    "party",
    "root_of",
    "trim_span",
]

CATEGORIES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
MODES = ("asserted", "negated", "hypothetical", "conditional", "future")

_SPEECH_DEPS = ("ccomp", "xcomp")
_MAX_CLIMB = 8


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the lexicon: the category of a word, with the objects it needs."""

    lemma: str
    pos: str
    category: str
    objects: frozenset[str]


def load_lexicon(lexicons: Lexicons | None = None) -> dict[tuple[str, str], tuple[Entry, ...]]:
    """``(lemma, pos) → entries`` from ``plover.tsv`` in ``lexicons`` (default: the current
    ones)."""
    return (lexicons or current()).memo(_lexicon)


def _lexicon(lexicons: Lexicons) -> dict[tuple[str, str], tuple[Entry, ...]]:
    return _entries(lexicons.table("plover.tsv"))


def parse_lexicon(
    text: str, source: str = "plover.tsv"
) -> dict[tuple[str, str], tuple[Entry, ...]]:
    """``(lemma, pos) → entries`` from a file in the ``plover.tsv`` format; a malformed
    line is a :class:`~onrecord.errors.LexiconError` naming it."""
    return _entries(parse(text, source))


def _entries(table: Table) -> dict[tuple[str, str], tuple[Entry, ...]]:
    lexicon: dict[tuple[str, str], list[Entry]] = {}
    for row in table:
        lemma, pos, category, objects = row
        light = pos == "LIGHT" and category == "-"
        if not (light or (pos in ("VERB", "NOUN") and category in CATEGORIES)):
            raise row.error(
                f"pos is VERB or NOUN with a category ({', '.join(CATEGORIES)}), "
                f"or LIGHT with '-', not {pos} {category}"
            )
        wanted = frozenset() if objects == "-" else frozenset(objects.split("|"))
        lexicon.setdefault((lemma, pos), []).append(Entry(lemma, pos, category, wanted))
    return {key: tuple(entries) for key, entries in lexicon.items()}


def find_events(
    doc: Doc,
    entities: Sequence[Entity],
    statements: Sequence[Statement],
    times: Sequence[Time],
    furniture: Sequence[tuple[int, int]] = (),
) -> list[Event]:
    """The events ``doc`` reports, in text order."""
    lexicon = load_lexicon()
    finder = _Finder(doc, entities, statements, times)
    events: list[Event] = []
    for i, key in enumerate(zip(lemmas_of(doc), pos_of(doc), strict=True)):
        # Only a verb or noun of the lexicon triggers an event (see _Finder.event).
        if key not in lexicon:
            continue
        token = doc[i]
        if any(start <= token.idx < end for start, end in furniture):
            continue
        found = finder.event(token, lexicon)
        if found is not None:
            events.append(found)
    return [_numbered(event, n) for n, event in enumerate(events, 1)]


def _numbered(event: Event, n: int) -> Event:
    return replace(event, id=f"v{n}")


class _Finder:
    def __init__(
        self,
        doc: Doc,
        entities: Sequence[Entity],
        statements: Sequence[Statement],
        times: Sequence[Time],
    ) -> None:
        # Doc.text joins every token each time it is read: read it once.
        self.text = text_of(doc)
        self.entities = entities
        # A statement's speaker ("he" in "he warned") is resolved already, pronouns included:
        # an actor with the same span reuses it.
        self.speakers = {s.cue.span: s.speaker for s in statements if s.speaker is not None}
        self.statements = statements
        self.noun_times = [(noun, t) for t in times if (noun := event_noun(doc, t)) is not None]
        # Each datable time with its head word and that word's sentence, found once per
        # document rather than once per event.
        self.rooted = [
            (time, root, root.sent.start)
            for time in times
            if _datable(time) and (root := root_of(doc, time.span)) is not None
        ]

    def event(
        self, token: Token, lexicon: dict[tuple[str, str], tuple[Entry, ...]]
    ) -> Event | None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB":
            entries = lexicon.get((lemma, "VERB"), ())
            obj = _object(token) if entries else None
            for entry in entries:
                if entry.objects and (obj is None or obj.lemma_.lower() not in entry.objects):
                    continue
                rule = f"verb:{lemma}"
                return self._make(token, token, entry.category, rule, bool(entry.objects))
            return None
        if token.pos_ != "NOUN" or (lemma, "NOUN") not in lexicon:
            return None
        entry = lexicon[(lemma, "NOUN")][0]
        if token.dep_ == "pobj" and (token.head.head.lemma_.lower(), "VERB") in lexicon:
            return None  # "threatened Iran with sanctions": part of the verb's event
        carrier = _carrier(token, lexicon)
        if carrier is not None:
            if (carrier.lemma_.lower(), "VERB") in lexicon:
                return None  # the verb is the event ("signed a deal", "imposed tariffs")
            rule = f"light:{carrier.lemma_.lower()}+{lemma}"
            return self._make(token, carrier, entry.category, rule)
        if token.dep_ == "compound":
            return None  # "ceasefire talks": the head noun is the event
        return self._make(token, None, entry.category, f"noun:{lemma}")

    def _make(
        self, trigger: Token, verb: Token | None, category: str, rule: str, thing: bool = False
    ) -> Event:
        """``thing``: the verb's object is what is given or imposed, not a participant."""
        clause = verb if verb is not None else trigger
        actor, target = self._participants(trigger, verb, thing)
        instrumental = lexicons.words("instrumental_verb")
        if clause.dep_ in ("xcomp", "advcl") and clause.head.lemma_.lower() in instrumental:
            # "used drones … to target bombers": the evidence keeps what it was done with.
            clause = clause.head
        start = min(clause.left_edge.idx, trigger.idx)
        right = max(clause.right_edge, trigger, key=lambda t: t.i)
        evidence = trim_span(self.text, start, right.idx + len(right))
        return Event(
            id="",
            type=category,
            mode=_mode(clause),
            trigger=TextSpan.of(self.text, (trigger.idx, trigger.idx + len(trigger))),
            evidence=TextSpan.of(self.text, evidence),
            rule=rule,
            actor=actor,
            target=target,
            when=self._when(trigger, verb),
            where=self._where(trigger, verb),
        )

    def _participants(
        self, trigger: Token, verb: Token | None, thing: bool
    ) -> tuple[Party | None, Party | None]:
        actor_token: Token | None = None
        target_token: Token | None = None
        if verb is not None:
            for child in verb.children:
                if child.dep_ == "nsubj":
                    actor_token = child
                elif child.dep_ == "agent":
                    actor_token = next((c for c in child.children if c.dep_ == "pobj"), None)
                elif child.dep_ == "nsubjpass" and child is not trigger:
                    target_token = child
            if verb is trigger and thing:
                # "imposed tariffs on Chinese steel": the object is the measure, the
                # preposition names whom it hits.
                obj = _object(verb)
                target_token = target_token or _prep_object(verb)
                if target_token is None and obj is not None:
                    target_token = _prep_object(obj)
            elif verb is trigger:
                target_token = target_token or _target(verb)
            else:
                target_token = _prep_object(trigger) or _prep_object(verb)
        else:
            actor_token = next(
                (c for c in trigger.children if c.dep_ in ("poss", "compound") and _named(c)),
                None,
            )
            target_token = _prep_object(trigger)
            if (
                actor_token is None
                and target_token is not None
                and target_token.head.lower_ in lexicons.words("mutual_preposition")
            ):
                return self._both_sides(target_token)
        if actor_token is None and verb is not None and verb.dep_ in ("xcomp", "advcl"):
            actor_token = _controller(verb)
        if (
            actor_token is None
            and verb is not None
            and verb.dep_ == "acl"
            and verb.head.dep_ == "appos"
        ):
            actor_token = verb.head
        if (
            actor_token is not None
            and actor_token.lower_ in lexicons.words("relative_pronoun")
            and actor_token.head.dep_ == "relcl"
        ):
            # "intelligence that used drones": the noun the relative clause belongs to.
            actor_token = actor_token.head.head
        return self._party(actor_token), self._party(target_token)

    def _both_sides(self, token: Token) -> tuple[Party | None, Party | None]:
        """ "a call between Trump and Zelenskyy", "talks between the two leaders": the
        first side named acts, the second is the target."""
        other = next((c for c in token.children if c.dep_ == "conj"), None)
        if other is not None:
            return self._party(token), self._party(other)
        sides = referred_all(token.idx, self.entities)
        if len(sides) < 2:
            return None, self._party(token)
        span = noun_phrase(token)
        text = self.text[span[0] : span[1]]
        return Party(span, text, sides[0].id), Party(span, text, sides[1].id)

    def _party(self, token: Token | None) -> Party | None:
        return party(self.text, token, self.entities, self.speakers.values())

    def _when(self, trigger: Token, verb: Token | None) -> When | None:
        for noun, time in self.noun_times:
            if noun == trigger and _datable(time):
                return When(time.value, time.range, time.id, "noun")
        heads = [t for t in (verb, trigger) if t is not None]
        # "managed to seal an agreement": the time of the verb the event's verb completes.
        while heads[0].dep_ == "xcomp" and heads[0].head is not heads[0]:
            heads.insert(0, heads[0].head)
        sentence = trigger.sent
        for time, root, start in self.rooted:
            if start == sentence.start and _governor(root) in heads:
                return When(time.value, time.range, time.id, "clause")
        for statement in self.statements:
            if statement.said_on is not None and within(trigger.idx, statement.content.spans):
                # What someone said would happen: the day it was said, as reported.
                said = statement.said_on
                return When(said.value, said.range, said.time, "statement")
        sentence_root = sentence.root
        for time, root, start in self.rooted:
            if (
                start == sentence.start
                and _governor(root) == sentence_root
                and time.span[0] < trigger.idx
            ):
                # "In late April, Operation Nightfall used … boats … to strike": a date
                # that opens the sentence sets the time of what it tells.
                return When(time.value, time.range, time.id, "sentence")
        return None

    def _where(self, trigger: Token, verb: Token | None) -> Place | None:
        for head in (trigger, verb):
            if head is None:
                continue
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in lexicons.words("place_preposition"):
                    continue
                for obj in prep.children:
                    place = self._place(obj)
                    if place is not None:
                        return place
        return None

    def _place(self, token: Token) -> Place | None:
        span = noun_phrase(token)
        for entity in self.entities:
            if entity.type not in ("GPE", "LOC") and entity.category not in ("city", "country"):
                continue
            if any(span[0] <= m[0] and m[1] <= span[1] for m in entity.mentions):
                city = entity.name if entity.category == "city" else None
                text = self.text[span[0] : span[1]]
                return Place(text, span, entity.id, entity.country, city)
        return None


def _datable(time: Time) -> bool:
    return time.type in ("DATE", "TIME") and time.range is not None


def _carrier(noun: Token, lexicon: dict[tuple[str, str], tuple[Entry, ...]]) -> Token | None:
    """The verb that carries an event noun: a light verb whose object it is ("held talks"),
    or the verb of a relative clause on it ("a call Macron held with Scholz")."""
    head = noun.head
    if noun.dep_ == "dobj" and head.pos_ == "VERB":
        lemma = head.lemma_.lower()
        if (lemma, "VERB") in lexicon:
            return head
        for entry in lexicon.get((lemma, "LIGHT"), ()):
            if not entry.objects or noun.lemma_.lower() in entry.objects:
                return head
        return None
    # The parser often reads "a call Trump held" as "call", "Trump" (apposition) with "held"
    # attached to the name; both readings mean the same clause.
    heads = [noun, *(c for c in noun.children if c.dep_ == "appos")]
    for head in heads:
        for child in head.children:
            if child.dep_ in ("relcl", "acl") and child.pos_ == "VERB":
                lemma = child.lemma_.lower()
                if (lemma, "LIGHT") in lexicon and not any(
                    c.dep_ == "dobj" for c in child.children
                ):
                    return child
    return None


def _controller(verb: Token) -> Token | None:
    """Who does what an infinitive says: the object of "urged X to …", else the subject
    of "managed to …", else the agent of "was used by X to …"."""
    head = verb.head
    # "used drones to target": the one who uses does it, the object is the instrument.
    instrumental = head.lemma_.lower() in lexicons.words("instrumental_verb")
    deps = ("nsubj",) if instrumental else ("dobj", "nsubj")
    for dep in deps:
        found = next((c for c in head.children if c.dep_ == dep), None)
        if found is not None and (dep == "nsubj" or verb.dep_ == "xcomp"):
            return found
    agent = next((c for c in head.children if c.dep_ == "agent"), None)
    if agent is not None:
        return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


def party(
    text: str, token: Token | None, entities: Sequence[Entity], speakers: Iterable[Party] = ()
) -> Party | None:
    """The participant ``token`` heads, resolved to an entity: a statement's speaker with
    the same span is reused, pronoun resolution and all."""
    if token is None:
        return None
    span = noun_phrase(token)
    for speaker in speakers:
        if speaker.span == span:
            return speaker
    found = None
    for entity in entities:
        for start, end in entity.mentions:
            if start <= token.idx < end or (span[0] <= start and end <= span[1]):
                found = found or entity.id
    if found is None:
        # A pronoun or a description: the entity coreference says it stands for.
        referent = referred(token.idx, entities)
        found = referent.id if referent else None
    return Party(span=span, text=text[span[0] : span[1]], entity=found)


def _object(verb: Token) -> Token | None:
    """The direct object, else the indirect one ("gave Ukraine …")."""
    for dep in ("dobj", "dative"):
        found = next((c for c in verb.children if c.dep_ == dep), None)
        if found is not None:
            return found
    return None


def _target(verb: Token) -> Token | None:
    obj = _object(verb)
    if obj is not None and obj.pos_ in ("PROPN", "PRON", "NOUN"):
        # "shipped IRIS-T launchers to Poland": the recipient, not the thing sent.
        recipient = _prep_object(verb)
        if recipient is not None and _named(recipient):
            return recipient
        return obj
    return _prep_object(verb)


def _prep_object(head: Token) -> Token | None:
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in lexicons.words("target_preposition"):
            for obj in prep.children:
                # "on Tuesday" is when, not whom.
                if obj.dep_ == "pobj" and obj.ent_type_ not in ("DATE", "TIME"):
                    return obj
    return None


def _named(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in ("GPE", "ORG", "PERSON", "NORP")


def noun_phrase(token: Token) -> tuple[int, int]:
    """The noun phrase headed by ``token``, without relative clauses and appositions."""
    left = token
    for child in token.lefts:
        if child.dep_ in ("compound", "amod", "det", "poss", "nummod", "nmod"):
            left = min(left, child.left_edge, key=lambda t: t.i)
    right = token
    for child in token.rights:
        # "a squadron of Syrian attack helicopters": whose squadron tells the target's side.
        if child.dep_ == "compound" or (
            child.dep_ == "prep" and child.lower_ == "of" and any(map(_named, child.subtree))
        ):
            right = max(right, child.right_edge, key=lambda t: t.i)
    if left.dep_ == "det" and left.lower_ in ("a", "an", "the"):
        left = left.doc[left.i + 1]
    return left.idx, right.idx + len(right)


def _mode(clause: Token) -> EventMode:
    chain = [clause]
    # A noun event takes the mode of the verb it depends on ("did not confirm shipments").
    if clause.pos_ == "NOUN" and clause.head is not clause and clause.head.pos_ in ("VERB", "AUX"):
        chain.append(clause.head)
    for token in chain:
        if any(c.dep_ == "neg" for c in token.children):
            return "negated"
        # "failed to agree", "refused to meet", "met … without agreeing".
        if token.dep_ == "xcomp" and token.head.lemma_.lower() in lexicons.words("failing_verb"):
            return "negated"
        if token.dep_ in ("pcomp", "pobj") and token.head.lower_ == "without":
            return "negated"
        if (
            token.dep_ == "conj"
            and token.head.dep_ == "pobj"
            and token.head.head.lower_ == "without"
        ):
            return "negated"
    for token in chain:
        if condition_clause(token) is not None or (token.dep_ == "advcl" and _is_condition(token)):
            return "conditional"
    for token in chain:
        auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
        if auxes & lexicons.words("future_auxiliary") or _going_to(token) or _not_yet(token):
            return "future"
        if auxes & lexicons.words("hypothetical_modal"):
            reported = token.dep_ in _SPEECH_DEPS and "would" in auxes
            if reported and "can" not in auxes:
                return "future"
            return "hypothetical"
        if token.sent.text.rstrip().endswith("?"):
            return "hypothetical"
    return "asserted"


def _not_yet(verb: Token) -> bool:
    """ "had 10 days before the United States imposes tariffs", "her threat to deploy the
    army": an act yet to come."""
    # The parser may hang "to deploy" on the verb instead of the noun it follows.
    before = verb.doc[verb.i - 2 : verb.i] if verb.i >= 2 else None
    if (
        before is not None
        and before[1].lower_ == "to"
        and before[0].lemma_ in lexicons.words("intention_noun")
    ):
        return True
    return (
        verb.dep_ == "advcl"
        and verb.tag_ in ("VBZ", "VBP")
        and any(c.dep_ == "mark" and c.lower_ in ("before", "until") for c in verb.children)
    )


def condition_clause(verb: Token) -> Token | None:
    """The "if …" or "unless …" clause that ``verb`` depends on, or None."""
    return next((c for c in verb.children if c.dep_ == "advcl" and _is_condition(c)), None)


def _is_condition(clause: Token) -> bool:
    return any(
        m.dep_ == "mark" and m.lower_ in lexicons.words("condition_mark") for m in clause.children
    )


def _going_to(token: Token) -> bool:
    head = token.head
    return (
        token.dep_ == "xcomp"
        and head.lemma_ == "go"
        and any(
            c.dep_ == "aux" and c.lower_ in ("is", "are", "was", "were", "'s", "'re")
            for c in head.children
        )
    )


def _governor(token: Token) -> Token | None:
    for _ in range(_MAX_CLIMB):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.pos_ == "NOUN" and token.dep_ != "npadvmod" and token.dep_ != "pobj":
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def root_of(doc: Doc, span: tuple[int, int]) -> Token | None:
    """The syntactic head of the tokens covering ``span``."""
    found: Span | None = doc.char_span(span[0], span[1], alignment_mode="expand")
    return found.root if found is not None else None


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without leading punctuation (quotation marks kept) or a trailing
    comma, colon or space."""
    while start < end and not text[start].isalnum() and text[start] not in "\"'“‘":
        start += 1
    while end > start and text[end - 1] in " ,;:\n\r\t":
        end -= 1
    return start, end


@Language.factory(
    "onrecord_events",
    requires=[
        "doc._.entities",
        "doc._.statements",
        "doc._.times",
        "token.dep",
        "token.lemma",
        "token.tag",
    ],
    assigns=["doc._.events"],
    default_config={"lexicons": []},
)
def make_event_finder(nlp: Language, name: str, lexicons: list[str]) -> Callable[[Doc], Doc]:
    """The ``onrecord_events`` component: sets ``doc._.events``; ``lexicons`` lists lexicon
    overlay folders."""
    return _event_finder([Path(p) for p in lexicons])


def _event_finder(overlays: Sequence[Path]) -> Callable[[Doc], Doc]:
    loaded = lexicons.load(overlays)
    load_lexicon(loaded)

    def find(doc: Doc) -> Doc:
        article = doc._.article
        furniture: Iterable[tuple[int, int]] = article.furniture if article is not None else ()
        with lexicons.using(loaded):
            doc._.events = find_events(
                doc,
                doc._.entities or [],
                doc._.statements or [],
                doc._.times or [],
                tuple(furniture),
            )
        return doc

    return find
