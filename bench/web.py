"""Web speed: the statements page and the API's statement list on a synthetic ledger.

Builds the synthetic ledger of ``synthetic.py`` (``--statements``, default 100,000: Zipf
words, speakers and outlets, a fifth of the statements dated, with entities, sourcing
chains, hedges and clusters, the rows the ledger's writer stores) in a new SQLite file and,
when a server answers, a new PostgreSQL database. Serves the web app over each with uvicorn
on 127.0.0.1 and times GET requests to it over loopback, one at a time, with httpx: the
HTML page ``/statements`` (20 cards with the page's default filters, what is said or
written with a likely confidence, and the count of matches up to 1,000) and the API's
``/api/v1/statements`` (20 ``onrecord/1`` statements and a count). Both list newest first
by the day said, else published. Each kind of query is asked once untimed, then
``--runs`` times; "second page" follows a first page's "Older statements →" link (its
``cursor=``) or the API's ``next`` cursor. Every response must be a 200 with its list in
it, the kinds of query that match more than a page must fill one, and a second page must
hold none of the first's statements. Reports p50 and p95 per kind of query and over all;
the aim is p95 under 150 ms.

    .venv/bin/python bench/web.py [--statements 100000] [--runs 30] [--db ledger.db]
                                  [--pg postgresql://…]

``--db`` keeps the SQLite ledger in that file, or when the file is there, reuses it
(built by this script, with the same seed and ``synthetic.py``) instead of building one.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
import uvicorn
from rich.table import Table
from sqlalchemy import text
from synthetic import build_synthetic, console, percentile, postgres_database, synthetic_names

from onrecord import Settings
from onrecord.store import CERTAINTIES, Filters, Store
from onrecord.web import create_app

AIM_MS = 150.0
SEED = 7
#: The query parameter of each filter, where it is not the filter's name.
PARAMETERS = {"query": "q"}
OLDER = re.compile(r'<a rel="next" href="/statements\?([^"]*)"')
CARD = re.compile(r'<article class="card" id="card-([0-9]+)"')

#: A query string as pairs: a page's link repeats ``act``.
Params = list[tuple[str, Any]]


@dataclass(frozen=True)
class Endpoint:
    """A list of statements to time: where it is, the ids of the statements a response
    lists (raising :class:`Refused` when it is not the list it should be), and the query
    of the page after it (None on the last)."""

    name: str
    path: str
    ids: Callable[[httpx.Response], list[str]]
    older: Callable[[httpx.Response, Params], Params | None]


class Refused(Exception):
    """A response that is not the list asked for."""


def _page_ids(response: httpx.Response) -> list[str]:
    if not response.headers.get("content-type", "").startswith("text/html"):
        raise Refused(f"a page of {response.headers.get('content-type')}")
    if '<div class="cards">' not in response.text:
        raise Refused("a page without its cards")
    return CARD.findall(response.text)


def _page_older(response: httpx.Response, params: Params) -> Params | None:
    found = OLDER.search(response.text)
    if found is None:
        return None
    older = parse_qsl(html.unescape(found.group(1)), keep_blank_values=True)
    if not any(name == "cursor" and value for name, value in older):
        raise Refused(f"an Older link without a cursor: {found.group(1)}")
    return older


def _api_ids(response: httpx.Response) -> list[str]:
    body = response.json()
    if not isinstance(body.get("items"), list) or "next" not in body:
        raise Refused(f"an API answer without items and next: {sorted(body)}")
    if any(not item.get("content", {}).get("text") for item in body["items"]):
        raise Refused("a statement with no content")
    return [item["id"] for item in body["items"]]


def _api_older(response: httpx.Response, params: Params) -> Params | None:
    cursor = response.json()["next"]
    return [*params, ("cursor", cursor)] if cursor else None


ENDPOINTS = (
    Endpoint("HTML /statements", "/statements", _page_ids, _page_older),
    Endpoint("API /api/v1/statements", "/api/v1/statements", _api_ids, _api_older),
)


def parameters(filters: Filters) -> Params:
    """The query string of ``filters``."""
    return [(PARAMETERS.get(name, name), getattr(filters, name)) for name in filters.given]


def query_mix(data: dict[str, Any], rng: random.Random) -> list[tuple[str, Callable[[], Filters]]]:
    """The kinds of first page to time, each making a new query of its kind when called."""
    words, people, outlets = data["words"], data["people"], data["outlets"]

    def month() -> Filters:
        first = data["start"] + timedelta(days=rng.randrange(1000))
        return Filters(since=first.isoformat(), until=(first + timedelta(days=30)).isoformat())

    return [
        ("no filter", Filters),
        ("common word", lambda: Filters(query=words[rng.randrange(10)])),
        ("rare word", lambda: Filters(query=words[5000 + rng.randrange(15000)])),
        (
            "phrase",
            lambda: Filters(query=f'"{words[rng.randrange(10)]} {words[rng.randrange(10)]}"'),
        ),
        ("speaker", lambda: Filters(speaker=f"Q{rng.randrange(len(people)) + 1}")),
        ("about", lambda: Filters(about=people[rng.randrange(len(people))])),
        ("outlet", lambda: Filters(outlet=rng.choice(outlets))),
        ("month", month),
        ("certainty", lambda: Filters(certainty=rng.choice(CERTAINTIES))),
    ]


#: The kinds of first page whose second page is timed: ones with more than a page of
#: matches on any but a tiny ledger.
PAGED = ("no filter", "common word", "month", "certainty")
#: Statements on a page.
PAGE = 20


@contextmanager
def serving(db: str) -> Iterator[httpx.Client]:
    """A client of the web app over ledger ``db``, served by uvicorn on a free port of
    127.0.0.1 in a thread of this process."""
    store = Store.open(db, create=False)
    app = create_app(Settings.from_env({}, db=db), store=store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise SystemExit("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        # trust_env=False: no proxy from the environment stands between us and 127.0.0.1.
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join()
        store.close()


def fetch(
    client: httpx.Client, endpoint: Endpoint, params: Params
) -> tuple[float, httpx.Response, list[str]]:
    """Milliseconds to get ``endpoint``'s list with ``params`` in full, the response, and
    the ids of the statements it lists; stops the benchmark on any answer but a 200 with
    the list."""
    started = time.perf_counter()
    response = client.get(endpoint.path, params=params, timeout=60)
    elapsed = (time.perf_counter() - started) * 1000
    try:
        if response.status_code != 200:
            raise Refused(f"{response.status_code}: {response.text[:200]!r}")
        return elapsed, response, endpoint.ids(response)
    except (Refused, ValueError) as exc:
        raise SystemExit(f"{endpoint.name}?{urlencode(params)}: {exc}") from None


@dataclass
class Timings:
    """Of one kind of query: milliseconds per request, statements per response."""

    ms: list[float]
    items: list[int]


def bench_endpoint(
    client: httpx.Client, endpoint: Endpoint, data: dict[str, Any], runs: int
) -> dict[str, Timings]:
    """Time each kind of query: one request untimed, then ``runs`` timed."""
    rng = random.Random(11)
    mix = query_mix(data, rng)
    paged = [make for name, make in mix if name in PAGED]
    first: set[str] = set()

    def second_page() -> Params:
        params = parameters(rng.choice(paged)())
        _, response, ids = fetch(client, endpoint, params)
        older = endpoint.older(response, params)
        if older is None:
            raise SystemExit(f"{endpoint.name}: no second page for {params}; a larger ledger?")
        first.clear()
        first.update(ids)
        return older

    def asking(make: Callable[[], Filters]) -> Callable[[], Params]:
        return lambda: parameters(make())

    kinds = [(name, asking(make)) for name, make in mix]
    out: dict[str, Timings] = {}
    for name, make in [*kinds, ("second page", second_page)]:
        timings = out[name] = Timings([], [])
        for run in range(runs + 1):
            params = make()
            ms, _, ids = fetch(client, endpoint, params)
            if name in (*PAGED, "second page") and len(ids) < PAGE:
                raise SystemExit(
                    f"{endpoint.name}?{urlencode(params)}: {len(ids)} statements; a larger ledger?"
                )
            if name == "second page" and first & set(ids):
                raise SystemExit(f"{endpoint.name}?{urlencode(params)}: the first page again")
            if run:  # the first is untimed
                timings.ms.append(ms)
                timings.items.append(len(ids))
    return out


def ledger(label: str, db: str, statements: int, reuse: bool) -> dict[str, Any]:
    """Build the synthetic ledger in ``db`` (or with ``reuse``, take the one there) and
    say what it holds; what queries can use."""
    if reuse:
        data = synthetic_names(random.Random(SEED))
        built = f"reused {db}"
    else:
        started = time.perf_counter()
        data = build_synthetic(db, statements, SEED)
        built = f"built in {time.perf_counter() - started:.0f} s"
    with Store.open(db, create=False) as store:
        with store.engine.connect() as connection:
            unread = connection.execute(
                text("SELECT count(*) FROM statements WHERE data IS NULL")
            ).scalar_one()
        if unread:
            raise SystemExit(f"{db}: {unread:,} statements without their JSON; build it again")
        held = store.count(Filters())
        version = ".".join(map(str, store.engine.dialect.server_version_info or ()))
        engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[store.engine.dialect.name]
    console.print(f"{label}: {held:,} statements, {engine} {version}, {built}")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="Requests timed per kind of query.")
    parser.add_argument("--db", help="SQLite ledger to build and keep, or to reuse when there.")
    parser.add_argument(
        "--pg", default=os.environ.get("ONRECORD_TEST_PG"), help="PostgreSQL server URL."
    )
    args = parser.parse_args()
    if args.runs < 2:
        parser.error("--runs: at least 2, for percentiles")

    results: dict[str, dict[str, dict[str, Timings]]] = {}
    with tempfile.TemporaryDirectory() as tmp, postgres_database(args.pg) as pg:
        sqlite = args.db or str(Path(tmp) / "web.db")
        for label, db in (("SQLite", sqlite), ("PostgreSQL", pg)):
            if db is None:
                continue
            reuse = label == "SQLite" and Path(db).is_file()
            data = ledger(label, db, args.statements, reuse)
            with serving(db) as client:
                results[label] = {
                    endpoint.name: bench_endpoint(client, endpoint, data, args.runs)
                    for endpoint in ENDPOINTS
                }

    verdicts = []
    for endpoint in ENDPOINTS:
        table = Table(
            title=f"{endpoint.name}, pages of 20",
            title_justify="left",
            caption=f"{args.runs} requests per kind of query, after one untimed; "
            "statements: the median number on a page",
            caption_justify="left",
        )
        for column in ("store", "query", "statements", "p50 ms", "p95 ms"):
            table.add_column(column, justify="left" if column in ("store", "query") else "right")
        for label, by_endpoint in results.items():
            timings = by_endpoint[endpoint.name]
            for query, found in timings.items():
                p95 = percentile(found.ms, 95)
                table.add_row(
                    label,
                    query,
                    f"{statistics.median(found.items):g}",
                    f"{percentile(found.ms, 50):.1f}",
                    f"[red]{p95:.1f}" if p95 >= AIM_MS else f"{p95:.1f}",
                )
            every = [ms for found in timings.values() for ms in found.ms]
            p95 = percentile(every, 95)
            table.add_row(
                label,
                "[bold]all[/]",
                "",
                f"[bold]{percentile(every, 50):.1f}",
                f"[bold]{p95:.1f}",
            )
            table.add_section()
            slow = [q for q, found in timings.items() if percentile(found.ms, 95) >= AIM_MS]
            verdicts.append(
                f"{endpoint.name} on {label}: p95 {p95:.1f} ms, "
                + ("within" if p95 < AIM_MS else "[red]over[/]")
                + f" the {AIM_MS:.0f} ms aim"
                + (f"; over it: {', '.join(slow)}" if slow else "")
            )
        console.print(table)
    for verdict in verdicts:
        console.print(verdict)


if __name__ == "__main__":
    main()
