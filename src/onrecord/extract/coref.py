"""Coreference: the people and things an article's pronouns and descriptions stand for.

A third-person pronoun (``data/anaphors.tsv``: "she", "his", "it", "their") points back to
one of the entities the article names (``onrecord_entities``). Every mention before it,
in its sentence and the :data:`SENTENCES` before, of an entity it can stand for (a person
for "she", not for "it") is scored by a logistic model (:mod:`onrecord.models.logistic`)
over features of the pair:

- distance: sentences and words apart, and how many candidates are nearer;
- syntax: the grammatical role of each (subject, object, possessive), whether the roles
  match (parallelism), and whether the mention is the subject of a clause above the
  pronoun ("Ana said that she ...");
- salience: how often the entity is named before the pronoun, whether it is the subject
  of its sentence's main verb, whether it opens the article, whether the article's title
  names it (a headline names whom the story is about);
- agreement: the pronoun's gender against the share of women among the bearers of the
  entity's first name (``data/first-names.tsv``) and its honorific ("Mrs.");
- quotation: whether the pronoun or the mention stands inside quotation marks.

Two constraints are never broken: binding ("Ana thanked her" is not Ana) and a gender the
name almost never has. The entity whose best mention scores highest takes the pronoun
when that chance reaches the model's threshold: the pronoun joins the entity's
``references`` (:class:`onrecord.records.Reference`) with its chance, and is a mention of
the entity for the pronouns after it, so a chain runs through a paragraph of "he said".
The model and its threshold (``models/coref.json``) are learned from GAP development by
``make train-coref`` (``scripts/train_coref.py``). GAP has only "he" and "she" and their
forms, so only those go to the model; "it" and "they" as the subject of a cue ("it said")
or of an event's verb ("they imposed tariffs") keep a rule: the nearest entity named as a
subject before them.

Definite descriptions ("the company", "the spokeswoman", "the 45-year-old";
``data/descriptions.tsv``) stand, by rule, for the nearest entity of their kind named
before them, a subject first, and join ``references`` as ``description``. A pair ("the two
leaders", "both companies") stands for the last two of its kind named, and joins the
references of both (:func:`referred_all`).
"""

from __future__ import annotations

import dataclasses
import json
import math
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from onrecord import lexicons
from onrecord.errors import ConfigError
from onrecord.extract.cues import load_lexicon
from onrecord.extract.extensions import lemmas_of, quotations_of, sentences_of, words_of
from onrecord.models import COREF
from onrecord.models.logistic import Logistic
from onrecord.records import Entity, Reference

__all__ = [
    "FEATURES",
    "SENTENCES",
    "Anaphor",
    "Candidate",
    "Description",
    "Resolver",
    "anaphors",
    "candidate_pairs",
    "context_of",
    "descriptions",
    "features",
    "mention_heads",
    "referred",
    "referred_all",
]

#: How many sentences before the pronoun's own its antecedent may stand in.
SENTENCES = 3
# Below this chance that a name's gender matches the pronoun's, it cannot stand for it.
_DISAGREE = 0.1
# A verb the cue lexicon trusts this much reports speech, as for the statement finder.
_CUE = 0.25
_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_OBJECT = frozenset({"dobj", "dative", "iobj", "attr", "oprd"})
_PERSON_TYPES = frozenset({"PERSON"})
_THING_TYPES = frozenset({"ORG", "GPE", "NORP", "FAC", "PRODUCT", "LOC"})
_GROUP_TYPES = frozenset({"ORG", "GPE", "NORP"})

