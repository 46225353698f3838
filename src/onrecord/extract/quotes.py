"""Statements: who said (thought, intended) what, to whom, in what words.

The ``onrecord_statements`` component reads the parse and the quotation marks together:

1. **Quotations** come from the raw text (``quotemarks``), so unbalanced and
   multi-paragraph quotations never stop an article.
2. **Cues** are words from the learned lexicon (``cues``). A word is trusted according to
   its learned precision *and* what it governs: "said" needs little more, "know" needs
   a "that"-clause, "want" a "to"-clause, "is" an evaluative adjective.
3. **Content** is what the cue governs: its clausal complement, its "to"-clause, its
   object, a quotation next to it, the clause it interrupts ("..., a source said") or
   the clause around "according to". A quotation split by its cue ("“Absolutely,” he
   said. “We can …”") and quotations continuing a speaker's turn join one statement.
4. **Speaker and addressee** are the cue's subject (the agent of a passive, the object
   of "according to", the owner of "his claim") and its indirect or direct object
   ("told reporters", "asked Sunak"). A pronoun speaker keeps its own span and is
   linked to the entity it stands for, preferring a recent subject.
5. Cues inside someone's quotation or reported content are that speaker's words, not a
   new statement, and are dropped, unless the outer cue only sources or hedges the inner
   statement ("according to X, Merkel urged ...", "is said to have replied").
6. **No statement**: a title in quotation marks, a refusal to comment, a negated verb
   whose content is only its object; an accusing verb without its object is a headline's
   passive, with no speaker.
7. **The tagger** (``tagger``, learned from PolNeAR train) judges each of the rules'
   statements, which gives it its confidence; in ``model`` mode it draws the statements'
   spans, the rules above saying which cue, source and content go together and their
   vetoes (6) still holding.
8. **Act**: ``data/acts.tsv`` says whether the cue reports speech, writing, a thought or
   an intention.

Results are :class:`onrecord.records.Statement` records on ``doc._.statements``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from onrecord import lexicons
from onrecord.errors import ConfigError
from onrecord.extract.coref import descriptions, referred
from onrecord.extract.cues import CueLexicon, coarse_pos, load_lexicon
from onrecord.extract.extensions import (
    lemmas_of,
    pos_of,
    quotations_of,
    register_extensions,
    sentences_of,
    text_of,
)
from onrecord.extract.hedges import HedgeFinder, load_patterns
from onrecord.extract.quotemarks import CLOSERS, OPENERS, Quotation
from onrecord.extract.tagger import (
    RuleRoles,
    StatementTagger,
    Tagging,
    TokenSpan,
    text_span,
    tokens_in,
)
from onrecord.models import STATEMENTS
from onrecord.records import (
    ACTS,
    Act,
    Content,
    Entity,
    Party,
    Statement,
    StatementKind,
    TextSpan,
)
from onrecord.types import Span as CharSpan
from onrecord.types import within

__all__ = [
    "THRESHOLD",
    "Acts",
    "Draft",
    "StatementFinder",
    "candidate",
    "entity_at",
    "non_prose_lines",
    "quoted_tokens",
    "rule_roles",
]

_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_CLAUSES = {"ccomp"}
# Relative and interrogative words (which, who, whose, where).
_WH_TAGS = {"WDT", "WP", "WP$", "WRB"}
_OBJECTS = {"dobj", "attr", "oprd"}
# A speaker label before a colon is a name or a short description, not a sentence.
_MAX_LABEL = 6
_NON_PROSE_KEY = "onrecord.non_prose"
# How far before a quotation a scare marker ("so-called") is looked for, in characters.
_SCARE_WINDOW = 40
_QUOTE_CHARS = "\"“”‘’'«»„‹›`"
#: Default for the learned precision a cue needs in its relation to its content.
THRESHOLD = 0.25
# A verb in a quotation's sentence needs less: the quotation itself is strong evidence.
_QUOTE_THRESHOLD = 0.1
# A cue only the tagger reads needs as much: "queued for hours to see" is no cue.
_MODEL_THRESHOLD = 0.1
# The most words a title in quotation marks has ("“The Long Winter”").
_MAX_TITLE = 6
# The longest sentence read as a quotation's tag ("Trump said on Tuesday."), in tokens.
_MAX_TAG = 12


@dataclass(slots=True)
class Draft:
    """A statement being read: its cue's tokens, content, how the cue governs it
    (``relation``), speaker, addressee and quotations."""

    cue: list[Token]
    content: list[CharSpan]
    relation: str
    source: Span | None = None
    addressee: Span | None = None
    quotes: list[Quotation] = field(default_factory=list)

    @property
    def cue_span(self) -> CharSpan:
        """The characters of the cue, from its first word to its last."""
        return (self.cue[0].idx, self.cue[-1].idx + len(self.cue[-1]))

    @property
    def head(self) -> Token:
        """The cue's syntactic head: "replied" in "to have replied"."""
        return next((t for t in self.cue if t.head not in self.cue or t.head == t), self.cue[0])


