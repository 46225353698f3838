"""What the ledger benchmarks share: a synthetic ledger, a scratch PostgreSQL database, and
percentiles.

:func:`build_synthetic` bulk-inserts a ledger of made-up articles, 20 statements each, with
Zipf-distributed words, speakers and outlets. Each article is an ``onrecord/1``
:class:`~onrecord.records.Record` whose text holds what its statements name: the speaker,
the cue, the content (naming the person it is about), the date said for a fifth of them
(most statements a real article yields are undated and list by the day published), the
hedges of hedged statements and a sourcing chain of one to three links (the outlet, then
maybe a named or an anonymous source). Its rows are the ones the ledger's writer stores,
made by the same :func:`onrecord.tables.rows` with keys mapped to ids as
:mod:`onrecord.store.write` maps them: every object row with its ``onrecord/1`` JSON in
``data``, the article's entities, mentions and times, a statement cluster per statement,
and the article's first version in ``article_versions``.
:func:`synthetic_names` gives the words, people and outlets of that ledger without building
it, for queries against a ledger built before.
"""

from __future__ import annotations

import random
import statistics
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any

from rich.console import Console
from rich.progress import Progress
from sqlalchemy import Connection, create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from onrecord import tables
from onrecord.records import (
    Act,
    Article,
    Certainty,
    Content,
    Entity,
    Hedge,
    Party,
    Record,
    Region,
    Source,
    SourceType,
    Statement,
    StatementKind,
    TextSpan,
    Time,
    When,
)
from onrecord.store import Store
from onrecord.store import models as m
from onrecord.store.database import database_url
from onrecord.store.write import ledger_columns, refresh_clusters
from onrecord.types import Span

console = Console()

SYLLABLES = "ka lo mi ne ru sa te vo za di fe gu ha ji ko lu ma no pe qi ri so tu va we xi yo"
ANONYMOUS = (
    "officials familiar with the talks",
    "a person familiar with the matter",
    "people briefed on the plans",
    "a senior official",
    "diplomats",
)
HEDGES = ("reportedly", "is said to", "allegedly", "appeared to", "according to")
EXTRACTOR = "synthetic"
PER_ARTICLE = 20
#: The share of statements whose text says when they were said. A real ledger dates few
#: (11% of 1,988 statements read from 86 news articles; 15% of the golden records'), and
#: the rest list by their article's day published.
DATED = 0.2
#: Statement kinds and acts (with their cue) and how often each comes, as in a real ledger;
#: confidences are drawn high-skewed, as the tagger gives them (15% under 0.35).
KINDS: dict[StatementKind, float] = {"indirect": 0.66, "direct": 0.22, "mixed": 0.12}
ACTS: dict[Act, tuple[str, float]] = {
    "speech": ("said", 0.87),
    "thought": ("believes", 0.06),
    "intention": ("plans", 0.04),
    "writing": ("wrote", 0.03),
}
CERTAINTIES: list[Certainty | None] = ["on_record", "attributed", "anonymous", "hedged", None]
#: The ledger tables filled from each record, in the order they are inserted.
FILLED = (
    "articles",
    "article_entities",
    "mentions",
    "times",
    "statement_clusters",
    "statements",
    "statement_entities",
    "sources",
    "hedges",
)
#: The tables whose ids are given here (others are counted by the database), with the flat
#: column that names a row of them within an article (or across articles).
NUMBERED = {
    "articles": "article_key",
    "article_entities": "local_id",
    "statement_clusters": "cluster_key",
    "statements": "local_id",
}
MODELS: dict[str, type[m.Base]] = {
    "articles": m.Article,
    "article_entities": m.ArticleEntity,
    "mentions": m.Mention,
    "times": m.Time,
    "statement_clusters": m.StatementCluster,
    "statements": m.Statement,
    "statement_entities": m.StatementEntity,
    "sources": m.Source,
    "hedges": m.Hedge,
    "article_versions": m.ArticleVersion,
}


