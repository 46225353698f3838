from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from onrecord.evaluation.metrics import PRF
from onrecord.evaluation.polnear import (
    Attribution,
    Span,
    auroc,
    calibration_error,
    corpus,
    read_ann,
    read_predictions,
    read_text,
    score,
    unnamed,
    write_predictions,
)
from tests.conftest import SHARED

POLNEAR_DEV = SHARED / "polnear" / "dev"


def span(text: str, phrase: str, start: int = 0) -> Span:
    """Where ``phrase`` first occurs in ``text`` at or after ``start``."""
    at = text.index(phrase, start)
    return (at, at + len(phrase))


def t_line(tid: str, kind: str, text: str, *fragments: Span) -> str:
    """A brat T line; brat joins the fragments' text with spaces."""
    offsets = ";".join(f"{s} {e}" for s, e in fragments)
    return f"{tid}\t{kind} {offsets}\t{' '.join(text[s:e] for s, e in fragments)}"


ARTICLE = (
    "The minister said the talks would resume on Monday.\n"
    "“We are not giving up,” the union leader told reporters, "
    "“and we expect an offer by Friday.”\n"
    "The plant is expected to close, it was reported.\n"
    "The mayor said the budget was balanced\n"
    "and that taxes would not rise.\n"
)

MINISTER = Attribution(
    content=(span(ARTICLE, "the talks would resume on Monday"),),
    source=span(ARTICLE, "The minister"),
    cue=span(ARTICLE, "said"),
)
UNION = Attribution(
    content=(
        span(ARTICLE, "We are not giving up,"),
        span(ARTICLE, "and we expect an offer by Friday."),
    ),
    source=span(ARTICLE, "the union leader"),
    # A discontinuous cue ("told" ... "reporters") is kept as its hull.
    cue=span(ARTICLE, "told reporters"),
)
PLANT = Attribution(
    content=(span(ARTICLE, "The plant is expected to close"),),
    cue=span(ARTICLE, "was reported"),
)
MAYOR = Attribution(
    content=(
        span(ARTICLE, "the budget was balanced"),
        span(ARTICLE, "that taxes would not rise"),
    ),
    source=span(ARTICLE, "The mayor"),
    cue=span(ARTICLE, "said", span(ARTICLE, "The mayor")[1]),
)


def article_ann() -> str:
    a = ARTICLE
    told, reporters = span(a, "told"), span(a, "reporters")
    mayor = span(a, "The mayor")
    mayor_said = span(a, "said", mayor[1])
    lines = [
        t_line("T1", "Source", a, span(a, "The minister")),
        t_line("T2", "Cue", a, span(a, "said")),
        t_line("T3", "Content", a, span(a, "the talks would resume on Monday")),
        t_line("T4", "Attribution", a, span(a, "said")),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line("T5", "Source", a, span(a, "the union leader")),
        t_line("T6", "Cue", a, told, reporters),
        t_line(
            "T7",
            "Content",
            a,
            span(a, "and we expect an offer by Friday."),
            span(a, "We are not giving up,"),
        ),
        t_line("T8", "Attribution", a, told),
        "E2\tAttribution:T8 Source:T5 Content:T7 Cue:T6",
        t_line("T9", "Content", a, span(a, "The plant is expected to close")),
        t_line("T10", "Cue", a, span(a, "was reported")),
        t_line("T11", "Attribution-no-source", a, span(a, "was reported")),
        "E3\tAttribution-no-source:T11 Cue:T10 Content:T9",
        # Its text runs over a newline, so the next line of the file is a continuation line.
        t_line("T12", "Discuss", a, span(a, "balanced\nand that")),
        t_line("T13", "Source", a, span(a, "The", mayor[0]), span(a, "mayor")),
        t_line("T14", "Cue", a, mayor_said),
        t_line("T15", "Content", a, span(a, "the budget was balanced")),
        t_line("T16", "Content", a, span(a, "that taxes would not rise")),
        t_line("T17", "Attribution", a, mayor_said),
        "E4\tAttribution:T17 Source:T13 Cue:T14 Content:T15 Content2:T16",
        # Events with no content at all are skipped.
        "E5\tAttribution-no-source:T11 ",
        "E6\tAttribution:T4 Content:T99 Cue:T2",
        # Malformed lines are skipped, whatever they look like.
        "T30\tCue twelve 14\tsaid",
        "T31\tCue 40 30\tsaid",
        "E7\tAttribution:T4 Content:T31 Cue:T30",
        "E8 Attribution:T4 Content:T3",
        "E9\tAttribution:T4 Content Cue:",
        "#1\tAnnotatorNotes T1\tThe minister is named in the headline.",
        "",
        "The talks would resume",
        "garbage\twith\ttabs",
    ]
    return "\n".join(lines) + "\n"