class StatementFinder:
    """The ``onrecord_statements`` component."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        threshold: float = THRESHOLD,
        lexicon: CueLexicon | None = None,
        overlays: Sequence[Path] = (),
        tagger: StatementTagger | None = None,
        mode: str = "rules",
    ) -> None:
        register_extensions()
        self.name = name
        self.threshold = threshold
        self.lexicons = lexicons.load(overlays)
        self.lexicon = lexicon or load_lexicon(self.lexicons)
        self.acts = Acts(self.lexicons)
        self.hedges = HedgeFinder(load_patterns(self.lexicons))
        #: The learned tagger: in ``model`` mode it draws the statements, in ``rules`` mode
        #: it gives the rules' statements their confidence; None: no confidence.
        self.tagger = tagger
        self.mode = mode
        # A word's best precision by its lemma and part of speech, kept across documents: it
        # screens every token, and most tokens are words seen before.
        self._best: dict[tuple[str, str], float] = {}

    def __call__(self, doc: Doc) -> Doc:
        with lexicons.using(self.lexicons):
            doc._.statements = self.find(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Process a stream of documents."""
        for doc in docs:
            yield self(doc)

    def find(self, doc: Doc) -> list[Statement]:
        """The statements of ``doc``, in text order."""
        text = text_of(doc)
        drafts, quotations = self.drafts(doc)
        entities: list[Entity] = doc._.entities or []
        if self.tagger is None:
            scored: list[tuple[Draft, float | None]] = [(d, None) for d in drafts]
        elif self.mode == "model":
            calibration = self.tagger.calibration("model")
            scored = [(d, calibration(e)) for d, e in self.refine(doc, drafts, quotations)]
        else:
            calibration = self.tagger.calibration("rules")
            scored = [(d, calibration(e)) for d, e in self.judge(doc, drafts)]
        return [
            _statement(text, f"s{n}", draft, entities, confidence, self.acts.of(draft))
            for n, (draft, confidence) in enumerate(scored, 1)
        ]

    def drafts(self, doc: Doc) -> tuple[list[Draft], list[Quotation]]:
        """The rules' statements of ``doc`` in text order, and its quotations."""
        article = doc._.article
        # Doc.text is rebuilt from the tokens on every access; read it once.
        text = text_of(doc)
        # Log, code and table lines report no one's words, whatever verbs they hold.
        furniture = _Regions([*(article.furniture if article else ()), *non_prose_lines(doc)])
        quotations = [q for q in quotations_of(doc) if not furniture.holds(q.spans[0])]
        quoted = quoted_tokens(doc, quotations)
        drafts: list[Draft] = []
        used: set[int] = set()
        for i, key in enumerate(zip(lemmas_of(doc), pos_of(doc), strict=True)):
            if i in quoted or not self._may_cue(doc, i, key):
                continue
            token = doc[i]
            if furniture.holds((token.idx, token.idx + 1)):
                continue
            draft = self._accepted(doc, token)
            if draft is not None and token.i not in used:
                drafts.append(draft)
                used.update(t.i for t in draft.cue)
        drafts = _drop_nested(drafts)
        titles = [q for q in quotations if _not_quoted_words(text, q)]
        self._attach_quotations(
            doc, text, drafts, [q for q in quotations if q not in titles], quoted
        )
        title_spans = [t.spans[0] for t in titles]
        datelines = [r.span for r in article.regions if r.kind == "dateline"] if article else []
        for draft in drafts:
            draft.content = _outside(text, draft.content, furniture.adding(datelines))
        drafts = [
            d
            for d in drafts
            if any(text[s:e].strip() for s, e in d.content)
            and not all(_inside(span, title_spans) for span in d.content)
        ]
        drafts.sort(key=lambda d: min(s for s, _ in d.content))
        return drafts, quotations

    def refine(
        self,
        doc: Doc,
        drafts: Sequence[Draft],
        quotations: Sequence[Quotation],
        tagging: Tagging | None = None,
    ) -> list[tuple[Draft, dict[str, float]]]:
        """The statements the tagger reads, each with the evidence its confidence is
        calibrated on.

        The tagger draws the boundaries; the rules' statements say which cue and source go
        with a content. A content the rules missed takes the nearest cue the tagger found
        in its sentence or the one before, and that cue's nearest source; two contents go
        to one cue only within a paragraph, either side of it or in one sentence. A rule
        statement whose content the tagger does not mark stays as the rules read it, and
        its evidence says so.
        """
        if tagging is None:
            tagging = self._tag(doc, drafts)
        # "reportedly", "is said to": PolNeAR marks them as cues, onrecord as hedges of
        # the cue they weaken, so the tagger's cue is read without them.
        hedging = {
            i
            for hedge in self.hedges(doc)
            if hedge.scope in {"adverb", "raising"}
            for i in range(*hedge.tokens)
        }
        return _refined(doc, list(drafts), quotations, tagging, self.lexicon, hedging)

    def judge(
        self, doc: Doc, drafts: Sequence[Draft], tagging: Tagging | None = None
    ) -> list[tuple[Draft, dict[str, float]]]:
        """The rules' statements as they are, each with the evidence of how far the tagger
        reads it the same way, which their confidence is calibrated on."""
        if tagging is None:
            tagging = self._tag(doc, drafts)
        cues = tagging.of("CUE")
        sources = tagging.of("SOURCE")
        contents = sorted(tagging.of("CONTENT"), key=lambda span: span.start)
        # The tagger's spans do not overlap: those a range meets are found by bisection,
        # not by reading them all for every statement of a long article.
        ends = [span.end for span in contents]
        judged = []
        for draft in drafts:
            cue = _overlapping_span(cues, draft.cue[0].i, draft.cue[-1].i + 1)
            covered = [tokens_in(doc, s, e) for s, e in draft.content]
            shared: dict[int, int] = {}
            for r in covered:
                k = bisect_right(ends, r.start)
                while k < len(contents) and contents[k].start < r.stop:
                    n = len(range(max(contents[k].start, r.start), min(contents[k].end, r.stop)))
                    shared[k] = shared.get(k, 0) + n
                    k += 1
            parts = [(contents[k], n) for k, n in sorted(shared.items()) if n > 0]
            size = sum(len(r) for r in covered) or 1
            evidence = _evidence(draft, parts, size, cue, sources, True, self.lexicon)
            judged.append((draft, evidence))
        return judged

    def _tag(self, doc: Doc, drafts: Sequence[Draft]) -> Tagging:
        if self.tagger is None:
            raise ValueError("no statement tagger: the finder was built without one")
        return self.tagger.tag(doc, self.lexicon, rule_roles(drafts))

    def _may_cue(self, doc: Doc, i: int, key: tuple[str, str]) -> bool:
        """The lexicon's first filter for token ``i``, whose lemma and pos are ``key``."""
        best = self._best.get(key)
        if best is None:
            best = self._best[key] = self.lexicon.best(doc[i])
        return best >= self.threshold

    def _accepted(self, doc: Doc, token: Token) -> Draft | None:
        if self.lexicon.best(token) < self.threshold or _names_only(token):
            return None
        draft = candidate(doc, token)
        if draft is None:
            return None
        if self.lexicon.precision(token, draft.relation) < self.threshold:
            return None
        return draft

    def _attach_quotations(
        self,
        doc: Doc,
        text: str,
        drafts: list[Draft],
        quotations: list[Quotation],
        quoted: set[int],
    ) -> None:
        """Give every quotation to a statement: its cue's, or the turn it continues.

        A quotation with neither (a slogan, a title in quotation marks) is no statement.
        """
        verbs = _SpeechVerbs(self, doc, quoted)
        # Quotations never overlap one another, so only what the drafts held before any
        # quotation was attached can touch the next one; checking all they gain would be
        # quadratic in the quotations of one statement.
        parsed = [(d, list(d.content)) for d in drafts if d.content]
        for quotation in quotations:
            # A statement whose content touches the quotation owns all of it: the parse
            # may have cut a quoted turn at a sentence end, the marks say where it ends.
            owner = (
                next((d for d, content in parsed if _covers(content, quotation)), None)
                or _quote_cue(doc, text, drafts, quotation, verbs)
                or _previous_turn(text, drafts, quotation)
            )
            if owner is not None:
                owner.content.extend(quotation.spans)
                owner.quotes.append(quotation)


class _SpeechVerbs:
    """The verbs of a document that may introduce a quotation, sentence by sentence, each
    sentence read once however many quotations it holds."""

    def __init__(self, finder: StatementFinder, doc: Doc, quoted: set[int]) -> None:
        self.finder = finder
        self.doc = doc
        self.quoted = quoted
        self.sentences = sentences_of(doc)
        self._found: dict[int, list[Token]] = {}

    def within(self, first: int, last: int) -> list[Token]:
        """The speech verbs of sentences ``first`` to ``last`` (numbers), outside
        quotations."""
        found: list[Token] = []
        for n in range(first, last + 1):
            if n not in self._found:
                start = self.sentences.starts[n]
                end = self.sentences.bounds(start)[1]
                self._found[n] = [
                    self.doc[i]
                    for i in range(start, end)
                    if i not in self.quoted
                    and coarse_pos(self.doc[i]) == "VERB"
                    and self.finder.lexicon.precision(self.doc[i]) >= _QUOTE_THRESHOLD
                    and not _names_only(self.doc[i])
                ]
            found += self._found[n]
        return found


def _quote_cue(
    doc: Doc, text: str, drafts: list[Draft], quotation: Quotation, verbs: _SpeechVerbs
) -> Draft | None:
    """The statement whose cue sits in the quotation's sentence, made if need be."""
    first = doc.char_span(*quotation.spans[0], alignment_mode="expand")
    last = doc.char_span(*quotation.spans[-1], alignment_mode="expand")
    if first is None or last is None:
        return None
    sentences = verbs.sentences
    opening, closing = sentences.of[first.start], sentences.of[last.end - 1]
    candidates = verbs.within(opening, closing)
    if not candidates and closing + 1 < len(sentences.starts):
        # '“...missing.” Trump said.': the parser ends the sentence at the quotation.
        start, end = sentences.bounds(sentences.starts[closing + 1])
        if end - start <= _MAX_TAG and "\n" not in text[quotation.end : doc[start].idx]:
            candidates = verbs.within(closing + 1, closing + 1)
    before = first.start - 1
    while before >= 0 and doc[before].is_space:
        before -= 1
    if not candidates and before >= 0 and doc[before].text == ":":
        # "Selim Arkan told reporters:" and the quotation in the next paragraph.
        introducing = sentences.of[before]
        candidates = verbs.within(introducing, introducing)
        if not candidates:
            lead = _lead_in(doc, doc[before])
            if lead is not None:
                drafts.append(lead)
            return lead
    # "The plan “Harbour First” passed": what a verb's subject holds is not what it reports.
    candidates = [
        verb
        for verb in candidates
        if not any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.left_edge.i <= first.start <= c.right_edge.i
            for c in verb.children
        )
    ]
    if not candidates:
        return None
    verb = min(candidates, key=lambda t: _distance(t, first.start, last.end - 1))
    for draft in drafts:
        if verb in draft.cue:
            return draft
    draft = _verb_draft(verb, [], "quote")
    drafts.append(draft)
    return draft


