"""Train the coreference model ``src/onrecord/models/coref.json`` on GAP development.

1. Every development example is read by the pipeline up to the entities. For its
   pronoun, each earlier mention of an entity it may stand for is a pair
   (:func:`onrecord.extract.coref.candidate_pairs`); a pair is right when its entity holds
   the gold antecedent (A or B marked TRUE), wrong when it holds a name marked FALSE or
   when the pronoun stands for A or B and the entity holds neither. Pairs of an example
   whose pronoun stands for neither A nor B, with an entity that holds neither, say
   nothing and are left out.
2. **Threshold.** The examples are split into five folds (by their order in the file);
   for each, a model trained on the other four links its pronouns, and the threshold that
   maximises F1 over the A and B decisions (as ``onrecord eval gap`` scores them) on the
   held-out folds is kept.
3. The final model is trained on every pair and written with the threshold.

Newton's method and the fold split are fixed, so a second run writes the same file. Run
with ``make train-coref``; GAP validation is never read.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

from rich.progress import track
from spacy.tokens import Doc

from onrecord import ingest, lexicons
from onrecord.evaluation.gap import Example, read_tsv
from onrecord.extract.coref import (
    FEATURES,
    Anaphor,
    Candidate,
    anaphors,
    candidate_pairs,
    context_of,
    mention_heads,
)
from onrecord.models.logistic import Logistic, best_threshold, fit
from onrecord.pipeline import load_model, make_doc
from onrecord.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT = ROOT.parent / "shared" / "data" / "gap" / "gap-development.tsv"
OUT = ROOT / "src" / "onrecord" / "models" / "coref.json"
FOLDS = 5


@dataclass
class Pairs:
    """One example's pairs: (candidate, features), and the gold of its A and B."""

    example: Example
    pairs: list[tuple[Candidate, dict[str, float]]]
    labels: list[bool | None]
    a: tuple[int, int]
    b: tuple[int, int]


def _holds(candidate: Candidate, span: tuple[int, int]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in candidate.entity.mentions)


def read(path: Path) -> list[Pairs]:
    """The pairs of every example of ``path``."""
    examples = read_tsv(path)
    # The pipeline up to the entities: the model to be trained plays no part.
    nlp = load_model(Settings.from_env({}).model)
    nlp.add_pipe("onrecord_linebreaks", before="parser")
    nlp.add_pipe("onrecord_entities")
    found = []
    with lexicons.using(lexicons.load()):
        table = anaphors()
        for example in track(examples, description="Reading GAP development"):
            doc: Doc = nlp(make_doc(nlp, example.article(ingest.Hints())))
            pronoun = doc.char_span(
                example.pronoun_offset,
                example.pronoun_offset + len(example.pronoun),
                alignment_mode="expand",
            )
            anaphor: Anaphor | None = table.get(pronoun[0].lower_) if pronoun else None
            entities = doc._.entities or []
            if pronoun is None or anaphor is None:
                continue
            context = context_of(doc, entities)
            pairs = candidate_pairs(context, pronoun[0], anaphor, mention_heads(doc, entities))
            a = (example.a_offset, example.a_offset + len(example.a))
            b = (example.b_offset, example.b_offset + len(example.b))
            labels: list[bool | None] = []
            for candidate, _ in pairs:
                holds_a, holds_b = _holds(candidate, a), _holds(candidate, b)
                if (holds_a and example.a_coref) or (holds_b and example.b_coref):
                    labels.append(True)
                elif holds_a or holds_b or example.a_coref or example.b_coref:
                    labels.append(False)
                else:
                    labels.append(None)
            found.append(Pairs(example, pairs, labels, a, b))
    return found


def train(items: list[Pairs]) -> Logistic:
    """The model fitted on the labelled pairs of ``items``."""
    data = [
        (features, label)
        for item in items
        for (_, features), label in zip(item.pairs, item.labels, strict=True)
        if label is not None
    ]
    return fit(data, FEATURES)


def decisions(model: Logistic, item: Pairs) -> tuple[float, bool, bool]:
    """The chance of the pronoun's best entity, and whether it holds A and B."""
    best: tuple[float, Candidate] | None = None
    for candidate, features in item.pairs:
        chance = model(features)
        if best is None or chance > best[0]:
            best = (chance, candidate)
    if best is None:
        return 0.0, False, False
    return best[0], _holds(best[1], item.a), _holds(best[1], item.b)


def _answers(decided: tuple[float, bool, bool], example: Example) -> tuple[float, int, int]:
    """(chance, right, predicted) over an example's A and B decisions."""
    chance, a, b = decided
    right = (a and example.a_coref) + (b and example.b_coref)
    return chance, right, a + b


def main() -> None:
    """Read GAP development, choose the threshold on folds, train and write the model."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("development", type=Path, nargs="?", default=DEVELOPMENT)
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args()
    if not args.development.is_file():
        raise SystemExit(f"train-coref: {args.development} not found")
    started = time.perf_counter()
    items = read(args.development)
    scored = []
    for fold in range(FOLDS):
        model = train([item for i, item in enumerate(items) if i % FOLDS != fold])
        scored += [
            _answers(decisions(model, item), item.example)
            for i, item in enumerate(items)
            if i % FOLDS == fold
        ]
    gold = sum(item.example.a_coref + item.example.b_coref for item in items)
    threshold, f1 = best_threshold(scored, gold)
    model = train(items)
    meta = {
        "model": model.to_json(),
        "pronouns": sorted({item.example.pronoun.lower() for item in items}),
        "threshold": threshold,
        "trained_on": f"GAP development, {len(items)} examples",
        "held_out_f1": round(f1, 4),
        "folds": FOLDS,
    }
    args.output.write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    took = time.perf_counter() - started
    print(f"wrote {args.output} in {took:.0f} s; threshold {threshold}, held-out F1 {f1:.3f}")


if __name__ == "__main__":
    main()