def write_compartment(root: Path, files: dict[str, str]) -> Path:
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return root


def test_read_ann(tmp_path: Path) -> None:
    ann = tmp_path / "a.ann"
    ann.write_text(article_ann(), encoding="utf-8")
    assert "\nand that\n" in article_ann()

    assert read_ann(ann) == [MINISTER, UNION, PLANT, MAYOR]


def test_read_ann_spans_match_the_text(tmp_path: Path) -> None:
    ann = tmp_path / "a.ann"
    ann.write_text(article_ann(), encoding="utf-8")
    attributions = read_ann(ann)
    union = attributions[1]
    assert [ARTICLE[s:e] for s, e in union.content] == [
        "We are not giving up,",
        "and we expect an offer by Friday.",
    ]
    assert union.cue is not None
    assert ARTICLE[union.cue[0] : union.cue[1]] == "told reporters"
    assert attributions[2].source is None
    mayor = attributions[3]
    assert [ARTICLE[s:e] for s, e in mayor.content] == [
        "the budget was balanced",
        "that taxes would not rise",
    ]


def test_read_ann_tolerates_a_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    ann = tmp_path / "a.ann"
    ann.write_bytes(b"\xef\xbb\xbf" + article_ann().replace("\n", "\r\n").encode("utf-8"))
    assert read_ann(ann) == [MINISTER, UNION, PLANT, MAYOR]


def test_read_text_keeps_carriage_returns(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Line one.\r\nThe minister said “yes”.\r\n".encode())
    assert read_text(path) == "Line one.\r\nThe minister said “yes”.\r\n"


def test_corpus_takes_the_first_annotator(tmp_path: Path) -> None:
    root = write_compartment(
        tmp_path,
        {
            "text/nyt_2016-01-01_talks.txt": ARTICLE,
            "text/nyt_2016-01-01_talks_resume.txt": ARTICLE,
            "text/abc_2016-01-02_unannotated.txt": ARTICLE,
            "attributions/nyt_2016-01-01_talks_ef2d.ann": "",
            "attributions/nyt_2016-01-01_talks_4e07.ann": "",
            "attributions/nyt_2016-01-01_talks_resume_d473.ann": "",
            "attributions/nyt_2016-01-01_talks_resume_4b22.ann": "",
            "attributions/other_2016-01-01_no-text_5fec.ann": "",
            "attributions/notes.txt": "",
        },
    )
    assert corpus(root) == [
        ("abc_2016-01-02_unannotated", root / "text/abc_2016-01-02_unannotated.txt", None),
        (
            "nyt_2016-01-01_talks",
            root / "text/nyt_2016-01-01_talks.txt",
            root / "attributions/nyt_2016-01-01_talks_4e07.ann",
        ),
        (
            "nyt_2016-01-01_talks_resume",
            root / "text/nyt_2016-01-01_talks_resume.txt",
            root / "attributions/nyt_2016-01-01_talks_resume_4b22.ann",
        ),
    ]


def test_corpus_without_text_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="text"):
        corpus(tmp_path)


SCORED = (
    "The minister said the talks would resume on Monday. "
    "The union leader said members would strike."
)


def minister(content: str, **roles: Span | None) -> Attribution:
    return Attribution(content=(span(SCORED, content),), **roles)


