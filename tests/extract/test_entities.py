"""Entity consolidation and resolution with the real English pipeline on our own texts."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from onrecord import Reader
from onrecord.extract.entities import EntityLinker
from tests.conftest import EXAMPLES

WARNING = """Washington warns Kyiv over drone strikes

Published: 14 July 2025

US President Donald Trump told Ukrainian President Volodymyr Zelenskyy on Friday that
Washington would not supply more long-range drones, according to two officials briefed on
the call. Zelenskyy is reported to have answered that Kyiv would build its own.

Trump later told reporters that he had spoken to Putin as well. Russian President Vladimir
Putin has so far not commented. Volodymyr, one official said, was "calm but firm".

Drones hit Kyiv overnight, and the city's mayor said power was cut in three districts.
The US president is expected to announce further Patriot deliveries on Monday, Reuters
reported.
"""


def _entity(record: dict[str, Any], name: str) -> dict[str, Any]:
    found = [e for e in record["entities"] if e["name"] == name]
    assert len(found) == 1, [e["name"] for e in record["entities"]]
    return found[0]


def _forms(record: dict[str, Any], entity: dict[str, Any]) -> list[str]:
    """Mention texts with line breaks folded ("Vladimir\nPutin" is wrapped, not two names)."""
    text = record["article"]["text"]
    return [" ".join(text[s:e].split()) for s, e in entity["mentions"]]


@pytest.fixture(scope="module")
def warning(reader: Reader) -> dict[str, Any]:
    return reader.read_text(WARNING).to_json()


def test_first_names_and_surnames_join_the_full_name(warning: dict[str, Any]) -> None:
    zelenskyy = _entity(warning, "Volodymyr Zelenskyy")
    assert sorted(set(_forms(warning, zelenskyy))) == [
        "Volodymyr",
        "Volodymyr Zelenskyy",
        "Zelenskyy",
    ]
    assert zelenskyy["type"] == "PERSON"
    assert zelenskyy["kb_id"] == "Q3874799"
    putin = _entity(warning, "Vladimir Putin")
    assert set(_forms(warning, putin)) == {"Putin", "Vladimir Putin"}


def test_every_trump_is_one_person_with_kb_facts(warning: dict[str, Any]) -> None:
    trump = _entity(warning, "Donald Trump")
    text = warning["article"]["text"]
    positions = {s for s, _ in trump["mentions"]}
    occurrences = [i for i in range(len(text)) if text.startswith("Trump", i)]
    assert all(i in positions or text[i - 7 : i] == "Donald " for i in occurrences)
    assert (trump["type"], trump["country"], trump["kb_id"]) == ("PERSON", "USA", "Q22686")
    assert trump["role"] == "President of the United States"


def test_titles_become_roles_not_names(warning: dict[str, Any]) -> None:
    names = [e["name"] for e in warning["entities"]]
    assert not any(
        n.startswith(("US President", "Ukrainian President", "President")) for n in names
    )


def test_description_resolves_to_office_holder_on_the_date(warning: dict[str, Any]) -> None:
    trump = _entity(warning, "Donald Trump")
    assert "US president" in _forms(warning, trump)


def test_same_description_in_2016_is_obama(reader: Reader) -> None:
    record = reader.read_text(
        "Summit ends\n\nPublished: 8 September 2016\n\n"
        "The US president said the summit had been useful, aides said.\n"
    ).to_json()
    assert _entity(record, "Barack Obama")["kb_id"] == "Q76"


def test_no_date_no_office_holder(reader: Reader) -> None:
    record = reader.read_text(
        "Summit ends\n\nThe US president said the summit had been useful.\n"
    ).to_json()
    assert all(e["category"] != "person" for e in record["entities"])
    assert any("no publication date" in w for w in record["warnings"])


def test_capitals_are_governments_when_they_act_and_cities_when_hit(
    warning: dict[str, Any],
) -> None:
    text = warning["article"]["text"]
    kinds: dict[str, set[str]] = {}
    for entity in warning["entities"]:
        for s, e in entity["mentions"]:
            if text[s:e] in {"Kyiv", "Washington"}:
                kinds.setdefault(text[s:e], set()).add(entity["name"])
    assert kinds["Washington"] == {"Government of the United States"}
    assert kinds["Kyiv"] == {"Government of Ukraine", "Kyiv"}
    city = _entity(warning, "Kyiv")
    assert city["type"] == "GPE" and city["country"] == "UKR"
    hit = text.index("Drones hit Kyiv") + len("Drones hit ")
    assert [hit, hit + 4] in city["mentions"]


def test_kyiv_and_patriot_are_never_people(reader: Reader, warning: dict[str, Any]) -> None:
    for record in (warning, reader.read(EXAMPLES / "ceasefire-deadline.txt").to_json()):
        text = record["article"]["text"]
        for entity in record["entities"]:
            forms = {text[s:e] for s, e in entity["mentions"]}
            if forms & {"Kyiv", "Patriot"}:
                assert entity["type"] != "PERSON"
    assert _entity(warning, "Patriot")["type"] == "PRODUCT"


def test_outlets_are_recognised(warning: dict[str, Any]) -> None:
    reuters = _entity(warning, "Reuters")
    assert (reuters["type"], reuters["category"]) == ("ORG", "outlet")


def test_furniture_yields_no_entities(reader: Reader) -> None:
    record = reader.read(EXAMPLES / "ceasefire-deadline.txt").to_json()
    furniture = [r["span"] for r in record["article"]["regions"] if r["furniture"]]
    for entity in record["entities"]:
        for s, e in entity["mentions"]:
            assert not any(s < fe and fs < e for fs, fe in furniture), entity["name"]
    names = {e["name"] for e in record["entities"]}
    assert "Marta Kowalczyk" not in names  # the byline
    assert "Bosporus" not in names  # the photo caption


def test_mentions_are_exact_slices(warning: dict[str, Any]) -> None:
    text = warning["article"]["text"]
    for entity in warning["entities"]:
        for s, e in entity["mentions"]:
            assert 0 <= s < e <= len(text)
            assert text[s:e] == text[s:e].strip()


def test_ids_are_stable(reader: Reader) -> None:
    first = reader.read_text(WARNING).to_json()
    second = reader.read_text(WARNING).to_json()
    assert first["entities"] == second["entities"]
    assert first["article"]["id"] == second["article"]["id"]


def test_component_runs_in_a_users_own_pipeline(reader: Reader) -> None:
    nlp = spacy.load(reader.settings.model)
    nlp.add_pipe("onrecord_entities")
    doc = nlp("Chancellor Olaf Scholz met NATO officials. Scholz said Berlin would pay more.")
    assert isinstance(nlp.get_pipe("onrecord_entities"), EntityLinker)
    names = {e.name: e for e in doc._.entities}
    assert names["Olaf Scholz"].kb_id == "Q61053"
    assert len(names["Olaf Scholz"].mentions) == 2
    assert names["NATO"].category == "organization"
    start, end = names["Government of Germany"].mentions[0]
    assert doc.text[start:end] == "Berlin"


def test_abbreviated_titles_keep_their_dots_but_not_brackets(reader: Reader) -> None:
    record = reader.read_text(
        "Briefing\n\nPublished: 8 September 2016\n\n"
        "Lt. Gen. Ana Sousa spoke first (Senator Paul Weber spoke later), aides said.\n"
    ).to_json()
    assert _entity(record, "Ana Sousa")["titles"] == ["Lt. Gen."]
    assert _entity(record, "Paul Weber")["titles"] == ["Senator"]