#: The features of a (pronoun, mention) pair, in the model's order.
FEATURES = (
    "same_sentence",
    "one_sentence",
    "two_or_more_sentences",
    "words_apart",
    "nearest",
    "nearer_candidates",
    "mention_subject",
    "mention_object",
    "mention_possessive",
    "mention_prepositional",
    "mention_main_subject",
    "mention_first_in_sentence",
    "pronoun_subject",
    "pronoun_object",
    "pronoun_possessive",
    "parallel",
    "possessive_of_subject",
    "reflexive_of_subject",
    "mentions_before",
    "first_entity",
    "most_named",
    "gender_agrees",
    "gender_disagrees",
    "gender_unknown",
    "mention_is_pronoun",
    "pronoun_quoted",
    "mention_quoted",
    "mention_in_apposition",
    "mention_after",
    "mention_not_person",
    "nearest_subject",
    "nearest_of_its_role",
    "subject_of_sentence_before",
    "pronoun_opens_sentence",
    "mention_share",
    "full_name",
    "mention_organisation",
    "mention_place",
    "mention_group",
    "known_first_name",
    "subject_above",
    "named_in_title",
)


@dataclass(frozen=True, slots=True)
class Anaphor:
    """A pronoun as ``data/anaphors.tsv`` describes it."""

    gender: str
    number: str
    case: str
    refers: str


def _anaphors(table: lexicons.Lexicons) -> dict[str, Anaphor]:
    found = {}
    for row in table.table("anaphors.tsv"):
        word, gender, number, case, refers = row
        if gender not in {"male", "female", "neuter", "any"} or refers not in {
            "person",
            "thing",
            "either",
        }:
            raise row.error("gender is male, female, neuter or any; refers person, thing or either")
        found[word] = Anaphor(gender, number, case, refers)
    return found


def anaphors() -> dict[str, Anaphor]:
    """The pronouns that point back, by lower-case word, in the :func:`current` lexicons."""
    return lexicons.current().memo(_anaphors)


@dataclass(frozen=True, slots=True)
class Description:
    """A noun that, after "the", stands for an entity named before (``descriptions.tsv``)."""

    types: frozenset[str]
    gender: str


_DESCRIBED = {
    "person": _PERSON_TYPES,
    "organisation": frozenset({"ORG"}),
    "place": frozenset({"GPE", "LOC"}),
}


def descriptions() -> dict[str, Description]:
    """The nouns that stand for an entity after "the", by lemma, in the :func:`current`
    lexicons."""
    return lexicons.current().memo(_descriptions)


def _descriptions(table: lexicons.Lexicons) -> dict[str, Description]:
    found = {}
    for row in table.table("descriptions.tsv"):
        noun, refers, gender = row
        if refers not in _DESCRIBED or gender not in {"male", "female", "any"}:
            raise row.error("refers is person, organisation or place; gender male, female or any")
        found[noun] = Description(_DESCRIBED[refers], gender)
    return found


def _event_verbs(table: lexicons.Lexicons) -> frozenset[str]:
    return frozenset(row[0] for row in table.table("plover.tsv") if row[1] == "VERB")


def _female_shares(table: lexicons.Lexicons) -> dict[str, float]:
    return {row[0]: float(row[1]) for row in table.table("first-names.tsv")}


@dataclass(frozen=True, slots=True)
class Candidate:
    """An earlier mention of an entity that a pronoun may stand for."""

    entity: Entity
    head: Token
    #: Whether the mention is itself a pronoun resolved before.
    pronoun: bool = False


def _role(token: Token) -> str:
    dep = token.dep_
    if dep in _SUBJECT:
        return "subject"
    if dep in _OBJECT:
        return "object"
    if dep == "poss":
        return "possessive"
    if dep == "pobj":
        return "prepositional"
    return "other"


def _clause(token: Token) -> Token:
    """The verb whose clause ``token`` is in."""
    head = token.head
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        head = head.head
    return head


def _main_subject(token: Token) -> bool:
    return token.dep_ in _SUBJECT and token.head.dep_ == "ROOT"


