"""Throughput of the full ``read`` pipeline against bare spaCy on the same texts.

Both run in this one process, taking turns batch by batch, over PolNeAR dev when
``../shared`` is there (else over the examples and test pages). "bare" is ``nlp.pipe`` with
the model components onrecord loads; "onrecord" is ingestion, the same parse, every
onrecord component and the ``onrecord/1`` record. The table gives the best round of each
and two ratios: of the best rounds, and the median of the rounds' own ratios, the steadier
of the two on a busy machine. The aim is a ratio of at least 0.75 with the statement
tagger that gives each statement its confidence (it was 0.88 before the tagger).

With ``--components`` it then times each step of the full pipeline on its own over the
corpus (ingestion, the tokenizer, every pipeline component, the record builder) and prints
each one's seconds, share of the total and milliseconds per article (median of the rounds).

    .venv/bin/python bench/throughput.py [--rounds 3] [--limit 84] [--components]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table
from spacy.language import Language

from onrecord import Reader, Settings, ingest
from onrecord.assemble import assemble
from onrecord.pipeline import MODEL_COMPONENTS, load_model, make_doc, process

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"
#: The steps bare spaCy runs too; every other step is onrecord's own cost.
_MODEL_STEPS = {"tokenizer", *MODEL_COMPONENTS}


def corpus(limit: int) -> tuple[str, list[str]]:
    """The texts to time, and what they are."""
    if POLNEAR_DEV.is_dir():
        paths = sorted(POLNEAR_DEV.glob("*.txt"))[:limit]
        return f"PolNeAR dev ({len(paths)} articles)", [p.read_text("utf-8") for p in paths]
    paths = sorted((ROOT / "examples").glob("*.txt")) * 20
    return f"examples ({len(paths)} copies)", [p.read_text("utf-8") for p in paths][:limit]


def component_times(
    nlp: Language, texts: list[str], hints: ingest.Hints, batch_size: int
) -> dict[str, float]:
    """Seconds each step of the full pipeline takes over ``texts``, one step at a time.

    A component with a ``pipe`` gets the corpus in batches as ``nlp.pipe`` gives it, so the
    model components cost here what they cost inside the pipeline.
    """
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    articles = [ingest.from_text(t, hints) for t in texts]
    seconds["ingest"] = time.perf_counter() - start

    start = time.perf_counter()
    docs = [make_doc(nlp, article) for article in articles]
    seconds["tokenizer"] = time.perf_counter() - start

    for name, component in nlp.pipeline:
        start = time.perf_counter()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=batch_size))
        else:
            docs = [component(doc) for doc in docs]
        seconds[name] = time.perf_counter() - start

    start = time.perf_counter()
    for doc, article in zip(docs, articles, strict=True):
        assemble(article, doc)
    seconds["record (assemble)"] = time.perf_counter() - start
    return seconds


def print_components(
    nlp: Language, texts: list[str], hints: ingest.Hints, batch_size: int, rounds: int
) -> None:
    """Print the median cost of each step of the full pipeline over ``rounds`` runs."""
    runs = [component_times(nlp, texts, hints, batch_size) for _ in range(rounds)]
    median = {label: statistics.median(run[label] for run in runs) for label in runs[0]}
    total = sum(median.values())
    table = Table(title=f"Where the time goes, median of {rounds}")
    table.add_column("step")
    table.add_column("seconds", justify="right")
    table.add_column("share", justify="right")
    table.add_column("ms/article", justify="right")
    for label, seconds in median.items():
        table.add_row(
            label, f"{seconds:.2f}", f"{seconds / total:.1%}", f"{seconds * 1000 / len(texts):.1f}"
        )
    onrecord = sum(s for label, s in median.items() if label not in _MODEL_STEPS)
    table.add_row(
        "total", f"{total:.2f}", "100.0%", f"{total * 1000 / len(texts):.1f}", style="bold"
    )
    table.add_row(
        "onrecord's own",
        f"{onrecord:.2f}",
        f"{onrecord / total:.1%}",
        f"{onrecord * 1000 / len(texts):.1f}",
        style="bold",
    )
    Console().print(table)


def main() -> None:
    """Time both pipelines and print articles/s and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument(
        "--components", action="store_true", help="also time each pipeline step on its own"
    )
    args = parser.parse_args()

    settings = Settings.from_env()
    name, texts = corpus(args.limit)
    words = sum(len(t.split()) for t in texts)
    bare = load_model(settings.model)
    reader = Reader(settings)
    nlp = reader.nlp
    hints = reader.hints()

    def run_bare(chunk: list[str]) -> None:
        for _ in bare.pipe(chunk, batch_size=settings.batch_size):
            pass

    def run_full(chunk: list[str]) -> None:
        articles = (ingest.from_text(t, hints) for t in chunk)
        for article, doc in process(nlp, articles, settings.batch_size):
            assemble(article, doc)

    run_bare(texts)  # warm-up: first batches pay for lazy initialisation
    run_full(texts)
    # The two pipelines take turns on each batch of articles, the first turn changing
    # from batch to batch: on a shared machine the speed drifts over seconds, and a drift
    # then slows both alike instead of whichever pipeline happened to run through it.
    step = settings.batch_size
    chunks = [texts[i : i + step] for i in range(0, len(texts), step)]
    runs = (("bare spaCy", run_bare), ("onrecord read", run_full))
    timings: dict[str, list[float]] = {"bare spaCy": [], "onrecord read": []}
    for n in range(args.rounds):
        spent = dict.fromkeys(timings, 0.0)
        for k, chunk in enumerate(chunks):
            for label, run in runs if (n + k) % 2 == 0 else runs[::-1]:
                start = time.perf_counter()
                run(chunk)
                spent[label] += time.perf_counter() - start
        for label, seconds in spent.items():
            timings[label].append(seconds)

    table = Table(title=f"Throughput on {name}, {words:,} words, best of {args.rounds}")
    table.add_column("pipeline")
    table.add_column("articles/s", justify="right")
    table.add_column("words/s", justify="right")
    best = {label: min(values) for label, values in timings.items()}
    for label, seconds in best.items():
        table.add_row(label, f"{len(texts) / seconds:.1f}", f"{words / seconds:,.0f}")
    ratio = best["bare spaCy"] / best["onrecord read"]
    table.add_row("ratio", f"{ratio:.2f}", "", style="bold")
    rounds = zip(timings["bare spaCy"], timings["onrecord read"], strict=True)
    median = statistics.median(plain / full for plain, full in rounds)
    table.add_row("ratio, median of rounds", f"{median:.2f}", "", style="bold")
    Console().print(table)
    print(f"components: {', '.join(nlp.pipe_names)}")
    if args.components:
        print_components(nlp, texts, hints, settings.batch_size, args.rounds)


if __name__ == "__main__":
    main()