@contextmanager
def postgres_database(server: str | None) -> Iterator[str | None]:
    """A fresh database on ``server``, dropped afterwards; None when no server answers."""
    if not server:
        yield None
        return
    url = make_url(database_url(server))
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"onrecord_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        console.print(f"[yellow]PostgreSQL skipped:[/] {str(exc.orig).strip()}")
        yield None
        return
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choices(SYLLABLES.split(), k=rng.randint(2, 4))))
    # Sorted first: a set's order changes with PYTHONHASHSEED, and a ledger built in one
    # process is queried from another (``bench/web.py --db``).
    return sorted(sorted(words), key=lambda w: rng.random())


def zipf(n: int) -> list[float]:
    """Cumulative Zipf weights of ``n`` ranks, for ``random.choices(cum_weights=…)`` (which
    given ``weights`` would add them up again on every call)."""
    return list(accumulate(1 / (rank + 1) for rank in range(n)))


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def synthetic_names(rng: random.Random) -> dict[str, Any]:
    """The words (most frequent first), people (entity ``Q<n>`` is ``people[n - 1]``),
    outlets and first day of a synthetic ledger: what queries can use."""
    words = vocabulary(20_000, rng)
    people = [
        f"{a.title()} {b.title()}"
        for a, b in zip(vocabulary(5000, rng), vocabulary(5000, rng), strict=False)
    ]
    outlets = [f"{w.title()} Times" for w in vocabulary(200, rng)]
    return {"words": words, "people": people, "outlets": outlets, "start": date(2023, 1, 1)}


def build_synthetic(db: str, statements: int, seed: int = 7) -> dict[str, Any]:
    """Fill ``db`` with ``statements`` statements over 20 per article; what queries can use
    (the :func:`synthetic_names` of ``random.Random(seed)``)."""
    writer = _Writer(random.Random(seed), seed)
    articles = statements // PER_ARTICLE
    now = datetime.now(UTC)
    with (
        Store.open(db) as store,
        store.engine.begin() as connection,
        Progress(console=console) as bar,
    ):
        people = writer.names["people"]
        # Every person, as the writer stores an entity: entity Q<n> is row n.
        everyone = Record(
            Article(text=""),
            entities=tuple(
                Entity(f"e{n + 1}", name, "PERSON", None, f"Q{n + 1}", None, None)
                for n, name in enumerate(people)
            ),
        )
        connection.execute(
            insert(m.Entity),
            [
                {"id": n + 1, **_ledger_row("entities", row, {})}
                for n, row in enumerate(tables.rows(everyone, EXTRACTOR)["entities"])
            ],
        )
        writer.ids["entities"] = {f"Q{n + 1}": n + 1 for n in range(len(people))}
        task = bar.add_task("Building the synthetic ledger", total=articles)
        for first in range(0, articles, 1000):
            batch: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for a in range(first, min(first + 1000, articles)):
                writer.add(writer.record(a), batch, now)
            for table in (*FILLED, "article_versions"):
                if batch[table]:
                    connection.execute(insert(MODELS[table]), batch[table])
            bar.advance(task, min(1000, articles - first))
        # The writer recounts the clusters a batch touched: here, the few a statement
        # joined after another article's (the same speaker saying the same words).
        refresh_clusters(connection, writer.joined)
        if connection.dialect.name == "postgresql":
            _follow_sequences(connection, ("entities", *NUMBERED))
        # The writer runs no ANALYZE: on SQLite a ledger it wrote has no statistics, and
        # the planner chooses otherwise (docs/benchmarks.md, Web, gives both).
        connection.execute(text("ANALYZE"))
    return writer.names


def _follow_sequences(connection: Connection, tables_: tuple[str, ...]) -> None:
    """Set PostgreSQL's id sequence of each of ``tables_`` past the ids given here."""
    for table in tables_:
        connection.execute(
            text(f"SELECT setval('{table}_id_seq', (SELECT coalesce(max(id), 1) FROM {table}))")
        )


def _ledger_row(table: str, row: dict[str, Any], ids: dict[str, dict[str, int]]) -> dict[str, Any]:
    """The ledger columns of a flat ``row`` of ``table``, keys naming rows mapped to their
    ids through ``ids``, as :mod:`onrecord.store.write` maps them."""
    out = {}
    for name, column, kind in ledger_columns(table):
        value = row[name]
        out[column] = ids[kind][value] if kind is not None and value is not None else value
    return out


