"""What the ledger benchmarks share: a synthetic ledger, a scratch PostgreSQL database, and
percentiles.

:func:`build_synthetic` bulk-inserts a ledger of made-up articles, 20 statements each, with
Zipf-distributed words, speakers and outlets, and the rows the web pages read with each
statement: a sourcing chain of one to three links (the outlet, then maybe a named or an
anonymous source), the hedges of hedged statements, and a statement cluster.
:func:`synthetic_names` gives the words, people and outlets of that ledger without building
it, for queries against a ledger built before.
"""

from __future__ import annotations

import random
import statistics
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any

from rich.console import Console
from rich.progress import Progress
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from onrecord.store import Store
from onrecord.store import models as m
from onrecord.store.database import database_url

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
    rng = random.Random(seed)
    data = synthetic_names(rng)
    words, people, outlets, start = data["words"], data["people"], data["outlets"], data["start"]
    # Chains, hedges and clusters draw from their own generator, so that the articles and
    # statements are the same as without them.
    sourcing = random.Random(seed + 1)
    word_weights = zipf(len(words))
    outlet_weights = zipf(len(outlets))
    people_weights = zipf(len(people))
    certainties = ["on_record", "attributed", "anonymous", "hedged", None]
    per_article = 20
    articles = statements // per_article
    now = datetime.now(UTC)
    with (
        Store.open(db) as store,
        store.engine.begin() as connection,
        Progress(console=console) as bar,
    ):
        connection.execute(
            insert(m.Entity),
            [
                {
                    "key": f"Q{n + 1}",
                    "kb_id": f"Q{n + 1}",
                    "name": name,
                    "type": "PERSON",
                    "category": None,
                    "country": None,
                }
                for n, name in enumerate(people)
            ],
        )
        task = bar.add_task("Building the synthetic ledger", total=articles)
        statement_id = 0
        for first in range(0, articles, 1000):
            article_rows, statement_rows, involved = [], [], []
            cluster_rows, source_rows, hedge_rows = [], [], []
            for a in range(first, min(first + 1000, articles)):
                day = start + timedelta(days=rng.randrange(1000))
                title = " ".join(rng.choices(words, cum_weights=word_weights, k=8))
                outlet = rng.choices(outlets, cum_weights=outlet_weights)[0]
                article_rows.append(
                    {
                        "id": a + 1,
                        "key": f"sha256:{a}",
                        "content_hash": f"{a:064d}",
                        "record_id": f"{a:016d}",
                        "url": None,
                        "source": None,
                        "title": title,
                        "outlet": outlet,
                        "authors": [],
                        "published": day.isoformat(),
                        "published_date": day.isoformat(),
                        "published_from": "option",
                        "updated": None,
                        "language": "en",
                        "text": "",
                        "regions": [],
                        "warnings": [],
                        "sourcing": None,
                        "extractor": "synthetic",
                        "ingested_at": now,
                    }
                )
                speakers = rng.choices(
                    range(len(people)), cum_weights=people_weights, k=per_article
                )
                for n in range(per_article):
                    statement_id += 1
                    said = day - timedelta(days=rng.randrange(7))
                    content = " ".join(
                        rng.choices(words, cum_weights=word_weights, k=rng.randint(8, 30))
                    )
                    certainty = rng.choice(certainties)
                    chain = synthetic_chain(certainty, outlet, people, outlets, sourcing)
                    statement_rows.append(
                        {
                            "id": statement_id,
                            "article_id": a + 1,
                            "local_id": f"s{n + 1}",
                            "kind": "indirect",
                            "speaker_text": people[speakers[n]],
                            "speaker_start": 0,
                            "speaker_end": 1,
                            "speaker_entity_id": speakers[n] + 1,
                            "addressee_text": None,
                            "addressee_start": None,
                            "addressee_end": None,
                            "addressee_entity_id": None,
                            "cue_text": "said",
                            "cue_start": 0,
                            "cue_end": 4,
                            "content": content,
                            "content_spans": [[0, 1]],
                            "said_on": said.isoformat(),
                            "said_start": said.isoformat(),
                            "said_end": said.isoformat(),
                            "said_via": "cue",
                            "certainty": certainty,
                            "chain": " → ".join(link["text"] for link in chain),
                            "cluster_id": statement_id,
                        }
                    )
                    cluster_rows.append(
                        {
                            "id": statement_id,
                            "key": f"synthetic:{statement_id}",
                            "speaker_entity_id": speakers[n] + 1,
                            "content": content,
                            "articles": 1,
                            "outlets": [outlet],
                            "first_published": day.isoformat(),
                            "last_published": day.isoformat(),
                        }
                    )
                    source_rows += [
                        {"statement_id": statement_id, "position": position, **link}
                        for position, link in enumerate(chain)
                    ]
                    if certainty == "hedged":
                        hedge_rows += [
                            {"statement_id": statement_id, "text": hedge, "start": 0, "end": 1}
                            for hedge in sourcing.sample(HEDGES, sourcing.randint(1, 2))
                        ]
                    involved.append(
                        {
                            "statement_id": statement_id,
                            "entity_id": speakers[n] + 1,
                            "role": "speaker",
                        }
                    )
                    about = rng.randrange(len(people)) + 1
                    if about != speakers[n] + 1:
                        involved.append(
                            {"statement_id": statement_id, "entity_id": about, "role": "about"}
                        )
            connection.execute(insert(m.Article), article_rows)
            connection.execute(insert(m.StatementCluster), cluster_rows)
            connection.execute(insert(m.Statement), statement_rows)
            connection.execute(insert(m.Source), source_rows)
            if hedge_rows:
                connection.execute(insert(m.Hedge), hedge_rows)
            connection.execute(insert(m.StatementEntity), involved)
            bar.advance(task, len(article_rows))
        if connection.dialect.name == "postgresql":
            for table, n in (
                ("articles", articles),
                ("statements", statement_id),
                ("statement_clusters", statement_id),
            ):
                connection.execute(text(f"SELECT setval('{table}_id_seq', :n)"), {"n": n})
        connection.execute(text("ANALYZE"))
    return data


def synthetic_chain(
    certainty: str | None,
    outlet: str,
    people: list[str],
    outlets: list[str],
    rng: random.Random,
) -> list[dict[str, Any]]:
    """A sourcing chain that fits ``certainty``, outermost first, as ``sources`` columns:
    the publishing outlet (no span), then for an attributed statement a named person or
    outlet, for an anonymous one maybe an outlet and then an unnamed source, and for a
    hedged one sometimes an unnamed source."""

    def link(text: str, type_: str, entity_id: int | None = None) -> dict[str, Any]:
        anonymous = type_ == "anonymous"
        return {
            "text": text,
            "start": 0,
            "end": 1,
            "type": type_,
            "entity_id": entity_id,
            "description": text if anonymous else None,
        }

    chain = [link(outlet, "outlet") | {"start": None, "end": None}]
    if certainty == "attributed":
        if rng.random() < 0.5:
            person = rng.randrange(len(people))
            chain.append(link(people[person], "person", person + 1))
        else:
            chain.append(link(rng.choice(outlets), "outlet"))
    elif certainty == "anonymous" or (certainty == "hedged" and rng.random() < 0.3):
        if rng.random() < 0.3:
            chain.append(link(rng.choice(outlets), "outlet"))
        chain.append(link(rng.choice(ANONYMOUS), "anonymous"))
    return chain
