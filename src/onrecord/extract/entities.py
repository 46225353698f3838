"""Entities consolidated over the whole article and resolved against the knowledge base.

The small spaCy model names the same person in several ways and labels them
inconsistently ("Trump" is PERSON in one sentence and ORG in the next; "Volodymyr" comes
out as ORG). Reading the document as a whole fixes most of it:

1. **Mentions** come from spaCy's NER and from the knowledge base's names; page furniture
   is skipped, titles ("US President") and possessives are trimmed off and kept.
2. **Full names** (two or more tokens, PERSON) anchor people. A lone first name or surname
   joins the full name it belongs to, whatever label NER gave it.
3. **Knowledge base**: every other mention is looked up by name: countries and their
   demonyms, capitals and buildings used for governments ("Washington has cautioned
   Kyiv"), organisations, outlets and products. A knowledge-base match overrides NER's
   label, so "Kyiv" is never a PERSON and "Patriot" (a missile system) is a PRODUCT.
4. **Descriptions** such as "the US president" resolve to whoever held the office on the
   article's date.
5. **Propagation**: every further occurrence of a person's name is added as a mention.
6. Each entity gets one type, a canonical name, its Wikidata id, country and role on the
   article's date.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import cast

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from onrecord import lexicons
from onrecord.extract.extensions import register_extensions, words_of
from onrecord.kb import KbEntry, KnowledgeBase
from onrecord.names import norm
from onrecord.records import Article, Entity, EntityType

__all__ = ["EntityLinker", "load_kb"]

LOGGER = logging.getLogger(__name__)

_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Knowledge-base categories matched in running text, besides what NER finds.
_MATCHED = {"country", "government", "organization", "outlet", "product", "person"}
_POSSESSIVES = {"'s", "’s", "'", "’"}
# Label preference when a name's mentions disagree and nothing else decides.
_LABEL_RANK = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3, "LOC": 4, "FAC": 5, "PRODUCT": 6}
_MAX_TITLE_TOKENS = 4
_ROLE_OFFICES = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")

register_extensions()


@cache
def load_kb(extra: tuple[Path, ...] = ()) -> KnowledgeBase:
    """The knowledge base, loaded once per process for each set of extra folders."""
    return KnowledgeBase.load(extra)


@dataclass(eq=False)  # mentions are compared by identity: two can share a span
class _Mention:
    start: int  # token offsets
    end: int
    label: str
    doc: Doc
    entry: KbEntry | None = None
    title: str | None = None
    title_country: KbEntry | None = None

    # A mention's tokens never change: its span, text and key are built once, not on each
    # of the many reads clustering and resolution make.
    @cached_property
    def span(self) -> Span:
        return self.doc[self.start : self.end]

    @cached_property
    def text(self) -> str:
        return self.span.text

    @cached_property
    def key(self) -> str:
        return norm(self.text)

    @property
    def tokens(self) -> list[str]:
        return [t.text for t in self.span if not t.is_punct]


@dataclass
class _Cluster:
    mentions: list[_Mention] = field(default_factory=list)
    entry: KbEntry | None = None
    full_names: list[str] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def label(self) -> str:
        if self.entry is not None:
            return self.entry.type
        if self.full_names:
            return "PERSON"
        votes = Counter(m.label for m in self.mentions)
        return min(votes, key=lambda label: (-votes[label], _LABEL_RANK.get(label, 9)))


class EntityLinker:
    """Finds, consolidates and resolves the entities of a document (``doc._.entities``)."""

    def __init__(
        self, nlp: Language, name: str, kb: KnowledgeBase, overlays: Sequence[Path] = ()
    ) -> None:
        self.name = name
        self.kb = kb
        self.lexicons = lexicons.load(overlays)
        self.place_verbs = frozenset(row[0] for row in self.lexicons.table("place_verbs.tsv"))
        # "the Kremlin" is "Kremlin", at the start of a sentence too.
        self.determiners = {
            form for word in self.lexicons.words("determiner") for form in (word, word.capitalize())
        }
        # "in Moscow", "flights to Kyiv" name the city; "sided with Moscow" does not.
        self.locative = self.lexicons.words("locative_preposition")
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        patterns: dict[str, list[Doc]] = defaultdict(list)
        for text, entry in kb.names():
            if entry.category in _MATCHED and (entry.category != "person" or " " in text):
                patterns[entry.key].append(nlp.make_doc(text))
        for key, docs in patterns.items():
            self.matcher.add(key, docs)

    def __call__(self, doc: Doc) -> Doc:
        """Find the entities of ``doc`` and store them on ``doc._.entities``."""
        with lexicons.using(self.lexicons):
            doc._.entities = self.find(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Process a stream of documents."""
        for doc in docs:
            yield self(doc)

    def find(self, doc: Doc) -> list[Entity]:
        """The consolidated entities of ``doc``, in order of first mention."""
        article: Article | None = doc._.article
        published = article.published_date if article else None
        day = date.fromisoformat(published) if published else None
        furniture = article.furniture if article else ()
        mentions = self._mentions(doc, furniture)
        clusters = self._cluster(doc, mentions, day)
        clusters += self._descriptions(doc, clusters, furniture, day)
        self._propagate(doc, clusters, furniture)
        return self._entities(clusters, day)

    # 1. mentions ---------------------------------------------------------------------

    def _mentions(self, doc: Doc, furniture: Sequence[tuple[int, int]]) -> list[_Mention]:
        matched: dict[tuple[int, int], KbEntry | None] = {}
        for match_id, start, end in self.matcher(doc):
            found = self.kb.entries[doc.vocab.strings[match_id]]
            # A capital may be the city or its government: _resolve decides from context.
            matched[(start, end)] = None if found.category == "government" else found
        candidates: list[_Mention] = []
        for ent in doc.ents:
            if ent.label_ in _LABELS:
                hint = matched.pop((ent.start, ent.end), None)
                candidates.append(_Mention(ent.start, ent.end, ent.label_, doc, entry=hint))
        for (start, end), hint in matched.items():
            label = hint.type if hint is not None else "GPE"
            candidates.append(_Mention(start, end, label, doc, entry=hint))
        # Longer spans first; NER before knowledge-base matches of the same span.
        candidates.sort(key=lambda m: (-(m.end - m.start), m.entry is not None, m.start))
        taken = [False] * len(doc)
        kept: list[_Mention] = []
        for mention in candidates:
            if any(taken[mention.start : mention.end]):
                continue
            trimmed = self._trim(mention)
            if trimmed is None or _in_furniture(trimmed.span, furniture):
                continue
            for i in range(mention.start, mention.end):
                taken[i] = True
            kept.append(trimmed)
        kept.sort(key=lambda m: m.start)
        for mention in kept:
            self._read_title(mention)
        return kept

    def _trim(self, mention: _Mention) -> _Mention | None:
        doc = mention.doc
        start, end = mention.start, mention.end
        while start < end and (
            doc[start].text in self.determiners or doc[start].is_punct or doc[start].is_space
        ):
            start += 1
        while end > start and (
            doc[end - 1].text in _POSSESSIVES or doc[end - 1].is_punct or doc[end - 1].is_space
        ):
            end -= 1
        if mention.label == "PERSON":
            while end - start > 1 and (after := self._title_at(doc, start, end - 1)) is not None:
                start = after
        span = doc[start:end]
        if start >= end or not any(t.text[:1].isupper() for t in span):
            return None
        if all(t.like_num or not t.is_alpha for t in span):
            return None
        return _Mention(start, end, mention.label, doc, entry=mention.entry)

    def _title_at(self, doc: Doc, start: int, limit: int) -> int | None:
        """End of the longest title starting at token ``start`` (not reaching ``limit``)."""
        for size in range(min(_MAX_TITLE_TOKENS, limit - start), 0, -1):
            if self.kb.title(doc[start : start + size].text) is not None:
                return start + size
        return None

    def _read_title(self, mention: _Mention) -> None:
        """Read the title left of a name: "US President", "Ukraine's President"."""
        doc = mention.doc
        # A title NER left inside the span was trimmed off; look left of the trimmed span.
        end = mention.start
        for size in range(min(_MAX_TITLE_TOKENS, end), 0, -1):
            if not doc[end - size].text[:1].isupper():
                continue
            words = doc[end - size : end]
            # Abbreviation dots belong to a title ("Lt. Gen."); brackets and commas do not.
            if any((t.is_punct and t.text != ".") or t.is_space for t in words):
                continue
            title = self.kb.title(words.text)
            if title is None:
                continue
            if title.office == "honorific":
                return
            start, country = self._country_before(doc, end - size) or (end - size, None)
            mention.title = doc[start:end].text
            mention.title_country = country
            return

    # 2-3. clustering and resolution ---------------------------------------------------

    def _cluster(self, doc: Doc, mentions: list[_Mention], day: date | None) -> list[_Cluster]:
        clusters: list[_Cluster] = []
        by_full: dict[str, _Cluster] = {}
        for mention in mentions:
            if mention.label != "PERSON" and (
                mention.entry is None or mention.entry.category != "person"
            ):
                continue
            if len(mention.tokens) < 2:
                continue
            entry = mention.entry or self._person(mention.text)
            key = entry.key if entry else _first_last(mention.tokens)
            cluster = by_full.get(key)
            if cluster is None:
                cluster = by_full[key] = _Cluster(entry=entry)
                clusters.append(cluster)
            cluster.mentions.append(mention)
            cluster.full_names.append(mention.text)

        parts: dict[str, list[_Cluster]] = defaultdict(list)
        for cluster in clusters:
            for name in cluster.full_names:
                tokens = name.split()
                for part in (tokens[0], tokens[-1]):
                    if cluster not in parts[norm(part)]:
                        parts[norm(part)].append(cluster)

        by_key: dict[str, _Cluster] = {}
        placed = {id(m) for c in clusters for m in c.mentions}
        for mention in mentions:
            if id(mention) in placed:
                continue
            owners = parts.get(mention.key, [])
            if owners and not self._is_known_place(mention):
                _nearest(owners, mention).mentions.append(mention)
                continue
            entry = mention.entry or self._resolve(mention, day)
            key = entry.key if entry else mention.key
            cluster = by_key.get(key)
            if cluster is None:
                cluster = by_key[key] = _Cluster(entry=entry)
                clusters.append(cluster)
            cluster.mentions.append(mention)
        return self._merge_same_entry(clusters)

    def _is_known_place(self, mention: _Mention) -> bool:
        if mention.label not in _PLACE_LABELS:
            return False
        return self.kb.is_place(mention.text) or self.kb.government_of(mention.text) is not None

    def _person(self, name: str) -> KbEntry | None:
        found = self.kb.lookup(name, "person")
        return found[0] if len(found) == 1 else None

    def _resolve(self, mention: _Mention, day: date | None) -> KbEntry | None:
        """The knowledge-base entry a mention names, by name and (for capitals) by context."""
        text = mention.text
        if mention.label == "NORP":
            return self.kb.country(text)
        government = self.kb.government_of(text)
        city = next(iter(self.kb.lookup(text, "city")), None)
        if government is not None and (city is None or self._acts(mention)):
            return government
        for category in ("country", "organization", "outlet", "product"):
            found = self.kb.lookup(text, category)
            if found:
                return found[0]
        demonym = self.kb.by_demonym(text)
        if demonym is not None:
            return demonym
        if mention.label == "PERSON" and len(mention.tokens) >= 2:
            return self._person(text)
        if mention.label == "PERSON" and day is not None:
            serving = [p for p in self.kb.people_with_surname(text) if p.offices_on(day)]
            if len(serving) == 1:
                return serving[0]
        if city is not None and (mention.label in _PLACE_LABELS or mention.label == "PERSON"):
            return city
        return None

    def _acts(self, mention: _Mention) -> bool:
        """True when a capital's name stands for its government: it speaks, acts or is told.

        "Washington has cautioned Kyiv", "sided with Moscow": an actor.
        "can you hit Moscow", "flew to Kyiv", "talks in Istanbul": the city.
        """
        token = mention.span.root
        head = token.head
        if token.dep_ in {"nsubj", "nsubjpass", "agent"}:
            return head.lemma_.lower() not in self.place_verbs
        if token.dep_ == "poss":
            return True
        if token.dep_ in {"dobj", "dative"} and head.pos_ == "VERB":
            return head.lemma_.lower() not in self.place_verbs
        if token.dep_ == "pobj":
            return head.lemma_.lower() not in self.locative
        if token.dep_ == "conj":
            return self._acts(_Mention(head.i, head.i + 1, mention.label, mention.doc))
        return False

    def _merge_same_entry(self, clusters: list[_Cluster]) -> list[_Cluster]:
        merged: dict[str, _Cluster] = {}
        result: list[_Cluster] = []
        for cluster in clusters:
            if cluster.entry is None:
                result.append(cluster)
                continue
            existing = merged.get(cluster.entry.key)
            if existing is None:
                merged[cluster.entry.key] = cluster
                result.append(cluster)
            else:
                existing.mentions += cluster.mentions
                existing.full_names += cluster.full_names
        return result

    # 4. descriptions ------------------------------------------------------------------

    def _descriptions(
        self,
        doc: Doc,
        clusters: list[_Cluster],
        furniture: Sequence[tuple[int, int]],
        day: date | None,
    ) -> list[_Cluster]:
        """ "the US president" → the person who held that office on the article's date."""
        if day is None:
            return []
        taken = {i for c in clusters for m in c.mentions for i in range(m.start, m.end)}
        by_entry = {c.entry.key: c for c in clusters if c.entry is not None}
        new: list[_Cluster] = []
        for i, word in enumerate(words_of(doc)):
            if i in taken or not word.islower():
                continue
            title = self.kb.title(word)
            if title is None or title.office not in _ROLE_OFFICES:
                continue
            found = self._country_before(doc, i)
            if found is None:
                continue
            start, country = found
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ == "PROPN":
                continue
            if country.country is None:
                continue
            holders = self.kb.holders(title.office, country.country, day)
            if len(holders) != 1:
                continue
            mention = _Mention(start, i + 1, "PERSON", doc, entry=holders[0])
            # The country inside "the US president" stays a mention of the country too.
            if _in_furniture(mention.span, furniture):
                continue
            cluster = by_entry.get(holders[0].key)
            if cluster is None:
                cluster = by_entry[holders[0].key] = _Cluster(entry=holders[0])
                new.append(cluster)
            cluster.mentions.append(mention)
        return new

    def _country_before(self, doc: Doc, i: int) -> tuple[int, KbEntry] | None:
        """The country right before token ``i`` ("US president", "Ukraine's President"),
        with the token it starts at."""
        if i >= 1:
            before = doc[i - 1]
            if before.text in _POSSESSIVES and i >= 2:
                country = self.kb.country(doc[i - 2].text)
                if country is not None:
                    return i - 2, country
            country = self.kb.country(before.text)
            if country is not None:
                return i - 1, country
        return None

    # 5. propagation -------------------------------------------------------------------

    def _propagate(
        self, doc: Doc, clusters: list[_Cluster], furniture: Sequence[tuple[int, int]]
    ) -> None:
        """Add every further occurrence of a person's name as a mention of that person."""
        forms: dict[tuple[str, ...], list[_Cluster]] = defaultdict(list)
        for cluster in clusters:
            if cluster.label() != "PERSON":
                continue
            names = set(cluster.full_names) | {m.text for m in cluster.mentions}
            for name in names:
                tokens = tuple(name.split())
                for form in {tokens, tokens[:1], tokens[-1:]}:
                    if cluster not in forms[form]:
                        forms[form].append(cluster)
        # A first name or surname shared by two people is left alone.
        forms = {f: cs for f, cs in forms.items() if len(cs) == 1}
        if not forms:
            return
        longest = max(len(f) for f in forms)
        taken = [False] * len(doc)
        for cluster in clusters:
            for mention in cluster.mentions:
                for i in range(mention.start, mention.end):
                    taken[i] = True
        words = words_of(doc)
        i = 0
        while i < len(words):
            if taken[i] or not words[i][:1].isupper():
                i += 1
                continue
            for size in range(min(longest, len(words) - i), 0, -1):
                form = tuple(words[i : i + size])
                if form in forms and not any(taken[i : i + size]):
                    mention = _Mention(i, i + size, "PERSON", doc)
                    if not _in_furniture(mention.span, furniture):
                        forms[form][0].mentions.append(mention)
                        for j in range(i, i + size):
                            taken[j] = True
                    i += size - 1
                    break
            i += 1

    # 6. output ------------------------------------------------------------------------

    def _entities(self, clusters: list[_Cluster], day: date | None) -> list[Entity]:
        clusters = [c for c in clusters if c.mentions]
        clusters.sort(key=lambda c: c.first)
        entities = []
        for number, cluster in enumerate(clusters, 1):
            mentions = sorted(cluster.mentions, key=lambda m: m.start)
            entry = cluster.entry
            titles = tuple(dict.fromkeys(m.title for m in mentions if m.title))
            entities.append(
                Entity(
                    id=f"e{number}",
                    name=self._name(cluster),
                    type=cast(EntityType, cluster.label()),
                    category=entry.category if entry else None,
                    kb_id=entry.qid if entry else None,
                    country=self._country(cluster),
                    role=self._role(cluster, day),
                    mentions=tuple((m.span.start_char, m.span.end_char) for m in mentions),
                    kb_key=entry.key if entry else None,
                    titles=titles,
                )
            )
        return entities

    def _name(self, cluster: _Cluster) -> str:
        if cluster.entry is not None:
            return cluster.entry.name
        if cluster.full_names:
            return Counter(cluster.full_names).most_common(1)[0][0]
        forms = Counter(m.text for m in cluster.mentions)
        return max(forms, key=lambda f: (forms[f], len(f)))

    def _country(self, cluster: _Cluster) -> str | None:
        if cluster.entry is not None and cluster.entry.country:
            return cluster.entry.country
        countries = Counter(
            m.title_country.country for m in cluster.mentions if m.title_country is not None
        )
        return countries.most_common(1)[0][0] if countries else None

    def _role(self, cluster: _Cluster, day: date | None) -> str | None:
        if cluster.entry is not None and cluster.entry.category == "person":
            held = cluster.entry.offices_on(day) if day else ()
            if held:
                ranked = sorted(
                    held,
                    key=lambda o: (
                        _ROLE_OFFICES.index(o.office)
                        if o.office in _ROLE_OFFICES
                        else len(_ROLE_OFFICES)
                    ),
                )
                return ranked[0].title
        titles = Counter(m.title for m in cluster.mentions if m.title)
        return titles.most_common(1)[0][0] if titles else None


