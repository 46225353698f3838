"""Sourcing: on whose authority each statement rests, and how firmly it is reported.

The ``onrecord_sourcing`` component runs after ``onrecord_statements`` and gives every
statement three things.

**A sourcing chain** (``sources``), outermost first:

1. the publishing outlet, from the article's metadata (it has no span);
2. the authorities that relay the statement: the speakers of the statements whose content
   holds it. A source phrase is split where one authority passes the words on to the
   next: "a report by the Daily Ledger citing officials familiar with the talks"
   gives the Daily Ledger, then the officials; "a document seen by Reuters" gives
   Reuters, then the document. A document with a known author ("a report by X", "an X
   report") is represented by its author;
3. the speaker, when the speaker is itself a source rather than an actor: an unnamed
   description ("officials said"), an outlet ("state media reported"), a document ("the
   report says"). A named speaker is the statement's ``speaker``, not a link.

A chain stated once governs what follows it: a statement with no chain of its own that
the reporter marks as second-hand ("reportedly", "is said to", the quotations after "went
something like this:") rests on the last chain stated in its section (sections end at
subheadings). A headline or standfirst statement rests on the chain of the body statement
it repeats. "The Post has learned" adds an anonymous link without a span: the outlet's own
unnamed sources.

**Hedges** (``hedges``) from ``data/hedges.tsv`` (see :mod:`onrecord.extract.hedges`). A
statement also carries the hedges of the statements that relay it.

**A certainty**, by the first rule that holds:

- ``hedged``: the statement carries a hedge, whatever its chain;
- ``anonymous``: a link of its chain is an unnamed source;
- ``attributed``: its chain has a link besides the publishing outlet;
- ``on_record``: it has a speaker and nothing stands between speaker and outlet;
- ``None``: no speaker and no chain; unknown, not guessed.

``doc._.sourcing`` gets the article's :class:`~onrecord.records.SourcingProfile`.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc, Token

from onrecord import lexicons
from onrecord.extract.extensions import register_extensions, text_of
from onrecord.extract.hedges import HedgeFinder, HedgeMatch, governs, load_patterns
from onrecord.extract.quotes import entity_at
from onrecord.extract.segment import unwrapped
from onrecord.lexicons import Lexicons, current
from onrecord.records import (
    AnonymousSource,
    Article,
    Certainty,
    Entity,
    Hedge,
    Source,
    SourceType,
    SourcingProfile,
    Statement,
)
from onrecord.types import Span as CharSpan
from onrecord.types import within

__all__ = ["CERTAINTIES", "SOURCE_TYPES", "Sourcer", "certainty", "load_source_words", "profile"]

#: Certainty levels, from firmest to weakest.
CERTAINTIES: tuple[Certainty, ...] = ("on_record", "attributed", "anonymous", "hedged")
#: Types of a sourcing chain link.
SOURCE_TYPES = ("outlet", "person", "organization", "anonymous", "document")
_SOURCE_KINDS = {"outlet", "anonymous", "document"}
_WORD_KINDS = {"anonymous", "document", "outlet", "organization", "relay", "via"}
# Regions whose statements repeat the story's: they take the chain of the body statement.
_LEAD = {"headline", "standfirst"}
# A subheading: a short paragraph without closing punctuation.
_HEADING_WORDS = 12
_CLOSING = tuple(".!?:;,\"”’')…")
_LINE = re.compile(r"[^\n]*\S[^\n]*")
# From a visible character to the last one before a blank line or the end of the text.
_BLOCK = re.compile(r"\S(?:.*?\S)??(?=\s*(?:\n\s*\n|\Z))", re.DOTALL)
# How much of a headline statement's wording its body statement must share.
_ECHO = 0.5
_LABELS = {
    "on_record": "on the record",
    "attributed": "attributed",
    "anonymous": "anonymous",
    "hedged": "hedged",
}
#: The link "The Post has learned" stands for: the outlet's own unnamed sources.
UNDISCLOSED = "sources the outlet does not name"


def load_source_words(lexicons: Lexicons | None = None) -> dict[str, str]:
    """``sources.tsv`` in ``lexicons`` (default: the current ones): head words and
    chaining verbs, with their kind."""
    return (lexicons or current()).memo(_source_words)


def _source_words(lexicons: Lexicons) -> dict[str, str]:
    words = {}
    for row in lexicons.table("sources.tsv"):
        word, kind = row
        if kind not in _WORD_KINDS:
            raise row.error(f"kind {kind!r} is not one of {', '.join(sorted(_WORD_KINDS))}")
        words[word] = kind
    return words


def _kind(token: Token) -> str | None:
    words = load_source_words()
    return words.get(token.lower_) or words.get(token.lemma_.lower())


class Sourcer:
    """The ``onrecord_sourcing`` component."""

    def __init__(self, nlp: Language, name: str, overlays: Sequence[Path] = ()) -> None:
        register_extensions()
        self.name = name
        self.lexicons = lexicons.load(overlays)
        self.hedges = HedgeFinder(load_patterns(self.lexicons))

    def __call__(self, doc: Doc) -> Doc:
        with lexicons.using(self.lexicons):
            statements: list[Statement] = doc._.statements or []
            if statements:
                statements = self.source(doc, statements)
                doc._.statements = statements
            doc._.sourcing = profile(statements, doc._.article)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Process a stream of documents."""
        for doc in docs:
            yield self(doc)

    def source(self, doc: Doc, statements: Sequence[Statement]) -> list[Statement]:
        """``statements`` with their sourcing chains, hedges and certainty filled in."""
        article: Article | None = doc._.article
        entities: list[Entity] = doc._.entities or []
        layout = _Layout(text_of(doc), article)
        cues = {s.id: _cue_head(doc, s.cue.span) for s in statements}
        relays = {s.id: _relays(s, statements) for s in statements}
        outlet = _outlet(article, entities)
        speakers = {
            s.id: [_as_outlet(x, outlet) for x in _speaker_links(doc, s, cues[s.id], entities)]
            for s in statements
        }
        _add_cited(doc, statements, cues, speakers, entities)
        index = _HedgeIndex(doc, self.hedges(doc), statements, layout)
        own = {s.id: index.weakening(s, cues[s.id]) for s in statements}
        hedges = {
            s.id: _unique([h for r in relays[s.id] for h in own[r.id]] + own[s.id])
            for s in statements
        }
        chains = _chains(statements, relays, speakers, hedges, cues, layout)
        result = []
        for statement in statements:
            chain = _with_outlet(outlet, chains[statement.id])
            kept = tuple(Hedge(h.text, h.span) for h in hedges[statement.id])
            result.append(
                dataclasses.replace(
                    statement,
                    sources=tuple(chain),
                    hedges=kept,
                    certainty=certainty(
                        chain[1:] if outlet is not None else chain,
                        kept,
                        speaker=statement.speaker is not None,
                    ),
                )
            )
        return result


