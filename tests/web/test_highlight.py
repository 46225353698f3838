"""Cutting text at span boundaries, on plain strings."""

from __future__ import annotations

from onrecord.web.highlight import Mark, segments

TEXT = 'Trump said on Friday that "the deal is dead", aides reportedly said.'


def test_nested_and_crossing_marks_cut_the_text_without_losing_a_character() -> None:
    quote = Mark(26, 44, "content", "s1", "quote")
    time = Mark(14, 20, "time", "t1", "Friday")
    inner = Mark(31, 35, "time", "t2", "not a time, but nested")
    crossing = Mark(39, 51, "hedge", "s2", "crosses the quote's end")
    cut = segments(TEXT, [quote, time, inner, crossing])
    assert "".join(s.text for s in cut) == TEXT
    by_text = {s.text: s for s in cut}
    assert by_text["Friday"].kinds == ["time"]
    assert by_text["deal"].kinds == ["content", "time"]
    assert by_text['dead"'].marks == (quote, crossing)
    assert by_text[", aides"].refs_of("hedge") == ["s2"]
    assert by_text[", aides"].refs_of("content") == []
    for segment in cut:
        assert TEXT[segment.start : segment.start + len(segment.text)] == segment.text


def test_spans_outside_the_text_or_empty_are_dropped() -> None:
    cut = segments(TEXT, [Mark(5, 5, "cue", "s1", ""), Mark(60, 999, "cue", "s1", "")])
    assert [(s.text, s.marks) for s in cut] == [(TEXT, ())]
    assert segments("", [Mark(0, 3, "cue", "s1", "")]) == []


def test_a_span_shared_by_several_statements_is_labelled_once_with_a_count() -> None:
    marks = [Mark(0, 5, "source", f"s{n}", "source (outlet): Trump") for n in (1, 2, 3)]
    [segment, _] = segments(TEXT, [*marks, Mark(0, 5, "speaker", "s4", "speaker: Trump")])
    assert segment.labels == ["source (outlet): Trump (×3)", "speaker: Trump"]
    assert segment.refs == ["s1", "s2", "s3", "s4"]
