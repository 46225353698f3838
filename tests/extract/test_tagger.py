"""The statement tagger's pieces: gold labels, spans from labels, features, calibration."""

from __future__ import annotations

import pytest

from onrecord.extract.cues import load_lexicon
from onrecord.extract.tagger import (
    RuleRoles,
    TokenSpan,
    features,
    labels_for,
    spans_of,
)
from onrecord.models.logistic import Logistic, best_threshold
from onrecord.types import Span

TEXT = "The harbour master said the channel would reopen on Monday."


def at(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return (start, start + len(phrase))


@pytest.fixture(scope="module")
def doc(reader):  # type: ignore[no-untyped-def]
    return reader.nlp(TEXT)


def test_gold_labels_mark_each_role_from_its_first_to_its_last_token(doc) -> None:  # type: ignore[no-untyped-def]
    attribution = (
        at(TEXT, "The harbour master"),
        at(TEXT, "said"),
        [at(TEXT, "the channel would reopen on Monday")],
    )
    labels = labels_for(doc, [attribution])
    assert labels == [
        "B-SOURCE", "I-SOURCE", "L-SOURCE", "U-CUE",
        "B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "L-CONTENT", "O",
    ]  # fmt: skip
    assert spans_of(labels) == [
        TokenSpan("SOURCE", 0, 3, 1.0),
        TokenSpan("CUE", 3, 4, 1.0),
        TokenSpan("CONTENT", 4, 10, 1.0),
    ]


def test_spans_of_reads_runs_and_an_orphan_inside_label() -> None:
    labels = ["B-SOURCE", "I-SOURCE", "B-CUE", "O", "I-CONTENT", "I-CONTENT", "B-CONTENT", "O"]
    marginals = [{label: 0.5} for label in labels]
    spans = spans_of(labels, marginals)
    assert [(s.role, s.start, s.end) for s in spans] == [
        ("SOURCE", 0, 2),
        ("CUE", 2, 3),
        ("CONTENT", 4, 6),
        ("CONTENT", 6, 7),
    ]
    assert all(s.probability == 0.5 for s in spans)
    assert spans_of(["O", "O"]) == []
    assert spans_of(["B-CUE"]) == [TokenSpan("CUE", 0, 1, 1.0)]
    # A span ends at its last token even when the same role follows at once.
    assert [(s.start, s.end) for s in spans_of(["U-CUE", "I-CUE", "L-CUE", "I-CUE"])] == [
        (0, 1),
        (1, 3),
        (3, 4),
    ]


def test_features_carry_the_rules_roles_and_the_governing_cue(doc) -> None:  # type: ignore[no-untyped-def]
    rules = RuleRoles(
        sources=[at(TEXT, "The harbour master")],
        cues=[at(TEXT, "said")],
        contents=[at(TEXT, "the channel would reopen on Monday")],
    )
    rows = features(doc, load_lexicon(), rules)
    assert len(rows) == len(doc)
    said, channel = rows[3], rows[5]
    assert "r=B-CUE" in said and "w=said" in said
    assert "r=I-CON" in channel
    # The rules' content ends at "Monday", the token before the full stop.
    assert "re=ECON" in rows[-2] and "re=-CON" in channel
    assert "bw=the|channel" in channel and "fw=channel|would" in channel
    # "channel" hangs from "reopen", which hangs from "said" by a clausal complement.
    assert any(f.startswith("g=") and f != "g=-" for f in channel)
    assert "r=O" in rows[-1]
    unruled = features(doc, load_lexicon(), RuleRoles())
    assert all("r=O" in row for row in unruled)


def test_calibration_is_a_logistic_map_and_round_trips() -> None:
    calibration = Logistic(("content", "rules"), (4.0, 1.0), -3.0)
    low = calibration({"content": 0.2, "rules": 0.0})
    high = calibration({"content": 0.95, "rules": 1.0})
    assert 0.0 < low < 0.5 < high < 1.0
    assert Logistic.from_json(calibration.to_json()) == calibration


def test_the_threshold_keeps_what_maximises_f1() -> None:
    # Three right answers at 0.9, 0.8 and 0.3 and two wrong ones at 0.2 and 0.1, of four:
    # keeping from 0.3 up gives F1 2*3/(3+4) = 0.857, the best; from 0.0 up 6/9 = 0.667.
    scored = [(0.9, 1, 1), (0.8, 1, 1), (0.3, 1, 1), (0.2, 0, 1), (0.1, 0, 1)]
    threshold, f1 = best_threshold(scored, 4)
    assert threshold == 0.25
    assert f1 == pytest.approx(6 / 7)