def _chains(
    statements: Sequence[Statement],
    relays: dict[str, list[Statement]],
    speakers: dict[str, list[Source]],
    hedges: dict[str, list[HedgeMatch]],
    cues: dict[str, Token],
    layout: _Layout,
) -> dict[str, list[Source]]:
    """Every statement's chain behind the publishing outlet, by statement id: its relays'
    links and its own, or the chain governing its section, or its body twin's (headlines)."""
    chains: dict[str, list[Source]] = {}
    relaying = {r.id for s in statements for r in relays[s.id]}
    governing: tuple[int, list[Source]] | None = None
    for statement in sorted(statements, key=lambda s: s.cue.start):
        relayed = [link for r in relays[statement.id] for link in speakers[r.id]]
        own = _own_links(speakers[statement.id], cues[statement.id])
        section = layout.section(statement.cue.start)
        chain = relayed + own
        if layout.lead(statement.cue.start):
            # Headlines drop attribution; they take the body's chain (below) instead.
            if chain:
                chains[statement.id] = _dedupe(chain)
            continue
        second_hand = any(h.relayed for h in hedges[statement.id])
        if not relayed and second_hand and governing and governing[0] == section:
            chain = governing[1] + own
        elif (relayed or statement.id in relaying or _reports(own)) and not (
            governing and governing[0] == section and _part_of(relayed or chain, governing[1])
        ):
            # What governs is the relaying part: "according to X citing Y", not the
            # speaker inside it; the "citing" statement repeats part of it.
            governing = (section, relayed or chain)
        chains[statement.id] = _dedupe(chain)
    for statement in statements:
        if statement.id not in chains:
            chains[statement.id] = _lead_chain(statement, statements, chains, layout)
    return chains


