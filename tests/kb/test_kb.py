from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from onrecord.errors import ConfigError
from onrecord.kb import KnowledgeBase


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.mark.parametrize(
    ("key", "qid"),
    [
        ("country:USA", "Q30"),
        ("country:RUS", "Q159"),
        ("country:UKR", "Q212"),
        ("country:GBR", "Q145"),
        ("country:FRA", "Q142"),
        ("person:donald-trump", "Q22686"),
        ("person:vladimir-putin", "Q7747"),
        ("person:barack-obama", "Q76"),
        ("organization:nato", "Q7184"),
    ],
)
def test_well_known_wikidata_ids(kb: KnowledgeBase, key: str, qid: str) -> None:
    assert kb.entries[key].qid == qid


def test_every_qid_is_well_formed_and_used_once(kb: KnowledgeBase) -> None:
    qids = [e.qid for e in kb.entries.values() if e.qid]
    assert all(re.fullmatch(r"Q[1-9]\d*", q) for q in qids)
    assert len(qids) == len(set(qids))


def test_every_country_is_there(kb: KnowledgeBase) -> None:
    countries = list(kb.iter_category("country"))
    assert len(countries) == 249
    assert kb.country("Ukrainian") is kb.entries["country:UKR"]
    assert kb.country("U.S.") is kb.entries["country:USA"]


@pytest.mark.parametrize(
    ("metonym", "country"),
    [("Washington", "USA"), ("Kyiv", "UKR"), ("Kiev", "UKR"), ("the Kremlin", "RUS")],
)
def test_capitals_and_buildings_stand_for_governments(
    kb: KnowledgeBase, metonym: str, country: str
) -> None:
    government = kb.government_of(metonym)
    assert government is not None
    assert government.category == "government"
    assert government.country == country


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2016, 9, 12), "Barack Obama"),
        (date(2019, 6, 1), "Donald Trump"),
        (date(2022, 3, 1), "Joe Biden"),
        (date(2025, 7, 15), "Donald Trump"),
    ],
)
def test_office_holder_on_a_date(kb: KnowledgeBase, day: date, name: str) -> None:
    assert [p.name for p in kb.holders("head_of_state", "USA", day)] == [name]


def test_g20_and_focus_countries_have_a_head_of_state_throughout(kb: KnowledgeBase) -> None:
    countries = ["USA", "RUS", "UKR", "GBR", "FRA", "DEU", "CHN", "IND", "ISR", "IRN", "JPN"]
    for year in range(2016, 2026):
        for country in countries:
            day = date(year, 6, 1)
            assert kb.holders("head_of_state", country, day), (country, day)


def test_people_records_are_consistent(kb: KnowledgeBase) -> None:
    text = resources.files("onrecord.kb").joinpath("people.jsonl").read_text("utf-8")
    kinds = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister"}
    for line in text.splitlines():
        person = json.loads(line)
        assert person["offices"], person["id"]
        for office in kb.entries[f"person:{person['id']}"].offices:
            assert office.office in kinds
            assert office.country is not None and re.fullmatch(r"[A-Z]{3}", office.country)
            if office.start and office.end:
                # Partial dates: a start of "2018-06" is 1 June, an end of "2018" 31 December.
                assert office.start <= office.end, person["id"]


def test_every_country_code_is_known(kb: KnowledgeBase) -> None:
    known = {e.country for e in kb.iter_category("country")} | {"XKX"}  # Kosovo: no ISO code
    for entry in kb.entries.values():
        assert entry.country is None or entry.country in known, entry.key


def test_outlets_from_file_names(kb: KnowledgeBase) -> None:
    assert kb.outlet_from_filename("business-standard-2025-07-15-x.txt") == "Business Standard"
    assert kb.outlet_from_filename("nyt_2016-09-08_obama-on-climate.txt") == "New York Times"
    assert kb.outlet_from_filename("my-notes.txt") is None


def test_user_folder_is_layered_on_top(tmp_path: Path) -> None:
    (tmp_path / "outlets.jsonl").write_text(
        json.dumps({"id": "coastal-courier", "name": "Coastal Courier", "country": "GBR"}) + "\n"
    )
    kb = KnowledgeBase.load([tmp_path])
    assert kb.lookup("the Coastal Courier")[0].category == "outlet"
    assert kb.entries["country:USA"].qid == "Q30"


def test_broken_user_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "people.jsonl").write_text('{"name": "No Id"}\n')
    with pytest.raises(ConfigError, match=r"people\.jsonl:1: not a knowledge-base record"):
        KnowledgeBase.load([tmp_path])
    with pytest.raises(ConfigError, match="does not exist"):
        KnowledgeBase.load([tmp_path / "missing"])