def _names_only(token: Token) -> bool:
    """A verb that names rather than reports words: a title ("an essay titled “Why the
    port must change”", "the plan known as “Harbour First”") or a scare quote ("the
    so-called “reform package”")."""
    if token.lemma_.lower() in lexicons.words("naming_verb"):
        return True
    doc = token.doc
    if token.i + 1 < len(doc) and (
        f"{token.lower_} {doc[token.i + 1].lower_}" in lexicons.words("naming_phrase")
    ):
        return True
    return (
        token.i >= 2
        and doc[token.i - 1].text == "-"
        and f"{doc[token.i - 2].lower_}-{token.lower_}" in lexicons.words("scare_marker")
    )


def _names_a_title(doc: Doc, chars: CharSpan, titles: Sequence[CharSpan]) -> bool:
    """Whether a content holds a title or scare quote and, around it, no verb: "the
    so-called “reform package”" names something, it reports no words."""
    inside = [t for t in titles if chars[0] <= t[0] and t[1] <= chars[1]]
    if not inside:
        return False
    span = doc.char_span(*chars, alignment_mode="expand")
    return span is not None and not any(
        t.pos_ in {"VERB", "AUX"} and not within(t.idx, inside) and not _names_only(t) for t in span
    )


def _not_quoted_words(text: str, quotation: Quotation) -> bool:
    """Whether quotation marks hold a title or a scare quote, not someone's words."""
    return _title(text, quotation) or _scare_quote(text, quotation)


def _scare_quote(text: str, quotation: Quotation) -> bool:
    """A quotation a scare marker stands before: the so-called “reform package”."""
    start = quotation.spans[0][0]
    before = text[max(0, start - _SCARE_WINDOW) : start].rstrip().lower()
    return any(before.endswith(marker) for marker in lexicons.words("scare_marker"))


def non_prose_lines(doc: Doc) -> list[CharSpan]:
    """The lines of ``doc`` that are logs, code or table rows (``data/nonprose.tsv``),
    found once per document."""
    found = doc.user_data.get(_NON_PROSE_KEY)
    if not isinstance(found, list):
        patterns = lexicons.current().memo(_non_prose_patterns)
        found = []
        at = 0
        for line in text_of(doc).split("\n"):
            if any(p.search(line) for p in patterns):
                found.append((at, at + len(line)))
            at += len(line) + 1
        doc.user_data[_NON_PROSE_KEY] = found
    return found


def _non_prose_patterns(table: lexicons.Lexicons) -> tuple[re.Pattern[str], ...]:
    found = []
    for row in table.table("nonprose.tsv"):
        kind, pattern = row
        if kind not in {"log", "code", "table"}:
            raise row.error(f"kind is log, code or table, not {kind!r}")
        try:
            found.append(re.compile(pattern))
        except re.error as exc:
            raise row.error(f"pattern does not compile: {exc}") from None
    return tuple(found)


def candidate(doc: Doc, token: Token) -> Draft | None:
    """``token`` as a cue, whatever its lexicon says: its relation, content and parties.

    Also used by ``scripts/learn_cues.py``, so the lexicon's precision per relation is
    measured on exactly what the extractor proposes.
    """
    pos = coarse_pos(token)
    if token.text == ":":
        return _label(doc, token)
    if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
        return _according(doc, token)
    if pos == "VERB":
        return _verb(doc, token)
    if pos == "NOUN":
        return _noun(token)
    if pos == "ADJ":
        return _adjective(token)
    return None


def _verb(doc: Doc, verb: Token) -> Draft | None:
    if _declined(verb):
        return None
    found = _verb_content(doc, verb)
    if found is None:
        return None
    relation, content = found
    if _negated(verb, relation):
        return None
    return _verb_draft(verb, content, relation)


def _says_nothing(cue: Token) -> bool:
    """Whether the rules' vetoes hold for a cue the tagger read: a refusal to comment, or
    a negated verb with an object."""
    if _declined(cue) or _refuses_comment(cue):
        return True
    found = _verb_content(cue.doc, cue) if coarse_pos(cue) == "VERB" else None
    return found is not None and _negated(cue, found[0])


def _declined(verb: Token) -> bool:
    """ "comment" in "declined to comment on the report"."""
    return verb.dep_ == "xcomp" and _refuses_comment(verb.head)


def _negated(verb: Token, relation: str) -> bool:
    """ "police have not identified the driver": nothing was said."""
    return relation == "object" and any(c.dep_ == "neg" for c in verb.children)


def _verb_draft(verb: Token, content: list[CharSpan], relation: str) -> Draft:
    draft = Draft(_cue_tokens(verb), content, relation)
    draft.source = None if _headline_passive(verb) else _subject(verb)
    draft.addressee = _addressee(verb, relation)
    return draft


def _headline_passive(verb: Token) -> bool:
    """ "Senator Hale accused of hiding donations": an accusing verb without its object is
    a passive with its auxiliary left out, so its subject is the one accused."""
    if verb.tag_ not in {"VBD", "VBN"}:
        return False
    if verb.lemma_.lower() not in lexicons.words("accusing_verb"):
        return False
    following = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    # "criticised over ...": the parser may still find an object after the preposition.
    if following is not None and following.lower_ in lexicons.words("accusation_preposition"):
        return True
    return not any(c.dep_ in {"dobj", "ccomp"} for c in verb.children)


def _noun(noun: Token) -> Draft | None:
    """A cue noun with its clause: "the claim that ...", "his warning that ..."."""
    clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp"}), None)
    if clause is not None and any(c.dep_ == "mark" for c in clause.children):
        draft = Draft([noun], [_extent(clause)], "noun")
    else:
        found = _prepositional(noun)
        if found is None:
            return None
        prep, obj = found
        draft = Draft([noun, prep], [_extent(obj)], "noun-prep")
    owner = next((c for c in noun.children if c.dep_ in {"poss", "compound"}), None)
    draft.source = _phrase(owner) if owner is not None else _subject(noun.head)
    return draft


def _adjective(adjective: Token) -> Draft | None:
    """Attitudes stated with an adjective: "critical of", "confident that"."""
    if adjective.dep_ not in {"acomp", "amod"} or adjective.head.pos_ not in {"AUX", "VERB"}:
        return None
    found = _complement(adjective)
    if found is None:
        return None
    draft = Draft([adjective.head, adjective], [found], "adjective")
    draft.source = _subject(adjective.head)
    return draft


