"""The Typer app the commands hang on, the options they share, and the error console.

Errors onrecord raises on purpose are printed as one line on stderr with exit code 1 by the
app itself (:class:`_Commands`), so a command run in process (Typer's ``CliRunner``) fails
the way the installed ``onrecord`` does; usage errors exit with 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from onrecord import __version__
from onrecord.errors import OnrecordError
from onrecord.settings import Settings
from onrecord.store import ACTS, CERTAINTIES

__all__ = [
    "AboutOption",
    "ActOption",
    "CertaintyOption",
    "DbOption",
    "KbOption",
    "LanguageOption",
    "LexiconsOption",
    "MinConfidenceOption",
    "ModelOption",
    "OutletOption",
    "PredictionsOption",
    "QueryArgument",
    "ScoresJsonOption",
    "SinceOption",
    "SpeakerOption",
    "StatementsOption",
    "UntilOption",
    "app",
    "err",
    "eval_app",
    "settings_for",
    "spark_app",
]

#: Warnings, progress and errors go to stderr, so stdout stays the report or the JSON.
err = Console(stderr=True)


class _Commands(TyperGroup):
    """The root command group: an :class:`OnrecordError` from any command becomes one line
    on stderr and exit code 1, without a traceback."""

    # ``ctx`` is a click Context from the copy of click Typer vendors, which it does not export.
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OnrecordError as exc:
            err.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    name="onrecord",
    cls=_Commands,
    help="Who said what, to whom, when, and who says so.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Measure onrecord against public benchmarks.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
spark_app = typer.Typer(
    help="Read corpora too big for one machine on Apache Spark (pip install 'onrecord[spark]').",
    no_args_is_help=True,
)
app.add_typer(spark_app, name="spark")

ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", help="spaCy pipeline to load [env: ONRECORD_MODEL].", show_default=False
    ),
]
StatementsOption = Annotated[
    str | None,
    typer.Option(
        "--statements",
        help="How statements are found: model (the learned tagger, with a confidence) or "
        "rules [env: ONRECORD_STATEMENTS].",
        show_default=False,
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
LexiconsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--lexicons",
        help="Lexicon overlay folder (repeatable): its files add rows to the lexicons of "
        "the same name [env: ONRECORD_LEXICONS].",
    ),
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
LanguageOption = Annotated[
    str | None,
    typer.Option(
        help="Take every article to be in this language (ISO 639-1: en reads them as "
        "English whatever they look like) instead of detecting it.",
        show_default=False,
    ),
]
SinceOption = Annotated[
    str | None, typer.Option(help="Said on or after this day (YYYY-MM-DD).", show_default=False)
]
UntilOption = Annotated[
    str | None, typer.Option(help="Said on or before this day (YYYY-MM-DD).", show_default=False)
]
CertaintyOption = Annotated[
    str | None, typer.Option(help=f"Only this certainty: {', '.join(CERTAINTIES)}.")
]
ActOption = Annotated[
    list[str] | None,
    typer.Option(
        "--act",
        help=f"Only these acts, the option repeated for several: {', '.join(ACTS)}.",
        show_default=False,
    ),
]
MinConfidenceOption = Annotated[
    float | None,
    typer.Option(
        min=0.0,
        max=1.0,
        help="Leave out statements given less confidence (0 to 1); those stored before "
        "confidences were kept have none and stay.",
        show_default=False,
    ),
]


def settings_for(
    model: str | None, kb: list[Path] | None, lexicons: list[Path] | None = None, **others: Any
) -> Settings:
    """Settings from the environment, with the ``--model``, ``--kb`` and ``--lexicons``
    options (and any ``others``) on top."""
    return Settings.from_env(
        model=model,
        kb=tuple(kb) if kb else None,
        lexicons=tuple(lexicons) if lexicons else None,
        **others,
    )


def _print_version(value: bool) -> None:
    # Called while the options are parsed, before click asks for a command.
    if value:
        typer.echo(f"onrecord {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    """Who said what, to whom, when, and who says so."""
