"""Statements found by the real pipeline in sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from onrecord import Reader, Settings
from onrecord.extract.cues import load_lexicon
from onrecord.extract.quotes import _continues
from onrecord.extract.tagger import TokenSpan
from tests.conftest import assert_statement_spans_are_text

Record = dict[str, Any]


def _read(reader: Reader, text: str) -> Record:
    return reader.read_text(text, published="2025-07-15").to_json()


def _by_cue(record: Record, cue: str, *, word: bool = False) -> Record:
    """The one statement whose cue is ``cue``, or with ``word`` has it among its words:
    the tagger's cues take in adverbs ("privately urged"), as PolNeAR marks them."""
    found = [
        s
        for s in record["statements"]
        if (cue in s["cue"]["text"].split() if word else s["cue"]["text"] == cue)
    ]
    assert len(found) == 1, [(s["cue"]["text"], s["content"]["text"]) for s in record["statements"]]
    return found[0]


def _speaker(record: Record, statement: Record) -> str | None:
    """The name of the entity the speaker resolves to, else the speaker's own words."""
    party = statement["speaker"]
    if party is None:
        return None
    names = {e["id"]: e["name"] for e in record["entities"]}
    return names.get(party["entity"], party["text"])


def test_direct_quote_with_colon_names_speaker_and_addressee(reader: Reader) -> None:
    record = _read(reader, "Donald Trump asked Volodymyr Zelenskyy: “Can you hold the line?”\n")
    statement = _by_cue(record, "asked")
    assert statement["kind"] == "direct"
    assert statement["content"]["text"] == "“Can you hold the line?”"
    assert _speaker(record, statement) == "Donald Trump"
    assert statement["addressee"]["text"] == "Volodymyr Zelenskyy"
    assert_statement_spans_are_text(record)


def test_quote_split_by_its_cue_is_one_statement(reader: Reader) -> None:
    record = _read(
        reader,
        "Talks resumed on Monday.\n\n"
        "“Absolutely,” Olena Marchuk said. “We can sign if the inspections are fair.”\n",
    )
    statement = _by_cue(record, "said")
    assert statement["kind"] == "direct"
    assert len(statement["content"]["spans"]) == 2
    assert "We can sign" in statement["content"]["text"]
    assert _speaker(record, statement) == "Olena Marchuk"


def test_tag_in_the_next_sentence(reader: Reader) -> None:
    record = _read(reader, "“We will not wait forever.” Selim Arkan said on Tuesday.\n")
    statement = _by_cue(record, "said")
    assert statement["content"]["text"] == "“We will not wait forever.”"
    assert _speaker(record, statement) == "Selim Arkan"


def test_multi_paragraph_quote_is_one_statement(reader: Reader) -> None:
    record = _read(
        reader,
        "The mediator, Selim Arkan, told reporters:\n\n"
        "“We have waited long enough for both delegations.\n\n"
        "“If there is no signature within 30 days, we will suspend our work.”\n\n"
        "The ministry did not reply.\n",
    )
    statement = _by_cue(record, "told")
    assert statement["kind"] == "direct"
    assert statement["addressee"]["text"] == "reporters"
    assert "We have waited" in statement["content"]["text"]
    assert "suspend our work" in statement["content"]["text"]


def test_unbalanced_quote_does_not_stop_the_article(reader: Reader) -> None:
    record = _read(
        reader,
        "The mayor said “the bridge will reopen in May.\n\n"
        "Engineers said the repairs would take at least a year.\n\n"
        "A spokesman for the city said no decision had been made.\n",
    )
    contents = [s["content"]["text"] for s in record["statements"]]
    assert any("bridge will reopen" in c for c in contents)
    assert any(c.startswith("the repairs would take") for c in contents)
    assert any(c.startswith("no decision had been made") for c in contents)


def test_indirect_urging_with_addressee(reader: Reader) -> None:
    record = _read(
        reader,
        "Emmanuel Macron privately urged Olaf Scholz to speed up deliveries of air "
        "defences, officials said.\n",
    )
    statement = _by_cue(record, "urged")
    assert statement["kind"] == "indirect"
    assert _speaker(record, statement) == "Emmanuel Macron"
    assert statement["addressee"]["text"] == "Olaf Scholz"
    assert "to speed up deliveries of air defences" in statement["content"]["text"]


def test_mixed_quote(reader: Reader) -> None:
    record = _read(
        reader,
        "Soon after taking office, Boris Johnson talked up his ties with Brussels, claiming "
        "he could settle the dispute in “a fortnight”.\n",
    )
    statement = _by_cue(record, "claiming")
    assert statement["kind"] == "mixed"
    assert statement["content"]["text"].startswith("he could settle the dispute")
    assert _speaker(record, statement) == "Boris Johnson"


def test_according_to_sources_the_statement_inside(reader: Reader) -> None:
    record = _read(
        reader,
        "The European Commission has offered to pay for the inspections, according to two "
        "diplomats familiar with the talks.\n",
    )
    according = _by_cue(record, "according to")
    assert according["speaker"]["text"] == "two diplomats familiar with the talks"
    assert "offered to pay for the inspections" in according["content"]["text"]
    offered = _by_cue(record, "has offered")
    assert _speaker(record, offered) == "European Commission"