def _lead_chain(
    statement: Statement,
    statements: Sequence[Statement],
    chains: dict[str, list[Source]],
    layout: _Layout,
) -> list[Source]:
    """A headline statement's chain: that of the body statement it repeats."""
    words = _words(layout.text, statement.content.spans)
    if not words:
        return []
    best: tuple[float, Statement] | None = None
    for other in statements:
        if layout.lead(other.cue.start):
            continue
        mine, theirs = _entity(statement), _entity(other)
        if mine and theirs and mine != theirs:
            continue
        shared = len(words & _words(layout.text, other.content.spans)) / len(words)
        if shared >= _ECHO and (best is None or shared > best[0]):
            best = (shared, other)
    return list(chains[best[1].id]) if best else []


class _Layout:
    """Paragraphs, sections and lead regions of an article's text."""

    def __init__(self, text: str, article: Article | None) -> None:
        self.text = text
        regions = article.regions if article is not None else ()
        self.leads = [r.span for r in regions if r.kind in _LEAD]
        # A paragraph is a line, or in hard-wrapped text a block between blank lines.
        pattern = _LINE if unwrapped(text) else _BLOCK
        self.paragraphs: list[CharSpan] = [m.span() for m in pattern.finditer(text)]
        edges = {e for r in regions for e in r.span}
        edges.update(s for s, e in self.paragraphs if self._heading(text[s:e]))
        self.edges = sorted(edges)

    @staticmethod
    def _heading(line: str) -> bool:
        return not line.endswith(_CLOSING) and len(line.split()) <= _HEADING_WORDS

    def section(self, position: int) -> int:
        """The number of the section ``position`` is in."""
        return bisect.bisect_right(self.edges, position)

    def lead(self, position: int) -> bool:
        """Whether ``position`` is in the headline or standfirst."""
        return within(position, self.leads)

    def introduced(self, position: int, quoted: set[int]) -> range:
        """The paragraphs an introduction at ``position`` ("went something like this:")
        reaches: the run of ``quoted`` paragraphs right after it, within its section."""
        first = last = self.paragraph(position) + 1
        section = self.section(position)
        while (
            last in quoted
            and last < len(self.paragraphs)
            and self.section(self.paragraphs[last][0]) == section
        ):
            last += 1
        return range(first, last)

    def paragraph(self, position: int) -> int:
        """The index of the paragraph holding ``position`` (or the one before it)."""
        return max(bisect.bisect_right(self.paragraphs, (position, len(self.text))) - 1, 0)


def _cue_head(doc: Doc, cue: CharSpan) -> Token:
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None or not len(span):
        return doc[0]
    return span.root


def _relays(statement: Statement, statements: Sequence[Statement]) -> list[Statement]:
    """The statements whose content holds ``statement``'s cue, outermost first."""
    start = statement.cue.start
    holders = [s for s in statements if s is not statement and within(start, s.content.spans)]
    return sorted(holders, key=lambda s: -(s.content.spans[-1][1] - s.content.spans[0][0]))


