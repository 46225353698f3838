"""Updates to earlier commitments, on hand-written sentences and our follow-up articles."""

from __future__ import annotations

from typing import Any

import pytest

from onrecord import Reader
from onrecord.errors import ConfigError
from onrecord.extract.updates import parse_lexicon
from tests.store.conftest import FOLLOW_UPS


def updates(reader: Reader, text: str, published: str = "2026-03-03") -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = reader.read_text(text, published=published).to_json()["updates"]
    return found


@pytest.mark.parametrize(
    ("text", "kind", "noun"),
    [
        ("The minister extended the deadline for the union by a week.", "extended", "deadline"),
        ("The deadline was pushed back to March 20.", "extended", "deadline"),
        ("The governor shortened the deadline to March 10.", "shortened", "deadline"),
        ("The mayor dropped his threat to close the market.", "withdrawn", "threat"),
        ("The minister backed down from her ultimatum on Friday.", "withdrawn", "ultimatum"),
        ("The president followed through on his threat on Monday.", "fulfilled", "threat"),
        ("The council kept its promise to reopen the library.", "fulfilled", "promise"),
        ("The deadline expired on Sunday.", "passed", "deadline"),
        ("The ultimatum passed on Friday without any strikes.", "lapsed", "ultimatum"),
        ("The government did not carry out its threat.", "lapsed", "threat"),
        ("The union failed to follow through on its threat.", "lapsed", "threat"),
    ],
)
def test_update_kinds(reader: Reader, text: str, kind: str, noun: str) -> None:
    [update] = updates(reader, text)
    assert (update["kind"], update["noun"]) == (kind, noun)
    start, end = update["evidence"]["span"]
    assert update["evidence"]["text"] == text[start:end]


@pytest.mark.parametrize(
    "text",
    [
        "The minister did not extend the deadline.",
        "She has a record of never following through on her threats.",
        "The deadline is a week away.",
        "The union kept its members informed.",
    ],
)
def test_not_updates(reader: Reader, text: str) -> None:
    assert updates(reader, text) == []


def test_a_shortened_deadline_carries_the_new_one(reader: Reader) -> None:
    text = (
        "The governor said on Monday that he would shorten the 30-day deadline he gave the "
        "union, telling reporters the union now had 10 days before the army moves in."
    )
    [update] = updates(reader, text, published="2026-03-03")
    assert update["kind"] == "shortened"
    # Not the old 30 days in the noun's own words: ten days from Monday.
    assert update["deadline"]["range"] == ["2026-03-02", "2026-03-12"]
    assert update["when"]["value"] == "2026-03-02"
    assert update["to"]["text"] == "union"


def test_a_deadline_that_passed_names_whose_it_was(reader: Reader) -> None:
    text = "The deadline Governor Ana Ruiz set for the union passed on Friday without a deal."
    [update] = updates(reader, text, published="2026-03-09")
    assert update["kind"] == "lapsed"
    assert update["rule"] == "verb:pass+deadline+without"
    assert update["by"]["text"] == "Governor Ana Ruiz"
    assert update["to"]["text"] == "union"
    assert update["when"]["value"] == "2026-03-06"


def test_the_follow_up_articles(reader: Reader) -> None:
    shortened = reader.read(FOLLOW_UPS / "russia-deadline-shortened.txt").to_json()
    kinds = [(u["kind"], u["by"]["country"], u["to"]["country"]) for u in shortened["updates"]]
    assert ("shortened", "USA", "RUS") in kinds
    [restated] = [u for u in shortened["updates"] if u["kind"] == "set"]
    assert restated["deadline"]["value"] == "2025-08-08"
    assert restated["rule"] == "noun:new+deadline+context"
    passed = reader.read(FOLLOW_UPS / "russia-deadline-passes.txt").to_json()
    assert {u["kind"] for u in passed["updates"]} == {"lapsed"}
    assert all(u["by"]["country"] == "USA" for u in passed["updates"])


def test_a_malformed_lexicon_line_is_named() -> None:
    header = "# version: 1\nkind\tverb\tnouns\trole\n"
    with pytest.raises(ConfigError, match=r"updates.tsv line 4: 3 fields, expected 4"):
        parse_lexicon(header + "# a comment\nshortened\tcut\tdeadline\n")