class _Context:
    """What every pair of one document shares: quotations, honorifics, name genders."""

    def __init__(self, doc: Doc, entities: Sequence[Entity], female: dict[str, float]) -> None:
        self.doc = doc
        self.quoted = [span for q in quotations_of(doc) for span in q.spans]
        # Each token's sentence, read once: Token.sent walks the parse on every call.
        sentences = sentences_of(doc)
        self.sentence: list[int] = sentences.of
        self.starts: list[int] = sentences.starts
        self.female = female
        self.male_titles = lexicons.words("male_honorific")
        self.female_titles = lexicons.words("female_honorific")
        self.first = min((e.mentions[0][0] for e in entities if e.mentions), default=-1)
        # A headline names whom the story is about, as a Wikipedia page's title does.
        title = doc._.article.title if doc._.article is not None else None
        self.title = frozenset(w for w in (title or "").split() if w[:1].isupper())
        counts = [len(e.mentions) for e in entities if e.type in _PERSON_TYPES]
        self.most = max(counts, default=0)
        self.people = max(1, sum(counts))
        self._gender: dict[str, float | None] = {}

    def sentence_of(self, token: Token) -> int:
        return self.sentence[token.i]

    def sentence_start(self, token: Token) -> int:
        return self.starts[self.sentence[token.i]]

    def in_quote(self, token: Token) -> bool:
        return any(s <= token.idx < e for s, e in self.quoted)

    def female_share(self, entity: Entity) -> float | None:
        """The chance that a person is a woman: by an honorific the text gives before a
        mention ("Mrs. Clinton"), else by the first name; None when neither says."""
        if entity.id not in self._gender:
            self._gender[entity.id] = self._female_share(entity)
        return self._gender[entity.id]

    def _female_share(self, entity: Entity) -> float | None:
        if entity.type not in _PERSON_TYPES:
            return None
        doc = self.doc
        for start, _ in entity.mentions:
            span = doc.char_span(start, start + 1, alignment_mode="expand")
            if span is None or span.start == 0:
                continue
            before = doc[span.start - 1].lower_
            if before in self.male_titles:
                return 0.0
            if before in self.female_titles:
                return 1.0
        words = entity.name.split()
        share = self.female.get(words[0].lower())
        # A name of one word may be a surname that is also a first name ("Jordan"): only a
        # name almost always borne by one sex says.
        if share is None or (len(words) == 1 and 0.05 < share < 0.95):
            return None
        return share


def context_of(doc: Doc, entities: Sequence[Entity]) -> _Context:
    """What the pairs of ``doc`` share, read with the :func:`current` lexicons."""
    return _Context(doc, entities, lexicons.current().memo(_female_shares))


