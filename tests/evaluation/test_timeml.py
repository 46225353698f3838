"""TimeML reading and TempEval-3 scoring, on short TimeML snippets written for these tests."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from onrecord import Reader, Settings, ingest
from onrecord.errors import ExtractError
from onrecord.evaluation.metrics import PRF
from onrecord.evaluation.timeml import (
    Document,
    Run,
    Span,
    Timex,
    by_folder,
    corpus,
    match,
    mismatches,
    predict,
    read_documents,
    read_predictions,
    read_tml,
    score,
    write_predictions,
)
from onrecord.records import Article

# An invented wire story; the TIMEX3 "early Thursday morning" has a SIGNAL inside it, an
# entity comes before two of the expressions, and an empty TIMEX3 marks nothing.
TML = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>WIRE20310402.0117</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2031-04-02" temporalFunction="false" \
functionInDocument="CREATION_TIME">2031-04-02</TIMEX3></DCT>
<TITLE>Harbourton dock strike ends</TITLE>
<TEXT>
HARBOURTON (Wire) _ Dock workers <EVENT eid="e1" class="OCCURRENCE">ended</EVENT> their \
strike <TIMEX3 tid="t1" type="DATE" value="2031-03-31" temporalFunction="true" \
functionInDocument="NONE" anchorTimeID="t0">Monday</TIMEX3> after <TIMEX3 tid="t2" \
type="DURATION" value="P3W">three weeks</TIMEX3>, the Fenn &amp; Marlow union \
<EVENT eid="e2" class="REPORTING">said</EVENT> <TIMEX3 tid="t3" type="DATE" \
value="PRESENT_REF">today</TIMEX3>.
Talks on pay resume <TIMEX3 tid="t4" type="TIME" value="2031-04-03TMO"><SIGNAL \
sid="s1">early</SIGNAL> Thursday morning</TIMEX3> &lt;sources&gt;.<TIMEX3 tid="t5" \
type="DATE" value="2031"/>
</TEXT>
<EXTRAINFO>WIRE-04-02-31 0915EDT <TIMEX3 tid="t9" type="DATE" value="2031-04-02">April 2\
</TIMEX3></EXTRAINFO>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0"/>
</TimeML>
"""

TEXT = (
    "\nHARBOURTON (Wire) _ Dock workers ended their strike Monday after three weeks, the Fenn"
    " & Marlow union said today.\nTalks on pay resume early Thursday morning <sources>.\n"
)


def span(phrase: str, text: str = TEXT) -> Span:
    at = text.index(phrase)
    return (at, at + len(phrase))


def write(root: Path, files: dict[str, str]) -> Path:
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return root


def test_read_tml(tmp_path: Path) -> None:
    path = write(tmp_path, {"WIRE20310402.0117.tml": TML}) / "WIRE20310402.0117.tml"
    document = read_tml(path)
    assert document.id == "WIRE20310402.0117"
    assert document.text == TEXT
    assert document.dct == "2031-04-02"
    assert document.timexes == (
        Timex(span("Monday"), "DATE", "2031-03-31", "t1"),
        Timex(span("three weeks"), "DURATION", "P3W", "t2"),
        Timex(span("today"), "DATE", "PRESENT_REF", "t3"),
        Timex(span("early Thursday morning"), "TIME", "2031-04-03TMO", "t4"),
    )


def test_read_tml_spans_are_their_text(tmp_path: Path) -> None:
    document = read_tml(write(tmp_path, {"a.tml": TML}) / "a.tml")
    assert [document.text[s:e] for s, e in (t.span for t in document.timexes)] == [
        "Monday",
        "three weeks",
        "today",
        "early Thursday morning",
    ]


def test_read_tml_crlf_file_has_the_same_text(tmp_path: Path) -> None:
    path = tmp_path / "a.tml"
    path.write_bytes(TML.replace("\n", "\r\n").encode("utf-8"))
    assert read_tml(path).text == TEXT


