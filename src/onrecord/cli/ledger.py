"""The commands over the ledger: ``ingest`` and ``load`` fill it; ``search``, ``export``,
``stats`` and ``commitments`` read it; ``serve`` puts the web app and the HTTP API over it."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from onrecord import batch, export
from onrecord.cli.app import (
    AboutOption,
    ActOption,
    CertaintyOption,
    DbOption,
    KbOption,
    LanguageOption,
    LexiconsOption,
    MinConfidenceOption,
    ModelOption,
    OutletOption,
    QueryArgument,
    SinceOption,
    SpeakerOption,
    StatementsOption,
    UntilOption,
    err,
    settings_for,
)
from onrecord.cli.render import (
    commitments_report,
    ingest_progress,
    load_progress,
    print_load_summary,
    print_summary,
    search_table,
    stats_report,
)
from onrecord.errors import ConfigError
from onrecord.ingest import Hints, parse_published
from onrecord.ingest.language import forced_language
from onrecord.ingest.sources import count_files
from onrecord.store import EXPORTS, STATUSES, Filters, Store
from onrecord.store.load import UnitResult, scan
from onrecord.store.query import as_day

__all__ = [
    "export_rows",
    "ingest",
    "list_commitments",
    "load_folder",
    "search",
    "serve",
    "stats",
]


def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (recursive), WARC files, JSONL files, RSS/Atom feeds or URLs."
        ),
    ],
    db: DbOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes running the spaCy pipeline.")] = 1,
    force: Annotated[
        bool, typer.Option(help="Read again articles already stored with the same text.")
    ] = False,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for every article.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="The outlet of every article.")] = None,
    language: LanguageOption = None,
    batch_size: Annotated[
        int, typer.Option("--batch", min=1, help="Articles stored per transaction.")
    ] = 32,
    model: ModelOption = None,
    kb: KbOption = None,
    lexicons: LexiconsOption = None,
    statements: StatementsOption = None,
) -> None:
    """Read articles into the ledger; run it again to resume, stored articles are skipped."""
    settings = settings_for(model, kb, lexicons, statements=statements)
    if published is not None:
        published = parse_published(published)
    if language is not None:
        language = forced_language(language)
    counts = {"stored": 0, "failed": 0}
    total = count_files(inputs)
    with Store.open(db) as store, ingest_progress(err) as progress:
        task = progress.add_task(
            f"Ingesting into {store.name}", total=total, rate=0.0, stored=0, failed=0
        )
        started = time.perf_counter()

        def advance(what: str) -> None:
            counts["stored"] += what in ("stored", "revised", "replaced")
            counts["failed"] += what == "failed"
            rate = counts["stored"] / max(time.perf_counter() - started, 1e-9)
            progress.update(
                task, advance=1, rate=rate, stored=counts["stored"], failed=counts["failed"]
            )

        try:
            summary = batch.ingest(
                inputs,
                store,
                settings,
                hints=Hints(published=published, outlet=outlet, language=language),
                workers=workers,
                force=force,
                batch=batch_size,
                progress=advance,
            )
        except KeyboardInterrupt:
            progress.stop()
            err.print(
                f"[red]interrupted[/] with {counts['stored']} articles stored: run the same "
                "command again to go on where it stopped",
                highlight=False,
            )
            raise typer.Exit(130) from None
        progress.update(task, total=progress.tasks[0].completed)
    print_summary(err, summary, store.name)
    if summary.failed and not (summary.articles or summary.unchanged):
        raise typer.Exit(1)


def load_folder(
    folder: Annotated[
        Path,
        typer.Argument(
            help="A folder of flat tables: <table>/month=YYYY-MM/unit=<unit>/*.parquet and "
            "_done/<unit>.json markers, as a Spark run writes them.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
) -> None:
    """Load flat tables (Parquet) into the ledger, one input's unit per transaction; run it
    again to load what is new, loaded units are skipped."""
    found = scan(folder)
    with Store.open(db) as store, load_progress(err) as progress:
        task = progress.add_task(
            "Loading units", total=len(found.units), rate=0.0, articles=0, failed=0
        )
        started = time.perf_counter()
        tally = {"articles": 0, "failed": 0}

        def advance(result: UnitResult) -> None:
            tally["articles"] += result.articles
            tally["failed"] += result.status == "failed"
            rate = tally["articles"] / max(time.perf_counter() - started, 1e-9)
            progress.update(
                task, advance=1, rate=rate, articles=tally["articles"], failed=tally["failed"]
            )

        summary = store.load(found, advance)
    print_load_summary(err, summary, store.name)
    if summary.failed:
        raise typer.Exit(1)


def search(
    query: QueryArgument = None,
    speaker: SpeakerOption = None,
    about: AboutOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    certainty: CertaintyOption = None,
    act: ActOption = None,
    min_confidence: MinConfidenceOption = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Statements per page.")] = 20,
    page: Annotated[int, typer.Option(min=1, help="Page to show.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the page as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Find statements in the ledger, newest first by the day said, else published."""
    filters = Filters(
        query=query,
        speaker=speaker,
        about=about,
        outlet=outlet,
        since=since,
        until=until,
        certainty=certainty,
        acts=tuple(act) if act else None,
        min_confidence=min_confidence,
    )
    with Store.open(db, create=False) as store:
        rows = store.search(filters, limit=limit, offset=(page - 1) * limit)
        total = store.count(filters)
    pages = max(1, -(-total // limit))
    if as_json:
        report = {"total": total, "page": page, "pages": pages, "statements": rows}
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    Console().print(search_table(rows, f"page {page} of {pages} ({total} statements)"))


def export_rows(
    what: Annotated[str, typer.Argument(help=f"What to export: {', '.join(EXPORTS)}.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="jsonl, csv or parquet (default: from the file suffix, else jsonl)."
        ),
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Words the statements must contain.")
    ] = None,
    speaker: SpeakerOption = None,
    about: AboutOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    certainty: CertaintyOption = None,
    act: ActOption = None,
    min_confidence: MinConfidenceOption = None,
    db: DbOption = None,
) -> None:
    """Export articles, statements, events or commitments as JSON Lines, CSV or Parquet."""
    filters = Filters(
        query=query,
        speaker=speaker,
        about=about,
        outlet=outlet,
        since=since,
        until=until,
        certainty=certainty,
        acts=tuple(act) if act else None,
        min_confidence=min_confidence,
    )
    chosen = export.format_for(output, fmt)
    with Store.open(db, create=False) as store, store.export(what, filters) as (columns, rows):
        n = export.write(rows, columns, output, chosen)
    if output is not None:
        err.print(f"{n} {what} written to {output}", highlight=False)


def stats(
    speaker: SpeakerOption = None,
    about: AboutOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    certainty: CertaintyOption = None,
    act: ActOption = None,
    min_confidence: MinConfidenceOption = None,
    top: Annotated[int, typer.Option(min=1, help="How many speakers to rank.")] = 10,
    plot: Annotated[
        Path | None, typer.Option(help="Also draw the statistics to this PNG or SVG file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the statistics as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """What the ledger holds: counts, top speakers, anonymous sourcing, statements per day."""
    filters = Filters(
        speaker=speaker,
        about=about,
        outlet=outlet,
        since=since,
        until=until,
        certainty=certainty,
        acts=tuple(act) if act else None,
        min_confidence=min_confidence,
    )
    with Store.open(db, create=False) as store:
        result = store.stats(filters, top)
    if plot is not None:
        # matplotlib takes most of a second to import: only the picture needs it.
        from onrecord.charts import draw_stats

        draw_stats(result, plot)
    if as_json:
        report = {
            "counts": result.counts,
            "top_speakers": [
                {"name": n, "kb_id": q, "statements": s, "articles": a}
                for n, q, s, a in result.top_speakers
            ],
            "outlets": [
                {"outlet": o, "statements": n, "anonymous": a, "anonymous_share": a / n if n else 0}
                for o, n, a in result.outlets
            ],
            "statements_per_day": dict(result.per_day),
        }
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    console = Console()
    for table in stats_report(result):
        console.print(table)
    if plot is not None:
        err.print(f"chart written to {plot}", highlight=False)


def list_commitments(
    actor: Annotated[
        str | None,
        typer.Option(help="Made by or binding this actor (a name, part of one, or a Wikidata id)."),
    ] = None,
    status: Annotated[
        str | None, typer.Option(help=f"Only this status: {', '.join(STATUSES)}.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Status and countdown as of this day (default: the newest article's date).",
        ),
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Show each step with its evidence.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, help="At most this many commitments.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print them as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Threats, promises, ultimatums and timelines in the ledger: deadline, countdown, status
    and how later articles moved them on."""
    if as_of is not None:
        as_of = as_day(as_of, "--as-of")
    with Store.open(db, create=False) as store:
        as_of, found = store.commitments(actor, status, as_of, limit)
    if as_json:
        report = {"as_of": as_of, "commitments": [asdict(c) for c in found]}
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    console = Console()
    for table in commitments_report(found, as_of, history):
        console.print(table)


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allowed_hosts: Annotated[
        str | None,
        typer.Option(
            help="Host names to answer to, separated by commas [env: ONRECORD_ALLOWED_HOSTS; "
            "default: the loopback names, and --host].",
            show_default=False,
        ),
    ] = None,
    proxy_headers: Annotated[
        bool,
        typer.Option(
            help="Take the client's address from X-Forwarded-For, as a reverse proxy on this "
            "machine sets it (only behind one: any local program could set it)."
        ),
    ] = False,
    model: ModelOption = None,
    kb: KbOption = None,
    lexicons: LexiconsOption = None,
    statements: StatementsOption = None,
) -> None:
    """The web app and HTTP API over the ledger: statements, articles, entities, timeline,
    commitments, an Add page, and the API under /api/v1 (docs at /docs).

    Writes need ONRECORD_TOKEN; so do reads from other machines when --host is not a
    loopback address."""
    import uvicorn

    from onrecord.web import create_app
    from onrecord.web.app import is_loopback, serving_hosts

    settings = settings_for(model, kb, lexicons, db=db, statements=statements)
    hosts = serving_hosts(host, allowed_hosts or settings.allowed_hosts)
    settings = replace(settings, allowed_hosts=hosts)
    if not is_loopback(host) and not settings.token:
        raise ConfigError(
            f"--host {host} opens the ledger to other machines: set ONRECORD_TOKEN first"
        )
    with Store.open(settings.db, create=False) as store:
        web = create_app(settings, store=store)
        access = "writes need ONRECORD_TOKEN" if settings.token else "read-only: no ONRECORD_TOKEN"
        err.print(f"Serving {store.name} on http://{host}:{port}/ ({access}; answering to {hosts})")
        uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=proxy_headers)