def features(
    context: _Context, pronoun: Token, anaphor: Anaphor, candidate: Candidate, rank: int
) -> dict[str, float]:
    """The features of the pair: ``candidate``, the ``rank``-th nearest, for ``pronoun``."""
    head = candidate.head
    apart = context.sentence_of(pronoun) - context.sentence_of(head)
    mention_role = _role(head)
    pronoun_role = "possessive" if pronoun.dep_ == "poss" else _role(pronoun)
    same_clause = apart == 0 and _clause(head).i == _clause(pronoun).i
    entity = candidate.entity
    named_before = sum(1 for s, _ in entity.mentions if s < pronoun.idx)
    found: dict[str, float] = {
        "same_sentence": float(apart == 0),
        "one_sentence": float(apart == 1),
        "two_or_more_sentences": float(apart >= 2),
        "words_apart": math.log1p(abs(pronoun.i - head.i)),
        "nearest": float(rank == 0),
        "nearer_candidates": math.log1p(rank),
        "mention_subject": float(mention_role == "subject"),
        "mention_object": float(mention_role == "object"),
        "mention_possessive": float(mention_role == "possessive"),
        "mention_prepositional": float(mention_role == "prepositional"),
        "mention_main_subject": float(_main_subject(head)),
        "mention_first_in_sentence": float(head.i - context.sentence_start(head) < 3),
        "pronoun_subject": float(pronoun_role == "subject"),
        "pronoun_object": float(pronoun_role == "object"),
        "pronoun_possessive": float(pronoun_role == "possessive"),
        "parallel": float(mention_role == pronoun_role and mention_role != "other"),
        # Not a feature of the model: candidate_pairs reads it as a constraint.
        "bound": float(
            same_clause
            and mention_role == "subject"
            and pronoun_role == "object"
            and anaphor.case != "reflexive"
        ),
        "possessive_of_subject": float(
            same_clause and mention_role == "subject" and pronoun_role == "possessive"
        ),
        "reflexive_of_subject": float(
            same_clause and mention_role == "subject" and anaphor.case == "reflexive"
        ),
        "mentions_before": math.log1p(named_before),
        "first_entity": float(bool(entity.mentions) and entity.mentions[0][0] == context.first),
        "most_named": float(len(entity.mentions) == context.most),
        "mention_is_pronoun": float(candidate.pronoun),
        "pronoun_quoted": float(context.in_quote(pronoun)),
        "mention_quoted": float(context.in_quote(head)),
        "mention_in_apposition": float(head.dep_ == "appos" or head.head.dep_ == "appos"),
        "mention_after": float(head.i > pronoun.i),
        "subject_of_sentence_before": float(apart == 1 and _main_subject(head)),
        "mention_organisation": float(entity.type in {"ORG", "FAC", "PRODUCT"}),
        "mention_place": float(entity.type in {"GPE", "LOC"}),
        "mention_group": float(entity.type == "NORP"),
        "known_first_name": float(entity.name.split()[0].lower() in context.female),
        # "Ana said that she ...", "Ana, who lost her bag, ...": the mention is the
        # subject of a verb the pronoun's clause hangs from.
        "subject_above": float(
            apart == 0 and mention_role == "subject" and _clause(head) in pronoun.ancestors
        ),
        "pronoun_opens_sentence": float(pronoun.i - context.sentence_start(pronoun) < 2),
        "mention_share": len(entity.mentions) / context.people,
        "full_name": float(
            len(entity.name.split()) > 1 and head.i > 0 and head.nbor(-1).dep_ == "compound"
        ),
        "mention_not_person": float(anaphor.refers == "person" and entity.type != "PERSON"),
        "named_in_title": float(any(w in context.title for w in entity.name.split())),
    }
    share = context.female_share(entity) if anaphor.gender in {"male", "female"} else None
    if share is None:
        found["gender_unknown"] = 1.0
    else:
        agree = share if anaphor.gender == "female" else 1.0 - share
        found["gender_agrees"] = agree
        found["gender_disagrees"] = 1.0 - agree
    return found


def _person_like(entity: Entity) -> bool:
    """Whether an entity's name may be a person's: one word, or a known first name first."""
    words = entity.name.split()
    return len(words) == 1 or words[0].lower() in lexicons.current().memo(_female_shares)


def _may_stand_for(anaphor: Anaphor, entity: Entity) -> bool:
    if anaphor.refers == "person":
        # The parser's entity types miss many a person's surname ("Hartwig began by ...")
        # as a place or an organisation; one the knowledge base does not know stays a
        # candidate, and the model weighs its type.
        return entity.type in _PERSON_TYPES or (
            entity.kb_id is None and entity.kb_key is None and _person_like(entity)
        )
    if anaphor.refers == "thing":
        return entity.type in _THING_TYPES
    return entity.type in _GROUP_TYPES


