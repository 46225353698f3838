from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from onrecord import Reader, Settings
from onrecord.errors import ExtractError
from onrecord.evaluation.gap import (
    COLUMNS,
    Decision,
    Example,
    decide,
    gender_of,
    gold_decisions,
    predict,
    read_tsv,
    score,
    write_predictions,
)
from onrecord.records import Article
from tests.conftest import SHARED, Onrecord

#: Six made-up news biographies (our own writing), three pronouns of each gender.
SAMPLE = Path(__file__).resolve().parent / "gap-sample.tsv"
GAP = SHARED / "gap"

HEADER = "\t".join(COLUMNS)
TEXT = "Ann Lee met Eva Roe in Eastport before she left for the islands."


def line(*fields: object) -> str:
    return "\t".join(str(f) for f in fields)


def good_line(key: str = "t-1", pronoun: str = "she", a_coref: str = "TRUE") -> str:
    offset = TEXT.index(" she ") + 1
    return line(key, TEXT, pronoun, offset, "Ann Lee", 0, a_coref, "Eva Roe", 12, "FALSE", "u")


def write(tmp_path: Path, *lines: str, ending: str = "\n") -> Path:
    path = tmp_path / "gap.tsv"
    path.write_bytes(ending.join(lines).encode("utf-8") + ending.encode())
    return path


def example(key: str, pronoun: str, a_coref: bool, b_coref: bool) -> Example:
    """An example whose gold decisions are given (its text does not matter to the scorer)."""
    return Example(key, TEXT, pronoun, 39, "Ann Lee", 0, a_coref, "Eva Roe", 12, b_coref)


# Reading


def test_read_the_sample() -> None:
    examples = read_tsv(SAMPLE)
    assert [e.id for e in examples] == [f"sample-{n}" for n in range(1, 7)]
    assert [e.gender for e in examples].count("masculine") == 3
    for e in examples:
        assert e.text[slice(*e.pronoun_span)] == e.pronoun
        assert e.text[slice(*e.a_span)] == e.a
        assert e.text[slice(*e.b_span)] == e.b
        assert not (e.a_coref and e.b_coref)
        assert e.url.startswith("https://example.org/")
    first = examples[0]
    assert (first.pronoun, first.a, first.a_coref, first.b, first.b_coref) == (
        "she",
        "Marta Kovacs",
        True,
        "Lena Brandt",
        False,
    )


def test_gender_of() -> None:
    assert [gender_of(p) for p in ("he", "Him", "HIS", "himself")] == ["masculine"] * 4
    assert [gender_of(p) for p in ("She", "her", "hers", "herself")] == ["feminine"] * 4
    assert gender_of("they") is None


def test_crlf_blank_lines_column_order_and_no_url(tmp_path: Path) -> None:
    expected = read_tsv(write(tmp_path, HEADER, good_line()))
    assert read_tsv(write(tmp_path, HEADER, good_line(), "", ending="\r\n")) == expected
    # Columns are found by name; a file without URL reads, with an empty URL.
    fields = dict(zip(COLUMNS, good_line().split("\t"), strict=True))
    order = list(reversed(COLUMNS[:-1]))
    path = write(tmp_path, "\t".join(order), "\t".join(fields[name] for name in order))
    (read,) = read_tsv(path)
    assert read.url == ""
    assert read == replace(expected[0], url="")


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path: Path) -> None:
    path = tmp_path / "bom.tsv"
    path.write_text(f"\ufeff{HEADER}\n{good_line()}\n", encoding="utf-8")
    assert [e.id for e in read_tsv(path)] == ["t-1"]