def test_two_predictions_on_one_gold_give_one_match() -> None:
    source = span(SCORED, "The minister")
    gold = {"a": [minister("the talks would resume on Monday", source=source)]}
    predicted = {
        "a": [
            minister("on Monday"),
            minister("the talks would resume", source=source),
        ]
    }
    scores = score(gold, predicted, {"a": SCORED})
    assert scores.content_overlap == PRF(tp=1, n_pred=2, n_gold=1)
    assert scores.content_overlap.precision == 0.5
    assert scores.content_overlap.recall == 1.0
    assert scores.content_overlap.f1 == pytest.approx(2 / 3)
    assert scores.matched == 1
    # The larger overlap won, and that prediction has the right source.
    assert scores.source_accuracy == 1.0


def test_overlapping_fragments_count_once() -> None:
    source = span(SCORED, "The minister")
    the_talks, the_talks_would = span(SCORED, "the talks"), span(SCORED, "the talks would")
    gold = {"a": [minister("the talks would resume", source=source)]}
    predicted = {
        "a": [
            # 13 characters, not 8 + 13: the second prediction's 16 win.
            Attribution(content=(the_talks, the_talks_would)),
            minister("talks would resume", source=source),
        ]
    }
    scores = score(gold, predicted, {"a": SCORED})
    assert scores.matched == 1
    assert scores.source_accuracy == 1.0


def test_overlap_ties_go_to_the_first_gold() -> None:
    said = span(SCORED, "said")
    gold = {"a": [minister("talks", cue=said), minister("would", cue=None)]}
    predicted = {"a": [minister("talks would", cue=said)]}
    scores = score(gold, predicted, {"a": SCORED})
    assert scores.content_overlap == PRF(tp=1, n_pred=1, n_gold=2)
    assert scores.cue_accuracy == 1.0


def test_whitespace_overlap_does_not_count() -> None:
    gap = span(SCORED, "talks would")[0] + len("talks")
    gold = {"a": [minister("talks would")]}
    predicted = {"a": [Attribution(content=((gap, gap + 1),))]}
    scores = score(gold, predicted, {"a": SCORED})
    assert scores.content_overlap.tp == 0
    assert scores.matched == 0
    assert scores.source_accuracy == 0.0


QUOTED = (
    "The minister said: “The talks will resume on Monday.” "
    "Union leaders said ``we are ready.'' "
    "A spokesman said 'nothing is agreed' and \"talks go on\" for now."
)


def quoted(*phrases: str) -> Attribution:
    return Attribution(content=tuple(span(QUOTED, p) for p in phrases))


def test_strict_trims_quotes_and_punctuation() -> None:
    gold = {
        "q": [
            quoted("“The talks will resume on Monday.”"),
            quoted("``we are ready.''"),
            quoted("'nothing is agreed'", '"talks go on"'),
        ]
    }
    predicted = {
        "q": [
            quoted("“The talks will resume on Monday"),
            quoted("we are ready."),
            quoted("nothing is agreed' ", 'talks go on" '),
        ]
    }
    scores = score(gold, predicted, {"q": QUOTED})
    assert scores.content_strict == PRF(tp=3, n_pred=3, n_gold=3)
    assert scores.exact["content"].tp == 0
    assert scores.content_overlap.tp == 3


def test_strict_needs_the_same_words_and_fragments() -> None:
    whole = span(QUOTED, "The talks will resume on Monday")
    middle = whole[0] + len("The talks")
    gold = {"q": [Attribution(content=(whole,))]}
    shorter = {"q": [quoted("The talks will resume")]}
    # Touching fragments are not merged into one.
    split = {"q": [Attribution(content=((whole[0], middle), (middle, whole[1])))]}
    for predicted in (shorter, split):
        scores = score(gold, predicted, {"q": QUOTED})
        assert scores.content_strict == PRF(tp=0, n_pred=1, n_gold=1)
        assert scores.content_overlap.tp == 1


def test_punctuation_only_content_matches_nothing() -> None:
    colon = span(QUOTED, ":")
    gold = {"q": [Attribution(content=(colon,))]}
    scores = score(gold, gold, {"q": QUOTED})
    assert scores.content_strict == PRF(tp=0, n_pred=1, n_gold=1)
    assert scores.exact["content"].tp == 1