class Resolver:
    """Links pronouns to the entities they stand for (``Entity.references``)."""

    def __init__(
        self, nlp: Language, name: str, model: Path = COREF, overlays: Sequence[Path] = ()
    ) -> None:
        self.name = name
        self.lexicons = lexicons.load(overlays)
        try:
            meta = json.loads(model.read_text("utf-8"))
            self.model = Logistic.from_json(meta["model"])
            self.threshold = float(meta["threshold"])
            # The pronouns it learned from: GAP has "he" and "she", not "it" or "they".
            self.pronouns = frozenset(str(p) for p in meta["pronouns"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"coreference model {model}: cannot be read ({exc}); run `make train-coref`"
            ) from None
        self.cues = load_lexicon(self.lexicons)

    def __call__(self, doc: Doc) -> Doc:
        """Add to ``doc._.entities`` the pronouns that stand for each entity."""
        with lexicons.using(self.lexicons):
            doc._.entities = self.resolve(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def resolve(self, doc: Doc) -> list[Entity]:
        """The entities of ``doc`` with the pronouns that stand for them."""
        entities: list[Entity] = list(doc._.entities or [])
        found: dict[str, list[Reference]] = {e.id: [] for e in entities}
        context = context_of(doc, entities)
        heads = mention_heads(doc, entities)
        # The pronouns' chains grow their own copy: a description stands for a name.
        for pronoun, entity, chance in self.links(context, entities, list(heads)):
            found[entity.id].append(
                Reference(
                    pronoun.text, (pronoun.idx, pronoun.idx + len(pronoun)), "pronoun", chance
                )
            )
        for phrase, named in self.described(context, heads):
            span = (phrase.start_char, phrase.end_char)
            for entity in named:
                found[entity.id].append(Reference(phrase.text, span, "description", None))
        return [
            dataclasses.replace(e, references=(*e.references, *found[e.id])) if found[e.id] else e
            for e in entities
        ]

    def links(
        self, context: _Context, entities: Sequence[Entity], heads: list[Candidate]
    ) -> list[tuple[Token, Entity, float | None]]:
        """Each pronoun linked, with its entity and the chance that it stands for it (None
        when the rule for pronouns the model has not learned linked it); a linked pronoun
        joins ``heads``, the candidates in text order."""
        doc = context.doc
        table = anaphors()
        links: list[tuple[Token, Entity, float | None]] = []
        for i, word in enumerate(words_of(doc)):
            word = word.lower()
            anaphor = table.get(word)
            if anaphor is None:
                continue
            token = doc[i]
            if word not in self.pronouns:
                ruled = self._by_rule(context, token, anaphor, heads)
                if ruled is not None:
                    links.append((token, ruled, None))
                continue
            scored = self.scores(context, token, anaphor, heads)
            if not scored:
                continue
            entity, chance = max(scored.items(), key=lambda item: item[1])
            if chance >= self.threshold:
                chosen = next(e for e in entities if e.id == entity)
                links.append((token, chosen, round(chance, 3)))
                insort(heads, Candidate(chosen, token, pronoun=True), key=_position)
        return links

    def _by_rule(
        self, context: _Context, pronoun: Token, anaphor: Anaphor, heads: Sequence[Candidate]
    ) -> Entity | None:
        """For "it" or "they" as the subject of a cue or an event's verb ("it said", "they
        imposed tariffs"), which the model has not learned: the nearest entity named as a
        subject in the pronoun's sentence and the :data:`SENTENCES` before (news keeps the
        subject of its story in subject position), else the nearest mention; none when a
        nearer subject names no one ("A Russian official ... they said")."""
        if pronoun.dep_ not in _SUBJECT or not self._acts(pronoun.head):
            return None
        wanted = _GROUP_TYPES | (_PERSON_TYPES if anaphor.refers == "either" else frozenset())
        first = _window(context, pronoun)
        near = [c for c in heads if first <= c.head.i < pronoun.i and c.entity.type in wanted]
        for token in reversed(pronoun.doc[first : pronoun.i]):
            if token.dep_ not in _SUBJECT:
                continue
            named = _named_in(token, near)
            if named is not None:
                return named.entity
            if token.pos_ in {"NOUN", "PROPN"}:
                return None
        return near[-1].entity if near else None

    def _acts(self, verb: Token) -> bool:
        """Whether ``verb`` says or does something an actor does: a cue ("it said") or an
        event's verb ("they imposed tariffs"), not "it is unclear" or "it rained"."""
        if verb.pos_ == "VERB" and verb.lemma_.lower() in self.lexicons.memo(_event_verbs):
            return True
        return self.cues.best(verb) >= _CUE

    def described(
        self, context: _Context, heads: Sequence[Candidate]
    ) -> list[tuple[Span, tuple[Entity, ...]]]:
        """Each definite description ("the company", "the spokeswoman", "the
        45-year-old") with the entity it stands for among the names ``heads``: of its kind,
        named in its sentence or the :data:`SENTENCES` before, the nearest named as a
        subject first. A description of a pair ("the two leaders", "both companies")
        stands for the last two of its kind named, in the order they were named."""
        doc = context.doc
        table = self.lexicons.memo(_descriptions)
        named = {i for c in heads for i in range(c.head.left_edge.i, c.head.i + 1)}
        found: list[tuple[Span, tuple[Entity, ...]]] = []
        for i, lemma in enumerate(lemmas_of(doc)):
            description = table.get(lemma.lower())
            if description is None or i in named:
                continue
            token = doc[i]
            pair = _pair(token)
            if not (pair or _definite(token)):
                continue
            first = _window(context, token)
            near = [
                c
                for c in heads
                if first <= c.head.i < token.i
                and c.entity.type in description.types
                and _agrees(context, description.gender, c.entity)
            ]
            phrase = doc[token.left_edge.i : token.i + 1]
            if pair:
                last: list[Entity] = []
                for c in reversed(near):
                    if c.entity not in last:
                        last.insert(0, c.entity)
                if len(last) >= 2:
                    found.append((phrase, tuple(last[-2:])))
                continue
            subjects = [c for c in near if c.head.dep_ in _SUBJECT]
            chosen = (subjects or near)[-1] if near else None
            if chosen is not None:
                found.append((phrase, (chosen.entity,)))
        return found

    def scores(
        self, context: _Context, pronoun: Token, anaphor: Anaphor, heads: Sequence[Candidate]
    ) -> dict[str, float]:
        """By entity id, the chance ``pronoun`` stands for it: its best mention's."""
        best: dict[str, float] = {}
        for candidate, chance in self.candidates(context, pronoun, anaphor, heads):
            key = candidate.entity.id
            best[key] = max(chance, best.get(key, 0.0))
        return best

    def candidates(
        self, context: _Context, pronoun: Token, anaphor: Anaphor, heads: Sequence[Candidate]
    ) -> list[tuple[Candidate, float]]:
        """The mentions ``pronoun`` may stand for, nearest first, each with its chance."""
        pairs = candidate_pairs(context, pronoun, anaphor, heads)
        return [(candidate, self.model(found)) for candidate, found in pairs]


def candidate_pairs(
    context: _Context, pronoun: Token, anaphor: Anaphor, heads: Sequence[Candidate]
) -> list[tuple[Candidate, dict[str, float]]]:
    """The mentions ``pronoun`` may stand for, nearest first, with the features of each
    pair: those before it, in its sentence and the :data:`SENTENCES` before, and those
    after it in its own sentence ("In his first year, Okafor ...")."""
    here = context.sentence_of(pronoun)
    first = context.starts[max(0, here - SENTENCES)]
    last = context.starts[here + 1] if here + 1 < len(context.starts) else len(context.sentence)
    # ``heads`` is in text order: only the window's need a look.
    window = heads[
        bisect_left(heads, first, key=_position) : bisect_left(heads, last, key=_position)
    ]
    near = [
        c
        for c in window
        if c.head.i != pronoun.i
        and (c.head.i < pronoun.i or context.sentence_of(c.head) == here)
        and _may_stand_for(anaphor, c.entity)
    ]
    near.sort(key=lambda c: abs(pronoun.i - c.head.i))
    pairs = [(c, features(context, pronoun, anaphor, c, rank)) for rank, c in enumerate(near)]
    # What a pair is beside the others: the nearest subject, the nearest object, ...
    seen: set[str] = set()
    for candidate, found in pairs:
        role = _role(candidate.head)
        found["nearest_subject"] = float(role == "subject" and "subject" not in seen)
        found["nearest_of_its_role"] = float(role not in seen)
        seen.add(role)
    # Hard constraints, as in rule-based coreference: "Ana thanked her" is never Ana, and
    # "he" is not a woman by her title or a first name almost only women bear.
    excluded = {
        c.entity.id
        for c, found in pairs
        if found["bound"] or found.get("gender_agrees", 1.0) < _DISAGREE
    }
    return [(c, found) for c, found in pairs if c.entity.id not in excluded]


def _window(context: _Context, token: Token) -> int:
    """The first token of the sentences an antecedent of ``token`` may stand in."""
    return context.starts[max(0, context.sentence_of(token) - SENTENCES)]


def _named_in(token: Token, candidates: Sequence[Candidate]) -> Candidate | None:
    """The candidate named inside the phrase ``token`` heads."""
    inside = token.left_edge.i, token.right_edge.i
    return next((c for c in candidates if inside[0] <= c.head.i <= inside[1]), None)


def _pair(token: Token) -> bool:
    """ "the two leaders", "both companies": a plural noun that counts two people or
    bodies named before. "Two ministers who attended" or "two leaders of the opposition"
    introduce new people: without "the" or "both", or with words after the noun that say
    which, it is no pair."""
    if token.tag_ not in {"NNS", "NNPS"}:
        return False
    if any(c.dep_ in {"prep", "relcl", "acl"} for c in token.rights):
        return False
    children = {c.lower_ for c in token.children if c.dep_ in {"det", "nummod", "predet"}}
    pair = children & lexicons.words("pair_word")
    return "both" in pair or (bool(pair) and "the" in children)


def _definite(token: Token) -> bool:
    """ "the company", "the Microsoft chief executive", "the 45-year-old" (the adjective
    "old" only with its years)."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return False
    if token.lower_ == "old":
        return any(c.lower_ == "year" for c in token.children)
    return token.pos_ == "NOUN"


def _agrees(context: _Context, gender: str, entity: Entity) -> bool:
    if gender == "any":
        return True
    share = context.female_share(entity)
    if share is None:
        return True
    return (share if gender == "female" else 1.0 - share) >= _DISAGREE


def mention_heads(doc: Doc, entities: Sequence[Entity]) -> list[Candidate]:
    """Every place an entity is named, by the head word of the name, in text order."""
    heads = []
    for entity in entities:
        for start, end in entity.mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                heads.append(Candidate(entity, span.root))
    return sorted(heads, key=_position)


def _position(candidate: Candidate) -> int:
    return candidate.head.i


def referred(at: int, entities: Sequence[Entity]) -> Entity | None:
    """The entity a pronoun or description over character ``at`` stands for, if one does
    (the first named, for a pair such as "the two leaders")."""
    found = referred_all(at, entities)
    return found[0] if found else None


def referred_all(at: int, entities: Sequence[Entity]) -> list[Entity]:
    """Every entity a pronoun or description over character ``at`` stands for: two for
    "the two leaders", in the order the article named them."""
    found = [e for e in entities if any(r.span[0] <= at < r.span[1] for r in e.references)]
    return sorted(found, key=lambda e: min((s for s, _ in e.mentions), default=0))


@Language.factory(
    "onrecord_coref",
    assigns=["doc._.entities"],
    requires=["doc._.entities", "token.dep", "token.tag"],
    default_config={"model": "", "lexicons": []},
)
def make_coref(nlp: Language, name: str, model: str, lexicons: list[str]) -> Resolver:
    """Factory for :class:`Resolver`; ``model`` names its model file, empty for the
    shipped one, ``lexicons`` lists lexicon overlay folders."""
    return Resolver(nlp, name, Path(model) if model else COREF, [Path(p) for p in lexicons])
