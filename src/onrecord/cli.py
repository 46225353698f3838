"""The ``onrecord`` command line: thin Typer commands over :class:`onrecord.Reader`.

Rich is imported here and nowhere else. Errors onrecord raises on purpose are printed as
one line on stderr with exit code 1; usage errors exit with 2.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from onrecord import __version__, batch, charts, export
from onrecord.errors import ConfigError, OnrecordError
from onrecord.evaluation import polnear, timeml
from onrecord.ingest import Hints, parse_published
from onrecord.ingest.sources import count_files
from onrecord.reader import Reader
from onrecord.settings import Settings
from onrecord.store import CERTAINTIES, EXPORTS, STATUSES, Filters, Stats, Store, TrackedCommitment
from onrecord.store.query import as_day
from onrecord.timeline import Moment, timeline

__all__ = ["app", "main"]

app = typer.Typer(
    name="onrecord",
    help="Who said what, to whom, when, and who says so.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_err = Console(stderr=True)
eval_app = typer.Typer(help="Measure onrecord against public benchmarks.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", help="spaCy pipeline to load [env: ONRECORD_MODEL].", show_default=False
    ),
]
PredictionsOption = Annotated[
    Path | None, typer.Option(help="Write the predictions here as JSONL.")
]
ScoresJsonOption = Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")]
KbOption = Annotated[
    list[Path] | None,
    typer.Option("--kb", help="Extra knowledge-base folder (repeatable) [env: ONRECORD_KB]."),
]


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The ledger: a SQLite file or a postgresql:// URL "
        "[env: ONRECORD_DB; default: onrecord.db].",
        show_default=False,
    ),
]
QueryArgument = Annotated[
    str | None, typer.Argument(help='Words or "a phrase" the statement must contain.')
]
SpeakerOption = Annotated[
    str | None, typer.Option(help="Said by this entity: a name or a Wikidata id (Q22686).")
]
AboutOption = Annotated[
    str | None, typer.Option(help="Naming this entity in what was said: a name or Wikidata id.")
]
OutletOption = Annotated[str | None, typer.Option(help="Published by this outlet.")]
SinceOption = Annotated[
    str | None, typer.Option(help="Said on or after this day (YYYY-MM-DD).", show_default=False)
]
UntilOption = Annotated[
    str | None, typer.Option(help="Said on or before this day (YYYY-MM-DD).", show_default=False)
]
CertaintyOption = Annotated[
    str | None, typer.Option(help=f"Only this certainty: {', '.join(CERTAINTIES)}.")
]


def _settings(model: str | None, kb: list[Path] | None) -> Settings:
    return Settings.from_env(model=model, kb=tuple(kb) if kb else None)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)
    ] = False,
) -> None:
    if version:
        typer.echo(f"onrecord {__version__}")
        raise typer.Exit()


@app.command()
def read(
    source: Annotated[str, typer.Argument(help="A text or HTML file, a URL, or - for stdin.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the onrecord/1 JSON record instead of a report.")
    ] = False,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD), overriding what the article says."),
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="The outlet that published it.")] = None,
    model: ModelOption = None,
    kb: KbOption = None,
) -> None:
    """Read one article: who said what, to whom, on whose authority; who is named in it."""
    reader = Reader(_settings(model, kb))
    record = reader.read(source, published=published, outlet=outlet)
    for warning in record["warnings"]:
        _err.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    console = Console()
    console.print(_header(record))
    console.print(_statements_table(record))
    if "sourcing" in record:
        console.print(_sourcing_panel(record["sourcing"]))
    console.print(_timeline_table(record))
    console.print(_events_table(record))
    console.print(_commitments_table(record))
    if record["updates"]:
        console.print(_updates_table(record))
    console.print(_entities_table(record))


@app.command()
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
    batch_size: Annotated[
        int, typer.Option("--batch", min=1, help="Articles stored per transaction.")
    ] = 32,
    model: ModelOption = None,
    kb: KbOption = None,
) -> None:
    """Read articles into the ledger; run it again to resume, stored articles are skipped."""
    settings = _settings(model, kb)
    if published is not None:
        published = parse_published(published)
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TextColumn("[green]{task.fields[stored]} stored[/] [red]{task.fields[failed]} failed[/]"),
        TimeElapsedColumn(),
    )
    counts = {"stored": 0, "failed": 0}
    total = count_files(inputs)
    with Store.open(db) as store, Progress(*columns, console=_err, transient=False) as progress:
        task = progress.add_task(
            f"Ingesting into {store.name}", total=total, rate=0.0, stored=0, failed=0
        )
        started = time.perf_counter()

        def advance(what: str) -> None:
            counts["stored"] += what in ("stored", "replaced")
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
                hints=Hints(published=published, outlet=outlet),
                workers=workers,
                force=force,
                batch=batch_size,
                progress=advance,
            )
        except KeyboardInterrupt:
            progress.stop()
            _err.print(
                f"[red]interrupted[/] with {counts['stored']} articles stored: run the same "
                "command again to go on where it stopped",
                highlight=False,
            )
            raise typer.Exit(130) from None
        progress.update(task, total=progress.tasks[0].completed)
    _print_summary(summary, store.name)
    if summary.failed and not (summary.articles or summary.unchanged):
        raise typer.Exit(1)


def _print_summary(summary: batch.Summary, name: str) -> None:
    console = _err
    rate = summary.articles / summary.seconds if summary.seconds else 0.0
    share = summary.store_seconds / summary.seconds if summary.seconds else 0.0
    console.print(
        f"[bold]{summary.stored}[/] stored, [bold]{summary.replaced}[/] re-read, "
        f"[bold]{summary.unchanged}[/] already stored, [bold red]{summary.failed}[/] failed; "
        f"{summary.statements} statements; {summary.seconds:.1f} s, {rate:.1f} articles/s "
        f"({share:.0%} of the time writing to {name})",
        highlight=False,
    )
    for source, reason in summary.errors[:10]:
        console.print(f"[red]failed:[/] {source}: {reason}", highlight=False, soft_wrap=True)
    if len(summary.errors) > 10:
        console.print(
            f"… and {len(summary.errors) - 10} more: see the ingest_errors table", highlight=False
        )


@app.command()
def search(
    query: QueryArgument = None,
    speaker: SpeakerOption = None,
    about: AboutOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    certainty: CertaintyOption = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Statements per page.")] = 20,
    page: Annotated[int, typer.Option(min=1, help="Page to show.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the page as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Find statements in the ledger, newest stored first."""
    filters = Filters(
        query=query,
        speaker=speaker,
        about=about,
        outlet=outlet,
        since=since,
        until=until,
        certainty=certainty,
    )
    with Store.open(db, create=False) as store:
        rows = store.search(filters, limit=limit, offset=(page - 1) * limit)
        total = store.count(filters)
    pages = max(1, -(-total // limit))
    if as_json:
        report = {"total": total, "page": page, "pages": pages, "statements": rows}
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    Console().print(_search_table(rows, f"page {page} of {pages} ({total} statements)"))


def _search_table(rows: list[dict[str, Any]], caption: str) -> Table:
    table = Table(caption=caption, show_lines=True)
    table.add_column("id", justify="right", style="dim")
    table.add_column("said on", no_wrap=True)
    table.add_column("who → to whom", max_width=24)
    table.add_column("what", ratio=3)
    table.add_column("on whose authority", ratio=2)
    table.add_column("outlets", justify="right")
    for row in rows:
        who = Text(row["speaker"] or "?", style="bold")
        if row["addressee"]:
            who.append(f" → {row['addressee']}", style="")
        authority = Text(
            row["certainty"] or "unknown", style=_CERTAINTY_STYLE.get(row["certainty"] or "", "")
        )
        authority.append(f"\n{row['sourcing']}", style="dim")
        table.add_row(
            str(row["id"]),
            row["said_on"] or "?",
            who,
            Text(_shorten(row["quote"], 300)),
            authority,
            str(row["corroboration"]),
        )
    return table


@app.command("export")
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
    )
    chosen = export.format_for(output, fmt)
    with Store.open(db, create=False) as store, store.export(what, filters) as (columns, rows):
        n = export.write(rows, columns, output, chosen)
    if output is not None:
        _err.print(f"{n} {what} written to {output}", highlight=False)


@app.command()
def stats(
    speaker: SpeakerOption = None,
    about: AboutOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    certainty: CertaintyOption = None,
    top: Annotated[int, typer.Option(min=1, help="How many speakers to rank.")] = 10,
    plot: Annotated[
        Path | None, typer.Option(help="Also draw the statistics to this PNG or SVG file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the statistics as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """What the ledger holds: counts, top speakers, anonymous sourcing, statements per day."""
    filters = Filters(
        speaker=speaker, about=about, outlet=outlet, since=since, until=until, certainty=certainty
    )
    with Store.open(db, create=False) as store:
        result = store.stats(filters, top)
    if plot is not None:
        charts.draw_stats(result, plot)
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
    console.print(_counts_table(result))
    console.print(_speakers_table(result))
    console.print(_outlets_table(result))
    console.print(_days_table(result))
    if plot is not None:
        _err.print(f"chart written to {plot}", highlight=False)


@app.command("commitments")
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
    console.print(_tracked_table(found, as_of))
    if history:
        for tracked in found:
            console.print(_history_table(tracked))


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    model: ModelOption = None,
    kb: KbOption = None,
) -> None:
    """The web app and HTTP API over the ledger: statements, articles, entities, timeline,
    commitments, an Add page, and the API under /api/v1 (docs at /docs).

    Writes need ONRECORD_TOKEN; so do reads from other machines when --host is not a
    loopback address."""
    import uvicorn

    from onrecord.web import create_app
    from onrecord.web.app import is_loopback

    settings = Settings.from_env(db=db, model=model, kb=tuple(kb) if kb else None)
    if not is_loopback(host) and not settings.token:
        raise ConfigError(
            f"--host {host} opens the ledger to other machines: set ONRECORD_TOKEN first"
        )
    with Store.open(settings.db, create=False) as store:
        web = create_app(settings, store=store)
        access = "writes need ONRECORD_TOKEN" if settings.token else "read-only: no ONRECORD_TOKEN"
        _err.print(f"Serving {store.name} on http://{host}:{port}/ ({access})")
        uvicorn.run(web, host=host, port=port, log_level="warning")


def _tracked_table(found: list[TrackedCommitment], as_of: str | None) -> Table:
    table = Table(title=f"Commitments as of {as_of or 'today'}", title_justify="left")
    table.add_column("id", style="dim", justify="right")
    table.add_column("kind")
    table.add_column("who → to whom", max_width=20)
    table.add_column("what", ratio=1)
    for column in ("deadline", "countdown", "status"):
        table.add_column(column, no_wrap=True)
    for tracked in found:
        who = Text(tracked.by or "?", style="bold")
        who.append(f" → {tracked.to or '?'}")
        what = Text(_shorten(tracked.action, 90))
        if tracked.condition:
            what.append(f"\n{_shorten(tracked.condition, 70)}", style="dim")
        what.append(f"\n{tracked.made_on or '?'} · {tracked.outlet or tracked.title or ''}", "dim")
        last = tracked.steps[-1] if tracked.steps else None
        status = Text(tracked.status, style=_STATUS_STYLE.get(tracked.status, ""))
        if last is not None and last["step"] not in ("made", tracked.status):
            status.append(f"\n{last['step']} {last['reported_on'] or ''}", style="dim")
        table.add_row(
            str(tracked.id),
            tracked.kind,
            who,
            what,
            tracked.deadline_end or tracked.deadline or "",
            _countdown(tracked.countdown),
            status,
        )
    if not found:
        table.caption = "no commitments match"
    return table


def _countdown(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return "today"
    n = abs(days)
    span = f"{n} day" if n == 1 else f"{n} days"
    return f"in {span}" if days > 0 else f"{span} ago"


def _history_table(tracked: TrackedCommitment) -> Table:
    table = Table(
        title=f"{tracked.id}: {tracked.by or '?'} — {_shorten(tracked.action, 70)}",
        title_justify="left",
    )
    for column in ("reported", "step", "status", "deadline", "where", "evidence"):
        table.add_column(column)
    for step in tracked.steps:
        table.add_row(
            step["reported_on"] or "?",
            Text(step["step"], style=_STATUS_STYLE.get(step["step"], "")),
            step["status"],
            step["deadline_end"] or step["deadline_value"] or "",
            _shorten(step["outlet"] or step["title"] or step["key"], 30),
            Text(f"{_shorten(step['text'], 110)} [{step['start']}:{step['end']}]"),
        )
    return table


def _counts_table(result: Stats) -> Table:
    table = Table(title="The ledger", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, value in result.counts.items():
        table.add_row(name.replace("_", " "), f"{value:,}")
    return table


def _speakers_table(result: Stats) -> Table:
    table = Table(title="Top speakers", title_justify="left")
    for column in ("speaker", "Wikidata", "statements", "articles"):
        table.add_column(
            column, justify="right" if column in ("statements", "articles") else "left"
        )
    for name, kb_id, n, articles in result.top_speakers:
        table.add_row(name, kb_id or "", str(n), str(articles))
    return table


def _outlets_table(result: Stats) -> Table:
    table = Table(title="Anonymous sourcing by outlet", title_justify="left")
    for column in ("outlet", "statements", "anonymous", "share", ""):
        table.add_column(column, justify="left" if column in ("outlet", "") else "right")
    for outlet, n, anonymous in result.outlets:
        share = anonymous / n if n else 0.0
        table.add_row(outlet, str(n), str(anonymous), f"{share:.0%}", "█" * round(share * 20))
    return table


def _days_table(result: Stats) -> Table:
    table = Table(title="Statements per day of publication", title_justify="left")
    table.add_column("day")
    table.add_column("statements", justify="right")
    table.add_column("")
    most = max((n for _, n in result.per_day), default=1)
    for day, n in result.per_day[-31:]:
        table.add_row(day, str(n), "█" * max(1, round(n / most * 30)))
    if len(result.per_day) > 31:
        table.caption = f"the last 31 of {len(result.per_day)} days; --plot draws them all"
    return table


def _header(record: dict[str, Any]) -> Panel:
    article = record["article"]
    lines = Text()
    lines.append(article["title"] or "(no title)", style="bold")
    lines.append("\n")
    facts = [
        ("outlet", article["outlet"] or "unknown"),
        ("published", _published(article)),
        ("authors", ", ".join(article["authors"]) or "unknown"),
        ("source", article["source"] or "-"),
    ]
    for label, value in facts:
        lines.append(f"{label:>10}  ", style="dim")
        lines.append(f"{value}\n", style="red" if value.startswith("unknown") else "")
    furniture = [r for r in article["regions"] if r["furniture"]]
    if furniture:
        kinds = Counter(r["kind"] for r in furniture)
        summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        lines.append(f"{'skipped':>10}  ", style="dim")
        lines.append(f"page furniture: {summary}\n")
    return Panel(lines, title="onrecord", title_align="left", border_style="blue")


def _published(article: dict[str, Any]) -> str:
    if not article["published"]:
        return "unknown — relative dates stay unresolved (use --published)"
    value = str(article["published"])
    return f"{value}  (from {article['published_from']})"


def _statements_table(record: dict[str, Any]) -> Table:
    names = {e["id"]: e["name"] for e in record["entities"]}
    table = Table(
        title=f"Statements ({len(record['statements'])})", title_justify="left", show_lines=True
    )
    table.add_column("id", style="dim")
    table.add_column("who → to whom")
    table.add_column("what", ratio=3)
    table.add_column("cue", style="italic", max_width=16)
    table.add_column("on whose authority", ratio=2)
    outlet = record["article"]["outlet"]
    for statement in record["statements"]:
        who = _party(statement["speaker"], names, "(unattributed)")
        if statement["addressee"]:
            who.append(" → ").append_text(_party(statement["addressee"], names, ""))
        table.add_row(
            statement["id"],
            who,
            " ".join(statement["content"]["text"].split()),
            Text(statement["cue"]["text"]).append(f"\n{statement['kind']}", style="dim"),
            _authority(statement, outlet),
        )
    return table


_STATUS_STYLE = {
    "open": "bold cyan",
    "due": "bold red",
    "passed": "bold red",
    "extended": "bold yellow",
    "shortened": "bold yellow",
    "fulfilled": "bold green",
    "withdrawn": "bold magenta",
    "lapsed": "bold magenta",
    "contradicted": "bold magenta",
}
_CERTAINTY_STYLE = {
    "on_record": "bold green",
    "attributed": "bold cyan",
    "anonymous": "bold yellow",
    "hedged": "bold magenta",
}


def _authority(statement: dict[str, Any], outlet: str | None) -> Text:
    """Certainty, then the chain behind the publishing outlet, then the hedges."""
    level = statement["certainty"]
    label = level.replace("_", " ") if level else "unknown"
    cell = Text(label, style=_CERTAINTY_STYLE.get(level or "", "dim"))
    chain = [s for s in statement["sources"] if not (s["span"] is None and s["text"] == outlet)]
    if chain:
        links = [s["text"] + (" (anonymous)" if s["type"] == "anonymous" else "") for s in chain]
        cell.append("\n" + " → ".join(" ".join(link.split()) for link in links))
    if statement["hedges"]:
        hedges = ", ".join(f"“{h['text']}”" for h in statement["hedges"])
        cell.append(f"\nhedged by {hedges}", style="italic")
    return cell


def _sourcing_panel(sourcing: dict[str, Any]) -> Panel:
    """The article's sourcing profile: one line, a bar per certainty level, the sources."""
    lines = Text(sourcing["summary"] + "\n\n")
    total = max(sourcing["statements"], 1)
    for level, count in sourcing["certainty"].items():
        bar = "█" * round(24 * count / total)
        lines.append(f"{level.replace('_', ' '):>11} ", style="dim")
        lines.append(f"{bar:<24} ", style=_CERTAINTY_STYLE[level])
        lines.append(f"{count}\n")
    if sourcing["anonymous"]:
        lines.append("\nanonymous sources\n", style="bold")
        for source in sourcing["anonymous"]:
            times = "statement" if source["statements"] == 1 else "statements"
            lines.append(f"  {source['description']}", style="yellow")
            lines.append(f"  ({source['statements']} {times})\n", style="dim")
    if sourcing["sources"]:
        lines.append("\nsources cited  ", style="bold")
        lines.append("; ".join(sourcing["sources"]))
    return Panel(lines, title="Sourcing", title_align="left", border_style="yellow")


#: Width of the date axis the timeline draws its ranges on.
AXIS = 24


def _timeline_table(record: dict[str, Any]) -> Table:
    """Each resolved date, a bar on one date axis, and what was said or happened then."""
    moments = timeline(record)
    table = Table(title=f"Timeline ({len(moments)} dates)", title_justify="left", show_lines=False)
    table.add_column("when", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("what was said or happened then", ratio=1)
    if not moments:
        return table
    start = min(m.first for m in moments)
    days = max((max(m.last for m in moments) - start).days, 1)
    table.columns[1].header = f"{start:%d %b %Y} → {start + timedelta(days=days):%d %b %Y}"
    statements = {s["id"]: s for s in record["statements"]}
    names = {e["id"]: e["name"] for e in record["entities"]}
    for moment in moments:
        left = round((moment.first - start).days / days * (AXIS - 1))
        right = round((moment.last - start).days / days * (AXIS - 1))
        mark = "●" if left == right else "█" * (right - left + 1)
        style = "cyan" if moment.type == "DURATION" else "green"
        bar = Text("·" * left, style="dim").append(mark, style=style)
        bar.append("·" * (AXIS - 1 - right), style="dim")
        what = Text()
        for statement_id in moment.statements:
            statement = statements[statement_id]
            speaker = statement["speaker"]
            who = names.get(speaker["entity"] or "", speaker["text"]) if speaker else "?"
            quote = " ".join(statement["content"]["text"].split())
            what.append(who, style="bold").append(f": {_shorten(quote, 80)}\n")
        what.append(moment.contexts[0], style="dim")
        if len(moment.contexts) > 1:
            what.append(f"  (+{len(moment.contexts) - 1} more)", style="dim")
        table.add_row(_when(moment), bar, what)
    return table


_MODE_STYLE = {
    "asserted": "",
    "negated": "red",
    "hypothetical": "yellow",
    "conditional": "yellow",
    "future": "cyan",
}


def _events_table(record: dict[str, Any]) -> Table:
    names = {e["id"]: e["name"] for e in record["entities"]}
    table = Table(title="Events", title_justify="left")
    for column in ("id", "type", "who → to whom", "when", "where", "evidence"):
        table.add_column(column, style="dim" if column == "id" else "")
    for event in record["events"]:
        kind = Text(event["type"], style="bold")
        kind.append(f"\n{event['mode']}", style=_MODE_STYLE.get(event["mode"], ""))
        who = _party(event["actor"], names, "?")
        who.append(" → ")
        who.append_text(_party(event["target"], names, "?"))
        when = event["when"]
        where = event["where"]
        table.add_row(
            event["id"],
            kind,
            who,
            when["value"] if when else "",
            (where["city"] or where["text"]) if where else "",
            Text(_shorten(event["evidence"]["text"], 120)),
        )
    if not record["events"]:
        table.caption = "no events found"
    return table


def _commitments_table(record: dict[str, Any]) -> Table:
    names = {e["id"]: e["name"] for e in record["entities"]}
    published = record["article"]["published"]
    table = Table(title="Commitments", title_justify="left")
    for column in ("id", "kind", "who → to whom", "what", "on condition", "deadline", "status"):
        table.add_column(column, style="dim" if column == "id" else "")
    for commitment in record["commitments"]:
        who = _party(commitment["by"], names, "?")
        who.append(" → ")
        who.append_text(_party(commitment["to"], names, "?"))
        deadline = commitment["deadline"]
        due = deadline["value"] or "" if deadline else ""
        if deadline and deadline["range"]:
            due = deadline["range"][1]
            if published:
                days = (date.fromisoformat(due) - date.fromisoformat(published[:10])).days
                due += f"\n{days} days after publication" if days >= 0 else "\npassed"
        condition = commitment["condition"]
        status = Text(commitment["status"], style=_STATUS_STYLE.get(commitment["status"], ""))
        if commitment["outcome"]:
            status.append(f"\n{_shorten(commitment['outcome']['evidence']['text'], 80)}", "dim")
        table.add_row(
            commitment["id"],
            commitment["kind"],
            who,
            Text(_shorten(commitment["action"]["text"], 90)),
            Text(_shorten(condition["text"], 60)) if condition else "",
            due,
            status,
        )
    if not record["commitments"]:
        table.caption = "no threats, promises, ultimatums or timelines found"
    return table


def _updates_table(record: dict[str, Any]) -> Table:
    names = {e["id"]: e["name"] for e in record["entities"]}
    table = Table(title="Updates to earlier commitments", title_justify="left")
    for column in ("id", "kind", "whose → to whom", "new deadline", "evidence"):
        table.add_column(column, style="dim" if column == "id" else "")
    for update in record["updates"]:
        who = _party(update["by"], names, "?")
        who.append(" → ")
        who.append_text(_party(update["to"], names, "?"))
        deadline = update["deadline"]
        table.add_row(
            update["id"],
            Text(update["kind"], style=_STATUS_STYLE.get(update["kind"], "")),
            who,
            deadline["range"][1] if deadline and deadline["range"] else "",
            Text(_shorten(update["evidence"]["text"], 120)),
        )
    return table


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _when(moment: Moment) -> Text:
    if moment.first == moment.last:
        cell = Text(f"{moment.first:%a %d %b %Y}")
    else:
        cell = Text(f"{moment.first:%d %b} – {moment.last:%d %b %Y}")
    # A duration's range runs from its anchor to the latest day it can end.
    label = f"{moment.value} running" if moment.type == "DURATION" else moment.value
    if label:
        cell.append(f"\n{label}", style="dim")
    return cell


def _party(party: dict[str, Any] | None, names: dict[str, str], missing: str) -> Text:
    if party is None:
        return Text(missing, style="red")
    cell = Text(party["text"], style="bold")
    name = names.get(party["entity"] or "")
    if name and name != party["text"]:
        cell.append(f" ({name})", style="dim")
    return cell


def _entities_table(record: dict[str, Any]) -> Table:
    text = record["article"]["text"]
    table = Table(title=f"Entities ({len(record['entities'])})", title_justify="left")
    table.add_column("id", style="dim")
    table.add_column("entity")
    table.add_column("type")
    table.add_column("country")
    table.add_column("wikidata")
    table.add_column("mentions", justify="right")
    for entity in record["entities"]:
        cell = Text(entity["name"], style="bold")
        if entity["role"]:
            cell.append(f"\n{entity['role']}", style="italic")
        forms = Counter(text[s:e] for s, e in entity["mentions"])
        other = [f for f, _ in forms.most_common() if f != entity["name"]]
        if other:
            cell.append(f"\nas {', '.join(other[:4])}", style="dim")
        kind = entity["type"] + (f"\n{entity['category']}" if entity["category"] else "")
        table.add_row(
            entity["id"],
            cell,
            kind,
            entity["country"] or "",
            entity["kb_id"] or "",
            str(len(entity["mentions"])),
        )
    return table


@eval_app.command("polnear")
def eval_polnear(
    directory: Annotated[
        Path, typer.Argument(help="A PolNeAR compartment: DIR/text/*.txt, DIR/attributions/*.ann.")
    ],
    predictions: PredictionsOption = None,
    as_json: ScoresJsonOption = False,
    model: ModelOption = None,
    kb: KbOption = None,
) -> None:
    """Extract statements from PolNeAR articles and score them against the annotations."""
    try:
        items = polnear.corpus(directory)
    except FileNotFoundError as exc:
        raise ConfigError(str(exc)) from None
    reader = Reader(_settings(model, kb))
    texts = {stem: polnear.read_text(txt) for stem, txt, _ in items}
    with Progress(console=_err, transient=True) as progress:
        task = progress.add_task("Reading articles", total=len(items))
        run = polnear.predict(reader, texts, lambda: progress.advance(task))
    if predictions is not None:
        polnear.write_predictions(predictions, sorted(run.predictions.items()), run.anonymous)
    gold = {stem: polnear.read_ann(ann) for stem, _, ann in items if ann is not None}
    scores = polnear.score(gold, run.predictions, texts, run.anonymous)
    for stem, reason in run.refused.items():
        _err.print(f"[yellow]refused:[/] {stem}: {reason}", highlight=False, soft_wrap=True)
    if as_json:
        report = {
            **scores.to_json(),
            "refused": run.refused,
            "articles_per_second": run.throughput,
        }
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    Console().print(_scores_table(directory, scores, run))


def _scores_table(directory: Path, scores: polnear.Scores, run: polnear.Run) -> Table:
    table = Table(title=f"PolNeAR {directory.name}", title_justify="left")
    for column in ("metric", "P", "R", "F1"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    rows = [("content overlap", scores.content_overlap), ("content strict", scores.content_strict)]
    rows += [(f"exact {role}", prf) for role, prf in scores.exact.items()]
    if scores.anonymous is not None:
        rows.append(("anonymous sources (overlap)", scores.anonymous))
    for name, prf in rows:
        table.add_row(name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}")
    table.add_section()
    table.add_row("source accuracy (matched pairs)", "", "", f"{scores.source_accuracy:.3f}")
    table.add_row("cue accuracy (matched pairs)", "", "", f"{scores.cue_accuracy:.3f}")
    table.caption = (
        f"{scores.articles} articles, {scores.gold} gold / {scores.predicted} predicted "
        f"attributions, {len(run.refused)} refused, {run.throughput:.1f} articles/s"
    )
    return table


@eval_app.command("timeml")
def eval_timeml(
    directory: Annotated[
        Path, typer.Argument(help="A TimeML corpus: DIR/**/*.tml (TempEval-3 TBAQ, say).")
    ],
    predictions: PredictionsOption = None,
    as_json: ScoresJsonOption = False,
    model: ModelOption = None,
    kb: KbOption = None,
    errors: Annotated[
        int,
        typer.Option(
            "--errors", hidden=True, help="Print N seeded examples of each kind of error."
        ),
    ] = 0,
) -> None:
    """Extract time expressions from TimeML documents and score them TempEval-3's way."""
    try:
        paths = timeml.corpus(directory)
    except FileNotFoundError as exc:
        raise ConfigError(str(exc)) from None
    documents, unreadable = timeml.read_documents(paths)
    reader = Reader(_settings(model, kb))
    with Progress(console=_err, transient=True) as progress:
        task = progress.add_task("Reading articles", total=len(documents))
        run = timeml.predict(reader, documents, lambda: progress.advance(task))
    throughput = run.throughput
    run.refused = {**unreadable, **run.refused}
    if predictions is not None:
        timeml.write_predictions(predictions, run)
    scores = timeml.score(documents, run.predictions)
    # One row group per top-level subfolder (TimeBank, AQUAINT), when there are several.
    by_folder: dict[str, timeml.Scores] = {}
    folders = timeml.by_folder(directory, paths)
    if len(folders) > 1:
        for name, ids in folders.items():
            members = set(ids)
            subset = [d for d in documents if d.id in members]
            by_folder[name or directory.name] = timeml.score(subset, run.predictions)
    for doc_id, reason in run.refused.items():
        _err.print(f"[yellow]refused:[/] {doc_id}: {reason}", highlight=False, soft_wrap=True)
    for mismatch in timeml.mismatches(documents, run.predictions, errors):
        _err.print(_mismatch_line(mismatch), markup=False, highlight=False, soft_wrap=True)
    if as_json:
        report = {
            **scores.to_json(),
            "folders": {name: s.to_json() for name, s in by_folder.items()},
            "refused": run.refused,
            "articles_per_second": throughput,
        }
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    Console().print(_timeml_table(directory, scores, by_folder, len(run.refused), throughput))


def _mismatch_line(mismatch: timeml.Mismatch) -> str:
    def side(timex: timeml.Timex | None, text: str | None) -> str:
        return "-" if timex is None else f"{text!r} {timex.type} {timex.value}"

    return (
        f"{mismatch.kind}: {mismatch.document}: gold {side(mismatch.gold, mismatch.gold_text)}"
        f" | predicted {side(mismatch.predicted, mismatch.predicted_text)}"
        f" | …{mismatch.context}…"
    )


def _timeml_table(
    directory: Path,
    scores: timeml.Scores,
    by_folder: dict[str, timeml.Scores],
    refused: int,
    throughput: float,
) -> Table:
    table = Table(title=f"TimeML {directory.name}", title_justify="left")
    for column in ("metric", "P", "R", "F1"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for name, prf in (("strict span", scores.strict), ("relaxed span", scores.relaxed)):
        table.add_row(name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}")
    table.add_section()
    table.add_row("type accuracy (matched pairs)", "", "", f"{scores.type_accuracy:.3f}")
    table.add_row("value accuracy (matched pairs)", "", "", f"{scores.value_accuracy:.3f}")
    table.add_row("type F1", "", "", f"{scores.type_f1:.3f}")
    table.add_row("value F1", "", "", f"{scores.value_f1:.3f}")
    for name, folder in by_folder.items():
        table.add_section()
        relaxed = folder.relaxed
        table.add_row(
            f"{name} ({folder.documents} documents) relaxed span",
            f"{relaxed.precision:.3f}",
            f"{relaxed.recall:.3f}",
            f"{relaxed.f1:.3f}",
        )
        table.add_row(f"{name} value F1", "", "", f"{folder.value_f1:.3f}")
    table.caption = (
        f"{scores.documents} documents, {scores.relaxed.n_gold} gold / "
        f"{scores.relaxed.n_pred} predicted time expressions, {refused} refused, "
        f"{throughput:.1f} articles/s"
    )
    return table


def main() -> None:
    """Console entry point: run the app, turning onrecord errors into one-line messages."""
    try:
        app()
    except OnrecordError as exc:
        _err.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        _err.print("[red]interrupted[/]")
        sys.exit(130)