@pytest.mark.parametrize(
    ("lines", "number", "message"),
    [
        ([""], 1, "no header line"),
        ([HEADER.replace("\tB-coref", "")], 1, "missing column.*B-coref"),
        ([f"{HEADER}\tA"], 1, "named twice: A"),
        ([HEADER, good_line(), good_line("t-2")[:-2]], 3, "expected 11 tab-separated fields"),
        ([HEADER, good_line().replace("\t39\t", "\tthirty\t")], 2, "Pronoun-offset must be an"),
        ([HEADER, good_line().replace("\t12\t", "\t-4\t")], 2, "B-offset must not be negative"),
        ([HEADER, good_line().replace("\t12\t", "\t13\t")], 2, r"B-offset 13 does not point"),
        ([HEADER, good_line().replace("\t0\t", "\t900\t")], 2, "A-offset 900 does not point"),
        ([HEADER, good_line(a_coref="yes")], 2, "A-coref must be TRUE or FALSE"),
        ([HEADER, good_line(pronoun="they")], 2, "'they' is neither masculine"),
        ([HEADER, good_line(pronoun="")], 2, "the pronoun is empty"),
        ([HEADER, good_line(key=" ")], 2, "ID is empty"),
        ([HEADER, good_line(), "", good_line()], 4, "'t-1' was already given on line 2"),
    ],
)
def test_malformed_file_says_which_line(
    tmp_path: Path, lines: list[str], number: int, message: str
) -> None:
    path = write(tmp_path, *lines)
    with pytest.raises(ValueError, match=message) as caught:
        read_tsv(path)
    assert str(caught.value).startswith(f"{path}, line {number}: ")


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.tsv"
    path.write_bytes(f"{HEADER}\n{good_line()}".replace("Eastport", "Eastpört").encode("latin-1"))
    with pytest.raises(ValueError, match="not UTF-8"):
        read_tsv(path)


def test_offset_error_shows_what_the_text_holds(tmp_path: Path) -> None:
    with pytest.raises(ValueError) as caught:
        read_tsv(write(tmp_path, HEADER, good_line().replace("\t12\t", "\t13\t")))
    assert "'Eva Roe'" in str(caught.value)
    assert f"{TEXT[13:20]!r}" in str(caught.value)


# Scoring


def test_score_counts_every_a_and_b_decision_by_gender() -> None:
    examples = [
        example("m1", "he", True, False),
        example("m2", "his", False, True),
        example("m3", "him", False, False),
        example("f1", "she", True, False),
        example("f2", "her", False, True),
        example("f3", "hers", True, False),
    ]
    predictions = {
        "m1": Decision(True, False),  # A: TP
        "m2": Decision(True, False),  # A: FP, B: FN
        "m3": Decision(False, True),  # B: FP
        "f1": Decision(True, False),  # A: TP
        "f2": Decision(False, True),  # B: TP
        # f3 has no prediction (refused): false for both, so A is a FN.
        "elsewhere": Decision(True, True),  # not in the gold standard: ignored
    }
    scores = score(examples, predictions)
    assert scores.examples == 6
    # Masculine: TP 1, FP 2, FN 1. P = 1/3, R = 1/2, F1 = 2/5.
    assert (scores.masculine.tp, scores.masculine.n_pred, scores.masculine.n_gold) == (1, 3, 2)
    assert scores.masculine.precision == pytest.approx(1 / 3)
    assert scores.masculine.recall == pytest.approx(1 / 2)
    assert scores.masculine.f1 == pytest.approx(0.4)
    # Feminine: TP 2, FP 0, FN 1. P = 1, R = 2/3, F1 = 4/5.
    assert (scores.feminine.tp, scores.feminine.n_pred, scores.feminine.n_gold) == (2, 2, 3)
    assert scores.feminine.precision == 1.0
    assert scores.feminine.recall == pytest.approx(2 / 3)
    assert scores.feminine.f1 == pytest.approx(0.8)
    # Overall: TP 3, FP 2, FN 2. P = R = F1 = 3/5.
    assert (scores.overall.tp, scores.overall.n_pred, scores.overall.n_gold) == (3, 5, 5)
    assert scores.overall.precision == pytest.approx(0.6)
    assert scores.overall.recall == pytest.approx(0.6)
    assert scores.overall.f1 == pytest.approx(0.6)
    assert scores.bias == pytest.approx(2.0)
    report = scores.to_json()
    assert report["bias"] == pytest.approx(2.0)
    assert report["examples"] == 6
    assert json.loads(json.dumps(report))["feminine"]["tp"] == 2