def _speaker_links(
    doc: Doc, statement: Statement, cue: Token, entities: list[Entity]
) -> list[Source]:
    """The authorities the speaker phrase names, outermost first."""
    speaker = statement.speaker
    if speaker is None:
        return []
    span = doc.char_span(speaker.span[0], speaker.span[1], alignment_mode="expand")
    if span is None or not len(span):
        return []
    root = span.root
    excluded = {cue.i} | _tokens_in(doc, [statement.cue.span, *statement.content.spans])
    # The speaker phrase stops before a participle; "citing ..." and "seen by ..." belong.
    wanted = set(range(span.start, span.end))
    for child in root.rights:
        if child.dep_ == "acl" and _kind(child) in {"relay", "via"}:
            wanted.update(t.i for t in child.subtree)
    run = _run_around([doc[i] for i in sorted(wanted - excluded)], root)
    segments: list[list[Token]] = [[]]
    for token in run:
        if token != root and token.pos_ == "VERB" and _kind(token) == "relay":
            segments.append([])
        else:
            segments[-1].append(token)
    links = []
    for n, segment in enumerate(segments):
        links.extend(_segment_links(segment, entities, speaker.entity if n == 0 else None))
    return links


def _add_cited(
    doc: Doc,
    statements: Sequence[Statement],
    cues: dict[str, Token],
    speakers: dict[str, list[Source]],
    entities: list[Entity],
) -> None:
    """Chain what a source cites to the statements that source speaks for.

    Where the parser leaves "citing officials" out of "a report by Reuters", the citing is a
    statement of its own ("a report by Reuters" citing "officials"); its content is the next
    link of every other statement the same phrase is the speaker of.
    """
    for citing in statements:
        if citing.speaker is None or _kind(cues[citing.id]) != "relay":
            continue
        tokens = sorted(_tokens_in(doc, citing.content.spans))
        cited = _segment_links([doc[i] for i in tokens], entities, None)
        start, end = citing.speaker.span
        for other in statements:
            if other is citing or other.speaker is None:
                continue
            if other.speaker.span[0] < end and start < other.speaker.span[1]:
                known = {link.span for link in speakers[other.id]}
                speakers[other.id].extend(link for link in cited if link.span not in known)


def _tokens_in(doc: Doc, spans: Iterable[CharSpan]) -> set[int]:
    found: set[int] = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            found.update(range(span.start, span.end))
    return found


def _run_around(tokens: Sequence[Token], root: Token) -> list[Token]:
    ordered = sorted(tokens, key=lambda t: t.i)
    at = next((n for n, t in enumerate(ordered) if t == root), None)
    if at is None:
        return []
    start = end = at
    while start > 0 and ordered[start - 1].i == ordered[start].i - 1:
        start -= 1
    while end + 1 < len(ordered) and ordered[end + 1].i == ordered[end].i + 1:
        end += 1
    return ordered[start : end + 1]


def _segment_links(tokens: list[Token], entities: list[Entity], entity: str | None) -> list[Source]:
    """One authority, or a document with who wrote it and who passed it on."""
    tokens = _trim(tokens)
    if not tokens:
        return []
    head = _head(tokens)
    if _kind(head) != "document":
        link = _link(tokens, entities, entity)
        return [link] if link else []
    links: list[Source] = []
    via = next((t for t in tokens if t.tag_ == "VBN" and _kind(t) == "via"), None)
    document = tokens
    if via is not None:
        document = [t for t in tokens if t.i < via.i]
        relayer = _after(tokens, via.i, {"by"})
        if relayer:
            links.extend(_optional(_link(relayer, entities, None)))
    author = _after(document, head.i, lexicons.words("author_preposition"))
    author = author or _owner(head, document)
    links.extend(_optional(_link(author or document, entities, None)))
    return links


def _optional(link: Source | None) -> list[Source]:
    return [link] if link is not None else []


def _after(tokens: Sequence[Token], position: int, words: Collection[str]) -> list[Token]:
    """The words after the first of ``words`` that follows token ``position``."""
    marker = next((t for t in tokens if t.i > position and t.lower_ in words), None)
    return _trim([t for t in tokens if marker is not None and t.i > marker.i])