def test_trailing_tag_and_anonymous_source(reader: Reader) -> None:
    record = _read(reader, "The convoy was stopped at the border, a senior official said.\n")
    statement = _by_cue(record, "said")
    assert statement["speaker"]["text"] == "a senior official"
    assert statement["content"]["text"] == "The convoy was stopped at the border"


def test_warning_and_calling(reader: Reader) -> None:
    record = _read(
        reader,
        "Brussels has previously cautioned Budapest against vetoing the aid package. "
        "Viktor Orbán later refused to lift his objection, calling the package "
        "premature.\n",
    )
    cautioned = _by_cue(record, "has previously cautioned")
    assert cautioned["addressee"]["text"] == "Budapest"
    assert "vetoing the aid package" in cautioned["content"]["text"]
    calling = _by_cue(record, "calling")
    assert calling["content"]["text"] == "the package premature"
    assert _speaker(record, calling) == "Viktor Orbán"


def test_beliefs_and_intentions(reader: Reader) -> None:
    record = _read(
        reader,
        "The Dutch government expressed reservations about the plan. Olena Marchuk "
        "believes that the corridor will reopen in spring.\n",
    )
    expressed = _by_cue(record, "expressed")
    assert expressed["content"]["text"].startswith("reservations about the plan")
    believes = _by_cue(record, "believes")
    assert believes["content"]["text"] == "that the corridor will reopen in spring"


def test_hedged_passive_gives_the_speaker(reader: Reader) -> None:
    record = _read(
        reader,
        "Keir Starmer is said to have replied: “Certainly. We can manage that.”\n",
    )
    [statement] = record["statements"]
    assert statement["cue"]["text"] == "to have replied"
    assert statement["content"]["text"] == "“Certainly. We can manage that.”"
    assert _speaker(record, statement) == "Keir Starmer"


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        (
            "The senator opened the hearing by telling the committee that the bridge "
            "would be rebuilt.\n",
            "telling",
            "The senator",
        ),
        (
            "Two unions joined the port authority in warning that the strike could last "
            "into May.\n",
            "warning",
            "Two unions",
        ),
    ],
)
def test_a_cue_after_a_preposition_is_said_by_the_subject_of_its_verb(
    reader: Reader, text: str, cue: str, speaker: str
) -> None:
    statement = _by_cue(_read(reader, text), cue)
    assert statement["speaker"]["text"] == speaker


def test_pronoun_speaker_keeps_its_span_and_links_the_subject(reader: Reader) -> None:
    record = _read(
        reader,
        "Donald Tusk criticised Viktor Orbán on Monday. He warned that sanctions would "
        "follow within 45 days.\n",
    )
    warned = _by_cue(record, "warned")
    assert warned["speaker"]["text"] == "He"
    assert _speaker(record, warned) == "Donald Tusk"


def test_a_quotation_paragraph_continues_the_speaker_described_before(
    reader: Reader,
) -> None:
    record = _read(
        reader,
        "“We were told nothing until the morning of the vote,” said Jeff Marlow, who runs a "
        "bakery on Dock Street.\n\n“It just looks very suspicious.”\n",
    )
    said = _by_cue(record, "said")
    assert _speaker(record, said) == "Jeff Marlow"
    assert said["content"]["text"].endswith("“It just looks very suspicious.”")


def test_a_quotation_paragraph_after_someone_else_is_not_continued(reader: Reader) -> None:
    record = _read(
        reader,
        "“We were told nothing,” said Jeff Marlow, who runs a bakery. Across the street, the "
        "florist Ana Diaz kept her shop open.\n\n“It just looks very suspicious.”\n",
    )
    said = _by_cue(record, "said")
    assert "suspicious" not in said["content"]["text"]


def test_a_lead_in_line_names_who_speaks_in_the_quotation_after_it(reader: Reader) -> None:
    record = _read(
        reader,
        "The council met on Tuesday.\n\nAnd from the council chairwoman, Lena Ortiz:\n\n"
        "“We followed every rule, and we will publish the minutes.”\n",
    )
    statement = _by_cue(record, ":")
    assert _speaker(record, statement) == "Lena Ortiz"
    assert statement["content"]["text"].startswith("“We followed every rule")


def test_a_lead_in_line_may_describe_whom_the_article_named(reader: Reader) -> None:
    record = _read(
        reader,
        "Lena Ortiz chaired the council meeting on Tuesday.\n\nAnd from the chairwoman:\n\n"
        "“We followed every rule, and we will publish the minutes.”\n",
    )
    statement = _by_cue(record, ":")
    assert statement["speaker"]["text"] == "the chairwoman"
    assert _speaker(record, statement) == "Lena Ortiz"