@pytest.mark.parametrize(
    ("dct", "expected"),
    [
        (
            '<DCT><TIMEX3 tid="t0" type="TIME" value="2031-04-02T09:15" '
            'functionInDocument="CREATION_TIME">2031-04-02 09:15</TIMEX3></DCT>',
            "2031-04-02",
        ),
        # Wherever it is in the file.
        (
            '<HEADER><TIMEX3 tid="t0" type="DATE" value="2031-04-02" '
            'functionInDocument="CREATION_TIME">April 2</TIMEX3></HEADER>',
            "2031-04-02",
        ),
        ('<DCT><TIMEX3 tid="t0" type="DATE" value="2031-04-02">x</TIMEX3></DCT>', None),
        (
            '<DCT><TIMEX3 tid="t0" value="2031-13-40" functionInDocument="CREATION_TIME"/></DCT>',
            None,
        ),
        ("", None),
    ],
)
def test_creation_date(tmp_path: Path, dct: str, expected: str | None) -> None:
    body = f"<TimeML>{dct}<TEXT>Prices rose <TIMEX3 tid='t1'>last year</TIMEX3>.</TEXT></TimeML>"
    document = read_tml(write(tmp_path, {"a.tml": body}) / "a.tml")
    assert document.dct == expected
    assert [t.tid for t in document.timexes] == ["t1"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<TimeML><TEXT>Prices rose <TIMEX3>last year</TEXT></TimeML>", "not well-formed"),
        ("<TimeML><TEXT>Prices &nbsp; rose.</TEXT></TimeML>", "not well-formed"),
        ("<TimeML><DOCID>a</DOCID></TimeML>", "found 0"),
        ("<TimeML><TEXT>One.</TEXT><TEXT>Two.</TEXT></TimeML>", "found 2"),
    ],
)
def test_malformed_file_is_a_clear_error(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, {"bad_story.tml": body}) / "bad_story.tml"
    with pytest.raises(ValueError, match=message) as caught:
        read_tml(path)
    assert "bad_story.tml" in str(caught.value)


def test_corpus_is_every_tml_file_sorted(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {"b/two.tml": TML, "a/one.tml": TML, "a/deeper/three.tml": TML, "notes.txt": ""},
    )
    assert corpus(root) == [root / "a/deeper/three.tml", root / "a/one.tml", root / "b/two.tml"]
    assert by_folder(root, corpus(root)) == {"a": ["three", "one"], "b": ["two"]}
    top = write(tmp_path / "flat", {"one.tml": TML})
    assert by_folder(top, corpus(top)) == {"": ["one"]}