def _verb_content(doc: Doc, verb: Token) -> tuple[str, list[CharSpan]] | None:
    """What ``verb`` reports, and how it governs it."""
    for child in verb.children:
        if child.dep_ in _CLAUSES and child.i > verb.i:
            return "ccomp", [_without_leading_time(child, _extent(child))]
    after_colon = _after_colon(doc, verb)
    if after_colon is not None:
        return "colon", [after_colon]
    for child in verb.children:
        if child.dep_ in _CLAUSES:
            return "ccomp", [_extent(child)]
    if _refuses_comment(verb):
        return None
    for child in verb.children:
        if child.dep_ == "xcomp" and child.i > verb.i and _has_to(child):
            start, end = _extent(child)
            # "urged all nations to limit emissions": the person urged is part of the ask.
            obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < child.i), None)
            if obj is not None:
                start = obj.left_edge.idx
            return "xcomp", [(start, end)]
    for child in verb.children:
        if child.dep_ in _OBJECTS and child.i > verb.i and not _is_addressee(verb, child):
            start, end = _extent(child)
            # "calling the deal conditional": the object with what it is called.
            predicate = [c for c in verb.children if c.dep_ in {"oprd", "ccomp", "xcomp"}]
            if predicate and predicate[-1].i > child.i:
                end = _extent(predicate[-1])[1]
            return "object", [(start, end)]
    found = _prepositional(verb)
    if found is not None:
        return "about", [_extent(found[1])]
    interrupted = _interrupted(verb)
    if interrupted is not None:
        return "interrupt", interrupted
    return None


def _refuses_comment(verb: Token) -> bool:
    """ "declined to comment (on the report)": the refusal has no content."""
    if verb.lemma_.lower() not in lexicons.words("refusing_verb"):
        return False
    said = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    return (
        said is not None
        and said.lemma_.lower() in lexicons.words("commenting_verb")
        and not any(c.dep_ in {"dobj", "ccomp"} for c in said.children)
    )


def _prepositional(word: Token) -> tuple[Token, Token] | None:
    """The preposition and its object after a word: "critical of X", "support for X"."""
    for child in word.children:
        if (
            child.dep_ == "prep"
            and child.lower_ in lexicons.words("about_preposition")
            and child.i > word.i
        ):
            obj = next((c for c in child.children if c.dep_ in {"pobj", "pcomp"}), None)
            # "said on Tuesday" says when, not what.
            if obj is not None and obj.ent_type_ not in {"DATE", "TIME"}:
                return child, obj
    return None


def _after_colon(doc: Doc, verb: Token) -> CharSpan | None:
    """The words after "asked Zelenskyy:" up to the end of the sentence."""
    sent = verb.sent
    for token in doc[verb.i + 1 : min(verb.i + 5, sent.end)]:
        if token.text == ":" and token.i + 1 < sent.end:
            return _rest_of_sentence(token)
        if token.dep_ in _CLAUSES or token.is_punct:
            return None
    return None


def _interrupted(verb: Token) -> list[CharSpan] | None:
    """The clause a trailing or parenthetical cue reports: "..., a source said"."""
    head = verb.head
    if verb.dep_ == "relcl":
        return _trailing(verb)
    if verb.dep_ not in {"parataxis", "ccomp", "advcl", "conj"} or head == verb:
        return None
    if not any(c.dep_ in _SUBJECTS for c in verb.children):
        return None
    before = verb.doc[verb.left_edge.i - 1] if verb.left_edge.i > 0 else None
    if before is None or not (before.is_punct or before.is_quote):
        return None
    if head.i > verb.i or verb.dep_ == "conj":
        return None
    own = set(range(verb.left_edge.i, verb.right_edge.i + 1))
    return _runs([t for t in head.subtree if t.i not in own]) or None


def _trailing(verb: Token) -> list[CharSpan] | None:
    """The sentence before a closing cue the parser read as a relative clause of the last
    noun: in "... hires six more drivers, the union's leader said on Sunday." the leader
    said the whole sentence, not something about the drivers."""
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subject is None or subject.i > verb.i:
        return None
    if subject.lower_ in lexicons.words("relative_pronoun"):
        return None  # "Velko, who said ...": a true relative clause
    doc, sent = verb.doc, verb.sent
    start = verb.left_edge.i
    # The clause opens with its speaker: "..., which he described as ..." is a true
    # relative clause, whose relative word is the object.
    if start != subject.left_edge.i or any(t.tag_ in _WH_TAGS for t in doc[start : verb.i]):
        return None
    if start <= sent.start or doc[start - 1].text != ",":
        return None
    last = sent.end - 1
    while last > verb.i and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if verb.right_edge.i < last:
        return None
    return _runs(list(doc[sent.start : start - 1])) or None


def _runs(tokens: Sequence[Token]) -> list[CharSpan]:
    """Contiguous runs of ``tokens`` as character spans, edge punctuation trimmed."""
    runs: list[list[Token]] = []
    for token in sorted(tokens, key=lambda t: t.i):
        if token.is_space:
            continue
        if runs and runs[-1][-1].i + 1 == token.i:
            runs[-1].append(token)
        else:
            runs.append([token])
    spans = []
    for run in runs:
        while run and run[-1].is_punct and run[-1].text not in _QUOTE_CHARS and run[-1].text != ".":
            run.pop()
        while run and run[0].is_punct and run[0].text not in _QUOTE_CHARS:
            run.pop(0)
        if run:
            spans.append((run[0].idx, run[-1].idx + len(run[-1])))
    return spans


def _label(doc: Doc, colon: Token) -> Draft | None:
    """A name and a colon before what they said: "Kerry: “By law, ...”"."""
    sent = colon.sent
    before = doc[sent.start : colon.i]
    if not 0 < len(before) <= _MAX_LABEL or colon.i + 1 >= sent.end:
        return None
    if not any(t.pos_ == "PROPN" or t.ent_type_ in {"PERSON", "ORG"} for t in before):
        return None
    if any(t.pos_ in {"VERB", "AUX"} for t in before):
        return None
    # What a label introduces ends with its line; without a verb or a quotation it is a
    # field of the page ("Longitude: 7.20518", "Source: Harbour Gazette"), not words said.
    stop = next((t.i for t in doc[colon.i + 1 : sent.end] if "\n" in t.text), sent.end)
    words = [t for t in doc[colon.i + 1 : stop] if not t.is_space]
    if not any(t.pos_ in {"VERB", "AUX"} or _opens_quote(t.text) for t in words):
        return None
    content = (words[0].idx, words[-1].idx + len(words[-1]))
    draft = Draft([colon], [content], "label")
    draft.source = before
    return draft


def _opens_quote(word: str) -> bool:
    return any(mark in word for mark in (*OPENERS, '"'))


def _lead_in(doc: Doc, colon: Token) -> Draft | None:
    """A line that only names who speaks in the quotation after it: "And from the
    chairwoman, Lena Ortiz:", "And from the chairwoman:" (no verb, a name or a
    description coreference reads, a few words after "and", "from")."""
    words = [t for t in doc[colon.sent.start : colon.i] if not t.is_space]
    while words and words[0].pos_ in {"CCONJ", "ADP", "PUNCT"}:
        words.pop(0)
    if not 0 < len(words) <= _MAX_LABEL or any(t.pos_ in {"VERB", "AUX"} for t in words):
        return None
    # A name or someone described, not a heading: "Key dates:" names no one.
    described = descriptions()
    if not any(
        t.pos_ == "PROPN"
        or t.ent_type_ in {"PERSON", "ORG", "NORP"}
        or (t.lemma_.lower() in described and any(c.lower_ == "the" for c in t.children))
        for t in words
    ):
        return None
    draft = Draft([colon], [], "label")
    draft.source = doc[words[0].i : words[-1].i + 1]
    return draft


