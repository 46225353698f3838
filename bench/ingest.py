"""Ledger speed: ingest throughput on SQLite and PostgreSQL, and search on a million statements.

Ingest reads PolNeAR dev when ``../shared`` is there (else copies of our test articles) into
a new SQLite file and, when a server answers, a new PostgreSQL database, and reports
articles/s and the share of the time spent writing to the store (the aim: under 10%, so the
NLP and not the store sets the pace).

Search builds a synthetic ledger (``synthetic.py``) of ``--statements`` statements (default
1,000,000) by bulk insert, with Zipf-distributed words, speakers and outlets, then times
``Store.search`` pages of 20 for a mix of queries and filters, reporting p50 and p95 (the
aim on SQLite: p95 under 100 ms).

    .venv/bin/python bench/ingest.py [--statements 1000000] [--pg postgresql://…]
                                     [--skip-ingest] [--skip-search]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from rich.table import Table
from synthetic import build_synthetic, console, percentile, postgres_database

from onrecord import Settings, batch
from onrecord.store import Filters, Store

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"


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