def _owner(head: Token, tokens: Sequence[Token]) -> list[Token]:
    """A named owner before a document: "the FT's report", "a Reuters report"."""
    inside = {t.i for t in tokens}
    for child in head.lefts:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            owner = [t for t in child.subtree if t.i in inside and t.dep_ != "case"]
            return _trim(owner)
    return []


def _trim(tokens: Sequence[Token]) -> list[Token]:
    kept = list(tokens)
    while kept and (kept[0].is_punct or kept[0].is_space or kept[0].dep_ in {"cc", "prep"}):
        kept.pop(0)
    while kept and (kept[-1].is_punct or kept[-1].is_space or kept[-1].dep_ == "cc"):
        kept.pop()
    return kept


def _head(tokens: Sequence[Token]) -> Token:
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head == t), tokens[0])


def _link(tokens: list[Token], entities: list[Entity], entity: str | None) -> Source | None:
    tokens = _trim(tokens)
    if not tokens:
        return None
    head = _head(tokens)
    found = entity_at((head.idx, head.idx + len(head)), entities)
    if entity is None and found is not None:
        entity = found.id
    known = found if found is not None and found.id == entity else None
    kind = _type(head, known)
    if kind != "anonymous" and head.pos_ == "PROPN" and tokens[0].dep_ == "det":
        # "the Financial Times": the name, not the phrase.
        tokens = tokens[1:]
    # A Span's text is built from its own tokens; Doc.text would rebuild the whole text.
    span = head.doc[tokens[0].i : tokens[-1].i + 1]
    start, end, text = span.start_char, span.end_char, span.text
    description = _describe(head, tokens) if kind == "anonymous" else None
    return Source(text, (start, end), kind, entity, description)


def _type(head: Token, entity: Entity | None) -> SourceType:
    """The link type of a phrase with head ``head``."""
    if entity is not None:
        if entity.type == "PERSON":
            return "person"
        return "outlet" if entity.category == "outlet" else "organization"
    if head.pos_ == "PRON":
        pronoun = lexicons.pronoun(head.lower_)
        return "person" if pronoun is not None and pronoun.refers == "person" else "organization"
    if head.pos_ == "PROPN":
        return "person" if head.ent_type_ == "PERSON" else "organization"
    if any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in head.children):
        return "person"  # "his top aide, Tad Devine"
    kind = _kind(head)
    if kind in {"anonymous", "document", "outlet", "organization"}:
        return cast(SourceType, kind)
    return "person"


def _describe(head: Token, tokens: Sequence[Token]) -> str:
    """A normalised description: "a person familiar with X" and "people familiar with X"
    both give "person familiar with X"; determiners, numbers and relative clauses go."""
    dropped: set[int] = set()
    for child in head.children:
        if (
            child.dep_ in {"relcl", "appos", "acl"}
            and _kind(child) != "via"
            and (child.dep_ != "acl" or child.i < head.i)
        ):
            dropped.update(t.i for t in child.subtree)
        if child.dep_ in {"det", "nummod", "predet", "quantmod"} and child.i < head.i:
            dropped.add(child.i)
    words = []
    for token in tokens:
        if token.i in dropped or token.is_punct or token.is_space:
            continue
        if token == head:
            words.append("person" if token.lower_ == "people" else token.lemma_.lower())
        elif token.pos_ == "PROPN" or token.ent_type_:
            words.append(token.text)
        else:
            words.append(token.lower_)
    return " ".join(words)


def _own_links(links: list[Source], cue: Token) -> list[Source]:
    """The speaker's links that belong in the chain: a speaker who is a source."""
    if not any(link.type in _SOURCE_KINDS for link in links):
        return []
    if cue.lemma_ == "learn" and links[-1].type == "outlet":
        return [*links, Source(UNDISCLOSED, None, "anonymous", None, UNDISCLOSED)]
    return links


