"""Sourcing chains, hedges and certainty from the real pipeline, on sentences written here."""

from __future__ import annotations

from typing import Any

import pytest

from onrecord import Reader
from onrecord.extract.hedges import load_patterns
from onrecord.extract.sourcing import UNDISCLOSED, load_source_words
from tests.conftest import assert_statement_spans_are_text

Record = dict[str, Any]


def _read(reader: Reader, text: str, outlet: str | None = "Harbour Gazette") -> Record:
    return reader.read_text(text, published="2025-07-15", outlet=outlet).to_json()


def _containing(record: Record, words: str) -> Record:
    """The innermost statement whose content holds ``words``."""
    found = [s for s in record["statements"] if words in s["content"]["text"]]
    assert found, [(s["cue"]["text"], s["content"]["text"]) for s in record["statements"]]
    return min(found, key=lambda s: len(s["content"]["text"]))


def _chain(statement: Record) -> list[tuple[str, str]]:
    """The chain behind the publishing outlet, as (text, type)."""
    return [(s["text"], s["type"]) for s in statement["sources"][1:]]


def _hedges(statement: Record) -> list[str]:
    return [h["text"] for h in statement["hedges"]]


def test_publishing_outlet_is_the_first_link_without_a_span(reader: Reader) -> None:
    record = _read(reader, "Mayor Lena Ortiz said the port would reopen on Monday.\n")
    statement = _containing(record, "the port would reopen")
    assert statement["sources"] == [
        {
            "text": "Harbour Gazette",
            "span": None,
            "type": "outlet",
            "entity": None,
            "description": None,
        }
    ]
    assert statement["hedges"] == []
    assert statement["certainty"] == "on_record"


def test_unknown_outlet_leaves_the_chain_to_the_text(reader: Reader) -> None:
    record = _read(reader, "Mayor Lena Ortiz said the port would reopen on Monday.\n", outlet=None)
    statement = _containing(record, "the port would reopen")
    assert statement["sources"] == []
    assert statement["certainty"] == "on_record"


def test_report_citing_anonymous_individuals(reader: Reader) -> None:
    record = _read(
        reader,
        "The minister privately urged the generals to prepare a new offensive, according to a "
        "Wall Street Journal report citing officials familiar with the talks.\n",
    )
    statement = _containing(record, "to prepare a new offensive")
    assert _chain(statement) == [
        ("Wall Street Journal", "outlet"),
        ("officials familiar with the talks", "anonymous"),
    ]
    anonymous = statement["sources"][-1]
    assert anonymous["description"] == "official familiar with the talks"
    assert statement["certainty"] == "anonymous"
    assert_statement_spans_are_text(record)


def test_document_seen_by_an_outlet(reader: Reader) -> None:
    record = _read(
        reader,
        "The ministry plans to cut the fuel subsidy by half, according to a document seen by "
        "Reuters.\n",
    )
    statement = _containing(record, "cut the fuel subsidy")
    assert _chain(statement) == [("Reuters", "outlet"), ("a document", "document")]
    assert statement["certainty"] == "attributed"
    assert_statement_spans_are_text(record)


@pytest.mark.parametrize(
    ("sentence", "words", "source", "description"),
    [
        (
            "The talks have stalled over the inspection regime, sources said.\n",
            "The talks have stalled",
            "sources",
            "source",
        ),
        (
            "A person familiar with the matter said the deal would be signed within days.\n",
            "the deal would be signed",
            "A person familiar with the matter",
            "person familiar with the matter",
        ),
        (
            "Officials who spoke on condition of anonymity said the convoy had been turned "
            "back at the border.\n",
            "the convoy had been turned back",
            "Officials",
            "official",
        ),
    ],
)
def test_anonymous_speakers_are_the_last_link(
    reader: Reader, sentence: str, words: str, source: str, description: str
) -> None:
    record = _read(reader, sentence)
    statement = _containing(record, words)
    (link,) = statement["sources"][1:]
    assert (link["text"], link["type"], link["description"]) == (source, "anonymous", description)
    assert statement["certainty"] == "anonymous"
    assert_statement_spans_are_text(record)


