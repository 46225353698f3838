"""The floor on TempEval-3's TBAQ (TimeBank + AQUAINT), with the real pipeline (skips
without data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord import Reader
from onrecord.evaluation import timeml
from tests.conftest import SHARED

TBAQ = SHARED / "timeml" / "tbaq"


@pytest.fixture(scope="module")
def tbaq() -> Path:
    if not TBAQ.is_dir():
        pytest.skip(f"evaluation data not present: {TBAQ}")
    return TBAQ


def test_tbaq_meets_the_floor(reader: Reader, tbaq: Path) -> None:
    documents, unreadable = timeml.read_documents(timeml.corpus(tbaq))
    assert unreadable == {}
    run = timeml.predict(reader, documents)
    assert run.refused == {}
    scores = timeml.score(documents, run.predictions)
    assert scores.relaxed.f1 >= 0.85
    assert scores.value_f1 >= 0.75
