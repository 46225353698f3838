"""The ``onrecord`` command line: thin Typer commands over :class:`onrecord.Reader`.

Rich is imported here and nowhere else. Errors onrecord raises on purpose are printed as
one line on stderr with exit code 1; usage errors exit with 2.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from onrecord import __version__
from onrecord.errors import OnrecordError
from onrecord.reader import Reader
from onrecord.settings import Settings

__all__ = ["app", "main"]

app = typer.Typer(
    name="onrecord",
    help="Who said what, to whom, when, and who says so.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_err = Console(stderr=True)

ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", help="spaCy pipeline to load [env: ONRECORD_MODEL].", show_default=False
    ),
]
KbOption = Annotated[
    list[Path] | None,
    typer.Option("--kb", help="Extra knowledge-base folder (repeatable) [env: ONRECORD_KB]."),
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
    """Read one article: who is named in it, and (in later sections) who said what."""
    reader = Reader(_settings(model, kb))
    record = reader.read(source, published=published, outlet=outlet)
    for warning in record["warnings"]:
        _err.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    console = Console()
    console.print(_header(record))
    console.print(_entities_table(record))


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
