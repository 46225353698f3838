"""Quotation marks paired on raw text, including the ways news text gets them wrong."""

from __future__ import annotations

from onrecord.extract.quotemarks import find_quotations


def _quoted(text: str) -> list[list[str]]:
    return [[text[s:e] for s, e in q.spans] for q in find_quotations(text)]


def test_curly_straight_guillemet_and_nyt_marks() -> None:
    text = (
        'The minister said “we are ready”. An aide said "not yet". '
        "A diplomat called it «theatre». ``It is over,'' he said."
    )
    assert _quoted(text) == [["“we are ready”"], ['"not yet"'], ["«theatre»"], ["``It is over,''"]]


def test_quote_split_by_its_cue_gives_two_quotations() -> None:
    text = "“Certainly,” she said. “We will sign once the money is in place.”"
    assert _quoted(text) == [["“Certainly,”"], ["“We will sign once the money is in place.”"]]


def test_multi_paragraph_quotation_is_one_quotation() -> None:
    text = (
        "The envoy read the note aloud:\n\n"
        "“The talks will resume on Monday.\n\n"
        "“Both sides have agreed to the agenda.”\n\n"
        "Reporters were not allowed questions."
    )
    [quotation] = find_quotations(text)
    assert [text[s:e] for s, e in quotation.spans] == [
        "“The talks will resume on Monday.",
        "“Both sides have agreed to the agenda.”",
    ]
    assert quotation.balanced


def test_unclosed_mark_costs_one_sentence_not_the_article() -> None:
    text = (
        "The mayor said “the bridge will reopen in May. Engineers disagree.\n\n"
        "A spokesman said “no decision has been made”."
    )
    quotations = find_quotations(text)
    assert [text[s:e] for q in quotations for s, e in q.spans] == [
        "“the bridge will reopen in May.",
        "“no decision has been made”",
    ]
    assert [q.balanced for q in quotations] == [False, True]


def test_closing_mark_without_opener_runs_back_to_sentence_start() -> None:
    text = "Talks stalled. We will not sign this,” the minister said."
    [quotation] = find_quotations(text)
    assert text[quotation.start : quotation.end] == "We will not sign this,”"
    assert not quotation.balanced


def test_apostrophes_are_not_quotations() -> None:
    text = "Trump's aides and the players' union met on Monday. It's over, Kyiv's envoy said."
    assert find_quotations(text) == []


def test_british_single_quotes_quote() -> None:
    text = "He reportedly described the call as 'bad', an official said."
    assert _quoted(text) == [["'bad'"]]


def test_single_quotes_inside_double_belong_to_the_outer_quotation() -> None:
    text = "“They told us ‘wait’, and we waited,” she said."
    assert _quoted(text) == [["“They told us ‘wait’, and we waited,”"]]