def test_perfect_predictions_have_no_bias() -> None:
    examples = read_tsv(SAMPLE)
    scores = score(examples, gold_decisions(examples))
    assert (scores.overall.tp, scores.overall.n_pred, scores.overall.n_gold) == (5, 5, 5)
    assert scores.overall.f1 == 1.0
    assert scores.bias == 1.0


def test_bias_is_undefined_when_either_f1_is_zero() -> None:
    examples = [example("m", "he", True, False), example("f", "she", True, False)]
    assert score(examples, {}).bias is None
    assert score(examples, {"m": Decision(True, False)}).bias is None
    assert score(examples, {"f": Decision(True, False)}).bias is None
    nothing = score([], {})
    assert (nothing.overall.f1, nothing.bias, nothing.examples) == (0.0, None, 0)


# Predictions file


def test_write_predictions_one_line_per_example_in_order(tmp_path: Path) -> None:
    examples = [example("b", "he", True, False), example("a", "she", False, True)]
    path = tmp_path / "pred.jsonl"
    write_predictions(path, examples, {"a": Decision(False, True), "other": Decision(True)})
    assert path.read_text("utf-8") == (
        '{"id":"b","A":false,"B":false}\n{"id":"a","A":false,"B":true}\n'
    )


# Deciding from a record


def _entity(key: str, mentions: Iterable[tuple[int, int]], *references: Any) -> dict[str, Any]:
    return {
        "id": key,
        "mentions": [list(m) for m in mentions],
        "references": [
            {"text": TEXT[s:e], "span": [s, e], "kind": kind, "confidence": 0.9}
            for s, e, kind in references
        ],
    }


ANN = (0, 7)
EVA = (12, 19)
SHE = (39, 42)


def _record(*entities: dict[str, Any]) -> dict[str, Any]:
    return {"article": {"text": TEXT}, "entities": list(entities)}


def test_decide() -> None:
    she = example("t", "she", True, False)
    assert she.pronoun_span == SHE
    assert TEXT[slice(*SHE)] == "she"
    ann = _entity("e1", [ANN], (*SHE, "pronoun"))
    eva = _entity("e2", [EVA])
    assert decide(_record(ann, eva), she) == Decision(True, False)
    assert decide(_record(_entity("e1", [ANN]), _entity("e2", [EVA], (*SHE, "pronoun"))), she) == (
        Decision(False, True)
    )
    # No reference at the pronoun, or one that stands for a third person: neither.
    assert decide(_record(_entity("e1", [ANN]), eva), she) == Decision()
    assert decide(_record(ann | {"mentions": [[23, 31]]}, eva), she) == Decision()
    # A mention that overlaps the name is enough ("Lee" for "Ann Lee"); so is a reference.
    assert decide(_record(_entity("e1", [(4, 7)], (*SHE, "pronoun"))), she) == Decision(True)
    assert decide(_record(_entity("e1", [], (0, 3, "description"), (*SHE, "pronoun"))), she) == (
        Decision(True)
    )
    # A reference over part of the pronoun counts; so does a description inside it.
    assert decide(_record(_entity("e1", [ANN], (40, 42, "pronoun"))), she) == Decision(True)
    assert decide(_record(_entity("e1", [ANN], (*SHE, "description"))), she) == Decision(True)
    # A description that holds the pronoun ("she left") stands for someone else.
    assert decide(_record(_entity("e1", [ANN], (39, 47, "description"))), she) == Decision()
    # A record from before references were kept has none.
    assert decide(_record({"id": "e1", "mentions": [list(ANN)]}), she) == Decision()


def test_decide_rejects_a_reference_that_is_no_span() -> None:
    broken = _entity("e1", [ANN])
    broken["references"] = [{"text": "she", "span": [42, 39], "kind": "pronoun"}]
    with pytest.raises(ValueError, match="a reference of entity e1"):
        decide(_record(broken), example("t", "she", True, False))


# Predicting with the pipeline (outcomes are the coreference component's; not asserted here)