def _part_of(chain: Sequence[Source], other: Sequence[Source]) -> bool:
    spans = {link.span for link in other}
    return all(link.span in spans for link in chain)


def _reports(links: list[Source]) -> bool:
    return any(link.type in {"outlet", "document"} for link in links)


class _HedgeIndex:
    """The hedges of a Doc, filed so each statement looks only at those that can reach it."""

    def __init__(
        self,
        doc: Doc,
        hedges: Sequence[HedgeMatch],
        statements: Sequence[Statement],
        layout: _Layout,
    ) -> None:
        self.doc = doc
        self.layout = layout
        self.by_sentence: dict[int, list[HedgeMatch]] = {}
        self.by_token: dict[int, HedgeMatch] = {}
        #: Quoted paragraphs, with the introductions ("went like this:") that reach them.
        self.introduced: dict[int, list[HedgeMatch]] = {}
        for hedge in hedges:
            if hedge.scope == "source":
                self.by_token[hedge.tokens[0]] = hedge
            elif hedge.scope != "introducer":
                sentence = doc[hedge.anchor].sent.start
                self.by_sentence.setdefault(sentence, []).append(hedge)
        # An introduction inside someone's words is theirs; the next one ends the reach of
        # the one before.
        introducers = [
            h
            for h in hedges
            if h.scope == "introducer"
            and not any(within(h.span[0], s.content.spans) for s in statements)
        ]
        quoted = {layout.paragraph(s.cue.start) for s in statements if s.kind != "indirect"}
        quoted -= {layout.paragraph(h.span[0]) for h in introducers}
        for hedge in introducers:
            for paragraph in layout.introduced(hedge.span[0], quoted):
                self.introduced.setdefault(paragraph, []).append(hedge)

    def weakening(self, statement: Statement, cue: Token) -> list[HedgeMatch]:
        """The hedges that weaken ``statement`` itself (not those of its relays)."""
        own = [
            h
            for h in self.by_sentence.get(cue.sent.start, ())
            if governs(self.doc, h, cue, statement.content.spans)
        ]
        own += [
            self.by_token[i]
            for i in _tokens_in(self.doc, [statement.cue.span])
            if i in self.by_token
        ]
        if statement.kind != "indirect":
            own += self.introduced.get(self.layout.paragraph(statement.cue.start), [])
        return own


def _unique(hedges: Iterable[HedgeMatch]) -> list[HedgeMatch]:
    seen: dict[CharSpan, HedgeMatch] = {}
    for hedge in hedges:
        seen.setdefault(hedge.span, hedge)
    return sorted(seen.values(), key=lambda h: h.span)


def _dedupe(chain: Sequence[Source]) -> list[Source]:
    kept: list[Source] = []
    for link in chain:
        if link.span is not None and any(k.span == link.span for k in kept):
            continue
        kept.append(link)
    return kept


def _outlet(article: Article | None, entities: list[Entity]) -> Source | None:
    if article is None or not article.outlet:
        return None
    wanted = article.outlet.casefold()
    entity = next((e.id for e in entities if e.name.casefold() == wanted), None)
    return Source(article.outlet, None, "outlet", entity)


def _with_outlet(outlet: Source | None, chain: list[Source]) -> list[Source]:
    """The chain behind the publishing outlet; a link naming the outlet itself ("The Post
    has learned") takes the outlet's place and keeps its span."""
    if outlet is None:
        return chain
    if chain and _same_outlet(outlet, chain[0]):
        return chain
    return [outlet, *chain]


def _same_outlet(outlet: Source, link: Source) -> bool:
    """Whether ``link`` names the publishing outlet: "The Post" in the Washington Post."""
    if link.type not in {"outlet", "organization"}:
        return False
    if outlet.entity is not None and link.entity == outlet.entity:
        return True
    name = re.sub(r"^the\s+", "", link.text.casefold())
    return bool(name) and re.search(rf"\b{re.escape(name)}$", outlet.text.casefold()) is not None