def test_corpus_missing_or_empty(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not a folder"):
        corpus(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match=r"no \.tml file"):
        corpus(tmp_path)


def test_read_documents_refuses_bad_files_and_goes_on(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {"a/good.tml": TML, "a/broken.tml": "<TimeML><TEXT>", "b/good.tml": TML},
    )
    documents, refused = read_documents(corpus(root))
    assert [d.id for d in documents] == ["good"]
    assert set(refused) == {"broken", str(root / "b/good.tml")}
    assert "not well-formed" in refused["broken"]
    assert "duplicate id 'good'" in refused[str(root / "b/good.tml")]
    assert by_folder(root, corpus(root)) == {"a": ["broken", "good"]}


# Scoring: gold and predictions built by hand over one text.
GOLD_TEXT = "On Monday the board met for two hours, and on Tuesday morning it voted."
MONDAY = Timex(span("Monday", GOLD_TEXT), "DATE", "2031-04-07")
TWO_HOURS = Timex(span("two hours", GOLD_TEXT), "DURATION", "PT2H")
TUESDAY = Timex(span("Tuesday morning", GOLD_TEXT), "TIME", "2031-04-08TMO")
GOLD = Document("board", GOLD_TEXT, "2031-04-09", (MONDAY, TWO_HOURS, TUESDAY))


def test_perfect_predictions() -> None:
    scores = score([GOLD], {"board": list(GOLD.timexes)})
    assert scores.strict == PRF(tp=3, n_pred=3, n_gold=3)
    assert scores.relaxed == PRF(tp=3, n_pred=3, n_gold=3)
    assert (scores.type_accuracy, scores.value_accuracy) == (1.0, 1.0)
    assert (scores.type_f1, scores.value_f1) == (1.0, 1.0)


def test_overlap_counts_only_as_relaxed() -> None:
    predicted = [
        Timex(span("On Monday", GOLD_TEXT), "DATE", "2031-04-07"),
        Timex(span("Tuesday", GOLD_TEXT), "DATE", "2031-04-08"),
    ]
    scores = score([GOLD], {"board": predicted})
    assert scores.strict == PRF(tp=0, n_pred=2, n_gold=3)
    assert scores.relaxed == PRF(tp=2, n_pred=2, n_gold=3)
    assert scores.type_accuracy == 0.5  # Tuesday: DATE for TIME
    assert scores.value_accuracy == 0.5  # 2031-04-08 for 2031-04-08TMO
    assert scores.value_f1 == pytest.approx(0.5 * 0.8)


def test_one_prediction_over_two_golds_matches_one() -> None:
    # "two hours, and on Tuesday" overlaps TWO_HOURS by 9 characters and TUESDAY by 7.
    long = Timex(span("two hours, and on Tuesday", GOLD_TEXT), "DURATION", "PT2H")
    assert match(GOLD.timexes, [long]) == [(1, 0)]
    scores = score([GOLD], {"board": [long]})
    assert scores.relaxed == PRF(tp=1, n_pred=1, n_gold=3)
    assert scores.value_accuracy == 1.0


def test_overlap_ties_go_to_gold_order_then_predicted_order() -> None:
    text = "spring 2031"
    gold = [Timex((0, 6), "DATE", "2031-SP"), Timex((7, 11), "DATE", "2031")]
    # Each prediction overlaps each gold by one character.
    predicted = [Timex((5, 8), "DATE", "x"), Timex((5, 8), "DATE", "y")]
    assert text[5:8] == "g 2"
    assert match(gold, predicted) == [(0, 0), (1, 1)]


def test_wrong_type_and_wrong_value() -> None:
    predicted = [
        Timex(MONDAY.span, "TIME", "2031-04-07"),
        Timex(TWO_HOURS.span, "DURATION", "PT3H"),
        Timex(TUESDAY.span, "TIME", None),
    ]
    scores = score([GOLD], {"board": predicted})
    assert scores.strict == PRF(tp=3, n_pred=3, n_gold=3)
    assert scores.type_accuracy == pytest.approx(2 / 3)
    assert scores.value_accuracy == pytest.approx(1 / 3)
    assert scores.value_f1 == pytest.approx(1 / 3)


def test_values_compare_stripped_and_missing_never_equal() -> None:
    gold = Document("d", "in 2031", None, (Timex((3, 7), None, None),))
    assert score([gold], {"d": [Timex((3, 7), None, None)]}).value_accuracy == 0.0
    assert score([gold], {"d": [Timex((3, 7), None, None)]}).type_accuracy == 0.0
    gold = Document("d", "in 2031", None, (Timex((3, 7), "DATE", " 2031"),))
    assert score([gold], {"d": [Timex((3, 7), "DATE", "2031\n")]}).value_accuracy == 1.0


def test_missing_document_predicts_nothing_and_unknown_ones_are_ignored() -> None:
    other = Document("other", "It rained on Friday.", None, (Timex((13, 19), "DATE", "X"),))
    predicted = {"board": list(GOLD.timexes), "stray": [Timex((0, 2), "DATE", "X")]}
    scores = score([GOLD, other], predicted)
    assert scores.documents == 2
    assert scores.relaxed == PRF(tp=3, n_pred=3, n_gold=4)
    assert scores.strict == PRF(tp=3, n_pred=3, n_gold=4)
    # A subset is scored on its own.
    assert score([other], predicted).relaxed == PRF(tp=0, n_pred=0, n_gold=1)


def test_nothing_to_score() -> None:
    scores = score([], {})
    assert scores.to_json()["value_f1"] == 0.0
    assert scores.type_accuracy == 0.0


def test_mismatches_are_seeded_samples_of_each_kind() -> None:
    predicted = {
        "board": [
            Timex(MONDAY.span, "DATE", "2031-04-14"),
            Timex(span("board", GOLD_TEXT), "DATE", "X"),
        ]
    }
    found = mismatches([GOLD], predicted, per_kind=5)
    assert [(m.kind, m.gold_text, m.predicted_text) for m in found] == [
        ("missed", "two hours", None),
        ("missed", "Tuesday morning", None),
        ("spurious", None, "board"),
        ("wrong value", "Monday", "Monday"),
    ]
    assert found[-1].gold == MONDAY
    assert "On Monday the board" in found[-1].context
    one = mismatches([GOLD], predicted, per_kind=1, seed=3)
    assert [m.kind for m in one] == ["missed", "spurious", "wrong value"]
    assert one == mismatches([GOLD], predicted, per_kind=1, seed=3)


def test_predictions_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    run = Run(predictions={"b": [Timex((3, 9), "DATE", None, "t1")], "a": []})
    write_predictions(path, run)
    lines = path.read_text("utf-8").splitlines()
    assert json.loads(lines[0]) == {"id": "a", "timexes": []}
    assert json.loads(lines[1]) == {
        "id": "b",
        "timexes": [{"span": [3, 9], "type": "DATE", "value": None}],
    }
    # The tid is not written, and Timex equality counts it.
    assert read_predictions(path) == {"a": [], "b": [Timex((3, 9), "DATE", None)]}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "JSON object"),
        ('{"timexes": []}', "'id'"),
        ('{"id": "a"}', "'timexes' must be a list"),
        ('{"id": "a", "timexes": [{"type": "DATE"}]}', "timex 0: a timex needs a 'span'"),
        ('{"id": "a", "timexes": [{"span": [5, 2]}]}', "0 <= start <= end"),
        ('{"id": "a", "timexes": [{"span": [1, 2], "value": 2031}]}', "'value' must be"),
        ('{"id": "a", "timexes": [', "Expecting"),
        ('{"id": "x", "timexes": []}', "already given"),
    ],
)
def test_bad_prediction_line_names_its_number(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "pred.jsonl"
    path.write_text('{"id": "x", "timexes": []}\n\n' + line + "\n", "utf-8")
    with pytest.raises(ValueError, match=message) as caught:
        read_predictions(path)
    assert "line 3" in str(caught.value)


def test_published_hint_overrides_the_dateline() -> None:
    text = "HARBOURTON, March 3, 2025 (Wire) - Dock workers ended their strike on Monday.\n"
    article = ingest.from_text(text, ingest.Hints(published="2031-04-02"))
    assert article.published == "2031-04-02"
    assert article.published_from == "option"
    assert article.text == text


def test_predict_reads_each_document(reader: Reader, tmp_path: Path) -> None:
    document = read_tml(write(tmp_path, {"a.tml": TML}) / "a.tml")
    empty = Document("empty", "\n \n", "2031-04-02")
    ticks: list[None] = []
    run = predict(reader, [document, empty], lambda: ticks.append(None))
    assert run.refused == {"empty": "empty text"}
    assert list(run.predictions) == [document.id]
    assert len(ticks) == 2
    for timex in run.predictions[document.id]:
        assert 0 <= timex.span[0] < timex.span[1] <= len(TEXT)
    assert run.throughput > 0


class BrittleReader(Reader):
    """The real pipeline, failing on any article that contains "BOOM" (a stand-in for a
    pipeline bug that breaks a whole batch)."""

    def read_articles(self, articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
        batch = list(articles)
        if any("BOOM" in article.text for article in batch):
            raise ExtractError("pipeline failed: BOOM")
        yield from super().read_articles(batch)


def test_predict_refuses_only_the_article_that_breaks_its_batch(settings: Settings) -> None:
    documents = [
        Document("calm", "Talks resumed on Monday.", "2031-04-02"),
        Document("boom", "A BOOM was heard on Tuesday.", "2031-04-02"),
        Document("later", "The vote is due next week.", "2031-04-02"),
    ]
    run = predict(BrittleReader(settings), documents)
    assert run.refused == {"boom": "pipeline failed: BOOM"}
    assert sorted(run.predictions) == ["calm", "later"]
