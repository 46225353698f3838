"""Hedge patterns found in parsed sentences written here."""

from __future__ import annotations

from onrecord import Reader
from onrecord.extract.hedges import HedgeFinder, HedgePattern


def test_hedges_in_text_order_the_longer_of_two_that_overlap(reader: Reader) -> None:
    doc = reader.nlp(
        "The minister is said to have reportedly warned that it is unclear whether the "
        "ferry will sail."
    )
    found = HedgeFinder()(doc)
    assert [(h.text, h.scope, h.relayed) for h in found] == [
        ("is said to", "raising", True),
        ("reportedly", "adverb", True),
        ("it is unclear whether", "clause", False),
    ]
    for hedge in found:
        start, end = hedge.tokens
        assert doc[start:end].text == hedge.text
        assert (doc[start].idx, doc[end - 1].idx + len(doc[end - 1])) == hedge.span


def test_patterns_match_word_forms_and_lemmas_and_the_first_listed_wins(reader: Reader) -> None:
    doc = reader.nlp("Officials were saying to reporters that talks are said to continue.")
    finder = HedgeFinder(
        [
            HedgePattern("~be ~say to", "raising", True),
            HedgePattern("are said to", "clause", False),
            HedgePattern("said|saying", "cue", False),
        ]
    )
    assert finder.matches(doc) == [(0, 1, 4), (2, 2, 3), (0, 7, 10), (1, 7, 10), (2, 8, 9)]
    assert [(h.text, h.scope) for h in finder(doc)] == [
        ("were saying to", "raising"),
        ("are said to", "raising"),
    ]
