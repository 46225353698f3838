"""Throughput of the full ``read`` pipeline against bare spaCy on the same texts.

Both run in this one process, alternating, over PolNeAR dev when ``../shared`` is there
(else over the examples and test pages). "bare" is ``nlp.pipe`` with the model components
onrecord loads; "onrecord" is ingestion, the same parse, every onrecord component and the
``onrecord/1`` record. The aim is a ratio of at least 0.85.

    .venv/bin/python bench/throughput.py [--rounds 3] [--limit 84]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from onrecord import Reader, Settings, ingest
from onrecord.assemble import assemble
from onrecord.pipeline import load_model, process

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"


def corpus(limit: int) -> tuple[str, list[str]]:
    """The texts to time, and what they are."""
    if POLNEAR_DEV.is_dir():
        paths = sorted(POLNEAR_DEV.glob("*.txt"))[:limit]
        return f"PolNeAR dev ({len(paths)} articles)", [p.read_text("utf-8") for p in paths]
    paths = sorted((ROOT / "examples").glob("*.txt")) * 20
    return f"examples ({len(paths)} copies)", [p.read_text("utf-8") for p in paths][:limit]


def main() -> None:
    """Time both pipelines and print articles/s and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()

    settings = Settings.from_env()
    name, texts = corpus(args.limit)
    words = sum(len(t.split()) for t in texts)
    bare = load_model(settings.model)
    reader = Reader(settings)
    nlp = reader.nlp
    hints = reader.hints()

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=settings.batch_size):
            pass

    def run_full() -> None:
        articles = (ingest.from_text(t, hints) for t in texts)
        for article, doc in process(nlp, articles, settings.batch_size):
            assemble(article, doc)

    run_bare()  # warm-up: first batches pay for lazy initialisation
    run_full()
    timings: dict[str, list[float]] = {"bare spaCy": [], "onrecord read": []}
    for _ in range(args.rounds):
        for label, run in (("bare spaCy", run_bare), ("onrecord read", run_full)):
            start = time.perf_counter()
            run()
            timings[label].append(time.perf_counter() - start)

    table = Table(title=f"Throughput on {name}, {words:,} words, best of {args.rounds}")
    table.add_column("pipeline")
    table.add_column("articles/s", justify="right")
    table.add_column("words/s", justify="right")
    best = {label: min(values) for label, values in timings.items()}
    for label, seconds in best.items():
        table.add_row(label, f"{len(texts) / seconds:.1f}", f"{words / seconds:,.0f}")
    ratio = best["bare spaCy"] / best["onrecord read"]
    table.add_row("ratio", f"{ratio:.2f}", "", style="bold")
    Console().print(table)
    print(f"components: {', '.join(nlp.pipe_names)}")


if __name__ == "__main__":
    main()