def test_state_media_is_an_outlet_link(reader: Reader) -> None:
    record = _read(reader, "The reactor was shut down overnight, state media reported.\n")
    statement = _containing(record, "The reactor was shut down")
    assert _chain(statement) == [("state media", "outlet")]
    assert statement["certainty"] == "attributed"


def test_outlet_that_has_learned_rests_on_undisclosed_sources(reader: Reader) -> None:
    record = _read(
        reader,
        "The Post has learned that the governor will resign next week.\n",
        outlet="The Washington Post",
    )
    statement = _containing(record, "the governor will resign")
    first, undisclosed = statement["sources"]
    assert (first["text"], first["type"]) == ("Post", "outlet")
    assert first["span"] is not None  # the outlet named in the text takes the metadata's place
    assert (undisclosed["text"], undisclosed["span"], undisclosed["type"]) == (
        UNDISCLOSED,
        None,
        "anonymous",
    )
    assert statement["certainty"] == "anonymous"


def test_named_person_speaking_is_not_a_link(reader: Reader) -> None:
    record = _read(reader, "Chief mediator Selim Arkan told reporters the round had failed.\n")
    statement = _containing(record, "the round had failed")
    assert _chain(statement) == []
    assert statement["certainty"] == "on_record"


def test_named_relay_makes_a_statement_attributed(reader: Reader) -> None:
    record = _read(
        reader,
        "According to Mayor Lena Ortiz, the union leader told workers that the offer was dead.\n",
    )
    # "According to Ortiz, X" is Ortiz saying X: on the record ...
    outer = _containing(record, "the union leader told workers")
    assert _chain(outer) == []
    assert outer["certainty"] == "on_record"
    # ... and what the union leader told workers reaches us through her.
    inner = _containing(record, "the offer was dead")
    assert _chain(inner) == [("Mayor Lena Ortiz", "person")]
    assert inner["certainty"] == "attributed"


@pytest.mark.parametrize(
    ("sentence", "words", "hedge"),
    [
        ("The governor reportedly told aides the budget was dead.\n", "the budget", "reportedly"),
        ("The general allegedly ordered the strike on the depot.\n", "the strike", "allegedly"),
        (
            "The envoy purportedly promised that the sanctions would be lifted.\n",
            "the sanctions",
            "purportedly",
        ),
        ("The president is said to have rejected the proposal.\n", "the proposal", "is said to"),
        (
            "It is unclear whether the ministry intends to release the report.\n",
            "to release the report",
            "It is unclear whether",
        ),
        ("The minister claimed the ceasefire was holding.\n", "the ceasefire", "claimed"),
    ],
)
def test_hedges_weaken_the_statement_they_govern(
    reader: Reader, sentence: str, words: str, hedge: str
) -> None:
    record = _read(reader, sentence)
    statement = _containing(record, words)
    assert _hedges(statement) == [hedge]
    assert statement["certainty"] == "hedged"
    assert_statement_spans_are_text(record)


def test_said_is_not_a_hedge_but_claimed_is(reader: Reader) -> None:
    said = _containing(_read(reader, "The minister said the ceasefire was holding.\n"), "ceasefire")
    assert said["hedges"] == []
    assert said["certainty"] == "on_record"


def test_a_hedge_inside_the_content_is_the_speakers(reader: Reader) -> None:
    record = _read(reader, "The prosecutor said the mayor had allegedly taken the bribes.\n")
    statement = _containing(record, "taken the bribes")
    assert statement["hedges"] == []
    assert statement["certainty"] == "on_record"


def test_according_to_people_familiar_is_a_hedge_and_an_anonymous_source(reader: Reader) -> None:
    record = _read(
        reader,
        "The bank will close its Moscow branch, according to people familiar with the plans.\n",
    )
    statement = _containing(record, "close its Moscow branch")
    assert _chain(statement) == [("people familiar with the plans", "anonymous")]
    assert _hedges(statement) == ["according to people familiar"]
    assert statement["certainty"] == "hedged"