def _according(doc: Doc, according: Token) -> Draft | None:
    to = doc[according.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    phrase = set(range(according.i, to.right_edge.i + 1))
    clause = according.head
    while clause.dep_ not in {"ROOT", "ccomp", "conj"} and clause.head != clause:
        clause = clause.head
    tokens = [t for t in clause.subtree if t.i not in phrase]
    content = _runs(tokens)
    if not content:
        return None
    draft = Draft([according, to], content, "according")
    draft.source = _phrase(source)
    return draft


def _complement(adjective: Token) -> CharSpan | None:
    for child in adjective.children:
        if child.dep_ in {"ccomp", "xcomp"}:
            return _extent(child)
    found = _prepositional(adjective)
    return _extent(found[1]) if found else None


def _cue_tokens(verb: Token) -> list[Token]:
    """The verb with its auxiliaries, negation and particle: "has not pointed out"."""
    extra = [c for c in verb.children if c.dep_ in {"aux", "auxpass", "neg", "prt"}]
    tokens = sorted([verb, *extra], key=lambda t: t.i)
    # Keep the run touching the verb so "will, he said, reportedly" stays out.
    start = next(i for i, t in enumerate(tokens) if t == verb)
    end = start
    while start > 0 and tokens[start - 1].i >= tokens[start].i - 2:
        start -= 1
    while end + 1 < len(tokens) and tokens[end + 1].i <= tokens[end].i + 2:
        end += 1
    return tokens[start : end + 1]


def _subject(verb: Token) -> Span | None:
    """The speaker phrase of a cue verb, following conjunctions, participles and passives.

    A passive without an agent ("is expected to") and a raising verb ("appears to") have
    no speaker: their grammatical subject is what is talked about.
    """
    current, raised = verb, False
    for _ in range(4):
        for child in current.children:
            if child.dep_ == "agent":
                agent = next((c for c in child.children if c.dep_ == "pobj"), None)
                if agent is not None:
                    return _phrase(agent)
        subject = next((c for c in current.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            if not raised and (
                subject.dep_ == "nsubjpass" or current.lemma_ in lexicons.words("raising_verb")
            ):
                return None
            if current.dep_ == "relcl" and subject.lower_ in lexicons.words("relative_pronoun"):
                return _phrase(current.head)
            return _phrase(subject)
        if current.dep_ in {"acl", "relcl"}:
            # "a group backing Rubio", "Biden, who urged ...": the noun does the saying.
            return _phrase(current.head)
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":
            # "she began by telling ...", "he joined them in writing ...".
            current = current.head
        elif current.dep_ not in {"conj", "xcomp", "advcl"} or current.head == current:
            return None
        # "the envoy is said to have replied": the raised subject is the one who replied.
        raised = current.dep_ == "xcomp"
        current = current.head
    return None


def _addressee(verb: Token, relation: str) -> Span | None:
    """Who the words were for: "told reporters", "asked Zelenskyy", "said to aides"."""
    for child in verb.children:
        if child.dep_ == "dative" or (
            child.dep_ == "dobj"
            and relation != "object"
            and (
                _is_addressee(verb, child)
                or (
                    relation in {"quote", "colon"}
                    and verb.lemma_ in lexicons.words("addressing_verb")
                )
            )
        ):
            return _phrase(child)
        if (
            child.dep_ == "prep"
            and child.lower_ == "to"
            and verb.lemma_ in lexicons.words("saying_verb")
        ):
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
            if target is not None:
                return _phrase(target)
    return None


def _is_addressee(verb: Token, obj: Token) -> bool:
    if verb.lemma_.lower() not in lexicons.words("addressing_verb"):
        return False
    return (
        obj.pos_ in {"PROPN", "PRON"}
        or obj.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
        or (any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children))
    )


def _phrase(head: Token) -> Span:
    """The noun phrase headed by ``head``, without relative clauses and edge punctuation."""
    doc = head.doc
    cut = {t.i for c in head.children if c.dep_ in {"relcl", "acl"} for t in c.subtree}
    tokens = [t for t in head.subtree if t.i not in cut]
    start, end = tokens[0].i, tokens[-1].i + 1
    for token in tokens:
        if token.i > head.i and token.text in {",", "(", "—", "–"}:
            end = token.i
            break
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[_after_title(doc, start, end) : end]


def _after_title(doc: Doc, start: int, end: int) -> int:
    """Where a speaker phrase ``doc[start:end]`` starts once a title before it is left out:
    "“Harbour Lights” creator Nadia Perl" comes without the title's opening mark (the
    parser hangs it elsewhere), and starts after the title rather than inside its marks."""
    words = doc[start:end].text
    # A straight mark closes when it touches the word before it ('Lights" creator').
    closer = next(
        (
            t.i
            for t in doc[start + 1 : end]
            if t.text in CLOSERS or (t.text == '"' and not doc[t.i - 1].whitespace_)
        ),
        None,
    )
    opened = _opens_quote(doc[start].text)
    # Only a title with words after it: "“Harbour Lights”" alone stays as it is.
    if closer is None or closer + 1 >= end:
        return start
    if opened or _unopened(words) or words.count('"') % 2:
        start = min(closer + 1, end - 1)
        while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
            start += 1
    return start


def _extent(head: Token) -> CharSpan:
    """Characters of ``head``'s subtree, closing quotation marks kept, edge commas not.

    A coordinated clause with a complement of its own ("... and predicted that ...") is
    a second statement the parser hung under the first, and is left out.
    """
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    while end - 1 > start and doc[end - 1].is_space:
        end -= 1
    for child in head.children:
        if child.dep_ == "conj" and child.i > head.i and _reports(child):
            end = min(end, _conjunction_start(child))
    while start < end - 1 and doc[start].is_punct and doc[start].text not in _QUOTE_CHARS:
        start += 1
    while end - 1 > start and doc[end - 1].text in {",", ";", ":", "—", "–", "-", "("}:
        end -= 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _without_leading_time(clause: Token, extent: CharSpan) -> CharSpan:
    """The clause without a time phrase the parser hung at its start: in "said on Tuesday
    it aims to ...", "on Tuesday" dates the saying, not the aim."""
    doc = clause.doc
    subject = next((c for c in clause.children if c.dep_ in _SUBJECTS), None)
    if subject is None:
        return extent
    start = clause.left_edge.i
    for child in clause.children:
        if child.i >= subject.i or child.left_edge.i != start:
            continue
        words = [t for t in child.subtree if not t.is_punct]
        times = [t for t in words if t.ent_type_ in {"DATE", "TIME"}]
        if times and all(t in times or t.dep_ in {"prep", "advmod"} for t in words):
            start = child.right_edge.i + 1
            while start < subject.i and (doc[start].is_punct or doc[start].is_space):
                start += 1
    return (doc[start].idx, extent[1]) if start <= subject.left_edge.i else extent


def _reports(verb: Token) -> bool:
    return verb.pos_ in {"VERB", "AUX"} and any(c.dep_ in _CLAUSES for c in verb.children)


def _conjunction_start(conj: Token) -> int:
    """Where a coordinated clause begins, its "and" and comma included."""
    start = conj.left_edge.i
    doc = conj.doc
    while start > 0 and (doc[start - 1].dep_ == "cc" or doc[start - 1].text == ","):
        start -= 1
    return start


def _rest_of_sentence(token: Token) -> CharSpan:
    """From the token after ``token`` to the end of its sentence, trailing space left out."""
    doc, end = token.doc, token.sent.end
    while end - 1 > token.i + 1 and doc[end - 1].is_space:
        end -= 1
    last = doc[end - 1]
    return doc[token.i + 1].idx, last.idx + len(last)


def _has_to(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _distance(token: Token, start: int, end: int) -> int:
    return start - token.i if token.i < start else token.i - end


def quoted_tokens(doc: Doc, quotations: list[Quotation]) -> set[int]:
    """Indices of the tokens inside quotation marks."""
    inside: set[int] = set()
    for quotation in quotations:
        for start, end in quotation.spans:
            span = doc.char_span(start, end, alignment_mode="contract")
            if span is not None:
                inside.update(range(span.start, span.end))
    return inside


def _title(text: str, quotation: Quotation) -> bool:
    """Whether a quotation is a title (a film, a book, a show: "“The Long Winter”"): a few
    words, each capitalised but the small words of titles, and no punctuation of speech."""
    if len(quotation.spans) != 1:
        return False
    start, end = quotation.spans[0]
    inner = text[start:end].strip(_QUOTE_CHARS + " ")
    words = inner.split()
    # A colon before a capital belongs to the title: "Mission: Impossible".
    if not words or len(words) > _MAX_TITLE or any(c in inner for c in ".,;!?"):
        return False
    if any(not (w.endswith(":") and i + 1 < len(words)) for i, w in enumerate(words) if ":" in w):
        return False
    minor = lexicons.words("title_minor_word")
    return words[0][0].isupper() and all(
        w[0].isupper() or w.lower() in minor or w.strip("()").isdigit() for w in words
    )


class _Regions:
    """Character spans (page furniture, lines that are not prose) that a statement may not
    come from, asked about in O(log n): a page of tables holds thousands."""

    def __init__(self, spans: Iterable[CharSpan]) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]
        # reach[k]: the furthest any of the first k + 1 regions ends.
        self.reach = list(accumulate((end for _, end in self.spans), max))

    def holds(self, span: CharSpan) -> bool:
        """Whether one region holds all of ``span``."""
        k = bisect_right(self.starts, span[0]) - 1
        return k >= 0 and self.reach[k] >= span[1]

    def end_at(self, position: int) -> int | None:
        """Where the regions that hold ``position`` end, if one does."""
        k = bisect_right(self.starts, position) - 1
        return self.reach[k] if k >= 0 and self.reach[k] > position else None

    def adding(self, spans: Iterable[CharSpan]) -> _Regions:
        return _Regions([*self.spans, *spans])


def _outside(text: str, content: Sequence[CharSpan], furniture: _Regions) -> list[CharSpan]:
    """Content spans with the page furniture or dateline they start in cut off (a trailing
    "..., the union said" reports the sentence, not the wire dateline that opens it), and
    with the opening quotation mark of a closing one they hold."""
    kept = []
    for start, end in content:
        while (after := furniture.end_at(start)) is not None:
            start = after
        while start < end and text[start].isspace():
            start += 1
        # The parser may hang an opening mark on the cue, not on the words it opens.
        if start > 0 and text[start - 1] in OPENERS and _unopened(text[start:end]):
            start -= 1
        if start < end:
            kept.append((start, end))
    return kept


def _unopened(words: str) -> bool:
    return sum(words.count(c) for c in CLOSERS) > sum(words.count(c) for c in OPENERS)


def _covers(content: Sequence[CharSpan], quotation: Quotation) -> bool:
    start, end = quotation.spans[0]
    return any(s < end and start < e for s, e in content)


def _previous_turn(text: str, drafts: list[Draft], quotation: Quotation) -> Draft | None:
    """The quoted statement a cue-less quotation continues: "“A,” he said. “B.”", or a
    paragraph of quotation after "“A,” said X, who ...".

    Only the previous statement's own cue and speaker, with what describes the speaker,
    may stand between them.
    """
    before = [d for d in drafts if d.quotes and max(e for _, e in d.content) <= quotation.start]
    if not before:
        return None
    previous = max(before, key=lambda d: max(e for _, e in d.content))
    gap_start = max(e for _, e in previous.content)
    between = set(range(gap_start, quotation.start))
    # The speaker with what describes them: "said Jeff Marlow, who runs a bakery."
    speaker = list(previous.source.root.subtree) if previous.source is not None else []
    for token in previous.cue + speaker:
        between -= set(range(token.idx, token.idx + len(token)))
    if any(text[i].isalnum() for i in between) or text.count("\n", gap_start, quotation.start) > 2:
        return None
    return previous


def _drop_nested(drafts: list[Draft]) -> list[Draft]:
    """Drop statements whose cue lies inside another statement's content.

    PolNeAR annotates some nested attributions, but far more verbs inside a reported
    content are part of what was said ("said the plan would show ...") than new
    statements; on train, dropping them all gains much more precision than recall lost.
    Two outer cues give way instead: "according to X, Merkel urged ..." (X sources
    Merkel's statement) and a hedging passive ("is said to have replied").
    """
    heads = [d.head for d in drafts]
    indices = {head.i for head in heads}
    hedges = [
        _passive(head) and any(c.dep_ == "xcomp" and c.i in indices for c in head.children)
        for head in heads
    ]
    # Every draft is tested against every other: heads, roles and the reach of each content
    # are read once, and a head outside that reach needs no closer look.
    outers = [
        (d, min(s for s, _ in d.content), max(e for _, e in d.content))
        for d, hedge in zip(drafts, hedges, strict=True)
        if not hedge and not _sources(d) and d.content
    ]
    kept = []
    for draft, head, hedge in zip(drafts, heads, hedges, strict=True):
        if hedge:
            continue
        idx = head.idx
        if not any(
            first <= idx < last and other is not draft and within(idx, other.content)
            for other, first, last in outers
        ):
            kept.append(draft)
    return kept


def _sources(draft: Draft) -> bool:
    """Whether a statement only sources the one inside it: "according to X", "..., X said"."""
    if draft.relation in {"according", "interrupt"}:
        return True
    return draft.relation == "ccomp" and max(e for _, e in draft.content) <= draft.head.idx


def _passive(verb: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


def _inside(span: CharSpan, regions: Sequence[CharSpan]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in regions)


def _overlap(spans: Sequence[CharSpan], others: Sequence[CharSpan]) -> int:
    """The characters shared by each span of ``spans`` and each of ``others``, summed over
    the pairs; in O((n + m) log m), as a statement may hold thousands of quotations."""
    change: dict[int, int] = {}
    for start, end in others:
        change[start] = change.get(start, 0) + 1
        change[end] = change.get(end, 0) - 1
    points = sorted(change)
    # covered[k]: how many of ``others`` cover the characters before points[k], summed.
    covered = [0]
    depth = 0
    for k in range(1, len(points)):
        depth += change[points[k - 1]]
        covered.append(covered[-1] + depth * (points[k] - points[k - 1]))
    depths = list(accumulate(change[p] for p in points))

    def before(at: int) -> int:
        k = bisect_right(points, at) - 1
        return 0 if k < 0 else covered[k] + depths[k] * (at - points[k])

    return sum(before(end) - before(start) for start, end in spans)


def _kind(text: str, content: Sequence[CharSpan], quotes: Sequence[Quotation]) -> StatementKind:
    if not quotes:
        return "indirect"
    quoted = _overlap(content, [span for q in quotes for span in q.spans])
    words = sum(len(text[s:e].strip()) for s, e in content)
    return "direct" if quoted >= words - 2 else "mixed"


def _merge(spans: Sequence[CharSpan]) -> list[CharSpan]:
    merged: list[CharSpan] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _party(span: Span | None, entities: list[Entity]) -> Party | None:
    if span is None:
        return None
    char = (span.start_char, span.end_char)
    # The phrase's head names the party: "A Russian official" is not Russia.
    root = span.root
    entity = entity_at((root.idx, root.idx + len(root)), entities)
    if entity is None:
        # "he", "the company": the entity coreference says it stands for.
        entity = referred(root.idx, entities)
    if entity is None:
        # "the council chairwoman, Lena Ortiz": the name in apposition says who.
        named = (c for c in root.children if c.dep_ == "appos" and c.i < span.end)
        entity = next(
            (e for c in named if (e := entity_at((c.idx, c.idx + len(c)), entities))), None
        )
    return Party(char, span.text, entity.id if entity else None)


def entity_at(span: CharSpan, entities: list[Entity]) -> Entity | None:
    """The entity one of whose mentions overlaps ``span``."""
    for entity in entities:
        for mention in entity.mentions:
            if mention[0] < span[1] and span[0] < mention[1]:
                return entity
    return None


def _statement(
    text: str,
    ident: str,
    draft: Draft,
    entities: list[Entity],
    confidence: float | None,
    act: Act,
) -> Statement:
    content = tuple(_merge(draft.content))
    cue = draft.cue_span
    return Statement(
        id=ident,
        kind=_kind(text, content, draft.quotes),
        cue=TextSpan.of(text, cue),
        content=Content.of(text, content),
        speaker=_party(draft.source, entities),
        addressee=_party(draft.addressee, entities),
        act=act,
        confidence=None if confidence is None else round(confidence, 3),
    )


class Acts:
    """What kind of act a statement reports, by its cue's lemma and relation
    (``data/acts.tsv``): speech unless the table says writing, thought or intention."""

    def __init__(self, lexicons: lexicons.Lexicons) -> None:
        self._acts: dict[tuple[str, str], Act] = {}
        for row in lexicons.table("acts.tsv"):
            lemma, relation, act = row.fields
            if act not in ACTS:
                raise row.error(f"act must be one of {', '.join(ACTS)}, got {act!r}")
            self._acts[lemma.lower(), relation] = act

    def of(self, draft: Draft) -> Act:
        """The act of ``draft``'s cue."""
        lemma = draft.head.lemma_.lower()
        return self._acts.get((lemma, draft.relation)) or self._acts.get((lemma, "*"), "speech")


def rule_roles(drafts: Sequence[Draft]) -> RuleRoles:
    """The character spans of the rules' sources, cues and contents, for the tagger."""
    return RuleRoles(
        sources=[(d.source.start_char, d.source.end_char) for d in drafts if d.source],
        cues=[d.cue_span for d in drafts],
        contents=[span for d in drafts for span in d.content],
    )


def _refined(
    doc: Doc,
    drafts: list[Draft],
    quotations: Sequence[Quotation],
    tagging: Tagging,
    lexicon: CueLexicon,
    hedging: set[int],
) -> list[tuple[Draft, dict[str, float]]]:
    text = text_of(doc)
    contents = tagging.of("CONTENT")
    cues = _without(tagging.of("CUE"), hedging)
    # A content whose nearest cue is only a hedge has no cue of its own to go with.
    hedges = [span for span in tagging.of("CUE") if set(range(span.start, span.end)) <= hedging]
    sources = tagging.of("SOURCE")
    titles = [q.spans[0] for q in quotations if _not_quoted_words(text, q)]
    # Log, code and table lines report no one's words (as in the rules' drafts).
    unspoken = _Regions(non_prose_lines(doc))
    by_cue: dict[tuple[int, int], tuple[Draft, list[TokenSpan], TokenSpan | None]] = {}
    for content in contents:
        chars = text_span(doc, content)
        if (
            chars[0] == chars[1]
            or _inside(chars, titles)
            or unspoken.holds((chars[0], chars[0] + 1))
            or _names_a_title(doc, chars, titles)
        ):
            continue
        nearest = _nearest_cue(doc, content, cues, hedges)
        rule = _rule_for(drafts, chars, nearest)
        if (
            rule is not None
            and _overlapping_span(cues, rule.cue[0].i, rule.cue[-1].i + 1) is None
            and nearest is not None
        ):
            # The tagger sees no cue where the rules put it, and sees one nearer.
            rule = None
        if rule is not None:
            cue_tokens = _model_cue(rule.cue, cues) or rule.cue
            model_cue = _overlapping_span(cues, cue_tokens[0].i, cue_tokens[-1].i + 1)
        else:
            model_cue = nearest
            if model_cue is None:
                continue
            cue_tokens = list(doc[model_cue.start : model_cue.end])
            cue_tokens = [t for t in cue_tokens if not t.is_space] or cue_tokens
        key = (cue_tokens[0].i, cue_tokens[-1].i)
        if key in by_cue:
            if not _continues(doc, text, by_cue[key][1], content, cue_tokens):
                continue  # a content of its own that no cue of its sentence reports
            by_cue[key][1].append(content)
            continue
        draft = Draft(
            cue=cue_tokens,
            content=[],
            relation=rule.relation if rule else "model",
            addressee=rule.addressee if rule else None,
        )
        if (
            _says_nothing(draft.head)
            or _names_only(draft.head)
            or unspoken.holds((draft.head.idx, draft.head.idx + 1))
            or (rule is None and lexicon.best(draft.head) < _MODEL_THRESHOLD)
        ):
            continue
        # The rules' vetoes hold for the tagger's cues too.
        draft.source = None if _headline_passive(draft.head) else _source(doc, draft, rule, sources)
        by_cue[key] = (draft, [content], model_cue)

    found: list[tuple[Draft, dict[str, float]]] = []
    for draft, spans, model_cue in by_cue.values():
        pieces = [text_span(doc, span) for span in spans]
        draft.quotes = [
            q for q in quotations if _shares(pieces, q.spans) and q.spans[0] not in titles
        ]
        # As with the rules, a quotation the content runs into is all of it: the marks say
        # where a quoted turn ends, the tagger may stop at a sentence inside it.
        pieces += [s for q in draft.quotes if _ends_inside(pieces, q) for s in q.spans]
        draft.content = _cut(text, _joined(pieces, text), draft.cue_span)
        if not draft.content:
            continue
        parts = [(span, span.end - span.start) for span in spans]
        size = sum(n for _, n in parts)
        agreed = any(d.cue[0].i == draft.cue[0].i or draft.head in d.cue for d in drafts)
        found.append((draft, _evidence(draft, parts, size, model_cue, sources, agreed, lexicon)))
    read = [draft for draft, _ in found]
    for draft in drafts:
        if _stays(draft, read):
            # Its confidence says how often such statements were right in train.
            cue = _overlapping_span(cues, draft.cue[0].i, draft.cue[-1].i + 1)
            found.append((draft, _evidence(draft, [], 1, cue, sources, True, lexicon)))
    found.sort(key=lambda item: min(s for s, _ in item[0].content))
    return found


def _stays(draft: Draft, read: Sequence[Draft]) -> bool:
    """Whether a rule statement stays beside the tagger's statements ``read``: when the
    tagger read nothing of its content, or when it is one of a pair that the tagger's
    labels (one role per token) cannot both hold: "X urged Y to act, officials said",
    the statement inside and the one that relays it."""
    if not any(_shares(draft.content, r.content) for r in read):
        return True
    if any(draft.head in r.cue for r in read):
        return False
    inner = any(_shares([draft.cue_span], r.content) and _relays(r) for r in read)
    outer = _relays(draft) and any(_shares([r.cue_span], draft.content) for r in read)
    return inner or outer


def _relays(draft: Draft) -> bool:
    """ "according to X", or a cue after all it reports ("..., officials said")."""
    return _sources(draft) or draft.cue[0].idx >= max(e for _, e in draft.content)


def _continues(
    doc: Doc, text: str, spans: Sequence[TokenSpan], content: TokenSpan, cue: Sequence[Token]
) -> bool:
    """Whether a content span the tagger marked goes on the statement whose content is
    ``spans``: the other half of "“A,” she said, “B.”", or more of the same sentence; not
    a new paragraph, nor another sentence on the same side of the cue (on held-out folds
    of train, such a span was more often a statement of its own)."""
    last = max(spans, key=lambda s: s.end)
    if "\n" in text[doc[last.end - 1].idx : doc[content.start].idx]:
        return False
    same_side = (content.start > cue[-1].i) == (last.start > cue[-1].i)
    return not same_side or doc[content.start].sent.start == doc[last.end - 1].sent.start


def _cut(text: str, content: Sequence[CharSpan], cue: CharSpan) -> list[CharSpan]:
    """``content`` without the cue's words (a hedge the tagger read as the cue leaves its
    verb at the content's edge: "reportedly described as ..."), nor the spaces and
    punctuation but quotation marks that the cut leaves at an edge."""
    kept = []
    for start, end in content:
        for s, e in ((start, min(end, cue[0])), (max(start, cue[1]), end)):
            while s < e and (text[s].isspace() or text[s] in ",:;"):
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                kept.append((s, e))
    return kept


def _without(spans: Sequence[TokenSpan], tokens: set[int]) -> list[TokenSpan]:
    """``spans`` with ``tokens`` cut from their edges; those that were nothing else, gone."""
    kept = []
    for span in spans:
        start, end = span.start, span.end
        while start < end and start in tokens:
            start += 1
        while end > start and end - 1 in tokens:
            end -= 1
        if start < end:
            kept.append(TokenSpan(span.role, start, end, span.probability))
    return kept


def _ends_inside(content: Sequence[CharSpan], quotation: Quotation) -> bool:
    """Whether ``content`` stops short inside ``quotation``."""
    end = max(e for _, e in content)
    return quotation.start < end < quotation.end - 1


def _length(draft: Draft) -> float:
    """How long a statement's content is: the log of its words."""
    text = text_of(draft.head.doc)
    return math.log1p(sum(len(text[s:e].split()) for s, e in draft.content))


def _shares(a: Sequence[CharSpan], b: Sequence[CharSpan]) -> bool:
    return any(s < e2 and s2 < e for s, e in a for s2, e2 in b)


def _joined(spans: Sequence[CharSpan], text: str) -> list[CharSpan]:
    """Content spans in text order, those with nothing but spaces, punctuation and
    quotation marks between them made one: the tagger may leave a quotation mark out."""
    joined: list[CharSpan] = []
    for start, end in sorted(spans):
        if joined and not any(c.isalnum() for c in text[joined[-1][1] : start]):
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _rule_for(drafts: Sequence[Draft], chars: CharSpan, nearest: TokenSpan | None) -> Draft | None:
    """The rule statement a content span ``chars`` belongs to: the one with the tagger's
    ``nearest`` cue, else the one whose content is most like it, the most characters in
    common and the fewest apart (of "X urged Y to act, officials said", "Y to act" is what
    "urged" reports, not what "said" does)."""
    best, most = None, 0
    for draft in drafts:
        overlap = sum(max(0, min(e, chars[1]) - max(s, chars[0])) for s, e in draft.content)
        if overlap <= 0:
            continue
        if nearest is not None and any(nearest.start <= t.i < nearest.end for t in draft.cue):
            return draft
        apart = sum(e - s for s, e in draft.content) + (chars[1] - chars[0]) - 2 * overlap
        if best is None or overlap - apart > most:
            best, most = draft, overlap - apart
    return best


def _overlapping_span(spans: Sequence[TokenSpan], start: int, end: int) -> TokenSpan | None:
    return next((s for s in spans if s.start < end and start < s.end), None)


def _model_cue(rule_cue: Sequence[Token], cues: Sequence[TokenSpan]) -> list[Token] | None:
    """The tagger's cue over the rules' cue tokens, with the tagger's boundaries."""
    span = _overlapping_span(cues, rule_cue[0].i, rule_cue[-1].i + 1)
    if span is None:
        return None
    doc = rule_cue[0].doc
    tokens = [t for t in doc[span.start : span.end] if not t.is_space]
    return tokens or None


def _nearest_cue(
    doc: Doc, content: TokenSpan, cues: Sequence[TokenSpan], hedges: Sequence[TokenSpan]
) -> TokenSpan | None:
    """The tagger's cue closest to ``content`` in its sentences or the one before; None
    when a hedge the tagger read as a cue is closer."""
    first = doc[content.start].sent.start
    if first > 0:
        first = doc[first - 1].sent.start
    last = doc[content.end - 1].sent.end
    best, gap = None, len(doc)
    for cue in [*cues, *hedges]:
        if cue.end <= first or cue.start >= last:
            continue
        distance = content.start - cue.end if cue.end <= content.start else cue.start - content.end
        if 0 <= distance < gap:
            best, gap = cue, distance
    return None if best in hedges else best


def _source(
    doc: Doc, draft: Draft, rule: Draft | None, sources: Sequence[TokenSpan]
) -> Span | None:
    """The cue's source: the tagger's span over the rules' speaker, else the rules'
    speaker, else the tagger's source nearest the cue in its sentence, else the cue verb's
    subject as the rules find it ("..., telling reporters" has the subject of the verb it
    hangs from)."""
    if rule is not None and rule.source is not None:
        span = _overlapping_span(sources, rule.source.start, rule.source.end)
        return _tokens(doc, span) if span is not None else rule.source
    sentence = draft.head.sent
    cue_start, cue_end = draft.cue[0].i, draft.cue[-1].i + 1
    near = [s for s in sources if sentence.start <= s.start and s.end <= sentence.end]
    if not near:
        return _subject(draft.head) if coarse_pos(draft.head) == "VERB" else None
    best = min(
        near,
        key=lambda s: cue_start - s.end if s.end <= cue_start else s.start - cue_end + 1,
    )
    return _tokens(doc, best)


def _tokens(doc: Doc, span: TokenSpan) -> Span:
    start, end = span.start, span.end
    while start < end - 1 and doc[start].is_space:
        start += 1
    while end > start + 1 and doc[end - 1].is_space:
        end -= 1
    return doc[_after_title(doc, start, end) : end]


def _evidence(
    draft: Draft,
    parts: Sequence[tuple[TokenSpan, int]],
    size: int,
    cue: TokenSpan | None,
    sources: Sequence[TokenSpan],
    rules: bool,
    lexicon: CueLexicon,
) -> dict[str, float]:
    """What a statement's confidence is read from: the tagger's marginals for its content
    (``parts``: the tagger's content spans with how many of the ``size`` tokens of the
    content each covers; none when the tagger marks no content there), its cue and its
    source; whether the rules read it too, and how much the cue lexicon trusts its cue."""
    source = (
        _overlapping_span(sources, draft.source.start, draft.source.end)
        if draft.source is not None
        else None
    )
    return {
        "content": sum(span.probability * n for span, n in parts) / size if parts else 0.0,
        "content_min": min(span.probability for span, _ in parts) if parts else 0.0,
        "cue": cue.probability if cue is not None else 0.0,
        "source": source.probability if source is not None else 0.0,
        "no_source": 1.0 if draft.source is None else 0.0,
        "rules": 1.0 if rules else 0.0,
        "quoted": 1.0 if draft.quotes else 0.0,
        "lexicon": lexicon.best(draft.head),
        "length": _length(draft),
        "rules_only": 0.0 if parts else 1.0,
    }


@Language.factory(
    "onrecord_statements",
    requires=["doc._.entities", "token.dep", "token.lemma", "token.tag"],
    assigns=["doc._.statements"],
    default_config={"threshold": THRESHOLD, "lexicons": [], "mode": "rules", "model": ""},
)
def make_statements(
    nlp: Language, name: str, threshold: float, lexicons: list[str], mode: str, model: str
) -> StatementFinder:
    """Create the statement extractor (reads the parse; entities when present);
    ``lexicons`` lists lexicon overlay folders. ``mode`` is ``rules`` (the rules read the
    statements, the learned tagger gives each its confidence) or ``model`` (the tagger
    draws them, the rules say what goes together); ``model`` names the tagger's file,
    empty for the shipped one."""
    if mode not in ("model", "rules"):
        raise ConfigError(f"statements mode must be 'model' or 'rules', got {mode!r}")
    tagger = StatementTagger(Path(model) if model else STATEMENTS)
    return StatementFinder(
        nlp, name, threshold, overlays=[Path(p) for p in lexicons], tagger=tagger, mode=mode
    )