def test_a_heading_with_a_colon_names_no_speaker(reader: Reader) -> None:
    record = _read(
        reader,
        "The council met on Tuesday.\n\nKey dates:\n\n“Consultation closes in May.”\n",
    )
    assert not [s for s in record["statements"] if s["cue"]["text"] == ":"]


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ("The road will stay closed until March, authorities said.\n", "said", "authorities"),
        (
            "“The contract was signed in full view of the public,” the council statement says.\n",
            "says",
            "the council statement",
        ),
        (
            "Tomas Reyes, a spokesman for the port authority, said the gates would reopen.\n",
            "said",
            "Tomas Reyes",
        ),
    ],
)
def test_trailing_and_described_speakers(reader: Reader, text: str, cue: str, speaker: str) -> None:
    assert _by_cue(_read(reader, text), cue)["speaker"]["text"] == speaker


def test_another_speakers_quotation_in_the_paragraph_stays_apart(reader: Reader) -> None:
    record = _read(
        reader,
        "“Nobody listened to us,” Jeff Marlow said. “The whole thing was settled,” said a "
        "dispatcher on the county radio.\n",
    )
    assert [(s["speaker"]["text"], s["content"]["text"]) for s in record["statements"]] == [
        ("Jeff Marlow", "“Nobody listened to us,”"),
        ("a dispatcher on the county radio", "“The whole thing was settled,”"),
    ]


def test_verbs_inside_a_quotation_are_the_speakers_words(reader: Reader) -> None:
    record = _read(
        reader,
        "“I told them we would sign, and they said they would too,” Olena Marchuk said.\n",
    )
    assert [s["cue"]["text"] for s in record["statements"]] == ["said"]


@pytest.mark.parametrize(
    "marks",
    [("“", "”"), ('"', '"'), ("``", "''"), ("«", "»")],
    ids=["curly", "straight", "nyt", "guillemet"],
)
def test_every_kind_of_quotation_mark(reader: Reader, marks: tuple[str, str]) -> None:
    opening, closing = marks
    record = _read(reader, f"{opening}We are ready,{closing} the minister said.\n")
    statement = _by_cue(record, "said")
    assert statement["kind"] == "direct"
    assert statement["content"]["text"] == f"{opening}We are ready,{closing}"


def test_lexicon_ranks_reporting_verbs_above_ambiguous_ones() -> None:
    lexicon = load_lexicon()
    assert len(lexicon) > 500
    say = lexicon.entries[("say", "VERB", "*")]
    be = lexicon.entries[("be", "VERB", "*")]
    assert say.precision > 0.8 > 0.1 > be.precision
    assert lexicon.entries[("accord", "VERB", "*")].precision > 0.8


def test_a_content_span_joins_its_cue_only_as_the_other_half_of_the_quotation(
    reader: Reader,
) -> None:
    text = (
        "“The channel is closed,” the harbour master said, “and it stays closed.” "
        "Pilots were told to wait.\n\nCrews will be paid for the days lost."
    )
    doc = reader.nlp(text)

    def span(phrase: str) -> TokenSpan:
        start = text.index(phrase)
        first = next(t.i for t in doc if t.idx >= start)
        last = next(t.i for t in reversed(doc) if t.idx < start + len(phrase))
        return TokenSpan("CONTENT", first, last + 1, 0.9)

    said = [t for t in doc if t.text == "said"]
    first_half = [span("The channel is closed")]
    assert _continues(doc, text, first_half, span("and it stays closed"), said)
    # The same side of the cue in another sentence, or another paragraph: not the same words.
    second_half = [span("and it stays closed")]
    assert not _continues(doc, text, second_half, span("Pilots were told to wait"), said)
    assert not _continues(doc, text, first_half, span("Crews will be paid"), said)


@pytest.fixture(scope="module")
def tagger_reader() -> Reader:
    """A reader whose statements the tagger draws (``--statements model``)."""
    return Reader(Settings.from_env({}, statements="model"))


def test_the_tagger_keeps_both_the_relayed_statement_and_its_relay(
    tagger_reader: Reader,
) -> None:
    # One role per token cannot mark "urged" as a cue and as part of what the aides said.
    record = _read(
        tagger_reader, "The mayor privately urged the council to delay the vote, two aides said.\n"
    )
    urged = _by_cue(record, "urged", word=True)
    assert urged["speaker"]["text"] == "The mayor"
    assert urged["content"]["text"].startswith("the council to delay the vote")
    said = _by_cue(record, "said", word=True)
    assert said["speaker"]["text"] == "two aides"
    assert "urged the council" in said["content"]["text"]
    assert_statement_spans_are_text(record)


def test_the_tagger_reads_a_hedge_as_a_hedge_not_as_the_cue(tagger_reader: Reader) -> None:
    record = _read(
        tagger_reader,
        "The harbour board met on Tuesday. Its chairman reportedly described the offer as "
        "“insulting” and left early.\n",
    )
    assert not [s for s in record["statements"] if "reportedly" in s["cue"]["text"]]
    described = _by_cue(record, "described", word=True)
    assert "reportedly" not in described["content"]["text"]
    assert described["content"]["text"].endswith("“insulting”")