_CALL = """Envoys clash over grain deal in late-night call

The deal was discussed in a phone call on Friday, according to a report by Reuters citing \
two diplomats briefed on the call.

The exchange went something like this:

Arkan asked Hrytsenko: “Will you sign if we drop the inspections?”

Hrytsenko is said to have replied: “Only if Moscow signs first.”

Mayor Lena Ortiz said the port would stay open.

Grain prices fall

Traders reportedly expected the deal to collapse.
"""


def test_a_stated_chain_governs_the_second_hand_statements_after_it(reader: Reader) -> None:
    record = _read(reader, _CALL)
    diplomats = ("two diplomats briefed on the call", "anonymous")
    asked = _containing(record, "Will you sign")
    replied = _containing(record, "Only if Moscow signs first")
    for statement in (asked, replied):
        assert _chain(statement) == [("Reuters", "outlet"), diplomats]
        assert statement["certainty"] == "hedged"
    assert _hedges(asked) == ["went something like this"]
    assert _hedges(replied) == ["went something like this", "is said to"]
    # Said plainly, on the record: the chain does not reach it.
    mayor = _containing(record, "the port would stay open")
    assert _chain(mayor) == []
    assert mayor["certainty"] == "on_record"
    # After a subheading the chain no longer governs, though the hedge stays.
    traders = _containing(record, "the deal to collapse")
    assert _chain(traders) == []
    assert _hedges(traders) == ["reportedly"]
    assert_statement_spans_are_text(record)


def test_article_sourcing_profile(reader: Reader) -> None:
    record = _read(
        reader,
        "A person familiar with the matter said the deal was close.\n\n"
        "People familiar with the matter said the signing could slip.\n\n"
        "Mayor Lena Ortiz said the port would reopen.\n",
    )
    sourcing = record["sourcing"]
    assert sourcing["statements"] == 3
    assert sourcing["certainty"] == {"on_record": 1, "attributed": 0, "anonymous": 2, "hedged": 0}
    (anonymous,) = sourcing["anonymous"]
    assert anonymous["description"] == "person familiar with the matter"
    assert anonymous["statements"] == 2
    assert len(anonymous["mentions"]) == 2
    assert sourcing["summary"].startswith("2 of 3 statements rest on anonymous sources cited")


def test_lexicons_load_and_say_what_they_are() -> None:
    words = load_source_words()
    assert words["official"] == "anonymous"
    assert words["cite"] == "relay"
    patterns = {p.pattern: p for p in load_patterns()}
    assert patterns["reportedly"].relayed
    assert not patterns["allegedly"].relayed


def test_an_introduction_inside_a_quotation_introduces_nothing(reader: Reader) -> None:
    record = _read(
        reader,
        "Talks resume\n\n"
        "The minister said: “The exchange went something like this: we asked, they refused.”\n\n"
        "Arkan asked Hrytsenko: “Will you sign today?”\n",
    )
    asked = _containing(record, "Will you sign today?")
    assert asked["hedges"] == []
    assert asked["certainty"] == "on_record"


def test_an_introduction_reaches_only_the_quotations_right_after_it(reader: Reader) -> None:
    record = _read(
        reader,
        "Talks resume\n\n"
        "The exchange went something like this:\n\n"
        "Arkan asked Hrytsenko: “Will you sign today?”\n\n"
        "The talks then moved to the inspection regime.\n\n"
        "Hrytsenko told reporters: “We will sign when the inspections are fair.”\n",
    )
    assert _hedges(_containing(record, "Will you sign today?")) == ["went something like this"]
    later = _containing(record, "We will sign when")
    assert later["hedges"] == []
    assert later["certainty"] == "on_record"


def test_hard_wrapped_lines_are_not_subheadings(reader: Reader) -> None:
    record = _read(
        reader,
        "Envoys clash over grain deal\n\n"
        "The deal was discussed on Friday, according to a report by Reuters\n"
        "citing two diplomats briefed on the call.\n\n"
        "Hrytsenko is said to have told the mediators\n"
        "that her delegation would not sign.\n",
    )
    told = _containing(record, "her delegation would not sign")
    assert _chain(told) == [
        ("Reuters", "outlet"),
        ("two diplomats briefed on the call", "anonymous"),
    ]
    assert _hedges(told) == ["is said to"]
