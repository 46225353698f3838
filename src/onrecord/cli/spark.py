"""``onrecord spark run``: the pipeline on Apache Spark, for corpora too big for one machine."""

from __future__ import annotations

import importlib.util
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from onrecord.batch import extractor
from onrecord.cli.app import (
    KbOption,
    LanguageOption,
    LexiconsOption,
    ModelOption,
    StatementsOption,
    err,
    settings_for,
)
from onrecord.errors import ConfigError
from onrecord.ingest import parse_published
from onrecord.ingest.language import forced_language

__all__ = ["spark_run"]


def spark_run(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="WARC files, JSONL files, feeds, folders of HTML or text: local paths or "
            "Hadoop URIs (s3a://, hdfs://).",
            show_default=False,
        ),
    ],
    out: Annotated[
        str,
        typer.Option(
            "--out", help="The output folder (a local path or a Hadoop URI).", show_default=False
        ),
    ],
    master: Annotated[
        str | None,
        typer.Option(
            help="The Spark master URL [default: local[N], N this machine's cores; the "
            "session's own under spark-submit].",
            show_default=False,
        ),
    ] = None,
    inputs_per_job: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Units (input files or file runs) per Spark job: a killed run redoes at "
            "most one job [default: 4 per core].",
            show_default=False,
        ),
    ] = None,
    files_per_unit: Annotated[
        int, typer.Option(min=1, help="Single-article files of a folder read by one task.")
    ] = 500,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for every article.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="The outlet of every article.")] = None,
    language: LanguageOption = None,
    model: ModelOption = None,
    kb: KbOption = None,
    lexicons: LexiconsOption = None,
    statements: StatementsOption = None,
) -> None:
    """Read a corpus on Spark into Parquet; run it again to resume (finished inputs are
    skipped). Load the result into a ledger with ``onrecord load``."""
    if importlib.util.find_spec("pyspark") is None:
        raise ConfigError("pyspark is not installed: pip install 'onrecord[spark]'")
    from onrecord.spark.job import run, session
    from onrecord.spark.tasks import Options

    settings = settings_for(model, kb, lexicons, statements=statements)
    options = Options(
        pipeline=extractor(settings),
        published=parse_published(published) if published else None,
        outlet=outlet,
        language=forced_language(language) if language else None,
    )
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[articles]} articles"),
        TimeElapsedColumn(),
        console=err,
    )
    with session(master) as spark, progress:
        task = progress.add_task("Reading on Spark (inputs)", total=None, articles=0)

        def advance(done: int, total: int, articles: int) -> None:
            progress.update(task, completed=done, total=total, articles=articles)

        try:
            summary = run(
                spark,
                inputs,
                out,
                settings,
                options,
                inputs_per_job=inputs_per_job,
                files_per_unit=files_per_unit,
                progress=advance,
            )
        except KeyboardInterrupt:
            progress.stop()
            err.print(
                "[red]interrupted[/]: the inputs finished so far are kept; run the same "
                "command again to go on where it stopped",
                highlight=False,
            )
            raise typer.Exit(130) from None
    err.print(
        f"{summary.articles} articles, {summary.statements} statements, {summary.errors} "
        f"items set aside, from {summary.units - summary.skipped} of {summary.units} inputs "
        f"({summary.skipped} already done) into {summary.output} in {summary.seconds:.1f} s",
        highlight=False,
    )
    for source, reason in summary.examples:
        err.print(f"[yellow]set aside:[/] {source}: {reason}", highlight=False)
    if summary.errors > len(summary.examples):
        err.print(f"… and more: {summary.output}/_errors holds them all", highlight=False)
    for key, reason in summary.failed:
        err.print(f"[red]failed:[/] {key}: {reason}", highlight=False)
    if summary.failed:
        err.print("run the same command again to retry the failed inputs", highlight=False)
        raise typer.Exit(1)
    if summary.errors and not summary.articles and not summary.skipped:
        err.print("[red]nothing could be read[/]", highlight=False)
        raise typer.Exit(1)