def _first_last(tokens: list[str]) -> str:
    return norm(f"{tokens[0]} {tokens[-1]}")


def _nearest(clusters: list[_Cluster], mention: _Mention) -> _Cluster:
    """The cluster whose full name was mentioned last before ``mention`` (else first after)."""

    def distance(cluster: _Cluster) -> tuple[int, int]:
        before = [m.start for m in cluster.mentions if m.start < mention.start]
        if before:
            return (0, mention.start - max(before))
        return (1, cluster.first - mention.start)

    return min(clusters, key=distance)


def _in_furniture(span: Span, furniture: Sequence[tuple[int, int]]) -> bool:
    return any(span.start_char < end and start < span.end_char for start, end in furniture)


# Part-of-speech tags are read as token.pos, which the model's attribute_ruler sets from
# token.tag without declaring it; token.tag is what the tagger declares.
@Language.factory(
    "onrecord_entities",
    assigns=["doc._.entities"],
    requires=["doc.ents", "token.dep", "token.lemma", "token.tag"],
    default_config={"kb": [], "lexicons": []},
)
def make_entities(nlp: Language, name: str, kb: list[str], lexicons: list[str]) -> EntityLinker:
    """Factory for :class:`EntityLinker`; ``kb`` lists extra knowledge-base folders,
    ``lexicons`` lexicon overlay folders."""
    return EntityLinker(nlp, name, load_kb(tuple(Path(p) for p in kb)), [Path(p) for p in lexicons])
