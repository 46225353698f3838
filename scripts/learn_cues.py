"""Learn the cue lexicon ``src/onrecord/data/cues.tsv`` from PolNeAR train.

For every annotated cue, the syntactic head of its span (``said`` in "has said",
``according`` in "according to", ``claim`` in "the claim") gives a lemma and a coarse
part of speech. Every word outside quotation marks is also run through the statement
extractor's candidate rules (``onrecord.extract.quotes.candidate``), which say how it
would govern a content: a "that"-clause, a "to"-clause, an object, a colon, ...

The lexicon keeps, per (lemma, part of speech) and per (lemma, part of speech,
relation), how many cues it heads and how often it occurs: their ratio estimates how
likely an occurrence is to be a cue ("say" is, "be" is not, "know" with a that-clause
often is), and the extractor filters on it.

Only counts are kept, never text. Run with ``make cues`` (it needs
``../shared/data/polnear/train``); the output is committed. Words added by hand go in
``cues-curated.tsv``, which this script leaves alone and the cue lexicon layers over its
output.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from rich.progress import track
from spacy.tokens import Doc

from onrecord.evaluation.polnear import corpus, read_ann, read_text
from onrecord.extract.cues import ANY, coarse_pos
from onrecord.extract.quotemarks import find_quotations
from onrecord.extract.quotes import candidate, quoted_tokens
from onrecord.pipeline import load_model
from onrecord.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "onrecord" / "data" / "cues.tsv"
TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train"
# Cue heads seen fewer times than this are noise more often than lexicon.
MIN_CUES = 2


Key = tuple[str, str, str]


def _cue_heads(doc: Doc, cues: list[tuple[int, int]]) -> set[int]:
    heads = set()
    for start, end in cues:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            heads.add(span.root.i)
    return heads


def learn(pairs: Iterable[tuple[Doc, list[tuple[int, int]]]]) -> list[tuple[Key, int, int]]:
    """Rows ``(lemma, pos, relation), cues, occurrences`` from docs and their gold cues."""
    cues: Counter[Key] = Counter()
    seen: Counter[Key] = Counter()
    for doc, gold in pairs:
        heads = _cue_heads(doc, gold)
        quotations = find_quotations(doc.text)
        quoted = quoted_tokens(doc, quotations)
        for token in doc:
            if not (token.is_alpha or token.text == ":") or token.i in quoted:
                continue
            draft = candidate(doc, token)
            lemma, pos = token.lemma_.lower(), coarse_pos(token)
            keys = [(lemma, pos, ANY), (lemma, pos, draft.relation if draft else "none")]
            for key in keys:
                seen[key] += 1
                if token.i in heads:
                    cues[key] += 1
    overall = {key[:2] for key, n in cues.items() if key[2] == ANY and n >= MIN_CUES}
    return sorted(
        ((key, n, seen[key]) for key, n in cues.items() if key[:2] in overall),
        key=lambda row: (-cues[(*row[0][:2], ANY)], row[0][:2], row[0][2] != ANY, -row[1]),
    )


def main() -> None:
    """Parse PolNeAR train and write the lexicon."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", nargs="?", type=Path, default=TRAIN)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    nlp = load_model(Settings.from_env().model)
    nlp.remove_pipe("ner")
    nlp.add_pipe("onrecord_linebreaks", before="parser")
    items = [(txt, ann) for _, txt, ann in corpus(args.train) if ann is not None]
    texts = (read_text(txt) for txt, _ in items)
    docs = track(
        nlp.pipe(texts, batch_size=16), total=len(items), description="Parsing PolNeAR train"
    )
    gold = ([a.cue for a in read_ann(ann) if a.cue is not None] for _, ann in items)
    write(args.out, learn(zip(docs, gold, strict=False)), len(items))


def write(path: Path, rows: list[tuple[Key, int, int]], articles: int) -> None:
    """Write the lexicon file with its header."""
    lines = [
        "# onrecord cue lexicon. Written by `make cues`: do not edit it, add words by hand to",
        "# cues-curated.tsv.",
        "# version: 1",
        f"# Learned from PolNeAR train ({articles} articles) by scripts/learn_cues.py"
        f" on {date.today().isoformat()}.",
        "# lemma; coarse part of speech (VERB NOUN ADJ ADV ADP OTHER); relation to the content",
        "# (* = any; ccomp, xcomp, object, about, colon, interrupt, according, noun, adjective,",
        "# none); cues it heads in train; occurrences in train text outside quotation marks;",
        "# precision = cues / occurrences.",
        "lemma\tpos\trelation\tcues\toccurrences\tprecision",
    ]
    lines += ["\t".join((*key, str(n), str(total), f"{n / total:.3f}")) for key, n, total in rows]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{len(rows)} rows written to {path}")


if __name__ == "__main__":
    main()
