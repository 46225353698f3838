"""Ledger speed: ingest throughput on SQLite and PostgreSQL, and search on a million statements.

Ingest reads PolNeAR dev when ``../shared`` is there (else copies of our test articles) into
a new SQLite file and, when a server answers, a new PostgreSQL database, and reports
articles/s and the share of the time spent writing to the store (the aim: under 10%, so the
NLP and not the store sets the pace).

Search builds a synthetic ledger of ``--statements`` statements (default 1,000,000) by bulk
insert, with Zipf-distributed words, speakers and outlets, then times ``Store.search``
pages of 20 for a mix of queries and filters, reporting p50 and p95 (the aim on SQLite:
p95 under 100 ms).

    .venv/bin/python bench/ingest.py [--statements 1000000] [--pg postgresql://…]
                                     [--skip-ingest] [--skip-search]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from onrecord import Settings, batch
from onrecord.store import Filters, Store
from onrecord.store import models as m
from onrecord.store.database import database_url

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"
console = Console()


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


def ingest_corpus(work: Path) -> tuple[str, list[str]]:
    """The folder or files to ingest, and what they are."""
    if POLNEAR_DEV.is_dir():
        return f"PolNeAR dev ({len(list(POLNEAR_DEV.glob('*.txt')))} articles)", [str(POLNEAR_DEV)]
    sources = sorted((ROOT / "tests" / "articles").glob("*.txt"))
    sources += sorted((ROOT / "examples").glob("*.txt"))
    folder = work / "copies"
    folder.mkdir()
    # Distinct texts, so that none is skipped as already stored.
    for n in range(20):
        for source in sources:
            copy = folder / f"{n:02d}-{source.name}"
            copy.write_text(source.read_text("utf-8") + f"\n\n(Copy {n}.)\n", "utf-8")
    return f"our test articles ({20 * len(sources)} copies)", [str(folder)]


def bench_ingest(inputs: list[str], db: str) -> batch.Summary:
    with Store.open(db) as store:
        return batch.ingest(inputs, store, Settings.from_env())


# Synthetic ledger ---------------------------------------------------------------------

SYLLABLES = "ka lo mi ne ru sa te vo za di fe gu ha ji ko lu ma no pe qi ri so tu va we xi yo"


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choices(SYLLABLES.split(), k=rng.randint(2, 4))))
    return sorted(words, key=lambda w: rng.random())


def zipf(n: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(n)]


def build_synthetic(db: str, statements: int, seed: int = 7) -> dict[str, Any]:
    """Fill ``db`` with ``statements`` statements over 20 per article; what queries can use."""
    rng = random.Random(seed)
    words = vocabulary(20_000, rng)
    word_weights = zipf(len(words))
    people = [
        f"{a.title()} {b.title()}"
        for a, b in zip(vocabulary(5000, rng), vocabulary(5000, rng), strict=False)
    ]
    outlets = [f"{w.title()} Times" for w in vocabulary(200, rng)]
    certainties = ["on_record", "attributed", "anonymous", "hedged", None]
    start = date(2023, 1, 1)
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
            for a in range(first, min(first + 1000, articles)):
                day = start + timedelta(days=rng.randrange(1000))
                article_rows.append(
                    {
                        "id": a + 1,
                        "key": f"sha256:{a}",
                        "content_hash": f"{a:064d}",
                        "record_id": f"{a:016d}",
                        "url": None,
                        "source": None,
                        "title": " ".join(rng.choices(words, word_weights, k=8)),
                        "outlet": rng.choices(outlets, zipf(len(outlets)))[0],
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
                speakers = rng.choices(range(len(people)), zipf(len(people)), k=per_article)
                for n in range(per_article):
                    statement_id += 1
                    said = day - timedelta(days=rng.randrange(7))
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
                            "content": " ".join(
                                rng.choices(words, word_weights, k=rng.randint(8, 30))
                            ),
                            "content_spans": [[0, 1]],
                            "said_on": said.isoformat(),
                            "said_start": said.isoformat(),
                            "said_end": said.isoformat(),
                            "said_via": "cue",
                            "certainty": rng.choice(certainties),
                            "chain": "",
                            "cluster_id": None,
                        }
                    )
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
            connection.execute(insert(m.Statement), statement_rows)
            connection.execute(insert(m.StatementEntity), involved)
            bar.advance(task, len(article_rows))
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT setval('articles_id_seq', :n)"), {"n": articles})
            connection.execute(text("SELECT setval('statements_id_seq', :n)"), {"n": statement_id})
            connection.execute(text("ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))
    return {"words": words, "people": people, "outlets": outlets, "start": start}


def query_mix(data: dict[str, Any], rng: random.Random) -> list[tuple[str, Callable[[], Filters]]]:
    words, people, outlets = data["words"], data["people"], data["outlets"]

    def day() -> str:
        return (data["start"] + timedelta(days=rng.randrange(1000))).isoformat()

    def window() -> tuple[str, str]:
        first = data["start"] + timedelta(days=rng.randrange(1000))
        return first.isoformat(), (first + timedelta(days=30)).isoformat()

    return [
        ("common word", lambda: Filters(query=words[rng.randrange(10)])),
        ("mid word", lambda: Filters(query=words[100 + rng.randrange(400)])),
        ("rare word", lambda: Filters(query=words[5000 + rng.randrange(15000)])),
        (
            "two words",
            lambda: Filters(query=f"{words[rng.randrange(50)]} {words[rng.randrange(500)]}"),
        ),
        ("speaker", lambda: Filters(speaker=f"Q{rng.randrange(len(people)) + 1}")),
        (
            "word + speaker",
            lambda: Filters(query=words[rng.randrange(200)], speaker=f"Q{rng.randrange(100) + 1}"),
        ),
        ("about", lambda: Filters(about=people[rng.randrange(len(people))])),
        (
            "outlet + month",
            lambda: Filters(outlet=rng.choice(outlets), since=(w := window())[0], until=w[1]),
        ),
        ("day", lambda: Filters(since=(d := day()), until=d)),
        (
            "word + certainty",
            lambda: Filters(query=words[rng.randrange(100)], certainty="anonymous"),
        ),
    ]


def bench_search(db: str, data: dict[str, Any], runs: int) -> dict[str, list[float]]:
    rng = random.Random(11)
    timings: dict[str, list[float]] = {}
    with Store.open(db) as store:
        for name, make in query_mix(data, rng):
            store.search(make())  # warm the cache for this kind of query
            for _ in range(runs):
                filters = make()
                started = time.perf_counter()
                store.search(filters, limit=20)
                timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50, help="Searches timed per kind of query.")
    parser.add_argument(
        "--pg", default=os.environ.get("ONRECORD_TEST_PG"), help="PostgreSQL server URL."
    )
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if not args.skip_ingest:
            name, inputs = ingest_corpus(work)
            table = Table(title=f"Ingest: {name}", title_justify="left")
            for column in ("store", "articles", "articles/s", "store time"):
                table.add_column(column, justify="left" if column == "store" else "right")
            with postgres_database(args.pg) as pg:
                for label, db in (("SQLite", str(work / "ingest.db")), ("PostgreSQL", pg)):
                    if db is None:
                        continue
                    summary = bench_ingest(inputs, db)
                    table.add_row(
                        label,
                        str(summary.articles),
                        f"{summary.articles / summary.seconds:.1f}",
                        f"{summary.store_seconds / summary.seconds:.1%}",
                    )
            console.print(table)

        if args.skip_search:
            return
        table = Table(
            title=f"Search: pages of 20 on {args.statements:,} statements", title_justify="left"
        )
        for column in ("store", "query", "p50 ms", "p95 ms"):
            table.add_column(column, justify="left" if column in ("store", "query") else "right")
        with postgres_database(args.pg) as pg:
            for label, db in (("SQLite", str(work / "synthetic.db")), ("PostgreSQL", pg)):
                if db is None:
                    continue
                started = time.perf_counter()
                data = build_synthetic(db, args.statements)
                console.print(f"{label}: built in {time.perf_counter() - started:.0f} s")
                timings = bench_search(db, data, args.runs)
                every = [t for values in timings.values() for t in values]
                for query, values in timings.items():
                    table.add_row(
                        label,
                        query,
                        f"{percentile(values, 50):.1f}",
                        f"{percentile(values, 95):.1f}",
                    )
                table.add_row(
                    label,
                    "[bold]all[/]",
                    f"[bold]{percentile(every, 50):.1f}",
                    f"[bold]{percentile(every, 95):.1f}",
                )
                table.add_section()
        console.print(table)


if __name__ == "__main__":
    main()
