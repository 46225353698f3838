"""Train the statement tagger ``src/onrecord/models/statements.crfsuite`` on PolNeAR train.

1. Every train article is read by the pipeline with the rules (``--statements rules``);
   each token gets its features (``onrecord.extract.tagger.features``, the rules' roles
   among them) and its gold BILOU label from the first annotator's attributions.
2. **Calibration.** The articles are split into four folds (by their sorted names). For
   each fold a CRF is trained on the other three and tags it. For each statement mode,
   the statements read in the fold (``StatementFinder.refine`` for ``model``, the rules'
   own with ``StatementFinder.judge`` for ``rules``) are judged against the gold
   attributions (right when it is a *who said what* pair, as ``onrecord eval polnear``
   scores) and their evidence kept. A logistic regression of right-or-wrong on that
   evidence is the mode's calibration, and the confidence that maximises who-said-what F1
   on the held-out statements is its display threshold.
3. The final CRF is trained on all of train and written with the calibration beside it
   (``statements.json``).

Everything is fixed (fold split, CRFsuite's L-BFGS, the regression's Newton steps), so a
second run writes the same files. Run with ``make train``; dev is never read.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pycrfsuite
from rich.progress import track
from spacy.tokens import Doc

from onrecord import ingest
from onrecord.evaluation.polnear import Attribution, corpus, judged, read_ann, read_text
from onrecord.extract.extensions import text_of
from onrecord.extract.quotemarks import Quotation
from onrecord.extract.quotes import Draft, StatementFinder, rule_roles
from onrecord.extract.tagger import StatementTagger, features, labels_for
from onrecord.models.logistic import best_threshold, fit
from onrecord.pipeline import load_pipeline, process
from onrecord.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train"
OUT = ROOT / "src" / "onrecord" / "models" / "statements.crfsuite"
FOLDS = 4
#: CRFsuite's settings: elastic-net regularisation keeps the model small and general.
PARAMS = {
    "c1": 0.2,
    "c2": 0.2,
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}
EVIDENCE = (
    "content",
    "content_min",
    "cue",
    "source",
    "no_source",
    "rules",
    "quoted",
    "lexicon",
    "length",
    "rules_only",
)


@dataclass
class Example:
    stem: str
    doc: Doc
    gold: list[Attribution]
    drafts: list[Draft]
    quotations: list[Quotation]
    xseq: list[list[str]]
    yseq: list[str]


def read_train(train: Path, limit: int | None) -> tuple[StatementFinder, list[Example]]:
    """The rules' statement finder, and the train articles parsed, with their features and
    gold labels."""
    items = [(stem, txt, ann) for stem, txt, ann in corpus(train) if ann is not None][:limit]
    settings = Settings.from_env({}, statements="rules")
    nlp = load_pipeline(settings)
    finder_of = nlp.get_pipe("onrecord_statements")
    assert isinstance(finder_of, StatementFinder)
    # Train reads the rules' statements alone: whatever model is shipped plays no part.
    finder_of.tagger = None
    texts = {stem: read_text(txt) for stem, txt, _ in items}
    articles = [ingest.from_text(texts[stem], ingest.Hints(), source=stem) for stem, _, _ in items]
    examples = []
    parsed = process(nlp, articles, settings.batch_size)
    for (stem, _, ann), (_, doc) in track(
        zip(items, parsed, strict=True), total=len(items), description="Reading train"
    ):
        gold = read_ann(ann)
        drafts, quotations = finder_of.drafts(doc)
        xseq = features(doc, finder_of.lexicon, rule_roles(drafts))
        yseq = labels_for(doc, [(a.source, a.cue, a.content) for a in gold])
        doc.tensor = np.zeros((0, 0), dtype="float32")  # the parse is kept, the vectors not
        examples.append(Example(stem, doc, gold, drafts, quotations, xseq, yseq))
    return finder_of, examples


def train_crf(examples: list[Example], path: Path) -> None:
    """Train a CRF on ``examples`` and write it to ``path``."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for example in examples:
        trainer.append(example.xseq, example.yseq)
    trainer.set_params(PARAMS)
    trainer.train(str(path))


