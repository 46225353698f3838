"""The issue's floor on PolNeAR dev, measured with the real pipeline (skips without data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord import Reader
from onrecord.evaluation import polnear
from tests.conftest import SHARED

DEV = SHARED / "polnear" / "dev"


@pytest.fixture(scope="module")
def dev() -> Path:
    if not (DEV / "text").is_dir():
        pytest.skip(f"evaluation data not present: {DEV}")
    return DEV


def test_dev_meets_the_floor(reader: Reader, dev: Path) -> None:
    items = polnear.corpus(dev)
    texts = {stem: polnear.read_text(txt) for stem, txt, _ in items}
    run = polnear.predict(reader, texts)
    gold = {stem: polnear.read_ann(ann) for stem, _, ann in items if ann is not None}
    scores = polnear.score(gold, run.predictions, texts, run.anonymous)
    assert run.refused == {}
    assert scores.content_overlap.f1 >= 0.78
    assert scores.content_strict.f1 >= 0.48
    assert scores.source_accuracy >= 0.83
    # Sources typed anonymous against the gold sources that are unnamed descriptions.
    assert scores.anonymous is not None
    assert scores.anonymous.precision >= 0.82
    assert scores.anonymous.recall >= 0.64
