"""``onrecord eval``: onrecord measured against public benchmarks (PolNeAR, TimeML, GAP)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from onrecord.cli.app import (
    KbOption,
    LexiconsOption,
    ModelOption,
    PredictionsOption,
    ScoresJsonOption,
    StatementsOption,
    err,
    settings_for,
)
from onrecord.cli.render import gap_table, mismatch_line, polnear_table, timeml_table
from onrecord.errors import ConfigError

__all__ = ["eval_gap", "eval_polnear", "eval_timeml"]


def eval_polnear(
    directory: Annotated[
        Path, typer.Argument(help="A PolNeAR compartment: DIR/text/*.txt, DIR/attributions/*.ann.")
    ],
    predictions: PredictionsOption = None,
    as_json: ScoresJsonOption = False,
    model: ModelOption = None,
    kb: KbOption = None,
    lexicons: LexiconsOption = None,
    statements: StatementsOption = None,
    reliability: Annotated[
        Path | None,
        typer.Option(help="Draw the reliability diagram of the confidences to this PNG or SVG."),
    ] = None,
) -> None:
    """Extract statements from PolNeAR articles and score them against the annotations."""
    # Evaluation loads the pipeline; the commands that read no article need not import it.
    from onrecord.evaluation import polnear
    from onrecord.reader import Reader

    try:
        items = polnear.corpus(directory)
    except FileNotFoundError as exc:
        raise ConfigError(str(exc)) from None
    reader = Reader(settings_for(model, kb, lexicons, statements=statements))
    texts = {stem: polnear.read_text(txt) for stem, txt, _ in items}
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("Reading articles", total=len(items))
        run = polnear.predict(reader, texts, lambda: progress.advance(task))
    if predictions is not None:
        polnear.write_predictions(predictions, sorted(run.predictions.items()), run.anonymous)
    gold = {stem: polnear.read_ann(ann) for stem, _, ann in items if ann is not None}
    scores = polnear.score(gold, run.predictions, texts, run.anonymous)
    for stem, reason in run.refused.items():
        err.print(f"[yellow]refused:[/] {stem}: {reason}", highlight=False, soft_wrap=True)
    if reliability is not None:
        if not scores.judgements:
            raise ConfigError("--reliability needs confidences: read with --statements model")
        from onrecord.charts import draw_reliability

        draw_reliability(
            scores.judgements, reliability, f"PolNeAR {directory.name}: confidence, calibrated?"
        )
    if as_json:
        report = {
            **scores.to_json(),
            "refused": run.refused,
            "articles_per_second": run.throughput,
            "speakers": {kind: run.speakers[kind] for kind in polnear.SPEAKER_KINDS},
        }
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    Console().print(polnear_table(directory, scores, run))


def eval_timeml(
    directory: Annotated[
        Path, typer.Argument(help="A TimeML corpus: DIR/**/*.tml (TempEval-3 TBAQ, say).")
    ],
    predictions: PredictionsOption = None,
    as_json: ScoresJsonOption = False,
    model: ModelOption = None,
    kb: KbOption = None,
    lexicons: LexiconsOption = None,
    errors: Annotated[
        int,
        typer.Option(
            "--errors", hidden=True, help="Print N seeded examples of each kind of error."
        ),
    ] = 0,
) -> None:
    """Extract time expressions from TimeML documents and score them TempEval-3's way."""
    from onrecord.evaluation import timeml
    from onrecord.reader import Reader

    try:
        paths = timeml.corpus(directory)
    except FileNotFoundError as exc:
        raise ConfigError(str(exc)) from None
    documents, unreadable = timeml.read_documents(paths)
    reader = Reader(settings_for(model, kb, lexicons))
    with Progress(console=err, transient=True) as progress:
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
        err.print(f"[yellow]refused:[/] {doc_id}: {reason}", highlight=False, soft_wrap=True)
    for mismatch in timeml.mismatches(documents, run.predictions, errors):
        err.print(mismatch_line(mismatch), markup=False, highlight=False, soft_wrap=True)
    if as_json:
        report = {
            **scores.to_json(),
            "folders": {name: s.to_json() for name, s in by_folder.items()},
            "refused": run.refused,
            "articles_per_second": throughput,
        }
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    Console().print(timeml_table(directory, scores, by_folder, len(run.refused), throughput))


def eval_gap(
    file: Annotated[
        Path,
        typer.Argument(help="A GAP file: gap-validation.tsv, say (ID, Text, Pronoun, A, B, ...)."),
    ],
    predictions: PredictionsOption = None,
    as_json: ScoresJsonOption = False,
    model: ModelOption = None,
    kb: KbOption = None,
    lexicons: LexiconsOption = None,
) -> None:
    """Resolve GAP's ambiguous pronouns and score them as GAP's scorer does, by gender."""
    from onrecord.evaluation import gap
    from onrecord.reader import Reader

    try:
        examples = gap.read_tsv(file)
    except FileNotFoundError:
        raise ConfigError(f"{file}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{file}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    reader = Reader(settings_for(model, kb, lexicons))
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("Reading examples", total=len(examples))
        run = gap.predict(reader, examples, lambda: progress.advance(task))
    if predictions is not None:
        gap.write_predictions(predictions, examples, run.predictions)
    scores = gap.score(examples, run.predictions)
    for example_id, reason in run.refused.items():
        err.print(f"[yellow]refused:[/] {example_id}: {reason}", highlight=False, soft_wrap=True)
    if as_json:
        report = {
            **scores.to_json(),
            "refused": run.refused,
            "articles_per_second": run.throughput,
        }
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    Console().print(gap_table(file, scores, run))