def test_exact_counts_per_role() -> None:
    s1, s2 = span(SCORED, "The minister"), span(SCORED, "The union leader")
    k1 = span(SCORED, "said")
    k2 = span(SCORED, "said", k1[1])
    k3 = span(SCORED, "would")
    c1, c2 = span(SCORED, "the talks"), span(SCORED, "members would strike")
    c3 = (span(SCORED, "would"), span(SCORED, "resume"))
    c4 = span(SCORED, "on Monday")
    gold = [
        Attribution(content=(c1,), source=s1, cue=k1),
        Attribution(content=(c2,), source=None, cue=k2),
        Attribution(content=c3, source=s1, cue=k3),
    ]
    predicted = [
        Attribution(content=(c1,), source=s1, cue=k1),
        Attribution(content=(c2,), source=s2, cue=None),
        Attribution(content=((c3[0][0], c3[1][1]),), source=s1, cue=k3),
        Attribution(content=(c4,), source=s1, cue=k1),
    ]
    scores = score({"a": gold}, {"a": predicted}, {"a": SCORED})
    assert scores.exact["content"] == PRF(tp=2, n_pred=4, n_gold=3)
    assert scores.exact["source"] == PRF(tp=2, n_pred=4, n_gold=2)
    assert scores.exact["cue"] == PRF(tp=2, n_pred=3, n_gold=3)


def test_source_and_cue_accuracy() -> None:
    minister_span, leader = span(SCORED, "The minister"), span(SCORED, "The union leader")
    said = span(SCORED, "said")
    contents = ["the talks", "would resume", "on Monday", "members would strike"]
    gold_roles: list[tuple[Span | None, Span | None]] = [
        (None, said),
        (None, said),
        (minister_span, said),
        (minister_span, said),
    ]
    pred_roles: list[tuple[Span | None, Span | None]] = [
        (None, said),  # both sources absent: right
        (leader, said),  # a source where there is none: wrong
        ((minister_span[0] + 4, minister_span[1] + 6), said),  # overlapping: right
        (leader, None),  # a different source, and no cue: wrong
    ]
    gold = [minister(c, source=s, cue=k) for c, (s, k) in zip(contents, gold_roles, strict=True)]
    predicted = [
        minister(c, source=s, cue=k) for c, (s, k) in zip(contents, pred_roles, strict=True)
    ]
    scores = score({"a": gold}, {"a": predicted}, {"a": SCORED})
    assert scores.matched == 4
    assert scores.source_accuracy == 0.5
    assert scores.cue_accuracy == 0.75


def test_who_said_what_needs_the_content_and_the_source() -> None:
    minister_span, leader = span(SCORED, "The minister"), span(SCORED, "The union leader")
    gold = [
        minister("the talks would resume on Monday", source=minister_span),
        minister("members would strike", source=leader),
    ]
    predicted = [
        minister("the talks would resume", source=minister_span, confidence=0.9),
        minister("members would strike", source=minister_span, confidence=0.6),
        minister("on Monday", source=minister_span, confidence=0.2),
    ]
    scores = score({"a": gold}, {"a": predicted}, {"a": SCORED})
    assert scores.who_said_what == PRF(tp=1, n_pred=3, n_gold=2)
    # One right (0.9) above two wrong (0.6, 0.2): a perfect ranking.
    assert scores.auroc == 1.0
    assert scores.calibration_error == pytest.approx((0.1 + 0.6 + 0.2) / 3)


def test_exact_spans_trimmed_ignore_edge_punctuation() -> None:
    text = "“We will strike,” the union leader said."
    content = span(text, "“We will strike,”")
    gold = [Attribution(content=(content,), source=span(text, "the union leader"))]
    predicted = [
        Attribution(content=(span(text, "We will strike"),), source=span(text, "the union leader "))
    ]
    scores = score({"a": gold}, {"a": predicted}, {"a": text})
    assert scores.exact["content"].tp == 0
    assert scores.exact["source"].tp == 0
    assert scores.exact_trimmed["content"].tp == 1
    assert scores.exact_trimmed["source"].tp == 1