def test_predict_decides_every_example(reader: Reader) -> None:
    examples = read_tsv(SAMPLE)
    ticks: list[None] = []
    run = predict(reader, examples, lambda: ticks.append(None))
    assert run.refused == {}
    assert list(run.predictions) == [e.id for e in examples]
    assert all(isinstance(d, Decision) for d in run.predictions.values())
    assert len(ticks) == len(examples)
    assert run.throughput > 0


class BrittleReader(Reader):
    """The real pipeline, failing on any article that contains "BOOM" (a stand-in for a
    pipeline bug that breaks a whole batch)."""

    def read_articles(self, articles: Iterable[Article]) -> Iterator[Any]:
        batch = list(articles)
        if any("BOOM" in article.text for article in batch):
            raise ExtractError("pipeline failed: BOOM")
        yield from super().read_articles(batch)


def test_predict_refuses_only_the_example_that_breaks_its_batch(settings: Settings) -> None:
    calm, boom, later = (example(key, "she", True, False) for key in ("calm", "boom", "later"))
    boom = replace(boom, text=TEXT.replace("islands", "BOOM"))
    run = predict(BrittleReader(settings), [calm, boom, later])
    assert run.refused == {"boom": "pipeline failed: BOOM"}
    assert sorted(run.predictions) == ["calm", "later"]
    # Scored, the refused example predicts false for both.
    assert score([boom], run.predictions).overall.n_pred == 0


# The command


def test_eval_gap_writes_predictions_and_scores(onrecord: Onrecord, tmp_path: Path) -> None:
    predictions = tmp_path / "pred.jsonl"
    result = onrecord("eval", "gap", str(SAMPLE), "--predictions", str(predictions), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["examples"] == 6
    assert report["overall"]["n_gold"] == 5
    assert report["masculine"]["n_gold"] + report["feminine"]["n_gold"] == 5
    assert report["refused"] == {}
    assert "articles_per_second" in report
    lines = [json.loads(line) for line in predictions.read_text("utf-8").splitlines()]
    assert [line["id"] for line in lines] == [f"sample-{n}" for n in range(1, 7)]
    for line in lines:
        assert set(line) == {"id", "A", "B"}
        assert isinstance(line["A"], bool)
        assert isinstance(line["B"], bool)
    assert report["overall"]["n_pred"] == sum(line["A"] + line["B"] for line in lines)


def test_eval_gap_prints_a_table(onrecord: Onrecord) -> None:
    result = onrecord("eval", "gap", str(SAMPLE))
    assert result.exit_code == 0, result.stderr
    for row in ("GAP gap-sample.tsv", "overall", "masculine", "feminine", "bias"):
        assert row in result.stdout
    assert "6 examples, 5 gold" in " ".join(result.stdout.split())  # the caption may wrap


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("nowhere.tsv", None, "nowhere.tsv: no such file"),
        ("bad.tsv", f"{HEADER}\n{good_line()}\n{good_line('t-2', 'they')}\n", "line 3: Pronoun"),
    ],
)
def test_eval_gap_bad_file_is_one_clear_line(
    onrecord: Onrecord, tmp_path: Path, name: str, body: str | None, message: str
) -> None:
    if body is not None:
        (tmp_path / name).write_text(body, "utf-8")
    result = onrecord("eval", "gap", str(tmp_path / name))
    assert result.exit_code == 1
    assert "error:" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# The real files


@pytest.mark.parametrize(
    ("name", "count"), [("gap-validation.tsv", 454), ("gap-development.tsv", 2000)]
)
def test_the_published_file_reads(name: str, count: int) -> None:
    path = GAP / name
    if not path.is_file():
        pytest.skip(f"GAP data not present: {path}")
    examples = read_tsv(path)
    assert len(examples) == count
    genders = {e.gender for e in examples}
    assert genders == {"masculine", "feminine"}
    assert not any(e.a_coref and e.b_coref for e in examples)
    scores = score(examples, gold_decisions(examples))
    assert scores.overall.f1 == 1.0
    assert scores.bias == 1.0
