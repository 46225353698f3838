"""Coreference with the real English pipeline on sentences we wrote: which entity each
pronoun stands for, in the record and in the statements that use it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from onrecord import Reader
from onrecord.extract.coref import anaphors


def _referent(record: dict[str, Any], pronoun: str, nth: int = 0) -> str | None:
    """The name of the entity the ``nth`` occurrence of ``pronoun`` stands for."""
    text = record["article"]["text"]
    start = [m.start() for m in re.finditer(rf"\b{pronoun}\b", text)][nth]
    for entity in record["entities"]:
        for reference in entity.get("references", []):
            if reference["span"][0] == start:
                return str(entity["name"])
    return None


def _read(reader: Reader, text: str) -> dict[str, Any]:
    return reader.read_text(text).to_json()


def test_references_are_spans_of_the_text(reader: Reader) -> None:
    record = _read(
        reader,
        "Tomas Weber lost his seat in the regional vote on Sunday. He said he would stay "
        "in politics.",
    )
    text = record["article"]["text"]
    references = [r for e in record["entities"] for r in e.get("references", [])]
    assert {r["text"] for r in references} >= {"his", "He", "he"}
    for reference in references:
        start, end = reference["span"]
        assert text[start:end] == reference["text"]
        assert reference["kind"] == "pronoun"
        assert 0.0 <= reference["confidence"] <= 1.0


@pytest.mark.parametrize(
    ("text", "pronoun", "nth", "expected"),
    [
        # Gender: the first names say who "she" and "he" are.
        (
            "Maria Lopez met Daniel Novak in Vienna on Tuesday. She said the talks had gone well.",
            "She",
            0,
            "Maria Lopez",
        ),
        (
            "Maria Lopez met Daniel Novak in Vienna on Tuesday. He said the talks had gone well.",
            "He",
            0,
            "Daniel Novak",
        ),
        # An honorific says it when the name does not.
        (
            "Mrs. Okafor and Mr. Lindqvist spoke after the vote. He called it a defeat.",
            "He",
            0,
            "Lindqvist",
        ),
        # A possessive of the subject of its own clause.
        ("Tomas Weber lost his seat in the regional vote on Sunday.", "his", 0, "Tomas Weber"),
        # Binding: "her" cannot be the subject of its own verb.
        (
            "Anna Berg met Carla Diaz at the ministry. Anna Berg later thanked her for the report.",
            "her",
            0,
            "Carla Diaz",
        ),
        # A name inside a quotation can be what a pronoun after it stands for.
        (
            "“We asked Viktor Hale to leave,” Elena Sokol told reporters. He resigned on Friday.",
            "He",
            0,
            "Viktor Hale",
        ),
    ],
)
def test_pronouns_stand_for_the_right_entity(
    reader: Reader, text: str, pronoun: str, nth: int, expected: str
) -> None:
    assert _referent(_read(reader, text), pronoun, nth) == expected


def test_two_people_who_share_a_surname_stay_two(reader: Reader) -> None:
    record = _read(
        reader,
        "Debbie Meadows chaired the hearing on Monday. Her husband, Mark Meadows, sat in the "
        "front row. He said the inquiry was unfair.",
    )
    names = {e["name"] for e in record["entities"] if e["type"] == "PERSON"}
    assert {"Debbie Meadows", "Mark Meadows"} <= names
    assert _referent(record, "He") == "Mark Meadows"
    assert _referent(record, "Her") == "Debbie Meadows"


def test_a_pronoun_speaker_is_linked_to_its_entity(reader: Reader) -> None:
    record = _read(
        reader,
        "Governor Alan Pierce appointed Ruth Calder to the water board on Monday. "
        "He said she was the best candidate.",
    )
    said = next(s for s in record["statements"] if s["cue"]["text"] == "said")
    assert said["speaker"]["text"] == "He"
    entity = next(e for e in record["entities"] if e["id"] == said["speaker"]["entity"])
    assert entity["name"] == "Alan Pierce"


def test_a_pronoun_with_no_one_to_stand_for_is_left_alone(reader: Reader) -> None:
    record = _read(reader, "She said the bridge would reopen in the spring.")
    assert all(not e.get("references") for e in record["entities"])
    # "it" and "they" are not resolved: the model learned "he" and "she" only.
    record = _read(reader, "Paul Greene said Norvex Mining would appeal. It filed on Monday.")
    assert _referent(record, "It") is None


def test_the_anaphor_table_describes_every_third_person_pronoun() -> None:
    table = anaphors()
    assert table["she"].gender == "female"
    assert table["his"].case == "possessive"
    assert table["they"].number == "plural"
    assert table["it"].refers == "thing"


def test_it_and_they_who_speak_are_the_subject_named_before(reader: Reader) -> None:
    record = _read(
        reader,
        "Norvex Mining rejected the fine on Monday. It said the ruling would be appealed.",
    )
    assert _referent(record, "It") == "Norvex Mining"
    it = next(r for e in record["entities"] for r in e["references"] if r["text"] == "It")
    assert it["confidence"] is None  # a rule, not the model, linked it
    said = next(s for s in record["statements"] if s["cue"]["text"] == "said")
    entity = next(e for e in record["entities"] if e["id"] == said["speaker"]["entity"])
    assert entity["name"] == "Norvex Mining"


@pytest.mark.parametrize(
    ("text", "description", "expected"),
    [
        (
            "Norvex Mining Ltd reported a loss on Monday. Analysts had expected a profit. "
            "The company said prices would recover.",
            "The company",
            "Norvex Mining Ltd",
        ),
        (
            "Alan Pierce, a retired pilot, was arrested on Friday. The 45-year-old denied "
            "the charges.",
            "The 45-year-old",
            "Alan Pierce",
        ),
        # A gendered noun skips the name of the other sex.
        (
            "Maria Lopez met Daniel Novak in Vienna. The spokeswoman said the talks went well.",
            "The spokeswoman",
            "Maria Lopez",
        ),
    ],
)
def test_descriptions_stand_for_the_entity_named_before(
    reader: Reader, text: str, description: str, expected: str
) -> None:
    record = _read(reader, text)
    found = [
        (e["name"], r)
        for e in record["entities"]
        for r in e["references"]
        if r["text"] == description
    ]
    assert [name for name, _ in found] == [expected]
    assert found[0][1]["kind"] == "description"


def test_a_description_speaker_is_linked_to_its_entity(reader: Reader) -> None:
    record = _read(
        reader,
        "Halden Steel Corp. reported a loss on Monday. The company said prices would recover.",
    )
    said = next(s for s in record["statements"] if s["cue"]["text"] == "said")
    assert said["speaker"]["text"] == "The company"
    entity = next(e for e in record["entities"] if e["id"] == said["speaker"]["entity"])
    assert entity["name"] == "Halden Steel Corp."


def test_a_description_with_nothing_of_its_kind_before_is_left_alone(reader: Reader) -> None:
    record = _read(reader, "Maria Lopez spoke first. The company said prices would recover.")
    assert not [
        r for e in record["entities"] for r in e["references"] if r["kind"] == "description"
    ]


def test_a_pair_stands_for_the_last_two_of_its_kind(reader: Reader) -> None:
    record = _read(
        reader,
        "Alan Pierce resigned as harbour master last week. Mayor Helen Brandt met Governor "
        "Tomas Ferreira in Porto on Monday. The two leaders agreed to share the costs.",
    )
    pair = sorted(
        e["name"]
        for e in record["entities"]
        for r in e["references"]
        if r["text"] == "The two leaders"
    )
    assert pair == ["Helen Brandt", "Tomas Ferreira"]


@pytest.mark.parametrize(
    "text",
    [
        "Karl Berg met Ana Lopes on Monday. Two ministers who attended said the talks went badly.",
        "Karl Berg met Ana Lopes on Monday. Two leaders of the opposition said it went badly.",
    ],
)
def test_two_new_people_are_no_pair(reader: Reader, text: str) -> None:
    record = _read(reader, text)
    assert not [r for e in record["entities"] for r in e["references"] if "Two" in r["text"]]
    said = next(s for s in record["statements"] if s["cue"]["text"] == "said")
    assert said["speaker"]["entity"] is None


def test_a_pair_with_one_of_its_kind_before_is_left_alone(reader: Reader) -> None:
    record = _read(
        reader, "Helen Brandt spoke for Halden Steel Corp. Both leaders agreed to share the costs."
    )
    assert not [r for e in record["entities"] for r in e["references"] if "leaders" in r["text"]]


def test_it_and_they_who_act_are_the_subject_named_before(reader: Reader) -> None:
    record = _read(
        reader,
        "Norvex Mining rejected the fine on Monday. It accused the regulator of bias. "
        "It is unclear whether the ruling stands.",
    )
    assert _referent(record, "It", 0) == "Norvex Mining"
    assert _referent(record, "It", 1) is None  # "is unclear": nobody acts
    accused = next(e for e in record["events"] if e["trigger"]["text"] == "accused")
    names = {e["id"]: e["name"] for e in record["entities"]}
    assert names[accused["actor"]["entity"]] == "Norvex Mining"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A country, then a company and a country: the subject named before speaks.
        (
            "Norway rejected the fishing quota on Monday. It said the plan ignored science.",
            "Norway",
        ),
        (
            "Halden Steel Corp. sued Norway over the export ban on Monday. It said the ban "
            "broke the treaty.",
            "Halden Steel Corp.",
        ),
    ],
)
def test_it_stands_for_a_country_or_a_company(reader: Reader, text: str, expected: str) -> None:
    assert _referent(_read(reader, text), "It") == expected