@dataclass
class _Link:
    """A link of a sourcing chain before it is written: its words, its type, and the
    person it names (an index into ``people``)."""

    text: str
    type: SourceType
    person: int | None = None


class _Text:
    """An article's text as it is written, and where each piece appended stands."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> Span:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return (start, self.length)

    def __str__(self) -> str:
        return "".join(self.parts)


class _Writer:
    """Draws the synthetic articles and turns each into ledger rows with their ids."""

    def __init__(self, rng: random.Random, seed: int) -> None:
        self.rng = rng
        self.names = synthetic_names(rng)
        # Chains and hedges draw from a generator of their own, and what came later (dates
        # said, kinds, acts, confidences, where a content names its subject) from another,
        # so that each draws the same whatever the others draw.
        self.sourcing = random.Random(seed + 1)
        self.extra = random.Random(seed + 2)
        self.word_weights = zipf(len(self.names["words"]))
        self.outlet_weights = zipf(len(self.names["outlets"]))
        self.people_weights = zipf(len(self.names["people"]))
        self.kind_weights = list(accumulate(KINDS.values()))
        self.act_weights = list(accumulate(weight for _, weight in ACTS.values()))
        #: Row ids: entities and clusters by key across articles; the last id per table.
        self.ids: dict[str, dict[str, int]] = {"statement_clusters": {}}
        self.last: dict[str, int] = defaultdict(int)
        #: Clusters a later statement joined.
        self.joined: set[int] = set()

    def record(self, a: int) -> Record:
        """The ``a``-th synthetic article, read."""
        rng, words, people = self.rng, self.names["words"], self.names["people"]
        outlets = self.names["outlets"]
        day = self.names["start"] + timedelta(days=rng.randrange(1000))
        title = " ".join(rng.choices(words, cum_weights=self.word_weights, k=8)).capitalize()
        outlet = rng.choices(outlets, cum_weights=self.outlet_weights)[0]
        speakers = rng.choices(range(len(people)), cum_weights=self.people_weights, k=PER_ARTICLE)
        written = _Text()
        written.add(title)
        written.add("\n\n")
        local: dict[int, str] = {}
        mentions: dict[int, list[Span]] = defaultdict(list)

        def mention(person: int, span: Span) -> str:
            mentions[person].append(span)
            return local.setdefault(person, f"e{len(local) + 1}")

        found: list[Statement] = []
        times: list[Time] = []
        for n in range(PER_ARTICLE):
            said = day - timedelta(days=rng.randrange(7))
            content = rng.choices(words, cum_weights=self.word_weights, k=rng.randint(8, 30))
            certainty = rng.choice(CERTAINTIES)
            chain = self.chain(certainty, outlet)
            hedges = (
                self.sourcing.sample(HEDGES, self.sourcing.randint(1, 2))
                if certainty == "hedged"
                else []
            )
            about = rng.randrange(len(people))
            extra = self.extra
            dated = extra.random() < DATED
            kind = extra.choices(list(KINDS), cum_weights=self.kind_weights)[0]
            act = extra.choices(list(ACTS), cum_weights=self.act_weights)[0]
            confidence = round(extra.betavariate(1.2, 0.5), 3)
            named_at = extra.randint(0, len(content))

            speaker_span = written.add(people[speakers[n]])
            speaker = Party(speaker_span, people[speakers[n]], mention(speakers[n], speaker_span))
            written.add(" ")
            hedged = []
            for hedge in hedges:
                hedged.append(Hedge(hedge, written.add(hedge)))
                written.add(" ")
            cue = written.add(ACTS[act][0])
            said_on = None
            if dated:
                written.add(" on ")
                words_said = f"{said.day} {said:%B %Y}"
                iso = said.isoformat()
                span = written.add(words_said)
                time = Time(f"t{len(times) + 1}", words_said, span, "DATE", iso, range=(iso, iso))
                times.append(time)
                said_on = When(iso, (iso, iso), time.id, "cue")
            written.add(": “" if kind == "direct" else " that ")
            # The content names the person it is about: the writer makes an ``about`` row
            # of each entity named inside it.
            said_words = " ".join([*content[:named_at], people[about], *content[named_at:]])
            start, end = written.add(said_words)
            named = start + len(" ".join(content[:named_at])) + (1 if named_at else 0)
            mention(about, (named, named + len(people[about])))
            if kind == "direct":
                written.add("”")
            sources = [Source(outlet, None, "outlet")]
            for position, link in enumerate(chain):
                written.add(", according to " if position == 0 else ", citing ")
                span = written.add(link.text)
                entity = mention(link.person, span) if link.person is not None else None
                anonymous = link.type == "anonymous"
                sources.append(
                    Source(link.text, span, link.type, entity, link.text if anonymous else None)
                )
            written.add(".\n")
            found.append(
                Statement(
                    id=f"s{n + 1}",
                    kind=kind,
                    cue=TextSpan(ACTS[act][0], cue),
                    content=Content(said_words, ((start, end),)),
                    speaker=speaker,
                    sources=tuple(sources),
                    hedges=tuple(hedged),
                    certainty=certainty,
                    said_on=said_on,
                    act=act,
                    confidence=confidence,
                )
            )
        entities = tuple(
            Entity(
                local[person],
                people[person],
                "PERSON",
                None,
                f"Q{person + 1}",
                None,
                None,
                mentions=tuple(mentions[person]),
            )
            for person in local
        )
        article = Article(
            url=f"https://news.example/{a + 1}",
            title=title,
            outlet=outlet,
            published=day.isoformat(),
            published_from="option",
            language="en",
            regions=(Region("headline", (0, len(title)), False),),
            text=str(written),
        )
        return Record(article, entities=entities, times=tuple(times), statements=tuple(found))

    def chain(self, certainty: str | None, outlet: str) -> list[_Link]:
        """The links of a sourcing chain that fits ``certainty`` after the publishing
        outlet: for an attributed statement a named person or outlet, for an anonymous one
        maybe an outlet and then an unnamed source, for a hedged one sometimes an unnamed
        source."""
        rng, people, outlets = self.sourcing, self.names["people"], self.names["outlets"]
        chain = []
        if certainty == "attributed":
            if rng.random() < 0.5:
                person = rng.randrange(len(people))
                chain.append(_Link(people[person], "person", person))
            else:
                chain.append(_Link(rng.choice(outlets), "outlet"))
        elif certainty == "anonymous" or (certainty == "hedged" and rng.random() < 0.3):
            if rng.random() < 0.3:
                chain.append(_Link(rng.choice(outlets), "outlet"))
            chain.append(_Link(rng.choice(ANONYMOUS), "anonymous"))
        return chain

    def add(self, record: Record, batch: dict[str, list[dict[str, Any]]], now: datetime) -> None:
        """Add the ledger rows of ``record`` to ``batch``, with the ids the writer would
        give them."""
        flat = tables.rows(record, EXTRACTOR)
        ids = {**self.ids, "articles": {}, "article_entities": {}, "statements": {}}
        [article] = flat["articles"]
        for table in FILLED:
            for row in flat[table]:
                out = _ledger_row(table, row, ids)
                if table in NUMBERED:
                    key = row[NUMBERED[table]]
                    if key in ids[table]:
                        # A cluster of another article (the writer keeps the first row).
                        self.joined.add(ids[table][key])
                        continue
                    self.last[table] += 1
                    out["id"] = ids[table][key] = self.last[table]
                if table == "articles":
                    out["ingested_at"] = now
                elif table == "statement_clusters":
                    published = article["published_date"]
                    out |= {"articles": 1, "outlets": [article["outlet"]]}
                    out |= {"first_published": published, "last_published": published}
                batch[table].append(out)
        # The first version of a new article, as onrecord.store.versions.settle records it.
        batch["article_versions"].append(
            {
                "article_id": ids["articles"][article["article_key"]],
                "number": 1,
                "content_hash": article["content_hash"],
                "title": article["title"],
                "statements": len(flat["statements"]),
                "extractor": EXTRACTOR,
                "stored_at": now,
                "reading": None,
            }
        )