def test_calibration_error_and_auroc() -> None:
    assert calibration_error([(0.95, True), (0.95, True), (0.05, False), (0.05, False)]) == (
        pytest.approx(0.05)
    )
    # Always 0.5 confident and right half the time: calibrated, but it ranks nothing.
    constant = [(0.5, True), (0.5, False)] * 5
    assert calibration_error(constant) == 0.0
    assert auroc(constant) == 0.5
    assert auroc([(0.2, True), (0.8, False)]) == 0.0


def test_confidence_must_be_a_probability() -> None:
    with pytest.raises(ValueError, match="confidence"):
        Attribution(content=((0, 3),), confidence=1.5)
    with pytest.raises(ValueError, match="confidence"):
        Attribution.from_json({"content": [0, 3], "confidence": "high"})
    assert Attribution.from_json({"content": [0, 3], "confidence": 0.25}).confidence == 0.25


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sources", True),
        ("a source close to the talks", True),
        ("Officials", True),
        ("US officials", True),
        ("people familiar with the matter", True),
        ("A Russian official, who spoke on condition of anonymity", True),
        ("one of his aides, who asked not to be named", True),
        ("the mayor's allies", True),
        ("former adviser Lena Ortiz", False),  # ends in a name
        ("his top aide, Tad Devine,", False),  # a name in apposition
        ("Selim Arkan, a senior diplomat", False),  # the head is the name
        ("the minister", False),  # a role, not an anonymous source
        ("he", False),
    ],
)
def test_unnamed_descriptions(text: str, expected: bool) -> None:
    assert unnamed(text) is expected


def test_anonymous_sources_are_scored_by_overlap() -> None:
    text = "Officials said the talks would resume, the minister said, and sources agreed."
    officials, minister_span, sources = (
        span(text, "Officials"),
        span(text, "the minister"),
        span(text, "sources"),
    )
    gold = [
        Attribution(content=(span(text, "the talks would resume"),), source=officials),
        Attribution(content=(span(text, "the talks"),), source=minister_span),
        Attribution(content=(span(text, "agreed"),), source=sources),
    ]
    # One right (overlapping "Officials"), one wrong (the minister is named), "sources" missed.
    predicted = [(0, 5), minister_span]
    scores = score({"a": gold}, {"a": []}, {"a": text}, {"a": predicted})
    assert scores.anonymous is not None
    assert (scores.anonymous.tp, scores.anonymous.n_pred, scores.anonymous.n_gold) == (1, 2, 2)
    assert score({"a": gold}, {"a": []}, {"a": text}).anonymous is None


def test_missing_and_unknown_articles() -> None:
    item = minister("the talks would resume on Monday")
    gold = {"a": [item], "b": [item, minister("members would strike")]}
    predicted = {"a": [item], "unknown": [item, item]}
    scores = score(gold, predicted, {"a": SCORED, "b": SCORED})
    assert (scores.articles, scores.gold, scores.predicted) == (2, 3, 1)
    assert scores.content_overlap == PRF(tp=1, n_pred=1, n_gold=3)
    assert scores.exact["content"] == PRF(tp=1, n_pred=1, n_gold=3)
    report = json.loads(json.dumps(scores.to_json()))
    assert report["content_overlap"]["recall"] == pytest.approx(1 / 3)
    assert report["exact"]["content"]["tp"] == 1


def test_missing_text_is_an_error() -> None:
    with pytest.raises(ValueError, match="'b'"):
        score({"b": [minister("the talks")]}, {}, {"a": SCORED})


def test_prf_with_nothing_to_count() -> None:
    empty = PRF(tp=0, n_pred=0, n_gold=0)
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    assert score({}, {}, {}).to_json()["source_accuracy"] == 0.0