def _as_outlet(link: Source, outlet: Source | None) -> Source:
    if outlet is not None and link.type == "organization" and _same_outlet(outlet, link):
        return dataclasses.replace(link, type="outlet")
    return link


def certainty(
    relays: Sequence[Source], hedges: Sequence[Hedge], *, speaker: bool
) -> Certainty | None:
    """A statement's certainty (rules in the module doc).

    ``relays`` is its sourcing chain without the publishing outlet; ``speaker`` says
    whether the statement has one.
    """
    if hedges:
        return "hedged"
    if any(link.type == "anonymous" for link in relays):
        return "anonymous"
    if relays:
        return "attributed"
    return "on_record" if speaker else None


def _entity(statement: Statement) -> str | None:
    return statement.speaker.entity if statement.speaker is not None else None


def _words(text: str, spans: Iterable[CharSpan]) -> set[str]:
    return {w for s, e in spans for w in re.findall(r"\w\w+", text[s:e].casefold())}


def profile(statements: Sequence[Statement], article: Article | None) -> SourcingProfile:
    """The article's sourcing at a glance: counts, distinct sources, anonymous sources."""
    counts = Counter(s.certainty for s in statements)
    names: dict[str, None] = {}
    anonymous: dict[str, tuple[set[CharSpan], set[str]]] = {}
    relayers: Counter[str | None] = Counter()
    for statement in statements:
        # The publishing outlet is every statement's first link; it is not a cited source.
        cited = [s for s in statement.sources if s.span is not None or s.type == "anonymous"]
        for link in cited:
            names.setdefault(link.description or link.text)
            if link.type == "anonymous":
                mentions, ids = anonymous.setdefault(link.description or link.text, (set(), set()))
                ids.add(statement.id)
                if link.span is not None:
                    mentions.add(link.span)
        if any(link.type == "anonymous" for link in cited):
            relayers[next((link.text for link in cited if link.type == "outlet"), None)] += 1
    anonymous_sources = tuple(
        AnonymousSource(description, tuple(sorted(mentions)), len(ids))
        for description, (mentions, ids) in anonymous.items()
    )
    return SourcingProfile(
        statements=len(statements),
        certainty={level: counts.get(level, 0) for level in CERTAINTIES},
        sources=tuple(names),
        anonymous=anonymous_sources,
        summary=_summary(len(statements), relayers, counts),
    )


def _summary(total: int, relayers: Counter[str | None], counts: Counter[Certainty | None]) -> str:
    """ "8 of 26 statements rest on anonymous sources: 7 relayed by the Financial Times, 1
    cited directly; 10 on the record, ..."."""
    if not total:
        return "No statements."
    noun = "statement rests" if total == 1 else "statements rest"
    line = f"{sum(relayers.values())} of {total} {noun} on anonymous sources"
    groups = [
        f"relayed by {name}" if name else "cited directly" for name, _ in relayers.most_common()
    ]
    if len(groups) == 1:
        line += " " + groups[0]
    elif groups:
        line += ": " + ", ".join(
            f"{n} {group}" for (_, n), group in zip(relayers.most_common(), groups, strict=True)
        )
    levels = ", ".join(f"{counts.get(level, 0)} {_LABELS[level]}" for level in CERTAINTIES)
    line += f"; {levels}"
    unknown = counts.get(None, 0)
    if unknown:
        line += f", {unknown} unknown"
    return line + "."


@Language.factory(
    "onrecord_sourcing",
    requires=["doc._.statements", "doc._.entities", "token.dep", "token.lemma", "token.tag"],
    assigns=["doc._.statements", "doc._.sourcing"],
    default_config={"lexicons": []},
)
def make_sourcing(nlp: Language, name: str, lexicons: list[str]) -> Sourcer:
    """Create the sourcing component (needs ``onrecord_statements`` before it);
    ``lexicons`` lists lexicon overlay folders."""
    return Sourcer(nlp, name, [Path(p) for p in lexicons])