Judged = list[tuple[dict[str, float], bool]]


def _attributions(drafts: list[Draft]) -> list[Attribution]:
    return [
        Attribution(
            content=tuple(draft.content),
            source=(draft.source.start_char, draft.source.end_char) if draft.source else None,
            cue=draft.cue_span,
        )
        for draft in drafts
    ]


def judge(
    finder: StatementFinder, tagger: StatementTagger, examples: list[Example]
) -> dict[str, Judged]:
    """By mode, each statement read in ``examples`` with its evidence and whether it is
    right: ``model``, the tagger's statements; ``rules``, the rules' statements."""
    found: dict[str, Judged] = {"model": [], "rules": []}
    for example in examples:
        text = text_of(example.doc)
        tagging = tagger.tag(example.doc, finder.lexicon, rule_roles(example.drafts))
        for mode, read in (
            ("model", finder.refine(example.doc, example.drafts, example.quotations, tagging)),
            ("rules", finder.judge(example.doc, example.drafts, tagging)),
        ):
            right = judged(example.gold, _attributions([d for d, _ in read]), text)
            found[mode] += [(evidence, ok) for (_, evidence), ok in zip(read, right, strict=True)]
    return found


def main() -> None:
    """Read train, calibrate on folds, train the final model and write it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("train", type=Path, nargs="?", default=TRAIN, help="PolNeAR train")
    parser.add_argument("--limit", type=int, default=None, help="train on the first N articles")
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args()
    if not (args.train / "text").is_dir():
        raise SystemExit(f"train: {args.train / 'text'} not found")
    started = time.perf_counter()
    finder, examples = read_train(args.train, args.limit)
    print(f"read {len(examples)} articles in {time.perf_counter() - started:.0f} s")

    held_out: dict[str, Judged] = {"model": [], "rules": []}
    with tempfile.TemporaryDirectory() as scratch:
        for fold in range(FOLDS):
            train = [e for i, e in enumerate(examples) if i % FOLDS != fold]
            test = [e for i, e in enumerate(examples) if i % FOLDS == fold]
            path = Path(scratch) / f"fold{fold}.crfsuite"
            train_crf(train, path)
            for mode, items in judge(finder, StatementTagger(path), test).items():
                held_out[mode] += items
            print(f"fold {fold + 1}/{FOLDS} done at {time.perf_counter() - started:.0f} s")
    gold = sum(len(e.gold) for e in examples)
    calibrations = {mode: fit(items, EVIDENCE) for mode, items in held_out.items()}
    thresholds = {
        mode: best_threshold([(calibrations[mode](e), int(ok), 1) for e, ok in items], gold)[0]
        for mode, items in held_out.items()
    }

    args.output.parent.mkdir(parents=True, exist_ok=True)
    train_crf(examples, args.output)
    meta = {
        "model": "onrecord statement tagger",
        "version": 2,
        "labels": "BILOU",
        "trained_on": f"PolNeAR train, {len(examples)} articles (first annotator)",
        "crfsuite": PARAMS,
        "folds": FOLDS,
        "held_out": {
            mode: {"statements": len(items), "right": sum(ok for _, ok in items)}
            for mode, items in held_out.items()
        },
        "calibration": {mode: c.to_json() for mode, c in calibrations.items()},
        "threshold": thresholds,
    }
    args.output.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    size = args.output.stat().st_size / 1e6
    took = time.perf_counter() - started
    print(f"wrote {args.output} ({size:.1f} MB) in {took / 60:.1f} min; thresholds {thresholds}")
    for mode, items in held_out.items():
        rate = sum(ok for _, ok in items) / max(1, len(items))
        print(f"held out, {mode}: {len(items)} statements, {rate:.1%} right")


if __name__ == "__main__":
    main()