def test_attribution_json_shapes() -> None:
    single = Attribution(content=((4, 9),), source=(0, 3), cue=None)
    assert single.to_json() == {"source": [0, 3], "cue": None, "content": [4, 9]}
    several = Attribution(content=((20, 30), (4, 9)), cue=(10, 14))
    assert several.content == ((4, 9), (20, 30))
    assert several.to_json() == {"source": None, "cue": [10, 14], "content": [[4, 9], [20, 30]]}
    for attribution in (single, several):
        assert Attribution.from_json(attribution.to_json()) == attribution
    assert Attribution.from_json({"content": [[4, 9]]}) == Attribution(content=((4, 9),))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "needs a 'content'"),
        ({"content": []}, "non-empty"),
        ({"content": [4]}, "pair of integers"),
        ({"content": [[4, 9], [12]]}, "pair of integers"),
        ({"content": ["4", "9"]}, "pair of integers"),
        ({"content": [True, 9]}, "pair of integers"),
        ({"content": [9, 4]}, "start <= end"),
        ({"content": [4, 9], "source": "the minister"}, "'source'"),
        ({"content": [4, 9], "cue": [-1, 2]}, "'cue'"),
    ],
)
def test_attribution_from_bad_json(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Attribution.from_json(data)


def test_attribution_needs_content() -> None:
    with pytest.raises(ValueError, match="content"):
        Attribution(content=())


def test_predictions_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "predictions.jsonl"
    predictions = [
        ("zürich_2016-01-01_talks", [MINISTER, UNION]),
        ("empty", []),
        ("nyt_2016-02-02_mayor", [PLANT, MAYOR]),
    ]
    write_predictions(path, predictions)
    raw = path.read_text(encoding="utf-8")
    assert raw.count("\n") == 3
    assert "zürich" in raw
    assert ", " not in raw and ": " not in raw
    assert read_predictions(path) == {stem: list(items) for stem, items in predictions}


def test_predictions_carry_anonymous_spans(tmp_path: Path) -> None:
    path = tmp_path / "predictions.jsonl"
    write_predictions(path, [("a", [MINISTER]), ("b", [])], {"a": [(0, 9)]})
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["anonymous"] for line in lines] == [[[0, 9]], []]
    assert read_predictions(path) == {"a": [MINISTER], "b": []}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 3"),
        ("[1, 2]", "JSON object"),
        ('{"attributions": []}', "'id'"),
        ('{"id": "b", "attributions": {}}', "'attributions' must be a list"),
        ('{"id": "b", "attributions": [[4, 9]]}', "attribution 0"),
        ('{"id": "b", "attributions": [{"content": [4, 9]}, {"content": []}]}', "attribution 1"),
        ('{"id": "a", "attributions": []}', "already given"),
    ],
)
def test_bad_prediction_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "predictions.jsonl"
    good = '{"id":"a","attributions":[{"source":null,"cue":null,"content":[4,9]}]}'
    path.write_text(f"{good}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        read_predictions(path)
    assert "line 3" in str(caught.value)


_T_LINE = re.compile(r"T\S*\t\S+ (\d+) (\d+)\t(.*)")


def test_polnear_dev() -> None:
    if not POLNEAR_DEV.is_dir():
        pytest.skip(f"PolNeAR data not present: {POLNEAR_DEV}")
    gold: dict[str, list[Attribution]] = {}
    texts: dict[str, str] = {}
    checked = 0
    for stem, text_path, ann in corpus(POLNEAR_DEV):
        texts[stem] = read_text(text_path)
        if ann is None:
            continue
        gold[stem] = read_ann(ann)
        lines = ann.read_text(encoding="utf-8").split("\n")
        for line, following in zip(lines, [*lines[1:], ""], strict=True):
            match = _T_LINE.fullmatch(line)
            # A continuation line after it means the span's text runs over a newline.
            if match is None or (following and not re.match(r"[TE]\S*\t|#", following)):
                continue
            start, end = int(match.group(1)), int(match.group(2))
            assert texts[stem][start:end] == match.group(3), (ann.name, line)
            checked += 1
    assert checked > 5000
    assert sum(len(items) for items in gold.values()) > 2000

    scores = score(gold, gold, texts)
    prfs = [scores.content_overlap, scores.content_strict, *scores.exact.values()]
    assert all(prf.f1 == 1.0 for prf in prfs)
    assert scores.source_accuracy == scores.cue_accuracy == 1.0
