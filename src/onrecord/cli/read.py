"""``onrecord read``: one article's record, as a report or as ``onrecord/1`` JSON."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console

from onrecord.cli.app import (
    KbOption,
    LanguageOption,
    LexiconsOption,
    ModelOption,
    StatementsOption,
    err,
    settings_for,
)
from onrecord.cli.render import record_report

__all__ = ["read"]


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
    language: LanguageOption = None,
    model: ModelOption = None,
    kb: KbOption = None,
    lexicons: LexiconsOption = None,
    statements: StatementsOption = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Show statements below this confidence apart, folded under the others "
            "(default: the threshold the model chose on PolNeAR train). The JSON keeps them all.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read one article: who said what, to whom, on whose authority; who is named in it."""
    from onrecord.reader import Reader

    reader = Reader(settings_for(model, kb, lexicons, statements=statements))
    record = reader.read(source, published=published, outlet=outlet, language=language).to_json()
    for warning in record["warnings"]:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    console = Console()
    threshold = reader.confidence_threshold if min_confidence is None else min_confidence
    for part in record_report(record, threshold):
        console.print(part)
